"""The baseline calendar (Timeline Followback): layout, validation and saving."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from waypoint.accounts.models import User
from waypoint.journal.models import BaselineDay, today
from waypoint.journal.services import profile_of, substance_for
from waypoint.start.forms import day_markers

pytestmark = pytest.mark.django_db


def key(user: User, slug: str, day: date) -> str:
    return f"b-{substance_for(user, slug).pk}-{day.isoformat()}"


@pytest.fixture
def drinker(alice: User) -> User:
    profile = profile_of(alice)
    profile.country = "UK"
    profile.save()
    profile.substances.set([substance_for(alice, "alcohol"), substance_for(alice, "cannabis")])
    return alice


def test_the_calendar_shows_the_last_30_days_to_yesterday(
    drinker: User, alice_client: Client
) -> None:
    page = alice_client.get("/start/baseline/")
    assert page.status_code == 200
    text = page.content.decode()
    yesterday = today() - timedelta(days=1)
    first = yesterday - timedelta(days=29)
    assert f'name="{key(drinker, "alcohol", yesterday)}"' in text
    assert f'name="{key(drinker, "alcohol", first)}"' in text
    assert f'name="{key(drinker, "alcohol", first - timedelta(days=1))}"' not in text
    assert f'name="{key(drinker, "alcohol", today())}"' not in text
    # One calendar per chosen substance, each in its own unit, with weekday headers.
    assert text.count('<table class="month"') == 2
    assert "in standard drinks" in text and "in joints" in text
    assert "Standard drinks as counted in United Kingdom (7.9 g)." in text
    assert '<abbr title="Monday">Mon</abbr>' in text
    # Weekends are marked, and so is yesterday.
    assert 'class="day weekend' in text
    assert "yesterday" in text


def test_markers_name_fixed_holidays_and_weeks_ago() -> None:
    assert day_markers(date(2025, 12, 25), date(2026, 1, 1)) == ["Christmas Day", "a week ago"]
    assert day_markers(date(2026, 1, 1), date(2026, 1, 2)) == ["New Year's Day", "yesterday"]
    assert day_markers(date(2026, 3, 3), date(2026, 3, 20)) == []


def test_filled_days_are_saved_and_empty_days_are_not_reported(
    drinker: User, alice_client: Client
) -> None:
    yesterday = today() - timedelta(days=1)
    before = yesterday - timedelta(days=1)
    response = alice_client.post(
        "/start/baseline/",
        {
            key(drinker, "alcohol", yesterday): "4",
            key(drinker, "alcohol", before): "0",
            key(drinker, "alcohol", before - timedelta(days=1)): "",
            key(drinker, "cannabis", yesterday): "1,5",
            "action": "save",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == "/start/audit/"
    rows = {
        (row.substance.slug, row.day): (row.amount, row.alcohol_grams)
        for row in BaselineDay.objects.filter(user=drinker).select_related("substance")
    }
    assert rows == {
        ("alcohol", yesterday): (4.0, pytest.approx(31.6)),  # 4 UK units of 7.9 g
        ("alcohol", before): (0.0, 0.0),
        ("cannabis", yesterday): (1.5, None),
    }
    profile = profile_of(drinker)
    assert (profile.baseline_start, profile.baseline_end) == (
        yesterday - timedelta(days=29),
        yesterday,
    )
    # Coming back shows what was saved.
    text = alice_client.get("/start/baseline/").content.decode()
    assert f'name="{key(drinker, "alcohol", yesterday)}" value="4"' in text


@pytest.mark.parametrize(
    "value,message",
    [
        ("-2", "Use 0 for none; amounts cannot be negative."),
        ("lots", "“lots” is not a number."),
        ("nan", "“nan” is not a number."),
        ("1e9", "That is more than 100000."),
    ],
)
def test_a_bad_day_is_refused_with_a_message_and_nothing_is_saved(
    drinker: User, alice_client: Client, value: str, message: str
) -> None:
    yesterday = today() - timedelta(days=1)
    response = alice_client.post(
        "/start/baseline/",
        {
            key(drinker, "alcohol", yesterday): value,
            key(drinker, "cannabis", yesterday): "2",
            "action": "save",
        },
    )
    assert response.status_code == 400
    text = response.content.decode()
    assert message in text
    assert 'aria-invalid="true"' in text
    # What the person typed elsewhere is kept for another try.
    assert f'name="{key(drinker, "cannabis", yesterday)}" value="2"' in text
    assert not BaselineDay.objects.exists()
    assert profile_of(drinker).started_step == ""


def test_days_outside_the_calendar_are_ignored(drinker: User, alice_client: Client) -> None:
    response = alice_client.post(
        "/start/baseline/", {key(drinker, "alcohol", today()): "3", "action": "save"}
    )
    assert response.status_code == 302
    assert not BaselineDay.objects.exists()


def test_the_calendar_keeps_its_window_when_revisited(drinker: User, alice_client: Client) -> None:
    profile = profile_of(drinker)
    profile.baseline_start, profile.baseline_end = date(2025, 1, 1), date(2025, 1, 30)
    profile.save()
    text = alice_client.get("/start/baseline/").content.decode()
    assert f'name="{key(drinker, "alcohol", date(2025, 1, 1))}"' in text
    assert "New Year" in text


def test_the_quick_fill_toolbar_is_hidden_until_the_script_shows_it(
    drinker: User, alice_client: Client
) -> None:
    text = alice_client.get("/start/baseline/").content.decode()
    assert 'class="quick-fill" hidden' in text
    assert "/static/start/baseline.js" in text
    assert "<script>" not in text and "onclick" not in text


def test_the_calendar_page_queries_do_not_grow_with_substances(
    alice: User, alice_client: Client
) -> None:
    profile = profile_of(alice)
    profile.substances.set([substance_for(alice, "alcohol")])
    with CaptureQueriesContext(connection) as one:
        alice_client.get("/start/baseline/")
    slugs = ("alcohol", "cannabis", "heroin", "cocaine", "mdma")
    profile.substances.set([substance_for(alice, slug) for slug in slugs])
    with CaptureQueriesContext(connection) as five:
        page = alice_client.get("/start/baseline/")
    assert page.content.decode().count('<table class="month"') == 5
    assert len(five.captured_queries) == len(one.captured_queries) <= 10
