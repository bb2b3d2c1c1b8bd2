"""Numbers that cannot mislead: unusual amounts asked about, impossible days refused, details
never carried over unseen, drinks shown as logged, and times only when given (issue 11)."""

from __future__ import annotations

import uuid
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from tests.factories import log
from tests.journal.test_api import Api
from waypoint.accounts.models import User
from waypoint.journal.models import BaselineDay, Entry, Substance, today
from waypoint.journal.services import entry_create, profile_of, substance_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def alice_api(alice: User) -> Api:
    return Api(alice)


def yesterday() -> date:
    return today() - timedelta(days=1)


def post_log(client: Client, **fields: Any) -> Any:
    alcohol = Substance.objects.get(slug="alcohol", owner=None)
    data = {
        "entry_id": str(uuid.uuid4()),
        "substance": str(alcohol.pk),
        "drink": "standard",
        "amount": "2",
        "day": today().isoformat(),
        "ate_before": "unknown",
        "slept_well": "unknown",
    } | fields
    return client.post("/today/", data)


# --- Unusual amounts: asked, never refused ---------------------------------------------------


def test_api_asks_about_99999_drinks_and_saves_them_when_confirmed(
    alice: User, alice_api: Api
) -> None:
    body = {"substance": "alcohol", "day": yesterday().isoformat(), "amount": 99999}
    asked = alice_api.send("post", "/entries", body)
    assert asked.status_code == 422
    detail = asked.json()["detail"]
    assert "Is that right?" in detail
    assert "99999 standard drinks" in detail
    assert '"confirm_unusual": true' in detail
    assert not Entry.objects.filter(user=alice).exists()

    saved = alice_api.send("post", "/entries", body | {"confirm_unusual": True})
    assert saved.status_code == 201, saved.json()
    assert saved.json()["amount"] == 99999


def test_api_asks_about_a_day_that_adds_up_past_the_limit_but_only_once(
    alice: User, alice_api: Api
) -> None:
    day = yesterday().isoformat()
    first = alice_api.send("post", "/entries", {"substance": "heroin", "day": day, "amount": 70})
    assert first.status_code == 201
    more = {"substance": "heroin", "day": day, "amount": 20}
    asked = alice_api.send("post", "/entries", more)
    assert asked.status_code == 422
    assert "90 bags" in asked.json()["detail"]
    assert alice_api.send("post", "/entries", more | {"confirm_unusual": True}).status_code == 201
    # The day is past the limit by the person's own word: a further bag is not asked about.
    again = alice_api.send("post", "/entries", {"substance": "heroin", "day": day, "amount": 1})
    assert again.status_code == 201


def test_heavy_but_possible_days_are_never_questioned(alice_api: Api) -> None:
    day = yesterday().isoformat()
    for body in (
        {"substance": "alcohol", "day": day, "amount": 30},  # 420 g: a very heavy day
        {"substance": "alcohol", "day": day, "preset": "pint", "count": 3},
        {"substance": "nicotine", "day": day, "amount": 60},
        {"substance": "crack", "day": day, "amount": 80},
    ):
        response = alice_api.send("post", "/entries", body)
        assert response.status_code == 201, (body, response.json())


def test_api_patch_asks_only_when_the_amount_changes(alice: User, alice_api: Api) -> None:
    body = {"substance": "alcohol", "day": yesterday().isoformat(), "amount": 80}
    created = alice_api.send("post", "/entries", body | {"confirm_unusual": True}).json()
    path = f"/entries/{created['id']}"
    assert alice_api.send("patch", path, {"note": "a wedding"}).status_code == 200
    asked = alice_api.send("patch", path, {"amount": 90})
    assert asked.status_code == 422
    assert "Is that right?" in asked.json()["detail"]
    assert alice_api.send("patch", path, {"amount": 90, "confirm_unusual": True}).status_code == 200
    assert Entry.objects.get(pk=created["id"]).amount == 90


def test_api_put_asks_like_post(alice_api: Api) -> None:
    body = {"substance": "cannabis", "day": yesterday().isoformat(), "amount": 2}
    created = alice_api.send("post", "/entries", body).json()
    path = f"/entries/{created['id']}"
    asked = alice_api.send("put", path, body | {"amount": 5000, "unit": "joint"})
    assert asked.status_code == 422
    assert "5000 joints" in asked.json()["detail"]
    confirmed = body | {"amount": 5000, "unit": "joint", "confirm_unusual": True}
    assert alice_api.send("put", path, confirmed).status_code == 200


def test_baseline_api_asks_about_99999_and_saves_when_confirmed(
    alice: User, alice_api: Api
) -> None:
    window = alice_api.get("/baseline").json()
    end = date.fromisoformat(window["end"])
    days = [{"day": end.isoformat(), "amount": 99999}, {"day": window["start"], "amount": 2}]
    asked = alice_api.send("put", "/baseline/alcohol", {"days": days})
    assert asked.status_code == 422
    assert "99999 standard drinks" in asked.json()["detail"]
    assert not BaselineDay.objects.filter(user=alice).exists()

    saved = alice_api.send("put", "/baseline/alcohol", {"days": days, "confirm_unusual": True})
    assert saved.status_code == 200, saved.json()
    calendar = saved.json()["calendars"][0]
    assert calendar["substance"] == "alcohol" and calendar["unit"] == "drink"
    assert sorted(d["amount"] for d in calendar["days"]) == [2, 99999]


def test_baseline_api_refuses_days_outside_its_window_in_words(alice_api: Api) -> None:
    response = alice_api.send(
        "put", "/baseline/alcohol", {"days": [{"day": "1900-01-01", "amount": 1}]}
    )
    assert response.status_code == 422
    assert "is outside the calendar" in response.json()["detail"]
    assert "1900-01-01" not in response.json()["detail"]


def test_the_baseline_page_asks_then_saves(alice: User, alice_client: Client) -> None:
    profile = profile_of(alice)
    alcohol = substance_for(alice, "alcohol")
    profile.substances.set([alcohol])
    day = yesterday()
    name = f"b-{alcohol.pk}-{day.isoformat()}"
    asked = alice_client.post("/start/baseline/", {name: "99999", "action": "save"})
    text = asked.content.decode()
    assert "Is that right?" in text and "99999 standard drinks" in text
    assert "Yes, that&#x27;s right" in text or "Yes, that's right" in text
    assert 'value="99999"' in text  # the number is kept as typed
    assert not BaselineDay.objects.filter(user=alice).exists()
    saved = alice_client.post(
        "/start/baseline/", {name: "99999", "action": "save", "confirm_unusual": "1"}
    )
    assert saved.status_code == 302
    assert BaselineDay.objects.get(user=alice, day=day).amount == 99999


def test_the_log_form_asks_with_the_value_restated_and_saves_on_yes(
    alice: User, alice_client: Client
) -> None:
    asked = post_log(alice_client, amount="99999")
    text = asked.content.decode()
    assert "Is that right? 99999 standard drinks" in text
    assert "has-error" not in text.split('class="amount-row"')[1].split("</form>")[0]
    assert not Entry.objects.filter(user=alice).exists()
    # The installed app's outbox reads which field answers yes (a plain refusal names none).
    assert asked.headers["X-Waypoint-Confirm"] == "confirm_unusual"
    assert "X-Waypoint-Confirm" not in post_log(alice_client, amount="-3").headers
    saved = post_log(alice_client, amount="99999", confirm_unusual="1")
    assert saved.status_code == 302
    assert Entry.objects.get(user=alice).amount == 99999


# --- Days that cannot be -----------------------------------------------------------------------


def test_a_day_in_1900_is_refused_in_plain_words(alice_api: Api) -> None:
    body = {"substance": "alcohol", "day": "1900-01-01", "amount": 1, "confirm_unusual": True}
    response = alice_api.send("post", "/entries", body)
    assert response.status_code == 422
    assert response.json()["detail"] == (
        "day: 1 January 1900 is before the year 2000. Check the year, then save again."
    )


def test_a_day_before_the_baseline_calendar_is_refused(alice: User, alice_api: Api) -> None:
    profile = profile_of(alice)
    profile.baseline_start = today() - timedelta(days=30)
    profile.baseline_end = today() - timedelta(days=1)
    profile.save()
    before = today() - timedelta(days=31)
    response = alice_api.send(
        "post", "/entries", {"substance": "alcohol", "day": before.isoformat(), "amount": 1}
    )
    assert response.status_code == 422
    assert "before your starting calendar" in response.json()["detail"]
    checkin = alice_api.send("put", f"/checkins/{before.isoformat()}", {"no_use": True})
    assert checkin.status_code == 422
    on_start = profile.baseline_start.isoformat()
    ok = alice_api.send("post", "/entries", {"substance": "alcohol", "day": on_start, "amount": 1})
    assert ok.status_code == 201


# --- Messages in words, not code -------------------------------------------------------------


def test_a_strength_of_150_percent_is_explained_not_coded(alice_api: Api) -> None:
    body = {
        "substance": "alcohol",
        "day": yesterday().isoformat(),
        "amount": 500,
        "unit": "ml",
        "abv_percent": 150,
    }
    response = alice_api.send("post", "/entries", body)
    assert response.status_code == 422
    detail = response.json()["detail"]
    assert "got 150" not in detail and "must be between" not in detail
    assert "percentage of alcohol, from 0 to 100" in detail


def test_a_strength_of_150_percent_reads_plainly_on_the_page(alice_client: Client) -> None:
    response = post_log(alice_client, drink="volume", amount="500", abv_percent="150")
    text = response.content.decode()
    assert "percentage of alcohol, from 0 to 100" in text
    assert "got 150" not in text and "must be between" not in text


def test_unscorable_answers_name_the_question_not_the_scorer(alice: User) -> None:
    from django.core.exceptions import ValidationError

    from waypoint.assessments.services import assessment_record

    with pytest.raises(ValidationError) as caught:
        assessment_record(user=alice, instrument="phq9", answers=[0, 0, 7, 0, 0, 0, 0, 0, 0])
    message = " ".join(caught.value.messages)
    assert message == "The answer to question 3 is not one of its choices; choose one of them."
    with pytest.raises(ValidationError) as short:
        assessment_record(user=alice, instrument="audit_c", answers=[1])
    assert "AUDIT-C has 3 questions" in " ".join(short.value.messages)


# --- Details never carried over unseen ---------------------------------------------------------


def test_with_whom_alone_is_not_stored_on_later_entries(alice: User, alice_client: Client) -> None:
    # A hard day: "alone", chosen under More details.
    first = post_log(alice_client, company="alone", place="home", route="swallowed")
    assert first.status_code == 302
    page = alice_client.get("/today/").content.decode()
    assert 'value="alone" selected' not in page
    assert '<option value="home" selected' not in page
    # The next quick log sends what the form holds: More details untouched.
    post_log(alice_client, company="", place="", route="")
    later = Entry.objects.filter(user=alice).order_by("created_at").last()
    assert later is not None and (later.company, later.place) == ("", "")
    meta = alice_client.get("/today/").content.decode()
    assert '"company"' not in meta.split('id="substance-meta"')[1].split("</script>")[0]


def test_old_remembered_details_are_ignored_but_kept(alice: User, alice_client: Client) -> None:
    alcohol = substance_for(alice, "alcohol")
    profile = profile_of(alice)
    profile.remembered = {str(alcohol.pk): {"amount": "2", "unit": "drink", "company": "alone"}}
    profile.save()
    page = alice_client.get(f"/today/?substance={alcohol.pk}").content.decode()
    assert 'value="alone" selected' not in page
    profile.refresh_from_db()
    assert profile.remembered[str(alcohol.pk)]["company"] == "alone"  # not rewritten


# --- What the person logged ----------------------------------------------------------------------


def test_three_pints_show_as_three_pints_with_standard_drinks(
    alice: User, alice_api: Api, alice_client: Client
) -> None:
    body = {"substance": "alcohol", "day": yesterday().isoformat(), "preset": "pint", "count": 3}
    out = alice_api.send("post", "/entries", body).json()
    assert (out["preset"], out["count"], out["amount_text"]) == ("pint", 3, "3 pints")
    assert out["amount"] == 1704 and out["unit"] == "ml"
    page = alice_client.get(f"/entries/?to={yesterday().isoformat()}").content.decode()
    assert "3 pints" in page
    assert "(4.3 standard drinks)" in page
    assert "1704 mL" not in page
    # Editing the note keeps the pints.
    changed = alice_api.send("patch", f"/entries/{out['id']}", {"note": "quiz night"}).json()
    assert changed["amount_text"] == "3 pints"


def test_an_entry_without_a_time_shows_none(
    alice: User, alice_api: Api, alice_client: Client
) -> None:
    day = yesterday().isoformat()
    out = alice_api.send("post", "/entries", {"substance": "alcohol", "day": day, "amount": 1})
    assert (out.json()["time"], out.json()["time_given"]) == (None, False)
    page = alice_client.get(f"/entries/?to={day}").content.decode()
    assert "12:00" not in page
    timed = alice_api.send(
        "post", "/entries", {"substance": "alcohol", "day": day, "amount": 1, "time": "21:30"}
    ).json()
    assert (timed["time"], timed["time_given"]) == ("21:30:00", True)
    assert "21:30" in alice_client.get(f"/entries/?to={day}").content.decode()
    # The edit form does not fill in a time that was never given.
    edit = alice_client.get(f"/entries/{out.json()['id']}/edit/").content.decode()
    assert 'name="time" value=' not in edit


def test_entries_saved_before_time_given_existed_hide_only_the_filled_in_noon(
    alice: User,
) -> None:
    day = yesterday()
    noon = log(alice, day, 1, at=time(12, 0))
    evening = log(alice, day, 1, at=time(20, 15))
    Entry.objects.filter(pk__in=[noon.pk, evening.pk]).update(time_given=None)
    noon.refresh_from_db()
    evening.refresh_from_db()
    assert not noon.shows_time
    assert evening.shows_time
    # Logged on the day itself at noon: that time was the moment of logging, so it shows.
    same_day = Entry.objects.create(
        user=alice,
        substance=noon.substance,
        day=today(),
        used_at=timezone.make_aware(datetime.combine(today(), time(12, 0))),
        amount=Decimal(1),
        unit="drink",
        alcohol_grams=14.0,
    )
    assert same_day.shows_time


def test_the_saved_message_says_what_was_logged(alice: User) -> None:
    entry, _created = entry_create(
        user=alice,
        substance=substance_for(alice, "alcohol"),
        day=yesterday(),
        preset="wine",
        count=Decimal(2),
    )
    assert entry.amount_text == "2 glasses of wine"
