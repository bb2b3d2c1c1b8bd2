"""Timeline Followback outcomes over a window of days (Sobell & Sobell 1992)."""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime

from waypoint.measures import _checks
from waypoint.measures._checks import MeasureInputError
from waypoint.measures.alcohol import (
    GRAMS_TOLERANCE,
    HEAVY_DAY_GRAMS,
    WhoRiskLevel,
    who_risk_level,
)


@dataclass(frozen=True, slots=True)
class TlfbSummary:
    """TLFB outcomes for one window; rates are over reported days (Sobell & Sobell 1992).

    With zero reported days every percentage, mean, peak_drinks and who_risk_level is None:
    nothing was reported, which is not the same as no drinking.
    """

    days_in_window: int
    days_reported: int
    coverage: float
    abstinent_days: int
    drinking_days: int
    percent_days_abstinent: float | None
    total_drinks: float
    drinks_per_drinking_day: float | None
    heavy_drinking_days: int
    percent_heavy_drinking_days: float | None
    mean_drinks_per_day: float | None
    peak_drinks: float | None
    mean_grams_per_day: float | None
    who_risk_level: WhoRiskLevel | None
    grams_per_drink: float


def heavy_threshold(sex: str) -> float:
    """The grams from which a day counts as a heavy drinking day, for sex."""
    return HEAVY_DAY_GRAMS[_checks.sex(sex)] - GRAMS_TOLERANCE


def tlfb_summary(
    grams_by_day: Mapping[date, float],
    *,
    start: date,
    end: date,
    sex: str,
    grams_per_drink: float = 14.0,
) -> TlfbSummary:
    """Summarise daily grams of ethanol with the TLFB outcomes (Sobell & Sobell 1992)."""
    days_in_window = _checks.window(start, end)
    threshold = heavy_threshold(sex)
    drink = _checks.positive(grams_per_drink, "grams_per_drink")
    if not isinstance(grams_by_day, Mapping):
        raise MeasureInputError(
            f"grams_by_day must be a mapping of date to grams, got {grams_by_day!r}"
        )
    reported = abstinent = heavy = 0
    total_grams = peak_grams = 0.0
    try:
        for day, grams in grams_by_day.items():
            if not start <= day <= end:
                continue
            # Exact int or float in range: the usual case, checked inline because this loop
            # runs for every day of every person in a report (see docs/benchmarks.md).
            if (grams.__class__ is not float and grams.__class__ is not int) or not (
                0 <= grams < math.inf
            ):
                grams = _checks.non_negative(grams, f"grams on {day.isoformat()}")
            reported += 1
            total_grams += grams
            if grams == 0:
                abstinent += 1
            elif grams >= threshold:
                heavy += 1
            if grams > peak_grams:
                peak_grams = grams
    except TypeError:
        # Keys that are not plain dates fail to compare with a date; anything else is a bug.
        bad = next(
            (d for d in grams_by_day if isinstance(d, datetime) or not isinstance(d, date)), None
        )
        if bad is None:
            raise
        raise MeasureInputError(
            f"each day in grams_by_day must be a datetime.date, got {bad!r}"
        ) from None

    return tlfb_from_totals(
        days_in_window,
        sex=sex,
        grams_per_drink=drink,
        reported=reported,
        abstinent=abstinent,
        heavy=heavy,
        total_grams=total_grams,
        peak_grams=peak_grams,
    )


def tlfb_from_totals(
    days_in_window: int,
    *,
    sex: str,
    grams_per_drink: float,
    reported: int,
    abstinent: int,
    heavy: int,
    total_grams: float,
    peak_grams: float,
) -> TlfbSummary:
    """The TLFB summary from a window's totals (as a database aggregate gives them).

    heavy counts the days at or above the heavy-day threshold for sex (heavy_threshold).
    """
    drink = _checks.positive(grams_per_drink, "grams_per_drink")
    if reported == 0:
        return TlfbSummary(
            days_in_window=days_in_window,
            days_reported=0,
            coverage=0.0,
            abstinent_days=0,
            drinking_days=0,
            percent_days_abstinent=None,
            total_drinks=0.0,
            drinks_per_drinking_day=None,
            heavy_drinking_days=0,
            percent_heavy_drinking_days=None,
            mean_drinks_per_day=None,
            peak_drinks=None,
            mean_grams_per_day=None,
            who_risk_level=None,
            grams_per_drink=drink,
        )
    drinking = reported - abstinent
    total_drinks = total_grams / drink
    mean_grams = total_grams / reported
    return TlfbSummary(
        days_in_window=days_in_window,
        days_reported=reported,
        coverage=reported / days_in_window,
        abstinent_days=abstinent,
        drinking_days=drinking,
        percent_days_abstinent=abstinent / reported * 100,
        total_drinks=total_drinks,
        drinks_per_drinking_day=total_drinks / drinking if drinking else None,
        heavy_drinking_days=heavy,
        percent_heavy_drinking_days=heavy / reported * 100,
        mean_drinks_per_day=total_drinks / reported,
        peak_drinks=peak_grams / drink,
        mean_grams_per_day=mean_grams,
        who_risk_level=who_risk_level(mean_grams, sex=sex),
        grams_per_drink=drink,
    )
