"""Words Waypoint does not use about people, and what it says instead (shared/guide/language.md)."""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Avoid:
    pattern: str
    instead: str


AVOID: tuple[Avoid, ...] = (
    Avoid(r"\baddicts?\b", "person who uses drugs or alcohol"),
    Avoid(r"\bjunkies?\b", "person who uses drugs"),
    Avoid(r"\balcoholics?\b", "person who drinks; person with an alcohol use disorder"),
    Avoid(r"\babusers?\b", "person who uses drugs or alcohol"),
    Avoid(r"\b(substance|drug|alcohol) abuse\b", "substance use"),
    Avoid(r"\bmisuse\b", "substance use; problematic use"),
    Avoid(r"\b(drug|alcohol|heroin|meth|opioid|injection|iv) users?\b", "person who uses …"),
    Avoid(r"\bclean\b", "not using; tested negative; sterile (for supplies)"),
    Avoid(r"\bdirty\b", "using; tested positive"),
    Avoid(r"\brelaps(e|es|ed|ing)\b", "return to use; a day off plan"),
    Avoid(r"\bfailure\b", "a day off plan"),
    Avoid(r"\bfell off the wagon\b", "a day off plan"),
    Avoid(r"\b(sober )?streak (is )?broken\b", "(nothing: no streak is ever broken)"),
    Avoid(r"\bback to day (one|1)\b", "(nothing: no streak is ever broken)"),
    Avoid(r"\b(non-?)?complian(t|ce)\b", "follows their plan; their plan changed"),
    Avoid(r"\bneedle exchange\b", "syringe services"),
    Avoid(r"\breplacement therapy\b", "medication for opioid use disorder"),
    Avoid(r"\byou must\b", "you can"),
    Avoid(r"\byou should\b", "you can; some people find"),
)

# Rare clinical or quoted uses, each with its reason: (phrase that may contain a term, why).
ALLOWED: tuple[tuple[str, str], ...] = (
    ("that you are a failure or have let yourself", "PHQ-9 item 6, validated wording"),
)

_COMPILED = [(re.compile(a.pattern, re.IGNORECASE), a) for a in AVOID]


def stigmatizing_terms(text: str) -> list[tuple[str, str]]:
    """Each (term found, suggested wording) in the text, after removing allowed phrases."""
    for phrase, _reason in ALLOWED:
        text = re.sub(re.escape(phrase), " ", text, flags=re.IGNORECASE)
    found = []
    for regex, avoid in _COMPILED:
        for match in regex.finditer(text):
            found.append((match.group(0), avoid.instead))
    return found
