"""The per-day digest of a journal: kept on every write, rebuilt on demand, read by progress.

`digest_rows` is a pure function of a person's raw entries and check-ins for some days; the
write services call `refresh` for the days a write touched, inside the write's transaction, so
the digest never disagrees with the journal. A property test checks that after any sequence of
writes the stored digest equals `digest_rows` over the whole raw journal.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from datetime import date
from decimal import Decimal
from typing import Any, NamedTuple

from django.db import transaction
from django.db.models import F

from waypoint.accounts.models import User
from waypoint.journal import attention
from waypoint.journal.bits import CARE_BITS, HARM_BITS, mask
from waypoint.journal.models import CheckIn, DayDigest, DigestChange, DigestTotal, Entry


class RawUse(NamedTuple):
    day: date
    substance_id: int
    unit: str
    amount: Decimal | float
    grams: float | None
    harms: Any  # list of codes (or its JSON text, from some drivers)
    care: Any


class RawCheckIn(NamedTuple):
    day: date
    no_use: bool
    wellbeing: int | None


def _codes(value: Any) -> list[str]:
    if isinstance(value, str):
        value = json.loads(value)
    return list(value or ())


def monday_ordinal(day: date) -> int:
    return day.toordinal() - day.weekday()


def digest_rows(
    user_id: int,
    uses: Iterable[RawUse],
    checkins: Iterable[RawCheckIn],
    *,
    model: Any = DayDigest,
) -> list[Any]:
    """The digest rows (unsaved) for the days these raw rows cover: a pure computation.

    `model` lets a data migration pass its historical model.
    """
    days: dict[date, Any] = {}
    per_unit: dict[tuple[date, int, str], Any] = {}

    def day_row(day: date) -> Any:
        row = days.get(day)
        if row is None:
            row = days[day] = model(user_id=user_id, day=day, week=monday_ordinal(day))
        return row

    for use in uses:
        harms, care = _codes(use.harms), _codes(use.care)
        whole = day_row(use.day)
        whole.entries += 1
        whole.reported = True
        # The day row sums every substance too: reads about "everything" need one row a day.
        if use.grams is not None:
            whole.grams = (whole.grams or 0.0) + use.grams
        whole.harms += len(harms)
        whole.care_actions += len(care)
        whole.harm_mask |= mask(harms, HARM_BITS)
        whole.care_mask |= mask(care, CARE_BITS)
        key = (use.day, use.substance_id, use.unit)
        row = per_unit.get(key)
        if row is None:
            row = per_unit[key] = model(
                user_id=user_id,
                day=use.day,
                week=monday_ordinal(use.day),
                substance_id=use.substance_id,
                unit=use.unit,
                reported=True,
            )
        row.entries += 1
        row.amount += float(use.amount)
        if use.grams is not None:
            row.grams = (row.grams or 0.0) + use.grams
        row.harms += len(harms)
        row.care_actions += len(care)
        row.harm_mask |= mask(harms, HARM_BITS)
        row.care_mask |= mask(care, CARE_BITS)
    for checkin in checkins:
        whole = day_row(checkin.day)
        whole.no_use = bool(checkin.no_use)
        whole.wellbeing = checkin.wellbeing
        if checkin.no_use:
            whole.reported = True
    return [*days.values(), *per_unit.values()]


def raw_journal(
    user_id: int, days: list[date] | None, *, entry_model: Any = Entry, checkin_model: Any = CheckIn
) -> tuple[Iterator[RawUse], Iterator[RawCheckIn]]:
    """A person's raw uses and check-ins (all, or on some days), as the digest reads them."""
    entries = entry_model.objects.filter(user_id=user_id).order_by()
    checkins = checkin_model.objects.filter(user_id=user_id).order_by()
    if days is not None:
        entries, checkins = entries.filter(day__in=days), checkins.filter(day__in=days)
    uses = (
        RawUse(*row)
        for row in entries.values_list(
            "day", "substance_id", "unit", "amount", "alcohol_grams", "harms", "care_actions"
        ).iterator(chunk_size=2000)
    )
    checks = (
        RawCheckIn(*row)
        for row in checkins.values_list("day", "no_use", "wellbeing").iterator(chunk_size=2000)
    )
    return uses, checks


def fresh_digest(user_id: int) -> list[Any]:
    """The digest computed now from the whole raw journal (what the stored one must equal)."""
    return digest_rows(user_id, *raw_journal(user_id, None))


def totals_of(rows: Iterable[Any]) -> dict[int | None, int]:
    """All-time totals of digest rows: days reported (key None), use days per substance."""
    totals: dict[int | None, int] = {}
    seen: set[tuple[date, int]] = set()
    for row in rows:
        if row.substance_id is None:
            if row.reported:
                totals[None] = totals.get(None, 0) + 1
        elif (row.day, row.substance_id) not in seen:
            seen.add((row.day, row.substance_id))
            totals[row.substance_id] = totals.get(row.substance_id, 0) + 1
    return totals


def _move_totals(user_id: int, delta: dict[int | None, int]) -> None:
    for substance_id, change in delta.items():
        if not change:
            continue
        found = DigestTotal.objects.filter(user_id=user_id, substance_id=substance_id)  # type: ignore[misc]  # django-stubs rejects None for a nullable FK's exact lookup (Django reads it as isnull)
        if not found.update(days=F("days") + change):
            DigestTotal.objects.create(user_id=user_id, substance_id=substance_id, days=change)


def _take_turn(user_id: int) -> None:
    """One person's digest writes take turns (a lock on their user row until commit).

    On PostgreSQL two writes of one day at once (an entry from the phone, a check-in from the
    laptop) would each read the raw day without the other's uncommitted row and both insert its
    digest row (a unique violation), or leave a stale one. Once the first commits, the second
    reads the raw journal afresh, both rows included; the change log's rows of one person also
    commit in order, so a reader's kept weeks never skip one. SQLite serializes writers anyway.
    """
    User.objects.select_for_update().filter(pk=user_id).values_list("pk").first()


@transaction.atomic
def refresh(user_id: int, days: Iterable[date]) -> None:
    """Recompute the stored digest for these days of one person (call inside the write).

    The running totals move by the difference, and each day is logged as changed.
    """
    wanted = sorted(set(days))
    if not wanted:
        return
    _take_turn(user_id)
    stored = DayDigest.objects.filter(user_id=user_id, day__in=wanted)
    before = totals_of(stored.only("day", "substance_id", "reported"))
    stored.delete()
    rows = digest_rows(user_id, *raw_journal(user_id, wanted))
    DayDigest.objects.bulk_create(rows)
    after = totals_of(rows)
    _move_totals(user_id, {k: after.get(k, 0) - before.get(k, 0) for k in before.keys() | after})
    DigestChange.objects.bulk_create(DigestChange(user_id=user_id, day=day) for day in wanted)
    attention.refresh_journal(user_id)


@transaction.atomic
def rebuild(user_id: int) -> int:
    """Recompute one person's whole digest from their raw journal; returns the rows stored."""
    _take_turn(user_id)  # a write of theirs at the same moment waits, then sees the rebuild
    DayDigest.objects.filter(user_id=user_id).delete()
    DigestTotal.objects.filter(user_id=user_id).delete()
    rows = fresh_digest(user_id)
    DayDigest.objects.bulk_create(rows, batch_size=1000)
    DigestTotal.objects.bulk_create(
        DigestTotal(user_id=user_id, substance_id=key, days=days)
        for key, days in totals_of(rows).items()
    )
    # Every day may have changed: whatever was summed over this history is summed again.
    DigestChange.objects.create(user_id=user_id, day=date.min)
    attention.refresh(user_id)
    return len(rows)


def stored_totals(user_id: int) -> dict[int | None, int]:
    return {
        key: days
        for key, days in DigestTotal.objects.filter(user_id=user_id).values_list(
            "substance_id", "days"
        )
        if days
    }


def as_tuples(rows: Iterable[Any]) -> set[tuple[Any, ...]]:
    """Digest rows as comparable tuples (amounts rounded), for checks and tests."""
    return {
        (
            row.day,
            row.week,
            row.substance_id,
            row.unit,
            row.entries,
            round(row.amount, 6),
            None if row.grams is None else round(row.grams, 6),
            row.harms,
            row.care_actions,
            row.harm_mask,
            row.care_mask,
            bool(row.reported),
            bool(row.no_use),
            row.wellbeing,
        )
        for row in rows
    }
