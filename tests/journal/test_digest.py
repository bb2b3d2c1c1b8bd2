"""The per-day digest always equals a fresh computation from the raw journal."""

from __future__ import annotations

import contextlib
import io
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from waypoint.accounts.models import User
from waypoint.journal import attention
from waypoint.journal.digest import as_tuples, fresh_digest, rebuild, stored_totals, totals_of
from waypoint.journal.models import CheckIn, DayDigest, Entry
from waypoint.journal.services import (
    checkin_set,
    entry_create,
    entry_delete,
    entry_update,
    substance_for,
)

FIRST = date(2026, 9, 28)  # a Monday; ten days from here cross a week boundary
day_index = st.integers(min_value=0, max_value=9)
harms = st.lists(st.sampled_from(["blackout", "used_alone", "overdose"]), max_size=2)
care = st.lists(st.sampled_from(["water", "ate_first"]), max_size=2)
create = st.tuples(
    st.just("create"),
    day_index,
    st.sampled_from(["alcohol", "cannabis"]),
    st.integers(min_value=1, max_value=9),
    harms,
    care,
)
edit = st.tuples(
    st.just("edit"),
    st.integers(min_value=0, max_value=20),
    day_index,
    st.integers(min_value=1, max_value=9),
    st.sampled_from(["alcohol", "cannabis", None]),
    st.none() | harms,  # None: the harms stay as they were
)
delete = st.tuples(st.just("delete"), st.integers(min_value=0, max_value=20))
checkin = st.tuples(
    st.just("checkin"), day_index, st.booleans(), st.none() | st.integers(min_value=0, max_value=10)
)
operations = st.lists(st.one_of(create, edit, delete, checkin), min_size=1, max_size=14)


def stored(user: User) -> set[tuple[object, ...]]:
    return as_tuples(DayDigest.objects.filter(user=user))


@pytest.mark.django_db
@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(steps=operations)
def test_digest_equals_a_fresh_computation_after_any_writes(alice: User, steps: list) -> None:
    Entry.objects.filter(user=alice).delete()
    CheckIn.objects.filter(user=alice).delete()
    rebuild(alice.pk)  # an empty journal: no digest, no totals
    for step in steps:
        kind = step[0]
        entries = list(Entry.objects.filter(user=alice).order_by("created_at", "id"))
        if kind == "create":
            _kind, n, slug, amount, harm_codes, care_codes = step
            entry_create(
                user=alice,
                substance=substance_for(alice, slug),
                day=FIRST + timedelta(days=n),
                amount=Decimal(amount),
                unit="drink" if slug == "alcohol" else "joint",
                harms=harm_codes,
                care_actions=care_codes,
                confirm_unusual=True,  # many random entries on one day
            )
        elif kind == "edit" and entries:
            _kind, which, n, amount, slug, harm_codes = step
            entry = entries[which % len(entries)]
            substance = substance_for(alice, slug) if slug else None
            changed = {} if harm_codes is None else {"harms": harm_codes}
            entry_update(
                entry=entry,
                substance=substance,
                day=FIRST + timedelta(days=n),  # backdating (or moving forward) a day
                amount=Decimal(amount),
                unit=None if substance is None else substance.default_unit,
                confirm_unusual=True,
                **changed,
            )
        elif kind == "delete" and entries:
            entry_delete(entry=entries[step[1] % len(entries)])
        elif kind == "checkin":
            _kind, n, flag, wellbeing = step
            # 'no use' on a day with entries is refused, and nothing is written
            with contextlib.suppress(ValidationError):
                checkin_set(
                    user=alice, day=FIRST + timedelta(days=n), no_use=flag, wellbeing=wellbeing
                )
        fresh = fresh_digest(alice.pk)
        assert stored(alice) == as_tuples(fresh)
        assert stored_totals(alice.pk) == totals_of(fresh)


def test_rebuild_digest_command_recomputes_from_raw_entries(alice: User) -> None:
    entry_create(
        user=alice, substance=substance_for(alice, "alcohol"), day=FIRST, amount=Decimal(2)
    )
    checkin_set(user=alice, day=FIRST + timedelta(days=1), no_use=True)
    expected = stored(alice)
    DayDigest.objects.filter(user=alice).delete()  # as after a bulk import
    call_command("rebuild_digest", stdout=io.StringIO(), stderr=io.StringIO())
    assert stored(alice) == expected
    assert stored_totals(alice.pk) == {None: 2, substance_for(alice, "alcohol").pk: 1}
    assert len(expected) == 3  # two day rows, one alcohol row


@pytest.mark.parametrize("write", ["entry", "check-in", "edit", "delete"])
def test_the_digest_is_written_in_the_same_transaction_as_the_write(
    alice: User, monkeypatch: pytest.MonkeyPatch, write: str
) -> None:
    entry, _created = entry_create(
        user=alice, substance=substance_for(alice, "alcohol"), day=FIRST, amount=Decimal(2)
    )
    before = (stored(alice), list(Entry.objects.filter(user=alice).values()))

    def fails(user_id: int) -> None:  # the digest's last step, after its rows are written
        raise RuntimeError("the write fails after the digest rows")

    monkeypatch.setattr(attention, "refresh_journal", fails)
    with pytest.raises(RuntimeError):
        if write == "entry":
            entry_create(
                user=alice, substance=substance_for(alice, "cannabis"), day=FIRST, amount=Decimal(1)
            )
        elif write == "check-in":
            checkin_set(user=alice, day=FIRST + timedelta(days=1), no_use=True)
        elif write == "edit":
            entry_update(entry=entry, day=FIRST + timedelta(days=2), confirm_unusual=True)
        else:
            entry_delete(entry=entry)
    # Neither the write nor its digest rows stay: they commit together or not at all.
    assert (stored(alice), list(Entry.objects.filter(user=alice).values())) == before
    assert not CheckIn.objects.filter(user=alice).exists()
