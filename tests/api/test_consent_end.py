"""The consent API says when sharing ends, as an instant with its offset and the zone it was
worked out in, beside the last day (`expires_on`, unchanged)."""

from __future__ import annotations

from datetime import date

import pytest

from tests.care.conftest import ALL_SCOPES, grant
from tests.conftest import at_utc, client_for, make_user
from waypoint.accounts.models import Organization, User

pytestmark = pytest.mark.django_db

URL = "/api/v1/sharing/consents"


def _lena() -> User:
    return make_user("lena", display_name="Lena", time_zone="America/Los_Angeles")


def test_a_consent_with_a_last_day_gives_its_end_and_zone(
    carol: User, harbor: Organization
) -> None:
    lena = _lena()
    with at_utc(2026, 11, 30, 12, 0):
        consent = grant(lena, carol, harbor, ALL_SCOPES, expires_on=date(2026, 11, 30))
        listed = client_for(lena).get(URL).json()[0]
        detail = client_for(lena).get(f"{URL}/{consent.pk}").json()
    assert listed == detail
    assert listed["expires_on"] == "2026-11-30"
    assert listed["ends_at"] == "2026-12-01T00:00:00-08:00"
    assert listed["time_zone"] == "America/Los_Angeles"


def test_a_consent_until_revoked_has_no_end(carol: User, harbor: Organization) -> None:
    lena = _lena()
    grant(lena, carol, harbor, ALL_SCOPES)
    listed = client_for(lena).get(URL).json()[0]
    assert listed["expires_on"] is None
    assert listed["ends_at"] is None
    assert listed["time_zone"] is None


def test_after_a_move_the_end_keeps_the_clock_it_was_signed_on(
    carol: User, harbor: Organization
) -> None:
    lena = _lena()
    with at_utc(2026, 11, 30, 12, 0):
        grant(lena, carol, harbor, ALL_SCOPES, expires_on=date(2026, 11, 30))
    lena.time_zone = "Europe/Madrid"
    lena.save(update_fields=["time_zone"])
    listed = client_for(lena).get(URL).json()[0]
    # The same instant, on the clock it was signed on; that clock's name was not kept.
    assert listed["ends_at"] == "2026-12-01T00:00:00-08:00"
    assert listed["time_zone"] is None
