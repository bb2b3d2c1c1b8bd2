"""The weekly hours digest: searches read plain weekly hours from it instead of the schedule
rows, and must answer exactly as the rows do; dated rules and closures are never digested."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from waypoint.directory import schedule as sched
from waypoint.directory.geo import Point
from waypoint.directory.models import Schedule, ServiceAtLocation
from waypoint.directory.selectors import (
    Search,
    digest_of,
    hours_of_digest,
    refresh_points,
    rule_of,
    search_services,
)

CHICAGO = ZoneInfo("America/Chicago")
LOOP = Point(41.8781, -87.6298)
MOMENTS = [
    datetime(2026, 12, 7, 10, tzinfo=CHICAGO),  # a Monday morning
    datetime(2026, 12, 7, 23, 30, tzinfo=CHICAGO),
    datetime(2026, 12, 5, 1, 30, tzinfo=CHICAGO),  # Saturday, past midnight (the van)
    datetime(2026, 12, 25, 10, tzinfo=CHICAGO),  # a closure day
    datetime(2026, 12, 26, 23, tzinfo=CHICAGO),  # the van's staff day
    datetime(2027, 7, 6, 11, tzinfo=CHICAGO),  # after the pantry's rule ends
]


def answers() -> list[tuple[str, bool | None, datetime | None]]:
    found = []
    for moment in MOMENTS:
        for search in (
            Search(near=LOOP, open_at=moment),
            Search(open_at=moment, limit=50),
            Search(type="syringe-services", near=LOOP, open_at=moment, only_open=True),
        ):
            found += [
                (r.service.name, r.open_at_time, r.next_change)
                for r in search_services(search, now=moment)
            ]
    return found


def test_digest_answers_exactly_as_the_schedule_rows(imported: None) -> None:
    digested = dict(ServiceAtLocation.objects.values_list("service__hsds_id", "hours_digest"))
    # Plain weekly hours are digested; closures and dated rules are not.
    assert digested["svc-smart"] == "WE@18:00:00-19:30:00"
    assert digested["svc-online12"] == "@20:00:00-21:00:00"  # every day
    assert digested["svc-ssp"] is None  # a Christmas closure
    assert digested["svc-pantry"] is None  # valid from…to
    with_digest = answers()
    ServiceAtLocation.objects.update(hours_digest=None)  # every search reads the rows
    assert answers() == with_digest
    assert any(is_open for _name, is_open, _next in with_digest)


def test_a_closure_takes_a_service_off_the_digest(imported: None) -> None:
    smart = ServiceAtLocation.objects.get(service__hsds_id="svc-smart")
    assert smart.hours_digest
    Schedule.objects.create(service=smart.service, valid_from="2026-12-09", valid_to="2026-12-09")
    refresh_points([smart.service_id])
    smart.refresh_from_db()
    assert smart.hours_digest is None
    wednesday = datetime(2026, 12, 9, 18, 30, tzinfo=CHICAGO)
    found = search_services(Search(type="smart-recovery", open_at=wednesday), now=wednesday)
    assert [r.open_at_time for r in found] == [False]


@pytest.mark.parametrize("byday", ["MO,TU", "", "SA,SU"])
def test_digest_round_trips_plain_weekly_rules(byday: str) -> None:
    row = Schedule(
        freq="WEEKLY",
        byday=byday,
        opens_at=sched.parse_time("22:00"),
        closes_at=sched.parse_time("03:00"),
    )
    rule = rule_of(row)
    assert rule is not None
    hours = sched.Hours((rule,), (), "America/Chicago")
    text = digest_of(hours)
    assert text is not None
    assert hours_of_digest(text, "America/Chicago") == hours


def test_results_carry_the_services_own_values(imported: None) -> None:
    """Results are built straight from rows: each shown value matches the stored service."""
    from waypoint.directory.models import Service

    for r in search_services(Search(near=LOOP, limit=50)):
        stored = Service.objects.select_related("organization").get(pk=r.service.pk)
        shown = (r.service.hsds_id, r.service.name, r.service.status, r.service.walk_in)
        assert shown == (stored.hsds_id, stored.name, stored.status, stored.walk_in)
        assert (r.service.free, r.service.assured_date) == (stored.free, stored.assured_date)
        assert r.service.organization.name == stored.organization.name
        assert r.service.description == stored.description  # deferred, loaded on use
