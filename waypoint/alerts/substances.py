"""Which substance slugs a drug alert may name: one function decides.

For now: the journal's built-in catalogue plus the 23 class slugs of issue 14. Once the safety
app's table is merged, `known_substance_slugs` and `class_of` read from it instead.
"""

from __future__ import annotations

from functools import cache

from waypoint.journal.catalogue import CATALOGUE

# The 23 class slugs of issue 14, with the names shown in forms.
CLASS_LABELS: dict[str, str] = {
    "alcohol": "Alcohol",
    "benzodiazepines": "Benzodiazepines",
    "opioids": "Opioids (any)",
    "tramadol": "Tramadol",
    "ghb": "GHB / GBL",
    "gabapentinoids": "Gabapentinoids (pregabalin, gabapentin)",
    "xylazine": "Xylazine",
    "ketamine": "Ketamine",
    "dxm": "DXM",
    "diphenhydramine": "Diphenhydramine",
    "nitrous": "Nitrous oxide",
    "cannabis": "Cannabis",
    "amphetamines": "Amphetamines (any)",
    "cocaine": "Cocaine",
    "mdma": "MDMA",
    "caffeine": "Caffeine",
    "ssris": "SSRIs",
    "maois": "MAOIs",
    "lithium": "Lithium",
    "lsd": "LSD",
    "psilocybin": "Psilocybin",
    "dmt": "DMT",
    "mescaline": "Mescaline",
}
CLASS_SLUGS: tuple[str, ...] = tuple(CLASS_LABELS)

# Catalogue substances whose class slug differs from their own slug (the rest share it or have
# no class among the 23).
_CLASS_OF: dict[str, str] = {
    "heroin": "opioids",
    "fentanyl": "opioids",
    "opioid-pills": "opioids",
    "methadone": "opioids",
    "buprenorphine": "opioids",
    "kratom": "opioids",
    "other-opioid": "opioids",
    "crack": "cocaine",
    "methamphetamine": "amphetamines",
    "amphetamine": "amphetamines",
}


@cache
def known_substance_slugs() -> frozenset[str]:
    """Every slug an alert, report or subscription may use: catalogue slugs and class slugs."""
    return frozenset(slug for slug, *_rest in CATALOGUE) | frozenset(CLASS_SLUGS)


def unknown_slugs(slugs: list[str]) -> list[str]:
    """The slugs in the list that Waypoint does not know, in the order given."""
    known = known_substance_slugs()
    return [slug for slug in slugs if slug not in known]


def class_of(slug: str) -> str:
    """The class slug of a catalogue substance (itself when it is a class or has none listed)."""
    return _CLASS_OF.get(slug, slug)


def widen(slugs: list[str] | set[str] | frozenset[str]) -> set[str]:
    """The slugs with their classes added, so "fentanyl" meets an alert about "opioids"."""
    return set(slugs) | {class_of(slug) for slug in slugs}


def matches(alert_slugs: list[str], wanted: set[str]) -> bool:
    """Whether an alert about these substances concerns someone who wants these (pure)."""
    return bool(widen(alert_slugs) & widen(wanted))


def choices() -> list[tuple[str, str]]:
    """Slugs with readable names for forms: catalogue first, then classes."""
    catalogue = [(slug, name) for slug, name, *_rest in CATALOGUE]
    seen = {slug for slug, _name in catalogue}
    return catalogue + [(slug, label) for slug, label in CLASS_LABELS.items() if slug not in seen]


def label(slug: str) -> str:
    """A slug's readable name."""
    return dict(choices()).get(slug, slug)
