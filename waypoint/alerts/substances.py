"""Which substance slugs a drug alert may name: one function decides.

The safety app's table (issue 14) is the source: every class slug it has a fact sheet for (the
23 of issue 14, and nicotine) and every catalogue slug it maps to a class. Matching widens a
catalogue slug to its class, so "fentanyl" meets an alert about "opioids".
"""

from __future__ import annotations

from waypoint.journal.catalogue import CATALOGUE
from waypoint.safety import selectors as safety


def known_substance_slugs() -> frozenset[str]:
    """Every slug an alert, report or subscription may use: catalogue slugs and class slugs."""
    data = safety.table()
    return frozenset(data.sheets) | frozenset(data.members)


def unknown_slugs(slugs: list[str]) -> list[str]:
    """The slugs in the list that Waypoint does not know, in the order given."""
    known = known_substance_slugs()
    return [slug for slug in slugs if slug not in known]


def class_of(slug: str) -> str:
    """The class slug of a catalogue substance (itself when it is a class)."""
    return safety.table().class_of(slug) or slug


def widen(slugs: list[str] | set[str] | frozenset[str]) -> set[str]:
    """The slugs with their classes added."""
    return set(slugs) | {class_of(slug) for slug in slugs}


def matches(alert_slugs: list[str], wanted: set[str]) -> bool:
    """Whether an alert about these substances concerns someone who wants these (pure)."""
    return bool(widen(alert_slugs) & widen(wanted))


def choices() -> list[tuple[str, str]]:
    """Slugs with readable names for forms: the catalogue first, then the classes."""
    catalogue = [slug for slug, *_rest in CATALOGUE]
    seen = set(catalogue)
    classes = [slug for slug in safety.table().sheets if slug not in seen]
    return [(slug, str(safety.name_of(slug))) for slug in catalogue + classes]


def label(slug: str) -> str:
    """A slug's readable name."""
    return str(safety.name_of(slug))
