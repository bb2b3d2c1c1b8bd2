from __future__ import annotations

import uuid
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from tests.factories import log
from waypoint.accounts.models import User
from waypoint.core.errors import Conflict
from waypoint.journal.models import Entry, Substance
from waypoint.journal.services import entry_create, entry_update, profile_of, substance_for

pytestmark = pytest.mark.django_db
DAY = date(2026, 11, 2)


def test_the_catalogue_is_there_after_migrate() -> None:
    assert Substance.objects.filter(owner=None, slug="alcohol", category="alcohol").exists()
    assert Substance.objects.filter(owner=None).count() >= 20


def test_standard_drinks_are_stored_as_grams_of_the_persons_own_drink(alice: User) -> None:
    profile = profile_of(alice)
    profile.country = "UK"
    profile.save()
    entry = log(alice, DAY, 3)
    # 3 UK units × 7.9 g = 23.7 g
    assert entry.alcohol_grams == pytest.approx(23.7)


def test_a_preset_counts_drinks_by_volume_and_strength(alice: User) -> None:
    entry, _ = entry_create(
        user=alice,
        substance=substance_for(alice, "alcohol"),
        day=DAY,
        preset="beer",
        count=Decimal(2),
    )
    # 2 × 355 mL × 5% × 0.789 g/mL = 28.0095 g
    assert entry.alcohol_grams == pytest.approx(2 * 355 * 0.05 * 0.789)
    assert (entry.amount, entry.unit) == (Decimal("710.00"), "ml")


def test_retrying_with_the_same_id_creates_one_entry(alice: User) -> None:
    client_id = uuid.uuid4()
    alcohol = substance_for(alice, "alcohol")
    _first, created = entry_create(
        user=alice, substance=alcohol, day=DAY, amount=Decimal(2), entry_id=client_id
    )
    again, created_again = entry_create(
        user=alice, substance=alcohol, day=DAY, amount=Decimal(5), entry_id=client_id
    )
    assert (created, created_again) == (True, False)
    assert again.amount == Decimal(2)
    assert Entry.objects.count() == 1


def test_another_persons_id_is_refused(alice: User, bob: User) -> None:
    entry = log(alice, DAY, 1)
    with pytest.raises(Conflict):
        entry_create(
            user=bob,
            substance=substance_for(bob, "alcohol"),
            day=DAY,
            amount=Decimal(1),
            entry_id=entry.pk,
        )
    assert Entry.objects.get().user == alice


@pytest.mark.parametrize(
    "changes,field",
    [
        ({"amount": Decimal(-1)}, "amount"),
        ({"amount": Decimal(0)}, "amount"),
        ({"day": date.today() + timedelta(days=2)}, "day"),
        ({"harms": ["not_a_harm"]}, "harms"),
        ({"mood": 9}, "mood"),
        ({"unit": "bucket"}, "unit"),
    ],
)
def test_bad_values_are_refused_with_the_field_named(
    alice: User, changes: dict, field: str
) -> None:
    values = {"day": DAY, "amount": Decimal(1)} | changes
    with pytest.raises(ValidationError) as error:
        entry_create(user=alice, substance=substance_for(alice, "alcohol"), **values)
    assert field in error.value.message_dict
    assert not Entry.objects.exists()


def test_the_last_amount_is_remembered_but_not_the_place(alice: User) -> None:
    entry = log(alice, DAY, 2, place="home")
    remembered = profile_of(alice).remembered[str(entry.substance_id)]
    assert remembered["amount"] == "2.00"
    # Where is folded under "More details": never carried over unseen (issue 11).
    assert "place" not in remembered


def test_updating_keeps_what_is_not_changed(alice: User) -> None:
    entry = log(alice, DAY, 2, place="home", harms=["used_alone"])
    entry_update(entry=entry, amount=Decimal(3))
    entry.refresh_from_db()
    assert (entry.amount, entry.place, entry.harms) == (Decimal("3.00"), "home", ["used_alone"])
    assert entry.alcohol_grams == pytest.approx(42.0)


def test_the_note_is_encrypted_at_rest(alice: User) -> None:
    from django.db import connection

    entry = log(alice, DAY, 1, note="felt anxious before the party")
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT note FROM journal_entry WHERE id = %s",
            [entry.pk.hex if connection.vendor == "sqlite" else entry.pk],
        )
        raw = cursor.fetchone()[0]
    assert "anxious" not in raw
    assert Entry.objects.get().note == "felt anxious before the party"
