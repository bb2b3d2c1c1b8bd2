"""The report matches hand-computed numbers in the organization's time zone, in constant queries."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from tests.programs.conftest import record
from waypoint.accounts.models import User
from waypoint.programs import services
from waypoint.programs.models import Site
from waypoint.programs.report import INDICATORS, report
from waypoint.programs.selectors import ProgramAccess, program_for

pytestmark = pytest.mark.django_db
NY = ZoneInfo("America/New_York")


@pytest.fixture
def ny_access(access: ProgramAccess, petra: User) -> ProgramAccess:
    access.organization.time_zone = "America/New_York"
    access.organization.save()
    return program_for(petra, "riverside")


def at(day: date, hour: int = 12) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=NY)


def test_every_indicator_by_hand(
    ny_access: ProgramAccess, petra: User, van: Site, office: Site
) -> None:
    a = services.participant_issue(user=petra, access=ny_access).shown_code
    b = services.participant_issue(user=petra, access=ny_access).shown_code
    # Before the period: a's first visit, with a referral that is linked in the period.
    record(
        ny_access, petra, van, code=a, at=at(date(2024, 12, 20)), referrals=[("housing", "made")]
    )
    # January: a returns (not new), links housing; anonymous contact for 3 people.
    record(
        ny_access,
        petra,
        van,
        code=a,
        at=at(date(2025, 1, 5)),
        supplies=[("syringe", 20), ("naloxone-nasal-4mg", 2), ("fentanyl-test-strip", 10)],
        syringes_collected=15,
        referrals=[("housing", "linked"), ("moud-methadone", "made")],
        tests=[("hiv", "non_reactive"), ("hcv", "reactive")],
    )
    record(
        ny_access, petra, office, at=at(date(2025, 1, 31), 23), people=3, supplies=[("syringe", 30)]
    )
    # February: b is new; naloxone-im kit (1 dose); an HIV test not given does not count.
    record(
        ny_access,
        petra,
        office,
        code=b,
        at=at(date(2025, 2, 1), 0),
        supplies=[("naloxone-im", 1), ("xylazine-test-strip", 4)],
        tests=[("hiv", "not_given")],
    )
    # After the period (Feb 28 is the last day in New York; this is March 1 at 00:30 there).
    record(ny_access, petra, van, code=b, at=at(date(2025, 3, 1), 0), supplies=[("syringe", 99)])
    services.reversal_record(
        user=petra,
        access=ny_access,
        reversal_id=None,
        at=at(date(2025, 2, 10)),
        site=van.pk,
        place="outdoors",
        outcome="recovered",
    )
    got = report(ny_access, first=date(2025, 1, 1), last=date(2025, 2, 28))
    expected = dict.fromkeys(INDICATORS, 0) | {
        "encounters": 3,
        "unique_participants": 2,
        "new_participants": 1,
        "anonymous_contacts": 3,
        "syringes_distributed": 50,
        "syringes_collected": 15,
        "naloxone_kits_distributed": 3,
        "naloxone_doses_distributed": 5,
        "fentanyl_test_strips_distributed": 10,
        "xylazine_test_strips_distributed": 4,
        "hiv_tests": 1,
        "hcv_tests": 1,
        "hcv_reactive": 1,
        "referrals_made": 1,
        "referrals_linked": 0,
        "overdose_reversals_reported": 1,
    }
    assert got.indicators == expected
    january, february = (m["indicators"] for m in got.monthly)
    assert [m["month"] for m in got.monthly] == ["2025-01", "2025-02"]
    assert january["encounters"] == 2 and january["anonymous_contacts"] == 3
    assert february["new_participants"] == 1 and february["naloxone_doses_distributed"] == 1
    # The referral made in December was linked in January: it counts in December's period.
    december = report(ny_access, first=date(2024, 12, 1), last=date(2024, 12, 31))
    assert december.indicators["referrals_made"] == 1
    assert december.indicators["referrals_linked"] == 1
    # Per site.
    by_van = report(ny_access, first=date(2025, 1, 1), last=date(2025, 2, 28), site=van.pk)
    assert by_van.indicators["encounters"] == 1 and by_van.indicators["new_participants"] == 0
    assert by_van.indicators["overdose_reversals_reported"] == 1


def test_the_shared_report_hides_small_counts(
    access: ProgramAccess, petra: User, van: Site
) -> None:
    for _ in range(12):
        record(access, petra, van, supplies=[("syringe", 10)])
    today = timezone.localdate()
    got = report(access, first=today, last=today, shared=True)
    assert got.indicators["encounters"] == 12
    assert got.indicators["syringes_distributed"] == 120
    assert got.indicators["anonymous_contacts"] == 12
    assert got.indicators["syringes_collected"] == 0


def _many(access: ProgramAccess, user: User, site: Site, n: int) -> None:
    codes = [services.participant_issue(user=user, access=access).shown_code for _ in range(3)]
    for i in range(n):
        record(
            access,
            user,
            site,
            code=codes[i % 3] if i % 2 else None,
            supplies=[("syringe", 5)],
            at=timezone.now() - timezone.timedelta(days=i * 9 + 1),
        )


@pytest.mark.parametrize("n", [2, 40])
def test_report_query_count_does_not_grow(
    n: int, access: ProgramAccess, petra: User, van: Site, django_assert_max_num_queries: Any
) -> None:
    _many(access, petra, van, n)
    today = timezone.localdate()
    with django_assert_max_num_queries(4):
        report(access, first=today.replace(year=today.year - 1), last=today, shared=True)


@pytest.mark.parametrize("n", [2, 40])
def test_report_page_query_count_does_not_grow(
    n: int,
    access: ProgramAccess,
    petra: User,
    van: Site,
    petra_client: Any,
    django_assert_max_num_queries: Any,
) -> None:
    _many(access, petra, van, n)
    with django_assert_max_num_queries(18):
        response = petra_client.get("/programs/riverside/report/?start=2024-01-01&end=2030-01-01")
    assert response.status_code == 200
    with django_assert_max_num_queries(18):
        assert petra_client.get("/programs/riverside/").status_code == 200
