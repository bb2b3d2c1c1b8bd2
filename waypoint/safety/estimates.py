"""Blood alcohol over a drinking session, from `waypoint.measures.bac` (pure; no Django).

A session starts at a drink and takes in each later drink logged while the high end of the
estimate from the drinks before it was still above zero. The estimate is Widmark's with the
absorbed amount varied by ±40% (measures.bac.bac_range), so it is always a range.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from waypoint.measures.bac import BAC_RELATIVE_ERROR, WIDMARK_BETA, bac_range, hours_until_zero

# The limit many places use for driving (0.05%); shown as a reference point, never as "safe".
REFERENCE_BAC = 0.05


@dataclass(frozen=True)
class Drink:
    at: datetime
    grams: float


@dataclass(frozen=True)
class BacEstimate:
    low: float  # % (g/100 mL) now
    high: float
    grams: float  # in the session
    first_at: datetime
    below_reference_at: datetime  # when even the high end falls below 0.05%
    zero_at: datetime  # when even the high end reaches zero


def session(drinks: Sequence[Drink], *, weight_kg: float, sex: str) -> list[Drink]:
    """The latest drinking session: the last run of drinks with no gap where BAC reached zero."""
    ordered = sorted(drinks, key=lambda d: d.at)
    current: list[Drink] = []
    for drink in ordered:
        if current:
            grams = sum(d.grams for d in current)
            hours = (drink.at - current[0].at).total_seconds() / 3600
            high = hours_until_zero(grams * (1 + BAC_RELATIVE_ERROR), weight_kg=weight_kg, sex=sex)
            if hours > high:
                current = []
        current.append(drink)
    return current


def estimate(
    drinks: Sequence[Drink], *, weight_kg: float, sex: str, now: datetime
) -> BacEstimate | None:
    """The range now for the latest session, or None when even the high end is back at zero."""
    past = [d for d in drinks if d.at <= now and d.grams > 0]
    drinks_now = session(past, weight_kg=weight_kg, sex=sex)
    if not drinks_now:
        return None
    grams = sum(d.grams for d in drinks_now)
    first = drinks_now[0].at
    hours = (now - first).total_seconds() / 3600
    low, high = bac_range(grams, weight_kg=weight_kg, hours=hours, sex=sex)
    if high <= 0:
        return None
    to_zero = hours_until_zero(grams * (1 + BAC_RELATIVE_ERROR), weight_kg=weight_kg, sex=sex)
    to_reference = max(0.0, to_zero - REFERENCE_BAC / WIDMARK_BETA)
    return BacEstimate(
        low=low,
        high=high,
        grams=grams,
        first_at=first,
        below_reference_at=first + timedelta(hours=to_reference),
        zero_at=first + timedelta(hours=to_zero),
    )
