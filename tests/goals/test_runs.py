"""The opt-in days-in-a-row counter, kept with the goal tallies, equals a count over every day."""

from __future__ import annotations

import contextlib
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.factories import log, no_use
from tests.goals.helpers import progress_of, set_goal
from waypoint.accounts.models import User
from waypoint.goals.models import GoalTally
from waypoint.goals.progress import spec_of
from waypoint.goals.rules import GoalSpec, day_statuses, run_state, runs
from waypoint.goals.selectors import journal_for
from waypoint.goals.tally import settled_counts
from waypoint.journal.models import CheckIn, DayDigest, DigestChange, DigestTotal, Entry
from waypoint.journal.services import entry_delete, entry_update, substance_for
from waypoint.journal.services import profile_of as journal_profile

FIRST = date(2026, 3, 4)  # a Wednesday
SUNDAYS = [FIRST + timedelta(days=4 + 7 * n) for n in range(7)]


def _expected(alice: User, spec: GoalSpec, through: date) -> tuple[int, int]:
    end = min(through, spec.end) if spec.end is not None else through
    statuses = day_statuses(spec, journal_for(alice), today=end, grams_per_drink=14.0)
    state = run_state(statuses).through(end)
    return state.current, state.longest


@pytest.mark.django_db
@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    logged=st.lists(st.tuples(st.integers(0, 48), st.sampled_from(["1", "3"])), max_size=12),
    quiet=st.lists(st.integers(0, 48), max_size=30),
    steps=st.lists(
        st.tuples(st.integers(0, 6), st.integers(0, 11), st.integers(0, 48), st.booleans()),
        min_size=1,
        max_size=5,
    ),
    kind=st.sampled_from(["abstain", "cut_down", "observe"]),
    start=st.integers(0, 10),
    length=st.none() | st.integers(5, 40),
)
def test_kept_runs_equal_runs_over_every_day_after_any_writes(
    alice: User,
    logged: list[tuple[int, str]],
    quiet: list[int],
    steps: list[tuple[int, int, int, bool]],
    kind: str,
    start: int,
    length: int | None,
) -> None:
    for model in (Entry, CheckIn, DayDigest, DigestTotal, DigestChange):
        model.objects.filter(user=alice).delete()
    GoalTally.objects.all().delete()
    made: list[Entry | None] = [log(alice, FIRST + timedelta(days=n), a) for n, a in logged]
    for n in quiet:
        with contextlib.suppress(ValidationError):  # not on a day with entries
            no_use(alice, FIRST + timedelta(days=n))
    goal = set_goal(
        alice,
        kind,
        start=FIRST + timedelta(days=start),
        substance=substance_for(alice, "alcohol"),
        **({"daily_limit": Decimal(2), "limit_unit": "drink"} if kind == "cut_down" else {}),
    )
    if length is not None:
        goal.ended_on = goal.started_on + timedelta(days=length)
        goal.save()
    spec = spec_of(goal, journal_for(alice))
    assert spec is not None
    for sunday, index, move_to, counter in steps:
        # Backdate (or delete) an entry between views, then view as of a Sunday.
        if index < len(made) and made[index] is not None:
            entry = made[index]
            assert entry is not None
            if move_to % 5 == 0:
                entry_delete(entry=entry)
                made[index] = None
            else:
                made[index] = entry_update(entry=entry, day=FIRST + timedelta(days=move_to))
        through = SUNDAYS[sunday]
        found = settled_counts(
            alice, {goal.pk: spec}, through=through, grams_per_drink=14.0, runs=counter
        )
        if spec.start > through:
            assert found == {}
            continue
        state = found[goal.pk].runs
        if not counter:
            assert state is None
            continue
        assert state is not None
        assert (state.current, state.longest) == _expected(alice, spec, through)


@pytest.mark.django_db
def test_the_counter_reads_only_recent_days_and_stays_exact_over_years(alice: User) -> None:
    start = date(2024, 1, 3)
    goal = set_goal(alice, "abstain", start=start, substance=substance_for(alice, "alcohol"))
    entries = []
    for n in range(0, 760):
        if n % 97 == 5:
            entries.append(log(alice, start + timedelta(days=n), 2))
        elif n % 53 != 7:
            no_use(alice, start + timedelta(days=n))
    profile = journal_profile(alice)
    profile.continuous_days = True
    profile.save()
    on = start + timedelta(days=770)

    def expected(day: date) -> tuple[int, int]:
        spec = spec_of(goal, journal_for(alice))
        assert spec is not None
        statuses = day_statuses(spec, journal_for(alice), today=day, grams_per_drink=14.0)
        return runs(statuses, today=day)

    for week in range(3):  # the settled part moves forward a week at a time
        day = on + timedelta(days=7 * week)
        item = progress_of(alice, goal, on=day)
        assert (item.continuous, item.longest) == expected(day)
    assert GoalTally.objects.get(goal=goal).runs_known
    # An old day off plan splits the longest run; a deleted one joins two.
    later = on + timedelta(days=14)
    entry_update(entry=entries[1], day=start + timedelta(days=7))
    entry_delete(entry=entries[3])
    item = progress_of(alice, goal, on=later)
    assert (item.continuous, item.longest) == expected(later)
    assert item.longest is not None and item.longest > 0
