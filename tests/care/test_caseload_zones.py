"""The caseload counts each client's days on the client's own clock, not the counselor's.

carol counsels from Madrid (UTC+1 in winter); lena lives in Los Angeles (UTC-8); mara in Madrid.
"Now" is moved with time-machine around midnight in Los Angeles, which is morning in Madrid.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.care.conftest import ALL_SCOPES, grant
from tests.conftest import at_utc, client_for, make_user
from tests.factories import log
from waypoint.accounts.models import Organization, User

pytestmark = pytest.mark.django_db

SEVERE = "An overdose or a blackout logged in the last 28 days"
QUIET = "Nothing logged for 14 days or more"
# 2026-11-30 23:30 in Los Angeles, 2026-12-01 08:30 in Madrid.
BEFORE_MIDNIGHT_IN_LA = (2026, 12, 1, 7, 30)
# 2026-12-01 00:30 in Los Angeles, 09:30 in Madrid.
AFTER_MIDNIGHT_IN_LA = (2026, 12, 1, 8, 30)


def _cards(html: str) -> dict[str, str]:
    """Each client card's text by the client's name."""
    cards = html.split('<li class="care-card')[1:]
    found = {}
    for card in cards:
        name = re.search(r'href="/care/clients/\d+/">([^<]+)</a>', card)
        assert name is not None
        found[name.group(1)] = card
    return found


@pytest.fixture
def people(carol: User, harbor: Organization) -> dict[str, User]:
    carol.time_zone = "Europe/Madrid"
    carol.save(update_fields=["time_zone"])
    lena = make_user("lena", display_name="Lena", time_zone="America/Los_Angeles")
    mara = make_user("mara", display_name="Mara", time_zone="Europe/Madrid")
    with at_utc(*BEFORE_MIDNIGHT_IN_LA):
        # Each logged an overdose 27 days before their own today and something 13 days before:
        # on their own clock both are still inside the 28 and 14 days.
        log(lena, date(2026, 11, 3), 3, harms=["overdose"])
        log(lena, date(2026, 11, 17), 1)
        log(mara, date(2026, 11, 4), 3, harms=["overdose"])
        log(mara, date(2026, 11, 18), 1)
        for person in (lena, mara):
            grant(person, carol, harbor, ALL_SCOPES)
    return {"lena": lena, "mara": mara}


def _caseload(carol: User) -> tuple[dict[str, str], int]:
    with CaptureQueriesContext(connection) as queries:
        response = client_for(carol).get("/care/")
    assert response.status_code == 200
    return _cards(response.content.decode()), len(queries)


def test_before_midnight_in_los_angeles_a_client_there_is_still_on_her_own_day(
    carol: User, people: dict[str, User]
) -> None:
    with at_utc(*BEFORE_MIDNIGHT_IN_LA):
        cards, _queries = _caseload(carol)
    # Lena's today is 30 November: her overdose on the 3rd is day 28 of 28, her last entry on
    # the 17th day 14 of 14. On carol's clock (1 December) both would have dropped out.
    assert SEVERE in cards["Lena"] and QUIET not in cards["Lena"]
    assert "2 days reported in 28" in cards["Lena"]
    # Mara's today is carol's: 1 December, so the 4th and the 18th count the same way.
    assert SEVERE in cards["Mara"] and QUIET not in cards["Mara"]
    assert "2 days reported in 28" in cards["Mara"]


def test_after_midnight_in_los_angeles_her_windows_move_on_by_a_day(
    carol: User, people: dict[str, User]
) -> None:
    with at_utc(*AFTER_MIDNIGHT_IN_LA):
        cards, _queries = _caseload(carol)
    assert SEVERE not in cards["Lena"] and QUIET in cards["Lena"]
    assert "1 day reported in 28" in cards["Lena"]
    # Mara's day has not changed since the first reading.
    assert SEVERE in cards["Mara"] and QUIET not in cards["Mara"]


def test_a_caseload_across_time_zones_costs_the_same_queries_as_one_zone(
    carol: User, harbor: Organization, people: dict[str, User], django_assert_num_queries: Any
) -> None:
    with at_utc(*BEFORE_MIDNIGHT_IN_LA):
        _cards_before, two_days = _caseload(carol)
        # More clients in more zones (one more calendar day: Kiritimati is already on the 2nd).
        for n, zone in enumerate(["Pacific/Kiritimati", "Asia/Tokyo", "America/New_York"] * 4):
            person = make_user(f"p{n}", display_name=f"P{n}", time_zone=zone)
            log(person, date(2026, 11, 20), 1)
            grant(person, carol, harbor, ALL_SCOPES)
        with django_assert_num_queries(two_days):  # type: ignore[operator]
            response = client_for(carol).get("/care/")
    assert len(_cards(response.content.decode())) == 14
