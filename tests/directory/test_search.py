"""Search: type near a point, open now checked by hand, filters, and a constant query count."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from tests.conftest import client_for
from waypoint.accounts.models import User
from waypoint.directory import selectors
from waypoint.directory.geo import Point
from waypoint.directory.models import Location, Schedule, Service, ServiceAtLocation, ServiceType
from waypoint.directory.selectors import Search, search_services
from waypoint.directory.services import fields_from_service

CHICAGO = ZoneInfo("America/Chicago")
LOOP = Point(41.8781, -87.6298)  # about 0.2 km from the Lakeside storefront


def names(results: list[selectors.Result]) -> list[str]:
    return [r.service.name for r in results]


def at(y: int, m: int, d: int, hh: int, mm: int = 0) -> datetime:
    return datetime(y, m, d, hh, mm, tzinfo=CHICAGO)


def test_nearest_first_with_distances(imported: None) -> None:
    results = search_services(Search(type="syringe-services", near=LOOP))
    assert names(results) == ["Lakeside syringe services", "Night outreach van"]
    assert results[0].distance_km == pytest.approx(0.22, abs=0.02)
    assert results[1].distance_km == pytest.approx(2.95, abs=0.02)  # 2.44 km north, 1.67 km west


@pytest.mark.parametrize(
    ("moment", "open_names", "lakeside_next"),
    [
        # Monday 7 Dec, 10:00 in Chicago: the storefront is open until 17:00.
        (at(2026, 12, 7, 10), ["Lakeside syringe services"], at(2026, 12, 7, 17)),
        # Monday 18:00: both closed; the storefront opens Tuesday 09:00.
        (at(2026, 12, 7, 18), [], at(2026, 12, 8, 9)),
        # Saturday 5 Dec, 01:30: the van's Friday night runs past midnight.
        (at(2026, 12, 5, 1, 30), ["Night outreach van"], at(2026, 12, 7, 9)),
        # Christmas (Friday) 10:00: the storefront's closure; it opens again Monday the 28th.
        (at(2026, 12, 25, 10), [], at(2026, 12, 28, 9)),
        # Christmas night 23:00: the van is out (its closure is the 26th).
        (at(2026, 12, 25, 23), ["Night outreach van"], at(2026, 12, 28, 9)),
        # Saturday 26 Dec, 00:30: the van's closure cuts its night at midnight.
        (at(2026, 12, 26, 0, 30), [], at(2026, 12, 28, 9)),
    ],
)
def test_open_at_checked_by_hand(
    imported: None, moment: datetime, open_names: list[str], lakeside_next: datetime
) -> None:
    everything = search_services(Search(type="syringe-services", near=LOOP, open_at=moment))
    lakeside = everything[0]
    assert lakeside.service.name == "Lakeside syringe services"
    assert lakeside.next_change == lakeside_next
    only_open = search_services(
        Search(type="syringe-services", near=LOOP, open_at=moment, only_open=True)
    )
    assert names(only_open) == open_names


def test_hours_use_the_locations_own_zone(imported: None) -> None:
    # 16:30 UTC on Tuesday 8 Dec is 08:30 in Portland (pantry closed) and 10:30 in Chicago.
    moment = datetime(2026, 12, 8, 16, 30, tzinfo=UTC)
    pantry = search_services(Search(type="food", open_at=moment))[0]
    assert pantry.open_at_time is False
    assert pantry.next_change == datetime(2026, 12, 8, 18, 0, tzinfo=UTC)


def test_service_at_location_hours_come_first(imported: None) -> None:
    clinic = search_services(Search(type="moud-methadone", open_at=at(2026, 12, 12, 7)))[0]
    assert clinic.open_at_time is True  # Saturday 07:00, from the clinic's own schedule


def test_filters(imported: None) -> None:
    assert names(search_services(Search(walk_in=True, free=True, type="syringe-services"))) == [
        "Lakeside syringe services",
        "Night outreach van",
    ]
    assert names(search_services(Search(language="es"))) == ["Lakeside syringe services"]
    assert names(search_services(Search(language="Spanish"))) == ["Lakeside syringe services"]
    assert names(search_services(Search(q="methadone"))) == ["Northside methadone clinic"]
    assert names(search_services(Search(q="bridge van"))) == ["Night outreach van"]
    # Closed for good is never shown; far away is outside the radius.
    assert "Old drop-in" not in names(search_services(Search()))
    assert "Far away pantry" not in names(search_services(Search(near=LOOP)))


def test_results_carry_phones_types_and_a_map_link(imported: None) -> None:
    result = search_services(Search(type="syringe-services", near=LOOP))[0]
    assert [p.number for p in result.phones] == ["555-0100"]
    assert result.types == ["naloxone", "syringe-services"]
    assert result.map_link == "geo:41.880000,-87.630000?q=41.880000,-87.630000"
    online = search_services(Search(type="twelve-step"))[0]
    assert online.map_link is None


def test_a_place_from_the_gazetteer(db: None) -> None:
    from waypoint.directory.models import Place

    Place.objects.create(name="The Loop", postcode="60601", key="theloop", latitude=1, longitude=2)
    assert selectors.place_named("The  Loop!") is not None
    assert selectors.place_named("") is None


def _bulk(n: int, start: int = 0) -> None:
    """n extra syringe services around the Loop, each with weekday hours."""
    service = Service.objects.get(hsds_id="svc-ssp")
    services = Service.objects.bulk_create(
        [
            Service(hsds_id=f"bulk-{i}", organization_id=service.organization_id, name=f"Bulk {i}")
            for i in range(start, start + n)
        ]
    )
    locations = Location.objects.bulk_create(
        [
            Location(
                hsds_id=f"bulk-loc-{i}",
                latitude=41.8 + (i % 50) * 0.003,
                longitude=-87.7 + (i // 50) * 0.003,
                time_zone="America/Chicago",
            )
            for i in range(start, start + n)
        ]
    )
    ServiceAtLocation.objects.bulk_create(
        [
            ServiceAtLocation(hsds_id=f"bulk-sal-{s.hsds_id}", service=s, location=loc)
            for s, loc in zip(services, locations, strict=True)
        ]
    )
    ServiceType.objects.bulk_create(
        [ServiceType(service=s, code="syringe-services") for s in services]
    )
    Schedule.objects.bulk_create(
        [
            Schedule(
                hsds_id=f"bulk-sch-{s.hsds_id}",
                service=s,
                byday="MO,TU,WE,TH,FR",
                opens_at="09:00",
                closes_at="17:00",
            )
            for s in services
        ]
    )
    from waypoint.directory.selectors import refresh_points

    refresh_points()


def test_query_count_does_not_grow_with_the_directory(
    imported: None, django_assert_max_num_queries: object
) -> None:
    search = Search(type="syringe-services", near=LOOP, open_at=at(2026, 12, 7, 10), only_open=True)
    with django_assert_max_num_queries(7):  # type: ignore[operator]
        small = search_services(search)
    _bulk(300)
    with django_assert_max_num_queries(7):  # type: ignore[operator]
        large = search_services(search)
    assert len(large) > len(small)
    distances = [r.distance_km for r in large]
    assert distances == sorted(distances)  # type: ignore[type-var]


def test_open_ones_further_away_are_found_in_a_second_round(
    imported: None, django_assert_max_num_queries: object
) -> None:
    _bulk(300)  # weekday hours: all closed on a Saturday night, many nearer than the van
    search = Search(
        type="syringe-services", near=LOOP, open_at=at(2026, 12, 5, 1, 30), only_open=True, limit=1
    )
    with django_assert_max_num_queries(7):  # type: ignore[operator]
        found = search_services(search)
    assert names(found) == ["Night outreach van"]


def test_an_edit_shows_in_the_search_by_type_near_a_point(
    erin: User, harbor_entry: Service
) -> None:
    """The search by type near a point reads the name, status and time zone from its search
    points: an admin's edit of any of them is what the next search answers."""
    client = client_for(erin)
    url = f"/directory/services/{harbor_entry.pk}/edit/"

    def save(**changes: str) -> None:
        fields = {**fields_from_service(harbor_entry), **changes}
        data: dict[str, object] = {}
        for key, value in fields.items():
            if value is True:
                data[key] = "on"
            elif value is not None and value is not False:
                data[key] = value.strftime("%H:%M") if key in ("opens_at", "closes_at") else value
        assert client.post(url, data).status_code == 302

    monday_10 = at(2026, 12, 7, 10)  # the storefront's weekday hours are 9-17
    save(name="Lakeside harm reduction hub", status="temporarily closed")
    found = search_services(Search(type="syringe-services", near=LOOP, open_at=monday_10))
    assert (found[0].service.name, found[0].open_at_time) == ("Lakeside harm reduction hub", False)
    only_open = Search(type="syringe-services", near=LOOP, open_at=monday_10, only_open=True)
    assert names(search_services(only_open)) == []
    # Back to active, in New York's time: 16:30 in Chicago is 17:30 there, closed.
    save(name="Lakeside harm reduction hub", status="active", time_zone="America/New_York")
    assert names(search_services(only_open)) == ["Lakeside harm reduction hub"]
    late = Search(type="syringe-services", near=LOOP, open_at=at(2026, 12, 7, 16, 30))
    lakeside = search_services(late)[0]
    assert (lakeside.open_at_time, lakeside.next_change) == (False, at(2026, 12, 8, 8))
