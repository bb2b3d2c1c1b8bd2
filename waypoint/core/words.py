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

# Spanish (shared/guide/language.md, "Spanish (the same rules)"): the words, in every form.
AVOID_ES: tuple[Avoid, ...] = (
    Avoid(r"\b(drog)?adict[oa]s?\b", "persona que usa drogas; participante"),
    Avoid(r"\bdrogodependientes?\b", "persona que usa drogas"),
    Avoid(r"\btoxic[oó]man[oa]s?\b", "persona que usa drogas"),
    Avoid(r"\balcoh[oó]lic[oa]s?\b", "persona que consume alcohol; bebidas con alcohol"),
    Avoid(r"\byon(qu|k)is?\b", "persona que usa drogas"),
    Avoid(r"\b(viciosos?|viciosas?)\b", "persona que usa drogas"),
    Avoid(
        r"\babuso (de|del) (sustancias|drogas|alcohol|opioides|medicamentos)\b",
        "consumo de sustancias; consumo problemático",
    ),
    Avoid(r"\babusador(es|as?)?\b", "persona que usa drogas o alcohol"),
    Avoid(
        r"\busuari[oa]s? de (drogas|alcohol|hero[ií]na|opioides|metanfetamina|inyecci[oó]n)\b",
        "persona que usa …",
    ),
    Avoid(r"\blimpi[oa]s?\b", "no está consumiendo; resultado negativo; estéril (material)"),
    Avoid(r"\bsuci[oa]s?\b", "está consumiendo; resultado positivo"),
    Avoid(r"\breca(í|i)das?\b|\breca(er|yó|y[oó]|iste|es)\b", "volver a consumir"),
    Avoid(r"\bfracas(o|os|ar|aste|ó|a|an|ado|ada)\b", "un día fuera del plan"),
    Avoid(r"\bintercambio de (agujas|jeringas)\b", "servicios de jeringas"),
    Avoid(
        r"\bterapia de (sustituci[oó]n|reemplazo)\b",
        "medicamentos para el trastorno por consumo de opioides",
    ),
    Avoid(r"\btienes que\b|\bdebes\b|\bdeber[ií]as\b", "puedes; a algunas personas les sirve"),
    Avoid(r"\bincumplimiento\b", "su plan cambió"),
)

ALLOWED_ES: tuple[tuple[str, str], ...] = (
    ("que es un fracaso o que ha quedado mal", "PHQ-9 ítem 6, redacción validada (Pfizer)"),
    ("bebidas alcohólicas", "adjetivo de bebidas, no de personas (redacción del AUDIT)"),
    ("bebida alcohólica", "adjetivo de bebidas, no de personas (redacción del AUDIT)"),
)

_COMPILED = {
    "en": ([(re.compile(a.pattern, re.IGNORECASE), a) for a in AVOID], ALLOWED),
    "es": ([(re.compile(a.pattern, re.IGNORECASE), a) for a in AVOID_ES], ALLOWED_ES),
}


def stigmatizing_terms(text: str, language: str = "en") -> list[tuple[str, str]]:
    """Each (term found, suggested wording) in the text, after removing allowed phrases."""
    compiled, allowed = _COMPILED[language]
    for phrase, _reason in allowed:
        text = re.sub(re.escape(phrase), " ", text, flags=re.IGNORECASE)
    found = []
    for regex, avoid in compiled:
        for match in regex.finditer(text):
            found.append((match.group(0), avoid.instead))
    return found
