"""Progress for a person: per goal days on track that never reset, the long view, what changed.

Everything is computed in Python from one fetch of the person's journal (a fixed number of
queries whatever the length of their history), so the page and the API cost the same to ask.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, timedelta

from django.utils.translation import gettext as _

from waypoint.accounts.models import User
from waypoint.goals.insights import INSIGHT_DAYS, Insight, insights_for
from waypoint.goals.models import Goal
from waypoint.goals.recent import Recent, recent_journal
from waypoint.goals.rules import (
    Counts,
    GoalSpec,
    Journal,
    RunState,
    count,
    day_amount,
    day_statuses,
    milestones,
    runs,
)
from waypoint.goals.selectors import (
    baseline_days_for,
    goals_with_steps,
    goals_with_substance,
    shown_name,
    step_counts,
)
from waypoint.goals.tally import Settled, settled_counts
from waypoint.goals.wording import ChangeText, describe_all
from waypoint.journal.models import UNIT_WORDS, Profile, today
from waypoint.journal.services import profile_of
from waypoint.journal.vocab import Unit
from waypoint.measures import (
    Change,
    DayRecord,
    PeriodSummary,
    TlfbSummary,
    compare,
    period_summary,
    tlfb_summary,
)
from waypoint.measures.compare import ENOUGH_DAYS, days_in_window, period_from_totals

MAX_DAYS = 3650
LONG_VIEW_WEEKS = 26
# The calendar asks only how much was used each day, so against it only use is compared.
BASELINE_PERIOD_MEASURES = ("percent_use_days",)


@dataclass
class GoalProgress:
    """One goal's days: on track, off plan and not reported, this week, month and all time."""

    goal: Goal
    spec: GoalSpec | None
    statuses: dict[date, bool]
    week: Counts
    month: Counts
    all_time: Counts
    window: Counts
    continuous: int | None
    longest: int | None
    milestone: int | None
    next_milestone: int | None
    steps_done: int
    steps_total: int

    @property
    def days_in_period(self) -> int:
        return self.all_time.on_track + self.all_time.off_plan + self.all_time.not_reported


@dataclass
class Comparison:
    """Two windows of the same scope compared, each change in words."""

    before_start: date
    before_end: date
    after_start: date
    after_end: date
    texts: list[ChangeText]
    before: dict[str, TlfbSummary | PeriodSummary]
    after: dict[str, TlfbSummary | PeriodSummary]

    @property
    def better(self) -> list[ChangeText]:
        return [t for t in self.texts if t.direction == "better"]

    @property
    def same(self) -> list[ChangeText]:
        return [t for t in self.texts if t.direction == "same"]

    @property
    def other(self) -> list[ChangeText]:
        return [t for t in self.texts if t.direction == "worse"]

    @property
    def known(self) -> bool:
        return any(t.direction != "unknown" for t in self.texts)

    @property
    def days_before(self) -> int:
        """Reported days in the earlier period (the baseline calendar or the days before)."""
        return self.before["period"].days_reported

    @property
    def days_after(self) -> int:
        """Reported days in the recent period."""
        return self.after["period"].days_reported

    @property
    def enough_days(self) -> int:
        return ENOUGH_DAYS


@dataclass(frozen=True)
class Contradiction:
    """A day the baseline calendar and the journal tell differently: shown, never combined."""

    day: date
    substance_id: int
    substance: str
    calendar_amount: float
    unit: str  # the calendar's unit: "drink" for alcohol, else the substance's own
    journal_says: str  # "no_use" or "used"

    @property
    def calendar_text(self) -> str:
        """What the calendar says, in words: "8 standard drinks"."""
        number = f"{self.calendar_amount:g}"
        words = UNIT_WORDS.get(self.unit)
        if words is None:
            return number
        return str(words % {"n": number, "count": 1 if self.calendar_amount == 1 else 2})


@dataclass
class Scope:
    """What a comparison or an insight is about: one substance, or everything."""

    substance_id: int | None
    name: str
    is_alcohol: bool
    unit: str  # the unit amounts are added up in; "" for everything (counted in use days)
    unit_words: str


@dataclass
class ScopeProgress:
    scope: Scope
    against_baseline: Comparison | None
    against_previous: Comparison
    insights: list[Insight]
    insight_scope: Scope | None  # the substance the insights are about


@dataclass
class LongViewDay:
    day: date
    state: str  # on_track, off_plan, not_reported, outside
    amount: float


@dataclass
class LongViewWeek:
    monday: date
    days: list[LongViewDay]
    on_track: int
    off_plan: int
    not_reported: int
    total: float


@dataclass
class Progress:
    today: date
    days: int
    window_start: date
    previous_start: date
    previous_end: date
    profile: Profile
    goals: list[GoalProgress]
    selected: GoalProgress | None
    scope: ScopeProgress
    weeks: list[LongViewWeek]
    baseline: tuple[date, date] | None
    scopes: dict[int | None, ScopeProgress] = field(default_factory=dict)
    days_reported: int = 0  # all time, for the empty state
    contradictions: list[Contradiction] = field(default_factory=list)
    enough_days: int = ENOUGH_DAYS

    @property
    def active(self) -> list[GoalProgress]:
        return [g for g in self.goals if g.goal.is_active]

    @property
    def earlier(self) -> list[GoalProgress]:
        return [g for g in self.goals if not g.goal.is_active]

    def scope_of(self, item: GoalProgress) -> ScopeProgress | None:
        if not item.goal.is_use_goal:
            return None
        return self.scopes.get(item.goal.substance_id)


def spec_of(goal: Goal, journal: Journal) -> GoalSpec | None:
    """The rule view of a goal; None for a life goal."""
    if not goal.is_use_goal:
        return None
    return GoalSpec(
        kind=goal.kind,
        substance_id=goal.substance_id,
        start=goal.started_on,
        end=goal.ended_on,
        is_alcohol=goal.substance_id in journal.alcohol_ids,
        daily_limit=float(goal.daily_limit) if goal.daily_limit is not None else None,
        limit_unit=goal.limit_unit,
        days_per_week=goal.days_per_week,
        avoid_harms=frozenset(goal.avoid_harms or ()),
        practice_care=frozenset(goal.practice_care or ()),
    )


def goal_progress(
    goal: Goal,
    journal: Journal,
    *,
    on: date,
    window_start: date,
    profile: Profile,
    settled: tuple[date, Settled] | None = None,
    steps: tuple[int, int] = (0, 0),
) -> GoalProgress:
    """Counts for one goal. Nothing here ever subtracts: a day off plan adds to its own count.

    `journal` may hold only a recent stretch from a Monday `since`: then `settled` gives it and
    the days on track and off plan before it (from the digest), and the run state there for the
    opt-in continuous counter. `steps`: the goal's steps done and steps.
    """
    spec = spec_of(goal, journal)
    statuses: dict[date, bool] = {}
    period = None
    gpd = profile.grams_per_drink
    if spec is not None:
        statuses = day_statuses(spec, journal, today=on, grams_per_drink=gpd)
        period = spec.period(on)
    monday = on - timedelta(days=on.weekday())
    all_time = count(statuses, period=period, start=date.min, end=on)
    carried: RunState | None = None
    if settled is not None and period is not None:
        since, before = settled
        recent = count(statuses, period=period, start=since, end=on)
        on_track, off_plan = before.on_track + recent.on_track, before.off_plan + recent.off_plan
        days = (period[1] - period[0]).days + 1
        all_time = Counts(on_track, off_plan, days - on_track - off_plan)
        carried = before.runs
    continuous = longest = None
    if profile.continuous_days and spec is not None:
        continuous, longest = runs(statuses, today=on, carried=carried)
    reached, upcoming = milestones(all_time.on_track) if spec is not None else (None, None)
    return GoalProgress(
        goal=goal,
        spec=spec,
        statuses=statuses,
        week=count(statuses, period=period, start=monday, end=on),
        month=count(statuses, period=period, start=on.replace(day=1), end=on),
        all_time=all_time,
        window=count(statuses, period=period, start=window_start, end=on),
        continuous=continuous,
        longest=longest,
        milestone=reached,
        next_milestone=upcoming,
        steps_done=steps[0],
        steps_total=steps[1],
    )


def scope_of_goal(goal: Goal | None, journal: Journal, profile: Profile) -> Scope:
    """The scope a goal is measured in: its substance and unit, or everything."""
    substance = goal.substance if goal is not None else None
    if substance is None:
        return Scope(None, _("Everything I use"), False, "", _("use days"))
    if substance.pk in journal.alcohol_ids:
        return Scope(substance.pk, substance.name, True, Unit.DRINK, _("drinks"))
    unit = goal.limit_unit if goal is not None and goal.limit_unit else substance.default_unit
    return Scope(substance.pk, substance.name, False, unit, str(Unit(unit).label))


def _in_scope(scope: Scope, substance_id: int) -> bool:
    return scope.substance_id is None or scope.substance_id == substance_id


def _journal_summaries(
    scope: Scope, journal: Journal, *, start: date, end: date, profile: Profile, alcohol: bool
) -> dict[str, TlfbSummary | PeriodSummary]:
    records: dict[date, DayRecord] = {}
    grams: dict[date, float] = {}
    for day in journal.reported_between(start, end):
        uses = journal.uses_on(day, scope.substance_id)
        records[day] = DayRecord(
            used=bool(uses),
            harms=sum(len(use.harms) for use in uses),
            care_actions=sum(len(use.care) for use in uses),
            wellbeing=journal.wellbeing.get(day),
        )
        if alcohol:
            grams[day] = sum(
                use.grams or 0.0 for use in uses if use.substance_id in journal.alcohol_ids
            )
    return window_summaries(records, grams, start=start, end=end, profile=profile, alcohol=alcohol)


def window_summaries(
    records: dict[date, DayRecord],
    grams: dict[date, float],
    *,
    start: date,
    end: date,
    profile: Profile,
    alcohol: bool,
) -> dict[str, TlfbSummary | PeriodSummary]:
    """The period summary of a window's reported days, and its TLFB summary for alcohol."""
    summaries: dict[str, TlfbSummary | PeriodSummary] = {
        "period": period_summary(records, start=start, end=end)
    }
    if alcohol:
        summaries["tlfb"] = tlfb_summary(
            grams,
            start=start,
            end=end,
            sex=profile.sex_for_measures,
            grams_per_drink=profile.grams_per_drink,
        )
    return summaries


def _baseline_summaries(
    scope: Scope,
    rows: list[tuple[date, int, float, float | None]],
    journal: Journal,
    *,
    start: date,
    end: date,
    profile: Profile,
    alcohol: bool,
) -> dict[str, TlfbSummary | PeriodSummary]:
    # A calendar day is reported, and a use day when any amount on it is above 0; it holds no
    # harms, care actions or wellbeing. Counted directly: no record per day is needed.
    reported: set[date] = set()
    used: set[date] = set()
    grams: dict[date, float] = {}
    for day, substance_id, amount, alcohol_grams in rows:
        if not start <= day <= end or not _in_scope(scope, substance_id):
            continue
        reported.add(day)
        if amount > 0:
            used.add(day)
        if alcohol and substance_id in journal.alcohol_ids:
            value = alcohol_grams if alcohol_grams is not None else amount * profile.grams_per_drink
            grams[day] = grams.get(day, 0.0) + value
    summaries: dict[str, TlfbSummary | PeriodSummary] = {
        "period": period_from_totals(
            days_in_window(start, end),
            reported=len(reported),
            use_days=len(used),
            harms=0,
            care_actions=0,
            wellbeing_days=0,
            wellbeing_total=0,
        )
    }
    if alcohol:
        summaries["tlfb"] = tlfb_summary(
            grams,
            start=start,
            end=end,
            sex=profile.sex_for_measures,
            grams_per_drink=profile.grams_per_drink,
        )
    return summaries


def _compare(
    before: dict[str, TlfbSummary | PeriodSummary],
    after: dict[str, TlfbSummary | PeriodSummary],
    *,
    period_measures: tuple[str, ...] | None,
    skip_use_days: bool,
) -> list[ChangeText]:
    changes = []
    if "tlfb" in before and "tlfb" in after:
        changes.extend(_held(compare(before["tlfb"], after["tlfb"]), before["tlfb"], after["tlfb"]))
    period = _held(compare(before["period"], after["period"]), before["period"], after["period"])
    for change in period:
        if period_measures is not None and change.measure not in period_measures:
            continue
        # For alcohol alone, "use days" repeats "days without drinking".
        if skip_use_days and change.measure == "percent_use_days":
            continue
        changes.append(change)
    return describe_all(changes)


def enough(summary: TlfbSummary | PeriodSummary) -> bool:
    """Whether a period has the reported days a comparison needs (the one rule, ENOUGH_DAYS)."""
    return summary.days_reported >= ENOUGH_DAYS


def _held(
    changes: list[Change], before: TlfbSummary | PeriodSummary, after: TlfbSummary | PeriodSummary
) -> list[Change]:
    """The changes as measured when both periods have enough days; else each one 'unknown'."""
    if enough(before) and enough(after):
        return changes
    return [replace(change, direction="unknown", levels_down=None) for change in changes]


def now_start(start: date, baseline_end: date | None) -> date:
    """The first day of a "now" window compared with the baseline: never inside the calendar."""
    if baseline_end is not None and start <= baseline_end:
        return baseline_end + timedelta(days=1)
    return start


def contradictions(
    baseline_rows: list[tuple[date, int, float, float | None]],
    journal: Journal,
    *,
    start: date,
    end: date,
) -> list[Contradiction]:
    """Days where the calendar and the journal disagree about use, oldest first.

    The calendar says some use and a check-in says 'no use'; or the calendar says none (0) and
    the journal has an entry of that substance. Only days the journal holds are looked at.
    """
    found = []
    for day, substance_id, amount, _grams in sorted(baseline_rows):
        if not start <= day <= end:
            continue
        says = None
        if amount > 0 and day in journal.no_use:
            says = "no_use"
        elif amount == 0 and journal.uses_on(day, substance_id):
            says = "used"
        if says is None:
            continue
        name, unit = journal.substances.get(substance_id, ("", "dose"))
        if substance_id in journal.alcohol_ids:
            unit = Unit.DRINK
        found.append(Contradiction(day, substance_id, name, amount, unit, says))
    return found


def scope_progress(
    scope: Scope,
    journal: Journal,
    baseline_rows: list[tuple[date, int, float, float | None]],
    *,
    profile: Profile,
    on: date,
    days: int,
) -> ScopeProgress:
    """Against the baseline calendar and the previous window of the same length; insights."""
    start = on - timedelta(days=days - 1)
    previous_end = start - timedelta(days=1)
    previous_start = previous_end - timedelta(days=days - 1)
    has_alcohol_baseline = any(row[1] in journal.alcohol_ids for row in baseline_rows)
    has_alcohol_uses = scope.substance_id is None and any(
        substance_id in journal.alcohol_ids for substance_id in journal.ever_used
    )
    alcohol = scope.is_alcohol or (
        scope.substance_id is None and (has_alcohol_uses or has_alcohol_baseline)
    )
    after = _journal_summaries(
        scope, journal, start=start, end=on, profile=profile, alcohol=alcohol
    )
    before = _journal_summaries(
        scope, journal, start=previous_start, end=previous_end, profile=profile, alcohol=alcohol
    )
    against_previous = Comparison(
        previous_start,
        previous_end,
        start,
        on,
        _compare(before, after, period_measures=None, skip_use_days=scope.is_alcohol),
        before,
        after,
    )
    against_baseline = None
    if profile.baseline_start and profile.baseline_end and baseline_rows:
        # The "now" of this comparison starts after the calendar ends: no day is in both.
        first = now_start(start, profile.baseline_end)
        after_baseline = after
        if first != start:
            # (A calendar reaching today leaves an empty "now": nothing to compare yet.)
            after_baseline = _journal_summaries(
                scope, journal, start=first, end=max(first, on), profile=profile, alcohol=alcohol
            )
        base = _baseline_summaries(
            scope,
            baseline_rows,
            journal,
            start=profile.baseline_start,
            end=profile.baseline_end,
            profile=profile,
            alcohol=alcohol,
        )
        against_baseline = Comparison(
            profile.baseline_start,
            profile.baseline_end,
            first,
            on,
            _compare(
                base,
                after_baseline,
                period_measures=BASELINE_PERIOD_MEASURES,
                skip_use_days=scope.is_alcohol,
            ),
            base,
            after_baseline,
        )
    # Amounts only add up within one substance: for "everything", the most logged one.
    insight_scope = scope if scope.substance_id is not None else most_logged(journal)
    insights: list[Insight] = []
    if insight_scope is not None:
        insights = insights_for(
            journal,
            substance_id=insight_scope.substance_id,  # type: ignore[arg-type]
            unit=insight_scope.unit,
            unit_words=insight_scope.unit_words,
            is_alcohol=insight_scope.is_alcohol,
            grams_per_drink=profile.grams_per_drink,
            until=on,
        )
    return ScopeProgress(scope, against_baseline, against_previous, insights, insight_scope)


def most_logged(journal: Journal) -> Scope | None:
    """The substance with the most use days, as a scope in its usual unit."""
    days = journal.ever_used
    if not days:
        return None
    substance_id = max(days, key=lambda pk: (days[pk], -pk))
    stored, unit = journal.substances.get(substance_id, ("", "dose"))
    name = shown_name(stored)
    if substance_id in journal.alcohol_ids:
        return Scope(substance_id, name, True, Unit.DRINK, _("drinks"))
    return Scope(substance_id, name, False, unit, str(Unit(unit).label))


def long_view(
    item: GoalProgress | None,
    scope: Scope,
    journal: Journal,
    *,
    on: date,
    profile: Profile,
    weeks: int = LONG_VIEW_WEEKS,
) -> list[LongViewWeek]:
    """The last `weeks` Monday-to-Sunday weeks, day by day, for the heat map and weekly totals.

    The view starts with the week where the person's data starts (the first reported day or the
    goal's start, whichever is earlier): a goal three days old shows one week, not six months of
    empty ones.
    """
    first = on - timedelta(days=on.weekday() + 7 * (weeks - 1))
    statuses = item.statuses if item is not None else {}
    spec = item.spec if item is not None else None
    period = spec.period(on) if spec is not None else None
    goal_start = [period[0]] if period is not None else []
    data_starts = min([*journal.reported_between(first, on)[:1], *goal_start], default=on)
    first = max(first, data_starts - timedelta(days=data_starts.weekday()))
    weeks = (on - first).days // 7 + 1
    reported = set(journal.reported_between(first, on))
    out = []
    for week in range(weeks):
        monday = first + timedelta(days=7 * week)
        cells = []
        on_track = off_plan = not_reported = 0
        total = 0.0
        for offset in range(7):
            day = monday + timedelta(days=offset)
            if day > on:
                break
            uses = journal.uses_on(day, scope.substance_id)
            if scope.unit:
                amount = day_amount(
                    uses,
                    unit=scope.unit,
                    is_alcohol=scope.is_alcohol,
                    grams_per_drink=profile.grams_per_drink,
                )
            else:
                amount = 1.0 if uses else 0.0
            total += amount
            if item is None:
                # No goal about use: days are only reported or not.
                state = "on_track" if day in reported else "not_reported"
            elif period is None or not period[0] <= day <= period[1]:
                state = "outside"
            elif day in statuses:
                state = "on_track" if statuses[day] else "off_plan"
            else:
                state = "not_reported"
            if state == "on_track":
                on_track += 1
            elif state == "off_plan":
                off_plan += 1
            elif state == "not_reported":
                not_reported += 1
            cells.append(LongViewDay(day, state, amount))
        out.append(LongViewWeek(monday, cells, on_track, off_plan, not_reported, total))
    return out


def _in_order(items: list[GoalProgress], on: date) -> None:
    """Current goals first (use goals, then personal ones), then earlier goals, latest first."""
    items.sort(
        key=lambda g: (
            not g.goal.is_active,
            not g.goal.is_use_goal,
            -(g.goal.ended_on or on).toordinal(),
        )
    )


def progress_for(
    person: User,
    *,
    days: int = 28,
    on: date | None = None,
    selected_id: int | None = None,
    every_scope: bool = True,
    with_steps: bool = False,
) -> Progress:
    """Everything the progress page and /api/v1/progress show, in a fixed number of queries.

    With every_scope off, only the selected goal's substance is compared (what the page shows).
    With with_steps, each goal's steps are read too (the API lists them; the page counts them).
    """
    if not 1 <= days <= MAX_DAYS:
        raise ValueError(f"days must be from 1 to {MAX_DAYS}")
    on = on or today()
    profile = profile_of(person)
    goals = list((goals_with_steps if with_steps else goals_with_substance)(person))
    recent, items = _goal_items(person, goals, profile=profile, on=on, days=days)
    journal = recent.journal
    baseline_rows = baseline_days_for(person) if profile.baseline_start else []
    disagree: list[Contradiction] = []
    if profile.baseline_start and profile.baseline_end and baseline_rows:
        disagree = contradictions(
            baseline_rows, journal, start=profile.baseline_start, end=profile.baseline_end
        )
        # Until the person resolves them, those days are left out of the calendar's side.
        left_out = {(c.day, c.substance_id) for c in disagree}
        baseline_rows = [row for row in baseline_rows if (row[0], row[1]) not in left_out]
    window_start = on - timedelta(days=days - 1)
    _in_order(items, on)
    use_items = [g for g in items if g.goal.is_use_goal]
    selected = next((g for g in use_items if g.goal.pk == selected_id), None)
    if selected is None:
        selected = next((g for g in use_items if g.goal.is_active), None)
    scopes: dict[int | None, ScopeProgress] = {}
    for item in use_items if every_scope else []:
        if item.goal.substance_id not in scopes:
            scope = scope_of_goal(item.goal, journal, profile)
            scopes[scope.substance_id] = scope_progress(
                scope, journal, baseline_rows, profile=profile, on=on, days=days
            )
    selected_scope_id = selected.goal.substance_id if selected else None
    if selected_scope_id not in scopes:
        scope = scope_of_goal(selected.goal if selected else None, journal, profile)
        scopes[selected_scope_id] = scope_progress(
            scope, journal, baseline_rows, profile=profile, on=on, days=days
        )
    scope = scopes[selected_scope_id]
    previous_end = window_start - timedelta(days=1)
    baseline = (
        (profile.baseline_start, profile.baseline_end)
        if profile.baseline_start and profile.baseline_end
        else None
    )
    weeks = long_view(selected, scope.scope, journal, on=on, profile=profile)
    recent.save(on=on)  # the weeks read and what was computed from them, for the next view
    return Progress(
        today=on,
        days=days,
        window_start=window_start,
        previous_start=previous_end - timedelta(days=days - 1),
        previous_end=previous_end,
        profile=profile,
        goals=items,
        selected=selected,
        scope=scope,
        weeks=weeks,
        baseline=baseline,
        scopes=scopes,
        days_reported=journal.days_reported or 0,
        contradictions=disagree,
    )


def goals_overview(person: User, *, on: date | None = None) -> list[GoalProgress]:
    """Every goal of the person with its counts (no comparisons): for the goal pages."""
    on = on or today()
    profile = profile_of(person)
    recent, items = _goal_items(
        person, list(goals_with_substance(person)), profile=profile, on=on, days=28
    )
    recent.save(on=on)
    _in_order(items, on)
    return items


def recent_start(on: date, days: int) -> date:
    """The Monday from which the raw journal is read: enough for every window shown.

    The windows compared (twice `days`), the insights' year and the long view's weeks; all-time
    counts come from the digest, so the cost of a page does not grow with years of history.
    """
    first = on - timedelta(days=max(2 * days, INSIGHT_DAYS, 7 * LONG_VIEW_WEEKS))
    return first - timedelta(days=first.weekday())


def _goal_items(
    person: User, goals: list[Goal], *, profile: Profile, on: date, days: int
) -> tuple[Recent, list[GoalProgress]]:
    """The recent journal (with all-time totals from the digest) and each goal's counts."""
    since = recent_start(on, days)
    recent = recent_journal(person, since=since, on=on)
    journal = recent.journal
    specs = {goal.pk: spec for goal in goals if (spec := spec_of(goal, journal)) is not None}
    # All time = the settled history before `since` (tallies over the digest) + the recent days.
    settled = settled_counts(
        person,
        specs,
        through=since - timedelta(days=1),
        grams_per_drink=profile.grams_per_drink,
        runs=profile.continuous_days,
    )
    # A goal that starts after `since` has no settled history: nothing carried.
    nothing = Settled(0, 0, None)
    window_start = on - timedelta(days=days - 1)
    steps = step_counts(goals)
    items = [
        goal_progress(
            goal,
            journal,
            on=on,
            window_start=window_start,
            profile=profile,
            settled=(since, settled.get(goal.pk, nothing)),
            steps=steps.get(goal.pk, (0, 0)),
        )
        for goal in goals
    ]
    return recent, items
