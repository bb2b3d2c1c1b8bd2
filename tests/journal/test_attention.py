"""The stored attention state always equals a fresh computation, and so do the reasons it gives.

Random sequences of journal writes (creates, edits, backdates, deletes, check-ins), PHQ-9
answers, baseline calendars and guideline changes; after each, the stored row must equal
`attention.fresh`, and for today and days to come (the WHO windows slide with the calendar) the
reasons read from it in SQL must equal a direct computation: `goals.summary.attention_for` over
the journal digest (itself held to the raw journal by tests/journal/test_digest.py) and the
PHQ-9 answers themselves.
"""

from __future__ import annotations

import contextlib
from datetime import date, datetime, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from waypoint.accounts.models import User
from waypoint.assessments.models import Assessment
from waypoint.assessments.services import assessment_record
from waypoint.goals.summary import REASON_ORDER, attention_for
from waypoint.journal import attention
from waypoint.journal.digest import rebuild
from waypoint.journal.models import Attention, BaselineDay, CheckIn, Entry, today
from waypoint.journal.services import (
    baseline_save,
    checkin_set,
    entry_create,
    entry_delete,
    entry_update,
    substance_for,
)
from waypoint.start.services import start_drinks_set

back = st.integers(min_value=0, max_value=62)  # days before today: both WHO windows and more
harms = st.lists(st.sampled_from(["blackout", "used_alone", "overdose"]), max_size=1)
create = st.tuples(
    st.just("create"),
    back,
    st.sampled_from(["alcohol", "alcohol", "cannabis"]),
    st.integers(min_value=1, max_value=9),
    harms,
)
edit = st.tuples(st.just("edit"), st.integers(min_value=0, max_value=30), back)
delete = st.tuples(st.just("delete"), st.integers(min_value=0, max_value=30))
checkin = st.tuples(st.just("checkin"), back, st.booleans())
phq9 = st.tuples(
    st.just("phq9"), st.integers(min_value=0, max_value=40), st.integers(min_value=0, max_value=3)
)
baseline = st.tuples(
    st.just("baseline"), st.lists(st.integers(min_value=0, max_value=8), max_size=6)
)
guideline = st.tuples(st.just("guideline"), st.sampled_from(["", "female", "male"]))
operations = st.lists(
    st.one_of(create, create, edit, delete, checkin, phq9, baseline, guideline),
    min_size=1,
    max_size=10,
)
LATER = (1, 7, 13, 14, 20, 27, 28, 35, 42, 49, 56)  # days from today to check the reasons on


def reasons_read(user: User, on: date, now: datetime) -> list[str]:
    """The reasons the stored state gives on a day, read in SQL as the caseload reads them."""
    with transaction.atomic():
        attention.refresh_stale([user.pk], on=on)  # what the caseload does first
        conditions = attention.reasons_sql(on, now, connection=connection)
        found = []
        with connection.cursor() as cursor:
            for key in REASON_ORDER:
                condition, params = conditions[key]
                cursor.execute(
                    "SELECT 1 FROM accounts_user u LEFT OUTER JOIN journal_attention a "  # noqa: S608
                    f"ON a.user_id = u.id WHERE u.id = %s AND {condition}",
                    [user.pk, *params],
                )
                if cursor.fetchone():
                    found.append(key)
        transaction.set_rollback(True)  # leave the state as the writes left it
    return found


def reasons_direct(user: User, on: date, now: datetime) -> list[str]:
    """The same, computed from the journal digest and the questionnaires directly."""
    since = now - timedelta(days=28)
    flagged = any(
        "self_harm" in (flags or [])
        for flags in Assessment.objects.filter(
            user=user, instrument="phq9", taken_at__gte=since
        ).values_list("flags", flat=True)
    )
    return (["self_harm"] if flagged else []) + attention_for([user.pk], today=on)[user.pk]


def apply(user: User, step: tuple, now: datetime) -> None:
    kind, day0 = step[0], today()
    entries = list(Entry.objects.filter(user=user).order_by("created_at", "id"))
    if kind == "create":
        _kind, n, slug, amount, harm_codes = step
        entry_create(
            user=user,
            substance=substance_for(user, slug),
            day=day0 - timedelta(days=n),
            amount=Decimal(amount),
            unit="drink" if slug == "alcohol" else "joint",
            harms=harm_codes,
        )
    elif kind == "edit" and entries:
        entry = entries[step[1] % len(entries)]
        entry_update(entry=entry, day=day0 - timedelta(days=step[2]))  # backdate or move on
    elif kind == "delete" and entries:
        entry_delete(entry=entries[step[1] % len(entries)])
    elif kind == "checkin":
        with contextlib.suppress(ValidationError):  # 'no use' on a day with entries
            checkin_set(user=user, day=day0 - timedelta(days=step[1]), no_use=step[2])
    elif kind == "phq9":
        _kind, days_ago, item9 = step
        assessment_record(
            user=user,
            instrument="phq9",
            answers=[1] * 8 + [item9],
            taken_at=now - timedelta(days=days_ago),
        )
    elif kind == "baseline":
        start = day0 - timedelta(days=120)
        baseline_save(
            user=user,
            substance=substance_for(user, "alcohol"),
            start=start,
            end=start + timedelta(days=29),
            amounts={start + timedelta(days=n * 3): float(a) for n, a in enumerate(step[1])},
        )
    elif kind == "guideline":
        start_drinks_set(user=user, country="US", guideline=step[1])


@pytest.mark.django_db
@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(steps=operations)
def test_stored_attention_equals_a_fresh_computation_after_any_writes(
    alice: User, steps: list
) -> None:
    Entry.objects.filter(user=alice).delete()
    CheckIn.objects.filter(user=alice).delete()
    BaselineDay.objects.filter(user=alice).delete()
    Assessment.objects.filter(user=alice).delete()
    start_drinks_set(user=alice, country="US", guideline="")
    rebuild(alice.pk)  # an empty journal
    now = timezone.now()
    for step in steps:
        apply(alice, step, now)
        assert attention.stored(alice.pk) == attention.fresh(alice.pk)
        assert reasons_read(alice, today(), now) == reasons_direct(alice, today(), now), step
    for days in LATER:  # and on the days to come, with no other write
        on = today() + timedelta(days=days)
        later = now + timedelta(days=days)
        assert reasons_read(alice, on, later) == reasons_direct(alice, on, later), days


def test_a_second_stretch_of_a_worse_level_is_recomputed_when_it_comes(alice: User) -> None:
    """Worse now (against the month before), not after ten days, worse again a week later.

    Every window compared holds at least ENOUGH_DAYS reported days, as the rule asks: a week
    with no use (check-ins), two weeks of 4 drinks a day, a week of 1, the last week of 4.
    """
    day0 = today()
    for days_ago in range(28, 35):
        checkin_set(user=alice, day=day0 - timedelta(days=days_ago), no_use=True)
    drinks = {**dict.fromkeys(range(0, 7), 4), **dict.fromkeys(range(7, 14), 1)}
    drinks |= dict.fromkeys(range(14, 21), 4)  # days ago -> drinks
    for days_ago, amount in drinks.items():
        entry_create(
            user=alice,
            substance=substance_for(alice, "alcohol"),
            day=day0 - timedelta(days=days_ago),
            amount=Decimal(amount),
            unit="drink",
        )
    now = timezone.now()
    seen = [
        reasons_read(alice, day0 + timedelta(days=n), now + timedelta(days=n)) for n in range(0, 57)
    ]
    direct = [
        reasons_direct(alice, day0 + timedelta(days=n), now + timedelta(days=n))
        for n in range(0, 57)
    ]
    assert seen == direct
    worse = [n for n, reasons in enumerate(seen) if "who_worse" in reasons]
    # Day 11: the month before has 4 heavier days in it; day 22: the last month holds 6 days.
    assert worse == [*range(0, 11), *range(17, 22)]
    row = Attention.objects.get(user=alice)
    # The first stretch is kept (from the day before, for a reader a time zone behind: not
    # worse there, with 6 days in the month before), to the first day after.
    assert (row.who_from, row.who_until) == (day0, day0 + timedelta(days=11))
    assert row.fresh_until == day0 + timedelta(days=17)  # the day to compute again
