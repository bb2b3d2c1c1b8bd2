"""Choosing a time zone: at sign-up, in Settings, and an organization's by its admin.

Personas: erin is Harbor's admin; carol a counselor at Harbor (not an admin, so 404 here).
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.test import Client

from tests.conftest import client_for
from waypoint.accounts.models import Organization, User
from waypoint.accounts.zones import offset_words, zone_words

pytestmark = pytest.mark.django_db

GOOD = "lamp river quiet orange"


@pytest.fixture(autouse=True)
def fast_password_hashing(settings: Any) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def sign_up(**extra: str) -> Any:
    data = {"username": "tamsin", "new_passphrase": GOOD, "new_passphrase_again": GOOD}
    return Client().post("/signup/", data | extra)


def test_sign_up_offers_every_zone_in_a_plain_select_with_the_browser_script() -> None:
    page = Client().get("/signup/").content.decode()
    assert '<select name="time_zone"' in page and 'data-browser-zone="propose"' in page
    assert '<option value="America/Los_Angeles">America/Los Angeles</option>' in page
    assert "waypoint/timezone" in page  # the small script that proposes the browser's zone


def test_sign_up_stores_the_chosen_zone() -> None:
    assert sign_up(time_zone="America/Los_Angeles").status_code == 302
    assert User.objects.get(username="tamsin").time_zone == "America/Los_Angeles"


def test_sign_up_without_a_zone_gets_the_sites(settings: Any) -> None:
    settings.TIME_ZONE = "America/Chicago"
    assert sign_up().status_code == 302
    assert User.objects.get(username="tamsin").time_zone == "America/Chicago"


def test_sign_up_with_an_unknown_zone_is_refused_with_a_message() -> None:
    response = sign_up(time_zone="Europe/Atlantis")
    assert response.status_code == 400
    assert "Unknown time zone: Europe/Atlantis" in response.content.decode()
    assert not User.objects.filter(username="tamsin").exists()


def test_settings_change_the_zone_and_say_that_old_days_stay(alice: User) -> None:
    client = client_for(alice)
    page = client.get("/settings/").content.decode()
    assert 'data-browser-zone="hint"' in page
    response = client.post(
        "/settings/", {"display_name": "Alice", "time_zone": "Europe/Madrid"}, follow=True
    )
    assert "Your days now follow Europe/Madrid" in response.content.decode()
    assert "The time is on your clock (Europe/Madrid" in response.content.decode()
    alice.refresh_from_db()
    assert alice.time_zone == "Europe/Madrid"
    # A form posted without the field (an older page) keeps the zone as it is.
    client.post("/settings/", {"display_name": "Alice"})
    alice.refresh_from_db()
    assert alice.time_zone == "Europe/Madrid"


def test_an_organization_admin_sets_the_organizations_zone(
    erin: User, carol: User, harbor: Organization
) -> None:
    admin = client_for(erin)
    assert 'action="/org/harbor/time-zone/"' in admin.get("/org/harbor/staff/").content.decode()
    response = admin.post("/org/harbor/time-zone/", {"time_zone": "America/Denver"})
    assert response.status_code == 302
    harbor.refresh_from_db()
    assert harbor.time_zone == "America/Denver"
    bad = admin.post("/org/harbor/time-zone/", {"time_zone": "Mars/Olympus"})
    assert bad.status_code == 400
    assert "Unknown time zone: Mars/Olympus" in bad.content.decode()
    counselor = client_for(carol)
    assert counselor.post("/org/harbor/time-zone/", {"time_zone": "UTC"}).status_code == 404
    harbor.refresh_from_db()
    assert harbor.time_zone == "America/Denver"


@pytest.mark.parametrize(
    ("name", "words"),
    [
        ("America/Los_Angeles", "Los Angeles time"),
        ("America/Argentina/Buenos_Aires", "Buenos Aires time"),
        ("Asia/Kolkata", "Kolkata time"),
        ("UTC", "UTC"),
        ("Etc/GMT+5", "UTC−5"),  # the IANA sign is the other way round: five hours behind
    ],
)
def test_a_zone_is_named_in_plain_words(name: str, words: str) -> None:
    assert zone_words(ZoneInfo(name), datetime(2026, 11, 30, tzinfo=UTC)) == words


def test_an_offset_is_written_as_people_write_it() -> None:
    assert offset_words(timedelta(hours=5, minutes=30)) == "UTC+5:30"
    assert offset_words(timedelta(hours=-8)) == "UTC−8"
    assert offset_words(timedelta(0)) == "UTC"
