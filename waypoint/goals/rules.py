"""The day rules: which reported days are on track for a goal, and which are off plan.

Plain Python over plain data (no queries), so the same rules serve the pages, the API and the
benchmarks, and a person's whole history is judged in one pass.

A day is *reported* when it has an entry (of any substance) or a 'no use' check-in. Days that
are not reported are never on track and never off plan. Within a goal's active period
[started_on, ended_on or today] each reported day is one or the other:

- abstain: no use of the goal's substance (of anything, when the goal has none);
- cut down: no use, or the day's amount is within the daily limit (exactly at the limit is on
  track) and the day is among the first `days_per_week` use days of its Monday-to-Sunday week,
  counting only use days inside the goal's period;
- use more safely: no use, or none of the harms to avoid happened and, when care actions were
  chosen, at least one of them was practised with that day's use;
- just notice: every reported day counts, because noticing is the goal.
"""

from __future__ import annotations

import bisect
import dataclasses
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any, NamedTuple

ON_TRACK = True
OFF_PLAN = False

# Amounts summed from several entries carry float noise; a limit is reached within this margin.
LIMIT_TOLERANCE = 1e-9

# Units that convert exactly into one another (to grams).
_TO_GRAMS = {"g": 1.0, "mg": 0.001}


_CODES: dict[str, tuple[str, ...]] = {"[]": ()}


def codes(value: object) -> tuple[str, ...]:
    """A JSON list of codes as a tuple, from raw text (cached: few lists recur) or a list."""
    if value is None:
        return ()
    if isinstance(value, str):
        found = _CODES.get(value)
        if found is None:
            found = tuple(json.loads(value))
            if len(_CODES) < 10_000:  # a bound, in case of many distinct combinations
                _CODES[value] = found
        return found
    return tuple(value)  # type: ignore[arg-type]  # a JSON list or tuple of pairs, checked by shape above


class Use(NamedTuple):
    """One journal entry, reduced to what the rules and the insights read.

    A plain tuple in the column order of the query that reads it, so a row becomes a Use with
    no per-field work: thousands of entries load in about the time the database takes.
    """

    substance_id: int
    amount: float | Decimal  # as the driver returns it; float() where it is added up
    unit: str
    grams: float | None  # grams of ethanol, for alcohol
    harms_json: object = "[]"  # raw JSON list of Harm codes
    care_json: object = "[]"  # raw JSON list of CareAction codes
    ate_before: bool | int | None = None  # 0/1 as read from the database
    slept_well: bool | int | None = None
    mood: int | None = None
    physical: str = ""
    intention: str = ""
    place: str = ""
    company: str = ""
    day: object = None  # as the query returns it (ISO text); the Journal keys uses by date

    @property
    def harms(self) -> tuple[str, ...]:
        return codes(self.harms_json)

    @property
    def care(self) -> tuple[str, ...]:
        return codes(self.care_json)


@dataclass
class Journal:
    """A person's uses by day, their 'no use' days and their wellbeing answers."""

    uses: dict[date, list[Use]] = field(default_factory=dict)
    no_use: set[date] = field(default_factory=set)
    wellbeing: dict[date, int] = field(default_factory=dict)
    alcohol_ids: frozenset[int] = frozenset()
    # substance id → (name, default unit) for every substance the person can log
    substances: dict[int, tuple[str, str]] = field(default_factory=dict)
    # All-time facts from the digest when the uses above are only a recent stretch (else None):
    # use days per substance, and the count of reported days.
    use_days: dict[int, int] | None = None
    days_reported: int | None = None
    # When set (the recent journal, `goals.recent`): per Monday, results computed from that
    # week's days alone, kept with the week until one of its days changes. Every day of the
    # journal then lies in one of these weeks.
    week_memo: dict[date, dict[object, object]] | None = None
    _reported: list[date] | None = None

    @property
    def reported(self) -> list[date]:
        """Every reported day, sorted (an entry or a 'no use' check-in)."""
        if self._reported is None:
            self._reported = sorted(self.uses.keys() | self.no_use)
        return self._reported

    @property
    def ever_used(self) -> dict[int, int]:
        """Use days per substance over the whole history (the digest's, or counted here)."""
        if self.use_days is not None:
            return self.use_days
        days: dict[int, int] = {}
        for uses in self.uses.values():
            for substance_id in {use.substance_id for use in uses}:
                days[substance_id] = days.get(substance_id, 0) + 1
        return days

    def reported_between(self, start: date, end: date) -> list[date]:
        """Reported days in [start, end], sorted."""
        days = self.reported
        return days[bisect.bisect_left(days, start) : bisect.bisect_right(days, end)]

    def uses_on(self, day: date, substance_id: int | None) -> list[Use]:
        """That day's uses of one substance, or of everything when substance_id is None.

        The list returned may be the journal's own: read it, do not change it.
        """
        uses = self.uses.get(day)
        if uses is None:
            return []
        if substance_id is None:
            return uses
        if len(uses) == 1:
            return uses if uses[0].substance_id == substance_id else []
        return [use for use in uses if use.substance_id == substance_id]


@dataclass(frozen=True, slots=True)
class GoalSpec:
    """What the rules need to know about a goal."""

    kind: str
    substance_id: int | None
    start: date
    end: date | None  # inclusive; None while the goal is current
    is_alcohol: bool = False
    daily_limit: float | None = None
    limit_unit: str = ""
    days_per_week: int | None = None
    avoid_harms: frozenset[str] = frozenset()
    practice_care: frozenset[str] = frozenset()

    def period(self, today: date) -> tuple[date, date] | None:
        """The days the goal applies to, up to today; None when it has none yet."""
        last = min(self.end, today) if self.end is not None else today
        if last < self.start:
            return None
        return self.start, last


def day_amount(
    uses: Iterable[Use], *, unit: str, is_alcohol: bool, grams_per_drink: float
) -> float:
    """A day's amount in `unit`: standard drinks from grams for alcohol, else same-unit sums.

    Amounts logged in a unit that does not convert into `unit` (say pills against a limit in
    mg) are left out: there is no honest way to add them.
    """
    if is_alcohol and unit == "drink":
        return sum(use.grams or 0.0 for use in uses) / grams_per_drink
    total = 0.0
    for use in uses:
        if use.unit == unit:
            total += float(use.amount)
        elif use.unit in _TO_GRAMS and unit in _TO_GRAMS:
            total += float(use.amount) * _TO_GRAMS[use.unit] / _TO_GRAMS[unit]
    return total


def day_statuses(
    goal: GoalSpec, journal: Journal, *, today: date, grams_per_drink: float
) -> dict[date, bool]:
    """Each reported day in the goal's period: True on track, False off plan.

    Days that are not reported are absent. Life goals have no day rule and return {}.
    """
    period = goal.period(today)
    if period is None or goal.kind == "life":
        return {}
    if journal.week_memo is None:
        return _statuses(goal, journal, period, grams_per_drink)
    # Week by week (the weekly rule never looks past its Monday-to-Sunday week), each week's
    # statuses computed once for this rule and kept with the week.
    statuses: dict[date, bool] = {}
    first, last = period
    for monday, memo in journal.week_memo.items():
        sunday = date.fromordinal(monday.toordinal() + 6)
        if sunday < first or monday > last:
            continue
        clip = (max(first, monday), min(last, sunday))
        key = ("statuses", dataclasses.replace(goal, start=clip[0], end=clip[1]), grams_per_drink)
        found: Any = memo.get(key)  # stored below, by this function only
        if found is None:
            found = memo[key] = _statuses(goal, journal, clip, grams_per_drink)
        statuses.update(found)
    return statuses


def _statuses(
    goal: GoalSpec, journal: Journal, period: tuple[date, date], grams_per_drink: float
) -> dict[date, bool]:
    days = journal.reported_between(*period)
    if goal.kind == "observe":
        return dict.fromkeys(days, ON_TRACK)
    statuses: dict[date, bool] = {}
    use_days_in_week: dict[int, int] = {}
    uses_on, substance_id = journal.uses_on, goal.substance_id
    for day in days:
        uses = uses_on(day, substance_id)
        if not uses:
            statuses[day] = ON_TRACK
        elif goal.kind == "abstain":
            statuses[day] = OFF_PLAN
        elif goal.kind == "cut_down":
            statuses[day] = _cut_down(goal, day, uses, use_days_in_week, grams_per_drink)
        elif goal.kind == "safer":
            statuses[day] = _safer(goal, uses)
        else:
            raise ValueError(f"unknown kind of goal: {goal.kind!r}")
    return statuses


def _cut_down(
    goal: GoalSpec,
    day: date,
    uses: list[Use],
    use_days_in_week: dict[int, int],
    grams_per_drink: float,
) -> bool:
    on_track = True
    if goal.daily_limit is not None:
        amount = day_amount(
            uses, unit=goal.limit_unit, is_alcohol=goal.is_alcohol, grams_per_drink=grams_per_drink
        )
        on_track = amount <= goal.daily_limit + LIMIT_TOLERANCE
    if goal.days_per_week is not None:
        # Days are visited in order, so this is the day's place among the week's use days.
        monday = day.toordinal() - day.weekday()
        number = use_days_in_week.get(monday, 0) + 1
        use_days_in_week[monday] = number
        on_track = on_track and number <= goal.days_per_week
    return on_track


def _safer(goal: GoalSpec, uses: list[Use]) -> bool:
    if goal.avoid_harms and any(h in goal.avoid_harms for use in uses for h in use.harms):
        return OFF_PLAN
    # One chosen care action with the day's use is enough: people often log one occasion as
    # several entries (a drink each), and eating first or a safe ride covers the whole occasion.
    if goal.practice_care and not any(c in goal.practice_care for use in uses for c in use.care):
        return OFF_PLAN
    return ON_TRACK


@dataclass(frozen=True, slots=True)
class Counts:
    """Days on track, off plan and not reported within some stretch of a goal's period."""

    on_track: int = 0
    off_plan: int = 0
    not_reported: int = 0

    @property
    def reported(self) -> int:
        return self.on_track + self.off_plan


def count(
    statuses: Mapping[date, bool], *, period: tuple[date, date] | None, start: date, end: date
) -> Counts:
    """Counts over [start, end] ∩ the goal's period; `statuses` in date order (day_statuses)."""
    if period is None:
        return Counts()
    first, last = max(start, period[0]), min(end, period[1])
    if last < first:
        return Counts()
    if first == period[0] and last == period[1]:
        on = sum(statuses.values())
        off = len(statuses) - on
    else:
        on = off = 0
        # Newest first, stopping at the start: a week costs a week, however long the history.
        for day, status in reversed(list(statuses.items())):
            if day > last:
                continue
            if day < first:
                break
            if status:
                on += 1
            else:
                off += 1
    return Counts(on, off, (last - first).days + 1 - on - off)


def runs(
    statuses: Mapping[date, bool],
    *,
    today: date,
    carried: RunState | None = None,
) -> tuple[int, int]:
    """(current, longest) runs of consecutive calendar days on track.

    The current run ends today, or yesterday while today is not reported yet. Only for people
    who switch the counter on; totals never depend on it. `carried` continues the runs of
    earlier days (`run_state` of the days before these), so only recent days need reading.
    """
    state = run_state(statuses, carried=carried)
    previous = state.last_day
    if previous is None or not state.current or (today - previous).days > 1:
        return 0, state.longest
    return state.current, state.longest


class RunState(NamedTuple):
    """Where runs stand after some days: the run on track up to `last_day`, the longest."""

    current: int = 0
    longest: int = 0
    last_day: date | None = None  # the last reported day seen (0 current when off plan)

    def through(self, day: date) -> RunState:
        """The state as seen from the day after `day`: a run only goes on if it reached `day`."""
        if self.last_day != day:
            return RunState(0, self.longest, None)
        return self


def run_state(statuses: Mapping[date, bool], *, carried: RunState | None = None) -> RunState:
    """Fold days (after `carried`'s) into the run state: current run, longest, last day."""
    current, longest, previous = carried or RunState()
    for day in sorted(statuses):
        if statuses[day] and previous is not None and (day - previous).days == 1 and current:
            current += 1
        elif statuses[day]:
            current = 1
        else:
            current = 0
        previous = day
        longest = max(longest, current)
    return RunState(current, longest, previous)


# Days on track worth marking. Reached milestones stay reached: totals only ever grow.
MILESTONES: tuple[int, ...] = (1, 3, 7, 14, 30, 60, 90, 180, 365, 500, 730, 1000, 1500, 2000)


def milestones(total_on_track: int) -> tuple[int | None, int | None]:
    """(the largest milestone reached, the next one) for an all-time count of days on track."""
    reached = [m for m in MILESTONES if m <= total_on_track]
    upcoming = [m for m in MILESTONES if m > total_on_track]
    return (reached[-1] if reached else None, upcoming[0] if upcoming else None)
