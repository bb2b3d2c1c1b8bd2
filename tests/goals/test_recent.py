"""The recent journal kept between views equals a fresh read, whatever was written in between."""

from __future__ import annotations

import contextlib
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.factories import log
from waypoint.accounts.models import User
from waypoint.goals.insights import insights_for
from waypoint.goals.recent import forget_all, recent_journal
from waypoint.goals.rules import GoalSpec, Journal, day_statuses
from waypoint.goals.selectors import journal_for
from waypoint.journal.models import CheckIn, DayDigest, DigestChange, DigestTotal, Entry
from waypoint.journal.services import checkin_set, entry_delete, entry_update, substance_for

SINCE = date(2026, 6, 1)  # a Monday
ON = SINCE + timedelta(days=7 * 9 + 2)  # a Wednesday ten weeks on
SPAN = 7 * 10 + 3  # days written: a few before SINCE, up to a few after ON

operation = st.one_of(
    st.tuples(
        st.just("log"),
        st.integers(-3, SPAN),
        st.sampled_from(["1", "2", "4", "7"]),
        st.sampled_from(["", "home", "bar"]),
        st.none() | st.booleans(),
        st.lists(st.sampled_from(["blackout", "used_alone"]), max_size=1),
    ),
    st.tuples(st.just("move"), st.integers(0, 30), st.integers(-3, SPAN)),
    st.tuples(st.just("heavier"), st.integers(0, 30)),
    st.tuples(st.just("delete"), st.integers(0, 30)),
    st.tuples(st.just("no_use"), st.integers(-3, SPAN), st.integers(1, 9)),
    st.tuples(st.just("view")),
)


# The recent journal covers the Monday `since` to the Sunday after the day viewed: no view reads
# a day after the day viewed.
LAST = ON + timedelta(days=6 - ON.weekday())


def _shape(journal: Journal) -> tuple[Any, ...]:
    """The journal's days in the recent stretch as comparable values (uses in a fixed order)."""
    uses = {
        day: sorted(tuple(str(v) for v in use) for use in found)
        for day, found in journal.uses.items()
        if SINCE <= day <= LAST
    }
    return (
        uses,
        {d for d in journal.no_use if SINCE <= d <= LAST},
        {d: w for d, w in journal.wellbeing.items() if SINCE <= d <= LAST},
    )


def _specs(alice: User) -> list[GoalSpec]:
    alcohol = substance_for(alice, "alcohol").pk
    start = SINCE + timedelta(days=3)  # mid-week
    return [
        GoalSpec("cut_down", alcohol, start, None, True, 2.0, "drink", 3),
        GoalSpec("abstain", None, SINCE - timedelta(days=30), ON - timedelta(days=10)),
        GoalSpec("safer", alcohol, start, None, True, avoid_harms=frozenset({"blackout"})),
        GoalSpec("observe", alcohol, SINCE + timedelta(days=20), None, True),
    ]


def _same_as_fresh(alice: User, specs: list[GoalSpec]) -> None:
    recent = recent_journal(alice, since=SINCE, on=ON)
    fresh = journal_for(alice, since=SINCE)
    assert _shape(recent.journal) == _shape(fresh)
    for spec in specs:
        kept = day_statuses(spec, recent.journal, today=ON, grams_per_drink=14.0)
        assert kept == day_statuses(spec, fresh, today=ON, grams_per_drink=14.0), spec
        assert list(kept) == sorted(kept)  # in date order, as `count` needs
    alcohol = substance_for(alice, "alcohol").pk
    args = {
        "substance_id": alcohol,
        "unit": "drink",
        "unit_words": "drinks",
        "is_alcohol": True,
        "grams_per_drink": 14.0,
        "until": ON,
    }
    kept_insights, fresh_insights = (
        insights_for(recent.journal, **args),
        insights_for(fresh, **args),
    )
    assert [(i.factor, i.value, i.days_with, i.days_without) for i in kept_insights] == [
        (i.factor, i.value, i.days_with, i.days_without) for i in fresh_insights
    ]
    for a, b in zip(kept_insights, fresh_insights, strict=True):
        assert a.amount_with == pytest.approx(b.amount_with, abs=1e-9)
        assert a.amount_without == pytest.approx(b.amount_without, abs=1e-9)
        assert a.harms_with == pytest.approx(b.harms_with, abs=1e-9)
    recent.save(on=ON)


@pytest.mark.django_db
@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(operations=st.lists(operation, min_size=1, max_size=25))
def test_the_kept_recent_journal_equals_a_fresh_read_after_any_writes(
    alice: User, operations: list[tuple[Any, ...]]
) -> None:
    for model in (Entry, CheckIn, DayDigest, DigestTotal, DigestChange):
        model.objects.filter(user=alice).delete()
    forget_all()
    specs = _specs(alice)
    _same_as_fresh(alice, specs)  # kept empty, then written to
    made: list[Entry | None] = []
    for op in operations:
        kind = op[0]
        if kind == "log":
            _kind, n, amount, place, ate, harms = op
            made.append(
                log(
                    alice,
                    SINCE + timedelta(days=n),
                    amount,
                    place=place,
                    ate_before=ate,
                    harms=harms,
                )
            )
        elif kind in ("move", "heavier", "delete"):
            index = op[1]
            if index >= len(made) or made[index] is None:
                continue
            entry = made[index]
            assert entry is not None
            if kind == "move":
                made[index] = entry_update(entry=entry, day=SINCE + timedelta(days=op[2]))
            elif kind == "heavier":
                made[index] = entry_update(entry=entry, amount=entry.amount + Decimal(3))
            else:
                entry_delete(entry=entry)
                made[index] = None
        elif kind == "no_use":
            with contextlib.suppress(ValidationError):  # not on a day with entries
                checkin_set(
                    user=alice, day=SINCE + timedelta(days=op[1]), no_use=True, wellbeing=op[2]
                )
        else:
            _same_as_fresh(alice, specs)
    _same_as_fresh(alice, specs)


@pytest.mark.django_db
def test_a_rebuilt_digest_reads_every_week_again(alice: User) -> None:
    """A write that skips the services and then a rebuild (bulk imports) is seen."""
    from waypoint.journal.digest import rebuild

    forget_all()
    log(alice, SINCE + timedelta(days=2), 1)
    _same_as_fresh(alice, [])
    entry = Entry.objects.get(user=alice)
    Entry.objects.filter(pk=entry.pk).update(day=SINCE + timedelta(days=20), place="bar")
    rebuild(alice.pk)
    _same_as_fresh(alice, [])
    assert set(recent_journal(alice, since=SINCE, on=ON).journal.uses) == {
        SINCE + timedelta(days=20)
    }
