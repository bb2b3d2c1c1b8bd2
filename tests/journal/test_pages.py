"""The journal pages through the HTTP client: Today, Journal, edit, delete, check-in, substances."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.factories import log, no_use
from waypoint.accounts.models import User
from waypoint.journal.models import CheckIn, Entry, Substance, today
from waypoint.journal.services import profile_of

pytestmark = pytest.mark.django_db


def substance(slug: str) -> Substance:
    return Substance.objects.get(slug=slug, owner=None)


def quick_log(**changes: Any) -> dict[str, Any]:
    """What the Today form sends on the quick path: substance, drink and amount."""
    return {
        "substance": substance("alcohol").pk,
        "shown_for": substance("alcohol").pk,
        "drink": "beer",
        "amount": "2",
        "day": today().isoformat(),
    } | changes


def test_a_participants_home_is_today(alice_client: Client) -> None:
    response = alice_client.get("/")
    assert response.status_code == 302
    assert response.url == "/today/"


def test_staff_keep_their_home_and_have_no_journal(carol: User) -> None:
    client = Client()
    client.force_login(carol)
    # A counselor's home is their caseload (issue 12: staff land on their work).
    assert client.get("/").url == "/care/"
    assert client.get("/today/").status_code == 403
    assert client.get("/entries/").status_code == 403


def test_the_journal_needs_sign_in() -> None:
    response = Client().get("/today/")
    assert response.status_code == 302
    assert "/login/" in response.url


def test_today_offers_alcohol_drinks_first_for_a_newcomer(alice_client: Client) -> None:
    page = alice_client.get("/today/").content.decode()
    assert 'value="beer"' in page
    assert "355 mL · 5%" in page
    assert "No use today" in page
    assert "Nothing logged today yet." in page


def test_two_beers_from_today_are_stored_as_millilitres_and_shown_as_beers(
    alice: User, alice_client: Client
) -> None:
    response = alice_client.post("/today/", quick_log())
    assert response.status_code == 302
    entry = Entry.objects.get(user=alice)
    assert (entry.amount, entry.unit, entry.day) == (Decimal("710.00"), "ml", today())
    page = alice_client.get("/today/").content.decode()
    # What the person logged, not its millilitres (issue 11).
    assert "Saved: Alcohol, 2 beers." in page
    assert "(2.0 standard drinks)" in page
    # There are entries today, so 'no use today' is not offered.
    assert 'name="no_use" value="1"' not in page


def test_saving_the_same_form_twice_logs_once(alice: User, alice_client: Client) -> None:
    values = quick_log(entry_id="8d0f9a3c-3f60-4cf3-9b59-6a3f7d1e2b11")
    alice_client.post("/today/", values)
    alice_client.post("/today/", values)
    assert Entry.objects.filter(user=alice).count() == 1


def test_the_log_form_remembers_the_last_drink(alice: User, alice_client: Client) -> None:
    alice_client.post("/today/", quick_log(drink="wine", amount="3", place="home"))
    page = alice_client.get("/today/").content.decode()
    assert 'value="wine" id="id_drink_2" checked' in page
    assert 'name="amount" value="3"' in page
    # Where was folded under "More details": it is not filled in unseen (issue 11).
    assert '<option value="home" selected>' not in page


def test_only_the_units_that_fit_are_offered(alice_client: Client) -> None:
    cannabis = substance("cannabis")
    page = alice_client.get(f"/today/?substance={cannabis.pk}").content.decode()
    assert '<option value="joint"' in page
    assert '<option value="pill"' not in page


@pytest.mark.parametrize(
    "changes,message",
    [
        ({"amount": "-1"}, "The number of drinks must be more than 0"),
        ({"drink": "standard", "amount": "-1"}, "The amount must be more than 0"),
        ({"amount": ""}, "Say how much."),
        ({"amount": "lots"}, "Enter a number."),
        ({"drink": ""}, "Choose a drink, or standard drinks."),
        ({"substance": "99999"}, "Choose a substance from the list."),
        ({"day": "2026-02-30"}, "Enter a valid date."),
        ({"day": (date.today() + timedelta(days=3)).isoformat()}, "That day is in the future."),
        ({"drink": "volume", "amount": "500"}, "Give the strength (% alcohol) for mL."),
        ({"harms": ["not_a_harm"]}, "Select a valid choice."),
    ],
)
def test_bad_input_gets_400_with_a_message_and_nothing_saved(
    alice_client: Client, changes: dict[str, Any], message: str
) -> None:
    response = alice_client.post("/today/", quick_log(**changes))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Entry.objects.exists()


def test_a_unit_that_does_not_fit_is_refused_by_name(alice_client: Client) -> None:
    cannabis = substance("cannabis")
    values = {"substance": cannabis.pk, "shown_for": cannabis.pk, "amount": "1", "unit": "pill"}
    response = alice_client.post("/today/", values | {"day": today().isoformat()})
    assert response.status_code == 400
    assert "Cannabis is logged in joints, hits, grams, milligrams." in response.content.decode()


def test_without_javascript_a_changed_substance_redraws_its_units(alice_client: Client) -> None:
    # The page was drawn for alcohol (drink tiles); the person picked cannabis and saved.
    cannabis = substance("cannabis")
    response = alice_client.post("/today/", quick_log(substance=cannabis.pk, unit=""))
    assert response.status_code == 400
    page = response.content.decode()
    assert "You changed to Cannabis: check the amount and unit, then save again." in page
    assert '<option value="joint"' in page
    assert not Entry.objects.exists()


def test_optional_fields_are_saved_and_the_note_is_shown_only_to_its_author(
    alice: User, alice_client: Client
) -> None:
    values = quick_log(
        route="swallowed",
        mood="2",
        ate_before="true",
        slept_well="false",
        physical="tired",
        intention="cope",
        place="home",
        company="alone",
        activity="watching a film",
        harms=["used_alone"],
        care_actions=["ate_first", "water"],
        note="rough week",
        time="21:30",
    )
    assert alice_client.post("/today/", values).status_code == 302
    entry = Entry.objects.get(user=alice)
    assert (entry.mood, entry.ate_before, entry.slept_well) == (2, True, False)
    assert entry.harms == ["used_alone"]
    assert entry.care_actions == ["ate_first", "water"]
    assert entry.used_at.strftime("%H:%M") == "21:30"
    assert "rough week" in alice_client.get("/entries/").content.decode()


def test_an_entry_can_be_backdated_and_edited(alice: User, alice_client: Client) -> None:
    entry = log(alice, today(), 2)
    earlier = today() - timedelta(days=10)
    page = alice_client.get(f"/entries/{entry.pk}/edit/").content.decode()
    assert 'name="amount" value="2"' in page
    values = {
        "substance": entry.substance_id,
        "shown_for": entry.substance_id,
        "drink": "standard",
        "amount": "4",
        "day": earlier.isoformat(),
        "time": "20:00",
        "place": "friends",
    }
    response = alice_client.post(f"/entries/{entry.pk}/edit/", values)
    assert response.status_code == 302
    entry.refresh_from_db()
    assert (entry.day, entry.amount, entry.place) == (earlier, Decimal("4.00"), "friends")


def test_editing_a_drink_in_ml_keeps_its_strength(alice: User, alice_client: Client) -> None:
    alice_client.post("/today/", quick_log(drink="shot", amount="2"))
    entry = Entry.objects.get(user=alice)
    page = alice_client.get(f"/entries/{entry.pk}/edit/").content.decode()
    assert 'name="abv_percent" value="40.0"' in page
    values = {
        "substance": entry.substance_id,
        "shown_for": entry.substance_id,
        "drink": "volume",
        "amount": "88",
        "abv_percent": "40.0",
        "day": entry.day.isoformat(),
        "note": "with a friend",
    }
    assert alice_client.post(f"/entries/{entry.pk}/edit/", values).status_code == 302
    entry.refresh_from_db()
    assert entry.alcohol_grams == pytest.approx(88 * 0.40 * 0.789)
    assert entry.note == "with a friend"


def test_a_new_entry_for_an_earlier_day(alice: User, alice_client: Client) -> None:
    earlier = today() - timedelta(days=3)
    page = alice_client.get(f"/entries/new/?day={earlier.isoformat()}").content.decode()
    assert f'value="{earlier.isoformat()}"' in page
    values = quick_log(day=earlier.isoformat(), entry_id="5b7fb5a3-9a63-4cf2-8f2e-0b6a8d4c1e20")
    response = alice_client.post("/entries/new/", values)
    assert response.status_code == 302
    assert Entry.objects.get(user=alice).day == earlier


def test_deleting_asks_first_then_deletes_on_post(alice: User, alice_client: Client) -> None:
    entry = log(alice, today(), 1)
    page = alice_client.get(f"/entries/{entry.pk}/delete/")
    assert page.status_code == 200
    assert "Delete this entry?" in page.content.decode()
    assert Entry.objects.filter(pk=entry.pk).exists()
    assert alice_client.post(f"/entries/{entry.pk}/delete/").status_code == 302
    assert not Entry.objects.filter(pk=entry.pk).exists()


@pytest.mark.parametrize("action", ["edit", "delete"])
def test_another_persons_entry_is_not_found(alice: User, bob_client: Client, action: str) -> None:
    entry = log(alice, today(), 2, note="mine")
    assert bob_client.get(f"/entries/{entry.pk}/{action}/").status_code == 404
    assert bob_client.post(f"/entries/{entry.pk}/{action}/", quick_log()).status_code == 404
    entry.refresh_from_db()
    assert (entry.amount, entry.note) == (Decimal("2.00"), "mine")


def test_no_use_today_in_one_tap(alice: User, alice_client: Client) -> None:
    response = alice_client.post(
        f"/checkin/{today().isoformat()}/", {"no_use": "1", "next": "/today/"}
    )
    assert response.status_code == 302
    assert response.url == "/today/"
    assert CheckIn.objects.get(user=alice, day=today()).no_use
    assert "No use today." in alice_client.get("/today/").content.decode()


def test_mood_and_wellbeing_without_no_use(alice: User, alice_client: Client) -> None:
    day = today() - timedelta(days=1)
    alice_client.post(f"/checkin/{day.isoformat()}/", {"mood": "4", "wellbeing": "7"})
    checkin = CheckIn.objects.get(user=alice, day=day)
    assert (checkin.no_use, checkin.mood, checkin.wellbeing) == (False, 4, 7)
    # Tapping 'no use' later keeps the mood; emptying wellbeing clears it.
    alice_client.post(f"/checkin/{day.isoformat()}/", {"no_use": "1", "wellbeing": ""})
    checkin.refresh_from_db()
    assert (checkin.no_use, checkin.mood, checkin.wellbeing) == (True, 4, None)


def test_a_check_in_page_for_a_past_day(alice: User, alice_client: Client) -> None:
    day = today() - timedelta(days=40)
    page = alice_client.get(f"/checkin/{day.isoformat()}/")
    assert page.status_code == 200
    assert "No use on this day" in page.content.decode()


@pytest.mark.parametrize("day", ["2026-02-30", "2026-13-01", "9999-01-01"])
def test_an_impossible_or_future_check_in_day_is_not_found(alice_client: Client, day: str) -> None:
    assert alice_client.get(f"/checkin/{day}/").status_code == 404


def test_a_check_in_with_a_bad_value_gets_400(alice: User, alice_client: Client) -> None:
    response = alice_client.post(f"/checkin/{today().isoformat()}/", {"wellbeing": "11"})
    assert response.status_code == 400
    assert "Select a valid choice." in response.content.decode()
    assert not CheckIn.objects.exists()


def test_no_use_is_refused_on_a_day_with_entries(alice: User, alice_client: Client) -> None:
    log(alice, today(), 1)
    response = alice_client.post(f"/checkin/{today().isoformat()}/", {"no_use": "1"})
    assert response.status_code == 400
    assert "This day has entries." in response.content.decode()


def test_the_journal_shows_use_no_use_and_not_reported(alice: User, alice_client: Client) -> None:
    day = today()
    log(alice, day, 2)
    no_use(alice, day - timedelta(days=1), mood=5)
    log(alice, day - timedelta(days=3), 1, substance="cannabis")
    page = alice_client.get("/entries/").content.decode()
    assert "2 standard drinks" in page
    assert "1 joint" in page
    assert page.count("day-no_use") == 1
    assert page.count("day-not_reported") == 1  # two days back: nothing logged
    assert "mood 5 of 5" in page


def test_the_journal_filters_by_from_and_to(alice: User, alice_client: Client) -> None:
    log(alice, date(2026, 3, 3), 7)
    log(alice, date(2026, 3, 20), 9)
    page = alice_client.get("/entries/?from=2026-03-01&to=2026-03-10").content.decode()
    assert "7 standard drinks" in page
    assert "9 standard drinks" not in page


def test_a_backwards_range_gets_400_with_a_message(alice_client: Client) -> None:
    response = alice_client.get("/entries/?from=2026-03-10&to=2026-03-01")
    assert response.status_code == 400
    assert "&#x27;To&#x27; is before &#x27;from&#x27;." in response.content.decode()


def test_the_journal_pages_by_two_weeks(alice: User, alice_client: Client) -> None:
    log(alice, today() - timedelta(days=20), 5)
    first = alice_client.get("/entries/").content.decode()
    assert "5 standard drinks" not in first
    assert "Older days" in first
    second = alice_client.get("/entries/?page=2").content.decode()
    assert "5 standard drinks" in second


def test_the_journal_never_shows_another_persons_entries(
    alice: User, bob: User, bob_client: Client
) -> None:
    log(alice, today(), 3, note="alice only")
    page = bob_client.get("/entries/").content.decode()
    assert "alice only" not in page
    assert "3 standard drinks" not in page


def queries_for(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def add_days(user: User, start: int, count: int) -> None:
    """Entries on recent days (several a day) and 'no use' days further back."""
    for n in range(start, start + count):
        day = today() - timedelta(days=n % 14)
        log(user, day, 1, harms=["used_alone"], care_actions=["water"], note=f"note {n}")
        no_use(user, today() - timedelta(days=20 + n))


@pytest.mark.parametrize("url", ["/entries/", "/today/"])
def test_page_queries_do_not_grow_with_entries(
    alice: User, alice_client: Client, django_assert_max_num_queries: Any, url: str
) -> None:
    add_days(alice, 0, 3)
    with_three = queries_for(alice_client, url)
    add_days(alice, 3, 57)
    assert queries_for(alice_client, url) == with_three
    # Today 12: the journal's 8; safety's recent doses and body facts (issue 14); the pinned
    # change plan (issue 16); the person's alert subscription (issue 15).
    # Today 13: "my usual" (one query for the person's saved drinks and doses) joined it.
    # Today 12 (session 12): the body facts come with the doses.
    # Today 11 (session 12): the chosen substances come with the substance list.
    with django_assert_max_num_queries(11 if url == "/today/" else 10):
        alice_client.get(url)


def test_today_lists_the_latest_entries_of_a_busy_day_and_links_to_the_whole_day(
    alice: User, alice_client: Client
) -> None:
    for n in range(3):
        log(alice, today(), 1, note=f"[{n}]")
    with_three = queries_for(alice_client, "/today/")
    page = alice_client.get("/today/").content.decode()
    assert page.count('<li class="entry">') == 3
    assert "See all of today in your journal" not in page
    for n in range(3, 45):
        log(alice, today(), 1, note=f"[{n}]")
    # Logging many entries today grows neither the page's queries nor its list.
    assert queries_for(alice_client, "/today/") == with_three
    page = alice_client.get("/today/").content.decode()
    assert page.count('<li class="entry">') == 20
    assert "[44]" in page
    assert "[25]" in page
    assert "[24]" not in page
    assert "Your latest 20 entries from today are shown here." in page
    assert (
        f'<a href="/entries/?to={today().isoformat()}">See all of today in your journal</a>' in page
    )
    # The journal has the whole day.
    journal = alice_client.get(f"/entries/?to={today().isoformat()}").content.decode()
    assert "[0]" in journal
    assert "[44]" in journal


def test_the_log_form_starts_on_the_substance_logged_last(
    alice: User, alice_client: Client
) -> None:
    log(alice, today(), 1)
    log(alice, today() - timedelta(days=1), 1, substance="cannabis")  # logged last, used earlier
    cannabis = substance("cannabis").pk
    for url in ("/today/", "/entries/new/"):
        page = alice_client.get(url).content.decode()
        assert f'<option value="{cannabis}" selected>' in page, url


def test_an_own_substance_is_added_and_offered(alice: User, alice_client: Client) -> None:
    response = alice_client.post(
        "/substances/new/", {"name": "Nitrous oxide", "category": "other", "unit": "hit"}
    )
    assert response.status_code == 302
    own = Substance.objects.get(owner=alice)
    assert response.url == f"/today/?substance={own.pk}"
    page = alice_client.get(response.url).content.decode()
    assert "Added by you" in page
    assert f'<option value="{own.pk}" selected>Nitrous oxide</option>' in page


def test_an_own_substance_needs_a_name(alice_client: Client) -> None:
    response = alice_client.post("/substances/new/", {"name": "", "category": "other"})
    assert response.status_code == 400
    assert not Substance.objects.filter(owner__isnull=False).exists()


def test_the_persons_chosen_substances_come_first(alice: User, alice_client: Client) -> None:
    profile_of(alice).substances.add(substance("kratom"))
    page = alice_client.get("/today/").content.decode()
    assert page.index('label="Yours"') < page.index("Kratom") < page.index('label="All substances"')


def test_today_invites_a_new_participant_to_get_started_until_they_finish(
    alice: User, alice_client: Client
) -> None:
    assert 'href="/start/"' in alice_client.get("/today/").content.decode()
    profile = profile_of(alice)
    profile.started_done_at = timezone.now()
    profile.save()
    assert 'href="/start/"' not in alice_client.get("/today/").content.decode()
