"""The person's own clock: day boundaries at the edges (UTC-8, daylight saving, travelling).

"Now" is moved with time-machine (no sleeping); everything goes through pages and the API.
Personas: lena lives in Los Angeles (UTC-8, UTC-7 in summer); uma keeps the site's UTC.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.test import Client

from tests.conftest import at_utc, client_for, make_user
from waypoint.accounts.models import User
from waypoint.accounts.services import token_create
from waypoint.goals.models import Goal
from waypoint.journal.models import CheckIn, Entry, Substance
from waypoint.journal.services import profile_of

pytestmark = pytest.mark.django_db
LA = ZoneInfo("America/Los_Angeles")


@pytest.fixture
def lena(db: None) -> User:
    return make_user("lena", time_zone="America/Los_Angeles")


@pytest.fixture
def uma(db: None) -> User:
    return make_user("uma", time_zone="UTC")


def quick_log(day: str, **changes: Any) -> dict[str, Any]:
    alcohol = Substance.objects.get(slug="alcohol", owner=None)
    return {
        "substance": alcohol.pk,
        "shown_for": alcohol.pk,
        "drink": "beer",
        "amount": "1",
        "day": day,
    } | changes


def token_client(user: User) -> Client:
    _token, raw = token_create(user=user, name="tests")
    return Client(headers={"Authorization": f"Bearer {raw}"})


# --- A use at 23:30 local time in UTC-8 ---


def test_a_use_at_half_past_eleven_at_night_in_los_angeles_lands_on_that_local_day(
    lena: User,
) -> None:
    # 23:30 on Tuesday 3 March 2026 in Los Angeles is 07:30 on Wednesday in UTC.
    with at_utc(2026, 3, 4, 7, 30):
        client = client_for(lena)
        page = client.get("/today/")
        assert page.context["day"] == date(2026, 3, 3)
        assert "Tuesday 3 March" in page.content.decode()
        assert client.post("/today/", quick_log("2026-03-03")).status_code == 302
    entry = Entry.objects.get(user=lena)
    assert entry.day == date(2026, 3, 3)
    assert entry.used_at == datetime(2026, 3, 4, 7, 30, tzinfo=UTC)
    assert entry.used_at.astimezone(LA).strftime("%H:%M") == "23:30"


def test_the_servers_date_is_still_tomorrow_for_a_person_in_los_angeles(
    lena: User, uma: User
) -> None:
    with at_utc(2026, 3, 4, 7, 30):
        response = client_for(lena).post("/today/", quick_log("2026-03-04"))
        assert response.status_code == 400
        assert "That day is in the future." in response.content.decode()
        # The same moment is already Wednesday for someone on UTC.
        assert client_for(uma).get("/today/").context["day"] == date(2026, 3, 4)
    assert not Entry.objects.filter(user=lena).exists()


def test_the_api_counts_days_on_the_accounts_clock(lena: User) -> None:
    api = token_client(lena)
    with at_utc(2026, 3, 4, 7, 30):
        late = api.put("/api/v1/checkins/2026-03-04", {"no_use": True}, "application/json")
        assert late.status_code == 422
        assert "future" in late.json()["detail"].lower() or "future" in late.content.decode()
        ok = api.put("/api/v1/checkins/2026-03-03", {"no_use": True}, "application/json")
        assert ok.status_code == 200
        logged = api.post(
            "/api/v1/entries",
            {"substance": "alcohol", "day": "2026-03-03", "amount": 1},
            "application/json",
        )
        assert logged.status_code in (200, 201), logged.content
        assert api.get("/api/v1/me").json()["time_zone"] == "America/Los_Angeles"
    assert logged.json()["day"] == "2026-03-03"
    assert logged.json()["time"].startswith("23:30")
    assert CheckIn.objects.get(user=lena).day == date(2026, 3, 3)


def test_a_check_in_at_half_past_eleven_at_night_is_that_days(lena: User) -> None:
    with at_utc(2026, 3, 4, 7, 30):
        client = client_for(lena)
        assert client.post("/checkin/2026-03-04/", {"no_use": "1"}).status_code == 404
        assert client.post("/checkin/2026-03-03/", {"no_use": "1"}).status_code == 302
    assert CheckIn.objects.get(user=lena).day == date(2026, 3, 3)


def test_an_export_is_named_after_the_persons_day(lena: User) -> None:
    with at_utc(2026, 3, 4, 7, 30):
        response = client_for(lena).get("/settings/export.json")
    assert response.status_code == 200
    assert "2026-03-03" in response["Content-Disposition"]


# --- Daylight saving ---


@pytest.mark.parametrize(
    ("moment", "day"),
    [
        # 8 March 2026: clocks spring forward at 02:00 (UTC-8 to UTC-7). The day is 23 hours.
        ((2026, 3, 8, 7, 59), date(2026, 3, 7)),  # 23:59 PST on Saturday
        ((2026, 3, 8, 8, 0), date(2026, 3, 8)),  # midnight PST
        ((2026, 3, 9, 6, 59), date(2026, 3, 8)),  # 23:59 PDT on Sunday
        ((2026, 3, 9, 7, 0), date(2026, 3, 9)),  # midnight PDT: a fixed UTC-8 would say Sunday
        # 1 November 2026: clocks fall back at 02:00 (UTC-7 to UTC-8). The day is 25 hours.
        ((2026, 11, 1, 6, 59), date(2026, 10, 31)),  # 23:59 PDT on Saturday
        ((2026, 11, 1, 7, 0), date(2026, 11, 1)),  # midnight PDT
        ((2026, 11, 2, 7, 30), date(2026, 11, 1)),  # 23:30 PST: a fixed UTC-7 would say Monday
        ((2026, 11, 2, 8, 0), date(2026, 11, 2)),  # midnight PST
    ],
)
def test_today_follows_daylight_saving_in_los_angeles(
    lena: User, moment: tuple[int, ...], day: date
) -> None:
    with at_utc(*moment):
        assert client_for(lena).get("/today/").context["day"] == day


def test_times_that_daylight_saving_skips_or_repeats_are_saved_not_refused(lena: User) -> None:
    api = token_client(lena)
    with at_utc(2026, 11, 3, 12, 0):
        for day, clock in (("2026-03-08", "02:30"), ("2026-11-01", "01:30")):
            response = api.post(
                "/api/v1/entries",
                {"substance": "alcohol", "day": day, "time": clock, "amount": 1},
                "application/json",
            )
            assert response.status_code in (200, 201), response.content
            assert response.json()["day"] == day
    assert sorted(e.day.isoformat() for e in Entry.objects.filter(user=lena)) == [
        "2026-03-08",
        "2026-11-01",
    ]


# --- A person who travels ---


def test_a_person_who_travels_keeps_old_days_and_today_follows_the_new_zone(lena: User) -> None:
    client = client_for(lena)
    with at_utc(2026, 3, 4, 7, 30):  # 23:30 on Tuesday in Los Angeles
        assert client.post("/today/", quick_log("2026-03-03")).status_code == 302
        entry = Entry.objects.get(user=lena)
        moment = entry.used_at
        # Lena flies to New York, where it is 02:30 on Wednesday, and says so in Settings.
        response = client.post(
            "/settings/",
            {"display_name": "", "email": "", "time_zone": "America/New_York"},
            follow=True,
        )
        assert "Entries and check-ins you logged before keep the day" in response.content.decode()
        today = client.get("/today/")
        assert today.context["day"] == date(2026, 3, 4)
        assert list(today.context["entries"]) == []  # Tuesday's drink stays on Tuesday
        journal = client.get("/entries/?to=2026-03-03").content.decode()
        assert f"/entries/{entry.pk}/edit/" in journal
        # Editing the amount (the form shows the time on the new clock) moves nothing.
        initial = client.get(f"/entries/{entry.pk}/edit/").context["form"].initial
        assert initial["time"].strftime("%H:%M") == "02:30"
        edit = {
            name: "" if value is None else value
            for name, value in initial.items()
            if not isinstance(value, list)
        } | {"shown_for": entry.substance_id, "drink": "volume", "amount": "400", "time": "02:30"}
        response = client.post(f"/entries/{entry.pk}/edit/", edit)
        assert response.status_code == 302, response.content.decode()[:3000]
    entry.refresh_from_db()
    assert entry.day == date(2026, 3, 3)
    assert entry.used_at == moment
    assert entry.amount == 400
    lena.refresh_from_db()
    assert lena.time_zone == "America/New_York"


def test_a_time_zone_that_does_not_exist_is_refused_with_a_message(lena: User) -> None:
    response = client_for(lena).post(
        "/settings/", {"display_name": "", "email": "", "time_zone": "Mars/Olympus_Mons"}
    )
    assert response.status_code == 400
    assert "Unknown time zone: Mars/Olympus_Mons" in response.content.decode()
    lena.refresh_from_db()
    assert lena.time_zone == "America/Los_Angeles"


# --- Goals and the baseline calendar ---


def test_a_goal_set_at_half_past_eleven_at_night_starts_that_local_day(
    lena: User, uma: User
) -> None:
    with at_utc(2026, 3, 4, 7, 30):
        for person in (lena, uma):
            response = token_client(person).post(
                "/api/v1/goals", {"kind": "observe"}, "application/json"
            )
            assert response.status_code == 201, response.content
    started = dict(Goal.objects.values_list("user__username", "started_on"))
    assert started == {"lena": date(2026, 3, 3), "uma": date(2026, 3, 4)}


def test_the_baseline_calendar_ends_on_the_persons_yesterday(lena: User) -> None:
    profile = profile_of(lena)
    profile.substances.add(Substance.objects.get(slug="alcohol", owner=None))
    with at_utc(2026, 3, 4, 7, 30):
        page = client_for(lena).get("/start/baseline/")
    assert page.status_code == 200
    assert page.context["window"].end == date(2026, 3, 2)
