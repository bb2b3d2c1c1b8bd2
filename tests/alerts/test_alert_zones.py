"""Drug alerts on the right clock: an alert ends on its organization's day, and "logged in the
last 90 days" is counted on the person's own calendar, whatever the site's or reader's clock.

Harbor works from Los Angeles (UTC-8); the reader, uma, lives in Madrid (UTC+1); lena, who
subscribes, in Los Angeles. "Now" is moved with time-machine.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from tests.conftest import at_utc, client_for, make_user
from waypoint.accounts.models import Organization, User
from waypoint.alerts import services
from waypoint.alerts.models import DrugAlert, Notification, Region
from waypoint.alerts.worker import run_once
from waypoint.journal import services as journal
from waypoint.journal.models import Substance

pytestmark = pytest.mark.django_db


@pytest.fixture
def downtown(harbor: Organization) -> Region:
    harbor.time_zone = "America/Los_Angeles"
    harbor.save(update_fields=["time_zone"])
    return services.region_add(organization=harbor, name="Downtown")


def _publish(author: User, region: Region, *, found_on: date, expires_on: date) -> DrugAlert:
    return services.drug_alert_publish(
        author=author,
        organization=region.organization,
        region_id=region.pk,
        substances=["fentanyl"],
        title="Fentanyl in pressed pills",
        details="",
        evidence="lab",
        found_on=found_on,
        expires_on=expires_on,
    )


def test_an_alert_lasts_to_the_end_of_its_last_day_on_the_organizations_clock(
    marisol: User, downtown: Region
) -> None:
    uma = make_user("uma", time_zone="Europe/Madrid")
    with at_utc(2026, 11, 28, 18, 0):
        alert = _publish(
            marisol, downtown, found_on=date(2026, 11, 28), expires_on=date(2026, 11, 30)
        )
    # 21:00 on 30 November in Los Angeles, already 1 December in Madrid: still on.
    with at_utc(2026, 12, 1, 5, 0):
        assert alert.title in client_for(uma).get("/alerts/").content.decode()
    # 00:30 on 1 December in Los Angeles: its last day has ended.
    with at_utc(2026, 12, 1, 8, 30):
        assert alert.title not in client_for(uma).get("/alerts/").content.decode()


def test_logged_in_the_last_90_days_counts_on_the_subscribers_own_calendar(
    marisol: User, downtown: Region
) -> None:
    lena = make_user("lena", time_zone="America/Los_Angeles")
    heroin = Substance.objects.get(slug="heroin", owner=None)
    with at_utc(2026, 9, 1, 18, 0):
        journal.entry_create(
            user=lena, substance=heroin, day=date(2026, 9, 1), amount=Decimal(1), unit="bag"
        )
        services.subscription_save(
            user=lena, region_ids=[downtown.pk], substances=[], match_my_log=True, channel="in_app"
        )
    # 30 November in Los Angeles is day 90 after 1 September; UTC is already on 1 December.
    with at_utc(2026, 12, 1, 5, 0):
        _publish(marisol, downtown, found_on=date(2026, 11, 30), expires_on=date(2026, 12, 7))
        assert run_once().fanned_out == 1
    assert Notification.objects.filter(user=lena).count() == 1
    # A day later on her calendar the entry is outside the 90 days: the next alert passes her by.
    with at_utc(2026, 12, 2, 8, 30):
        _publish(marisol, downtown, found_on=date(2026, 12, 1), expires_on=date(2026, 12, 7))
        run_once()
    assert Notification.objects.filter(user=lena).count() == 1


def _staff_in_madrid(marisol: User) -> User:
    marisol.time_zone = "Europe/Madrid"
    marisol.save(update_fields=["time_zone"])
    return marisol


def test_the_alert_form_proposes_the_organizations_day_not_the_staff_members(
    marisol: User, downtown: Region
) -> None:
    # 23:30 on 30 November in Los Angeles (Harbor); 08:30 on 1 December in Madrid (marisol).
    with at_utc(2026, 12, 1, 7, 30):
        page = client_for(_staff_in_madrid(marisol)).get("/alerts/org/harbor/new/")
    html = page.content.decode()
    assert 'name="found_on" value="2026-11-30"' in html
    assert 'name="expires_on" value="2026-12-14"' in html


def test_the_alert_form_checks_days_against_the_organizations_day(
    marisol: User, downtown: Region
) -> None:
    staff = client_for(_staff_in_madrid(marisol))

    def post(found_on: str, expires_on: str) -> tuple[int, str]:
        response = staff.post(
            "/alerts/org/harbor/new/",
            {
                "title": "Fentanyl in pressed pills",
                "substances": ["fentanyl"],
                "region": downtown.pk,
                "evidence": "lab",
                "found_on": found_on,
                "expires_on": expires_on,
            },
        )
        return response.status_code, response.content.decode()

    with at_utc(2026, 12, 1, 7, 30):  # 30 November in Los Angeles, 1 December in Madrid
        # Marisol's 1 December has not come yet where Harbor works.
        status, html = post("2026-12-01", "2026-12-07")
        assert status == 400 and "That day is in the future." in html
        # Harbor's today is still 30 November: an alert shown until then is fine.
        status, _html = post("2026-11-29", "2026-11-30")
        assert status == 302
    with at_utc(2026, 12, 1, 8, 30):  # 00:30 on 1 December in Los Angeles
        status, html = post("2026-11-29", "2026-11-30")
        assert status == 400 and "Choose today or a day after it." in html
        status, _html = post("2026-12-01", "2026-12-07")
        assert status == 302
    assert DrugAlert.objects.count() == 2
