"""All-time counts read from the digest equal the day rules run over the whole raw journal."""

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
from waypoint.goals.models import Goal, GoalTally
from waypoint.goals.progress import spec_of
from waypoint.goals.rules import Counts, GoalSpec, count, day_statuses
from waypoint.goals.selectors import all_time_counts, journal_for
from waypoint.journal.models import CheckIn, DayDigest, Entry
from waypoint.journal.services import (
    checkin_set,
    entry_create,
    entry_delete,
    entry_update,
    substance_for,
)

FIRST = date(2026, 8, 5)  # a Wednesday: goals and weeks start mid-week too
ON = FIRST + timedelta(days=24)
GRAMS_PER_DRINK = 14.0

use = st.tuples(
    st.integers(0, 13),
    st.sampled_from(
        [
            ("alcohol", "drink"),
            ("alcohol", "ml"),
            ("cannabis", "joint"),
            ("cannabis", "g"),
            ("cannabis", "mg"),
        ]
    ),
    st.sampled_from(["0.5", "1", "2", "3", "250", "1500"]),
    st.lists(st.sampled_from(["blackout", "used_alone"]), max_size=2),
    st.lists(st.sampled_from(["water", "ate_first"]), max_size=2),
)
spec = st.builds(
    lambda kind, substance, start, length, limit, unit, dpw, avoid, care: (
        kind,
        substance,
        FIRST + timedelta(days=start),
        None if length is None else FIRST + timedelta(days=start + length),
        limit,
        unit,
        dpw,
        frozenset(avoid),
        frozenset(care),
    ),
    st.sampled_from(["abstain", "cut_down", "safer", "observe"]),
    st.sampled_from(["alcohol", "cannabis", None]),
    st.integers(0, 12),
    st.none() | st.integers(0, 15),
    st.none() | st.sampled_from([0.5, 1.0, 2.0, 3.0, 1000.0]),
    st.sampled_from(["drink", "joint", "g", "mg"]),
    st.none() | st.integers(1, 2),
    st.lists(st.sampled_from(["blackout", "used_alone", "overdose"]), max_size=2),
    st.lists(st.sampled_from(["water", "ate_first", "safe_ride"]), max_size=2),
)


@pytest.mark.django_db
@settings(
    max_examples=50, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    uses=st.lists(use, min_size=3, max_size=14),
    no_use_days=st.lists(st.integers(0, 20), max_size=6),
    deleted=st.lists(st.integers(0, 11), max_size=2),
    specs=st.lists(spec, min_size=1, max_size=4),
)
def test_all_time_counts_match_the_day_rules_over_the_raw_journal(
    alice: User, uses: list, no_use_days: list, deleted: list, specs: list
) -> None:
    Entry.objects.filter(user=alice).delete()
    CheckIn.objects.filter(user=alice).delete()
    DayDigest.objects.filter(user=alice).delete()
    made = []
    for n, (slug, unit), amount, harms, care in uses:
        extra = {"abv_percent": 12.0} if unit == "ml" else {}
        entry, _created = entry_create(
            user=alice,
            substance=substance_for(alice, slug),
            day=FIRST + timedelta(days=n),
            amount=Decimal(amount),
            unit=unit,
            harms=harms,
            care_actions=care,
            confirm_unusual=True,  # random test amounts, not a person's typing
            **extra,
        )
        made.append(entry)
    for index in deleted:
        if index < len(made) and made[index] is not None:
            entry_delete(entry=made[index])
            made[index] = None
    for n in no_use_days:
        with contextlib.suppress(ValidationError):  # 'no use' on a day with entries
            checkin_set(user=alice, day=FIRST + timedelta(days=n), no_use=True)
    whole = journal_for(alice)
    ids = {"alcohol": substance_for(alice, "alcohol").pk, "cannabis": None}
    ids["cannabis"] = substance_for(alice, "cannabis").pk
    goals = {}
    for pk, (kind, slug, start, end, limit, unit, dpw, avoid, care) in enumerate(specs):
        goals[pk] = GoalSpec(
            kind=kind,
            substance_id=ids[slug] if slug else None,
            start=start,
            end=end,
            is_alcohol=slug == "alcohol",
            daily_limit=limit if kind == "cut_down" else None,
            limit_unit=("drink" if slug == "alcohol" else unit) if kind == "cut_down" else "",
            days_per_week=dpw if kind == "cut_down" else None,
            avoid_harms=avoid if kind == "safer" else frozenset(),
            practice_care=care if kind == "safer" else frozenset(),
        )
    found = all_time_counts(alice, goals, on=ON, grams_per_drink=GRAMS_PER_DRINK)
    for pk, goal in goals.items():
        statuses = day_statuses(goal, whole, today=ON, grams_per_drink=GRAMS_PER_DRINK)
        expected = count(statuses, period=goal.period(ON), start=date.min, end=ON)
        assert found[pk] == expected, (goal, statuses)


def _expected(user: User, goal: Goal, on: date) -> Counts:
    spec = spec_of(goal, journal_for(user))
    assert spec is not None
    statuses = day_statuses(spec, journal_for(user), today=on, grams_per_drink=14.0)
    return count(statuses, period=spec.period(on), start=date.min, end=on)


@pytest.mark.django_db
def test_all_time_counts_stay_exact_as_weeks_pass_and_old_days_are_edited(alice: User) -> None:
    start = date(2024, 1, 3)
    goal = set_goal(
        alice,
        "cut_down",
        start=start,
        substance=substance_for(alice, "alcohol"),
        daily_limit=Decimal(2),
        limit_unit="drink",
        days_per_week=3,
    )
    entries = [log(alice, start + timedelta(days=n), 1 + n % 4) for n in range(0, 640, 3)]
    for n in range(1, 640, 7):
        if n % 3:
            no_use(alice, start + timedelta(days=n))
    on = start + timedelta(days=700)
    for week in range(3):  # the settled part moves forward a week at a time
        day = on + timedelta(days=7 * week)
        assert progress_of(alice, goal, on=day).all_time == _expected(alice, goal, day)
    assert GoalTally.objects.filter(goal=goal).exists()
    later = on + timedelta(days=14)
    # Backdate an old entry to another old day, make another heavier, delete a third.
    entry_update(entry=entries[2], day=start + timedelta(days=5))
    entry_update(entry=entries[10], amount=Decimal(6))
    entry_delete(entry=entries[20])
    assert progress_of(alice, goal, on=later).all_time == _expected(alice, goal, later)
    checkin_set(user=alice, day=start + timedelta(days=2), no_use=True)
    assert progress_of(alice, goal, on=later).all_time == _expected(alice, goal, later)
