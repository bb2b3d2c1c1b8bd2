"""Edge cases of the journal services and selectors added with the pages and the API."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from tests.factories import log, no_use
from waypoint.accounts.models import User
from waypoint.journal.models import CheckIn, Entry, Substance
from waypoint.journal.selectors import (
    calendar_days,
    checkins_visible_to,
    entries_visible_to,
    first_record_day,
    journal_days,
)
from waypoint.journal.services import (
    checkin_set,
    entry_create,
    entry_update,
    own_substance_create,
    own_substance_get_or_create,
    profile_of,
    substance_for,
)

pytestmark = pytest.mark.django_db
DAY = date(2026, 11, 2)


def test_logging_use_takes_back_that_days_no_use_but_keeps_mood(alice: User) -> None:
    no_use(alice, DAY, mood=4)
    log(alice, DAY, 1)
    checkin = CheckIn.objects.get(user=alice, day=DAY)
    assert (checkin.no_use, checkin.mood) == (False, 4)


def test_moving_an_entry_to_a_no_use_day_takes_that_back_too(alice: User) -> None:
    entry = log(alice, DAY, 1)
    no_use(alice, date(2026, 10, 30))
    entry_update(entry=entry, day=date(2026, 10, 30))
    assert not CheckIn.objects.get(user=alice, day=date(2026, 10, 30)).no_use


def test_no_use_cannot_be_set_on_a_day_with_entries(alice: User) -> None:
    log(alice, DAY, 1)
    with pytest.raises(ValidationError) as error:
        no_use(alice, DAY)
    assert "no_use" in error.value.message_dict
    assert not CheckIn.objects.exists()


def test_another_persons_entries_do_not_block_no_use(alice: User, bob: User) -> None:
    log(alice, DAY, 1)
    assert no_use(bob, DAY).no_use


def test_mood_and_wellbeing_can_be_cleared(alice: User) -> None:
    checkin_set(user=alice, day=DAY, mood=3, wellbeing=8)
    checkin = checkin_set(user=alice, day=DAY, clear=["wellbeing"])
    assert (checkin.mood, checkin.wellbeing) == (3, None)
    with pytest.raises(ValidationError):
        checkin_set(user=alice, day=DAY, clear=["no_use"])


def test_a_unit_must_fit_the_substance(alice: User) -> None:
    with pytest.raises(ValidationError) as error:
        log(alice, DAY, 1, substance="lsd", unit="g")
    assert error.value.message_dict["unit"] == ["LSD is logged in tabs."]
    assert log(alice, DAY, 1, substance="lsd", unit="tab").unit == "tab"


def test_changing_the_substance_picks_a_unit_that_fits(alice: User) -> None:
    entry = log(alice, DAY, 2)
    entry_update(entry=entry, substance=substance_for(alice, "cannabis"))
    entry.refresh_from_db()
    assert (entry.unit, entry.alcohol_grams) == ("joint", None)


def test_changing_a_drink_in_ml_keeps_its_strength(alice: User) -> None:
    entry, _ = entry_create(
        user=alice, substance=substance_for(alice, "alcohol"), day=DAY, preset="shot"
    )
    entry_update(entry=entry, amount=Decimal(88), note="a double")
    entry.refresh_from_db()
    assert entry.abv_percent == 40.0
    assert entry.alcohol_grams == pytest.approx(88 * 0.4 * 0.789)


def test_a_preset_is_remembered_as_the_drink_and_count(alice: User) -> None:
    entry, _ = entry_create(
        user=alice,
        substance=substance_for(alice, "alcohol"),
        day=DAY,
        preset="wine",
        count=Decimal(2),
    )
    remembered = profile_of(alice).remembered[str(entry.substance_id)]
    assert (remembered["preset"], remembered["count"]) == ("wine", "2")


def test_the_amount_reads_naturally(alice: User) -> None:
    assert log(alice, DAY, 1, substance="cannabis").amount_text == "1 joint"
    assert log(alice, DAY, "2.5", substance="cannabis").amount_text == "2.5 joints"
    assert log(alice, DAY, 100, substance="kratom").amount_text == "100 grams"
    assert log(alice, DAY, 2).amount_text == "2 standard drinks"


def test_an_own_substance_never_shadows_the_catalogue(alice: User) -> None:
    own = own_substance_create(user=alice, name="Alcohol", category="alcohol", unit="drink")
    # Own slugs are random (a slug made from the name would reveal it), never a catalogue's.
    assert own.slug.startswith("own-") and "alcohol" not in own.slug
    assert substance_for(alice, "alcohol").owner is None
    assert substance_for(alice, own.slug) == own


def test_an_own_substance_named_with_digits_is_found_by_slug(alice: User) -> None:
    own = own_substance_create(user=alice, name="2C", category="psychedelic", unit="mg")
    number = own_substance_create(user=alice, name="4 20", category="cannabis", unit="g")
    assert substance_for(alice, own.slug) == own
    assert substance_for(alice, number.slug) == number
    assert substance_for(alice, number.pk) == number


@pytest.mark.parametrize(
    "name,category,unit,field",
    [
        ("  ", "other", "dose", "name"),
        ("x" * 61, "other", "dose", "name"),
        ("Thing", "magic", "dose", "category"),
        ("Thing", "other", "bucket", "unit"),
    ],
)
def test_a_bad_own_substance_is_refused(
    alice: User, name: str, category: str, unit: str, field: str
) -> None:
    with pytest.raises(ValidationError) as error:
        own_substance_get_or_create(user=alice, name=name, category=category, unit=unit)
    assert field in error.value.message_dict
    assert not Substance.objects.filter(owner=alice).exists()


def test_a_person_sees_only_their_own_records(alice: User, bob: User) -> None:
    log(alice, DAY, 1)
    no_use(alice, date(2026, 11, 1))
    log(bob, DAY, 5)
    assert [e.user for e in entries_visible_to(alice)] == [alice]
    assert [c.user for c in checkins_visible_to(alice)] == [alice]
    assert not checkins_visible_to(bob).exists()


def test_staff_accounts_see_no_entries_at_all(alice: User, carol: User) -> None:
    log(alice, DAY, 1)
    assert not entries_visible_to(carol).exists()
    assert not checkins_visible_to(carol).exists()


def test_a_day_with_nothing_is_not_reported(alice: User) -> None:
    log(alice, DAY, 1)
    no_use(alice, date(2026, 10, 31))
    days = journal_days(alice, days=calendar_days(date(2026, 10, 30), DAY), country="US")
    assert [(d.day.day, d.state) for d in days] == [
        (2, "use"),
        (1, "not_reported"),
        (31, "no_use"),
        (30, "not_reported"),
    ]
    assert first_record_day(alice) == date(2026, 10, 31)


def test_a_check_in_with_only_mood_leaves_the_day_not_reported(alice: User) -> None:
    checkin_set(user=alice, day=DAY, mood=2)
    (day,) = journal_days(alice, days=[DAY], country="US")
    assert day.state == "not_reported"
    assert day.checkin is not None and day.checkin.mood == 2


def test_entries_are_never_counted_for_the_wrong_person(alice: User, bob: User) -> None:
    log(bob, DAY, 3)
    (day,) = journal_days(alice, days=[DAY], country="US")
    assert day.entries == []
    assert Entry.objects.count() == 1
