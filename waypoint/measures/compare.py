"""Period summaries of use, harms, care actions and wellbeing, and before/after comparison.

Every compared figure is a rate over reported days (or use days), never a total, so that two
windows of different length or coverage compare fairly.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Literal

from waypoint.measures import _checks
from waypoint.measures._checks import MeasureInputError
from waypoint.measures.tlfb import TlfbSummary

Direction = Literal["better", "same", "worse", "unknown"]

# Two figures closer than this are "same": float noise (1/3 × 3) must not read as a change.
RELATIVE_TOLERANCE = 1e-9
ABSOLUTE_TOLERANCE = 1e-9
# One rule for both columns and both periods, on pages and in the caseload's "needs attention":
# a change is named (better, same or other) only when each period compared has at least this
# many reported days. Below it, rates swing on one day: 1 heavy day of 4 reads as "25% heavy
# days". See docs/decisions.md, "Honest numbers".
ENOUGH_DAYS = 7


@dataclass(frozen=True, slots=True)
class DayRecord:
    """One reported day: used or not, harms and care actions counted, optional wellbeing."""

    used: bool
    harms: int = 0
    care_actions: int = 0
    wellbeing: int | None = None  # on whatever scale the caller uses, the same in both windows

    def __post_init__(self) -> None:
        """Refuse values that would make the summary meaningless."""
        if not isinstance(self.used, bool):
            raise MeasureInputError(f"used must be True or False, got {self.used!r}")
        for name in ("harms", "care_actions"):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int) or value < 0:
                raise MeasureInputError(f"{name} must be a whole number, 0 or more, got {value!r}")
        wellbeing = self.wellbeing
        if wellbeing is not None and (
            isinstance(wellbeing, bool) or not isinstance(wellbeing, int)
        ):
            raise MeasureInputError(f"wellbeing must be a whole number or None, got {wellbeing!r}")


@dataclass(frozen=True, slots=True)
class PeriodSummary:
    """Use, harms, care actions and wellbeing over a window, as rates over reported days.

    Rates are None when their denominator is zero (no reported day, no use day, no wellbeing
    answer): nothing to divide by is not the same as zero.
    """

    days_in_window: int
    days_reported: int
    coverage: float
    use_days: int
    percent_use_days: float | None
    harms_per_reported_day: float | None
    care_actions_per_use_day: float | None
    mean_wellbeing: float | None


def period_summary(days: Mapping[date, DayRecord], *, start: date, end: date) -> PeriodSummary:
    """Summarise the DayRecords in [start, end]; days without a record are not reported."""
    days_in_window = _checks.window(start, end)
    if not isinstance(days, Mapping):
        raise MeasureInputError(f"days must be a mapping of date to DayRecord, got {days!r}")
    reported = use_days = harms = care_actions = wellbeing_days = wellbeing_total = 0
    for day, record in days.items():
        _checks.plain_date(day, "each day in days")
        if not start <= day <= end:
            continue
        if not isinstance(record, DayRecord):
            raise MeasureInputError(
                f"the record for {day.isoformat()} must be a DayRecord, got {record!r}"
            )
        reported += 1
        harms += record.harms
        if record.used:
            use_days += 1
            # Only care on use days: a care action is a way of using more safely, and counting
            # other days would make the rate climb whenever use days fall.
            care_actions += record.care_actions
        if record.wellbeing is not None:
            wellbeing_days += 1
            wellbeing_total += record.wellbeing
    return period_from_totals(
        days_in_window,
        reported=reported,
        use_days=use_days,
        harms=harms,
        care_actions=care_actions,
        wellbeing_days=wellbeing_days,
        wellbeing_total=wellbeing_total,
    )


def days_in_window(start: date, end: date) -> int:
    """The number of days in [start, end], refusing an end before the start."""
    return _checks.window(start, end)


def period_from_totals(
    days_in_window: int,
    *,
    reported: int,
    use_days: int,
    harms: int,
    care_actions: int,
    wellbeing_days: int,
    wellbeing_total: int,
) -> PeriodSummary:
    """The period summary from a window's totals (as a database aggregate gives them).

    care_actions counts only those on use days, as period_summary does.
    """
    return PeriodSummary(
        days_in_window=days_in_window,
        days_reported=reported,
        coverage=reported / days_in_window,
        use_days=use_days,
        percent_use_days=use_days / reported * 100 if reported else None,
        harms_per_reported_day=harms / reported if reported else None,
        care_actions_per_use_day=care_actions / use_days if use_days else None,
        mean_wellbeing=wellbeing_total / wellbeing_days if wellbeing_days else None,
    )


@dataclass(frozen=True, slots=True)
class Change:
    """One measure before and after; levels_down is set only for the WHO risk level."""

    measure: str
    label: str
    before: float | None
    after: float | None
    direction: Direction
    levels_down: int | None = None


# (field, label, higher is better). Bookkeeping (days_in_window, days_reported, coverage) and
# totals are left out on purpose: they depend on the window, not on the person.
_TLFB_MEASURES: tuple[tuple[str, str, bool], ...] = (
    ("percent_days_abstinent", "days without drinking (% of reported days)", True),
    ("percent_heavy_drinking_days", "heavy drinking days (% of reported days)", False),
    ("drinks_per_drinking_day", "drinks per drinking day", False),
    ("mean_drinks_per_day", "drinks per day, on average", False),
    ("peak_drinks", "most drinks in one day", False),
    ("who_risk_level", "WHO drinking risk level", False),
)

_PERIOD_MEASURES: tuple[tuple[str, str, bool], ...] = (
    ("percent_use_days", "use days (% of reported days)", False),
    ("harms_per_reported_day", "harms per reported day", False),
    ("care_actions_per_use_day", "care actions per use day", True),
    ("mean_wellbeing", "wellbeing, on average", True),
)


def _direction(before: float | None, after: float | None, higher_is_better: bool) -> Direction:
    """better, same or worse; unknown when either side is missing."""
    if before is None or after is None:
        return "unknown"
    # math.isclose is symmetric in its arguments, which keeps compare() symmetric too.
    if math.isclose(before, after, rel_tol=RELATIVE_TOLERANCE, abs_tol=ABSOLUTE_TOLERANCE):
        return "same"
    if (after > before) == higher_is_better:
        return "better"
    return "worse"


def compare(
    baseline: TlfbSummary | PeriodSummary, recent: TlfbSummary | PeriodSummary
) -> list[Change]:
    """Each comparable measure of two summaries of the same kind, with its direction."""
    if isinstance(baseline, TlfbSummary) and isinstance(recent, TlfbSummary):
        if baseline.grams_per_drink != recent.grams_per_drink:
            raise MeasureInputError(
                "both summaries must count drinks of the same size, got "
                f"{baseline.grams_per_drink:g} g and {recent.grams_per_drink:g} g"
            )
        measures = _TLFB_MEASURES
    elif isinstance(baseline, PeriodSummary) and isinstance(recent, PeriodSummary):
        measures = _PERIOD_MEASURES
    else:
        raise MeasureInputError(
            "compare needs two TlfbSummary or two PeriodSummary, got "
            f"{type(baseline).__name__} and {type(recent).__name__}"
        )
    changes = []
    for field, label, higher_is_better in measures:
        before = getattr(baseline, field)
        after = getattr(recent, field)
        levels_down = None
        if field == "who_risk_level" and before is not None and after is not None:
            levels_down = int(before) - int(after)
        changes.append(
            Change(
                measure=field,
                label=label,
                before=before,
                after=after,
                direction=_direction(before, after, higher_is_better),
                levels_down=levels_down,
            )
        )
    return changes
