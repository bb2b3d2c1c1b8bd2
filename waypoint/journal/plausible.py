"""Amounts far beyond what a person could use in a day: asked about, never refused.

The limits are deliberately generous: an amount above one is not impossible to type, only
unlikely enough that a slip of the thumb ("99999" for "9") is the likelier story. The person
answers "Yes, that's right" and it is saved as given (see docs/decisions.md, "Honest numbers").
"""

from __future__ import annotations

from datetime import date

from django.utils.translation import gettext as _

from waypoint.journal.vocab import Category, Unit

# Ethanol in a day. 500 g is about 36 US standard drinks (14 g), 63 UK units: more than seven
# times the NIAAA heavy drinking day for men (70 g), and by Widmark's formula (measures.md) a
# blood alcohol near 0.37% for a 100 kg man (r = 0.68) even after 24 hours of elimination at
# 0.015%/hour: levels at which people die. Nobody drinks more in a day and logs it after.
UNUSUAL_ALCOHOL_GRAMS = 500.0

# Per unit, in a day, for substances other than alcohol. These are several times the heaviest
# daily use that people report to harm reduction services (measures.md gives no figures for
# other substances), so that real heavy use is never questioned and slips of the thumb are.
UNUSUAL_BY_UNIT: dict[str, float] = {
    Unit.ML: 2000.0,  # methadone or GHB liquid: far beyond any daily dose
    Unit.G: 50.0,
    Unit.MG: 10000.0,  # 10 g of a substance weighed in milligrams
    Unit.PILL: 100.0,
    Unit.TAB: 50.0,
    Unit.HIT: 300.0,
    Unit.LINE: 150.0,
    Unit.JOINT: 60.0,
    Unit.CIGARETTE: 120.0,  # six packs of 20
    Unit.BAG: 80.0,
    Unit.DOSE: 100.0,
}
# Where a class is used in much smaller amounts than the unit's default allows.
UNUSUAL_BY_CATEGORY_UNIT: dict[tuple[str, str], float] = {
    (Category.PSYCHEDELIC, Unit.G): 30.0,  # dried mushrooms; 5 g is already a heroic dose
    (Category.OPIOID, Unit.G): 20.0,
    (Category.CANNABIS, Unit.G): 40.0,
}

# No journal day before this: Waypoint did not exist, and such a day is a typing slip.
EARLIEST_DAY = date(2000, 1, 1)


def unusual_limit(*, category: str, unit: str) -> float | None:
    """The day's amount above which Waypoint asks "Is that right?" (None: never asks)."""
    return UNUSUAL_BY_CATEGORY_UNIT.get((category, unit), UNUSUAL_BY_UNIT.get(unit))


def is_unusual(*, category: str, unit: str, amount: float, grams: float | None) -> bool:
    """True when a day's amount is far beyond what a person could use in a day."""
    if category == Category.ALCOHOL:
        return grams is not None and grams > UNUSUAL_ALCOHOL_GRAMS
    limit = unusual_limit(category=category, unit=unit)
    return limit is not None and amount > limit


def unusual_question(amount_text: str, *, day_total: str | None = None) -> str:
    """The question the person is asked, with the value restated in their own terms."""
    if day_total:
        return _(
            "Is that right? %(amount)s would make %(total)s on that day, far more than most "
            "people could use in one day. If it is right, say so and it will be saved."
        ) % {"amount": amount_text, "total": day_total}
    return _(
        "Is that right? %(amount)s is far more than most people could use in one day. "
        "If it is right, say so and it will be saved."
    ) % {"amount": amount_text}
