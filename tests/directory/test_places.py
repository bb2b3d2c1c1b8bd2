"""Hand editing beyond one place and one opening: an organization admin adds and edits several
places, weekly openings (for the service or one place) and closures; bad input gets its
message and a 400, never a 500; others get 404.

Personas: erin is an admin of Harbor, which manages the Lakeside entry (svc-ssp: weekdays
9-17 with a Christmas closure); carol is a counselor at Harbor (no admin role)."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.test import Client

from tests.conftest import client_for
from waypoint.accounts.models import User
from waypoint.directory.geo import Point
from waypoint.directory.models import Location, Schedule, Service, ServiceAtLocation
from waypoint.directory.selectors import Search, search_services

CHICAGO = ZoneInfo("America/Chicago")


def places_url(service: Service) -> str:
    return f"/directory/services/{service.pk}/places/"


def add_place(client: Client, service: Service, **fields: str) -> object:
    data = {"action": "place-new", **{f"place-new-{k}": v for k, v in fields.items()}}
    return client.post(places_url(service), data)


def test_an_admin_adds_places_and_hours_that_search_answers(
    erin: User, harbor_entry: Service
) -> None:
    client = client_for(erin)
    assert client.get(places_url(harbor_entry)).status_code == 200
    response = add_place(
        client,
        harbor_entry,
        name="Lakeside north van stop",
        address_1="4000 N Broadway",
        city="Chicago",
        latitude="41.9550",
        longitude="-87.6490",
        time_zone="America/Chicago",
    )
    assert response.status_code == 302
    north = Location.objects.get(name="Lakeside north van stop")
    # Saturday mornings at the new place only.
    response = client.post(
        places_url(harbor_entry),
        {
            "action": "hours-new",
            "hours-byday": ["SA"],
            "hours-opens_at": "08:00",
            "hours-closes_at": "11:00",
            "hours-place": str(north.pk),
        },
    )
    assert response.status_code == 302
    saturday = datetime(2026, 12, 12, 9, tzinfo=CHICAGO)
    found = search_services(
        Search(type="syringe-services", near=Point(41.955, -87.649), open_at=saturday),
        now=saturday,
    )
    by_place = {r.location.name: r.open_at_time for r in found if r.service == harbor_entry}
    assert by_place["Lakeside north van stop"] is True  # its own hours
    assert [v for k, v in by_place.items() if k != "Lakeside north van stop"] == [False]
    page = client.get(places_url(harbor_entry)).content.decode()
    assert "Lakeside north van stop" in page and "08:00–11:00" in page
    # The main form no longer edits place and hours (it would overwrite them): a note says so.
    edit = client.get(f"/directory/services/{harbor_entry.pk}/edit/").content.decode()
    assert "several places or opening hours" in edit and 'name="address_1"' not in edit
    saved = client.post(
        f"/directory/services/{harbor_entry.pk}/edit/",
        {"name": "Lakeside syringe services", "types": ["syringe-services"], "status": "active"},
    )
    assert saved.status_code == 302
    assert ServiceAtLocation.objects.filter(service=harbor_entry).count() == 2
    assert Schedule.objects.filter(service_at_location__location=north).count() == 1


def test_edit_and_remove_a_place_and_its_hours(erin: User, harbor_entry: Service) -> None:
    client = client_for(erin)
    add_place(client, harbor_entry, name="Second door", address_1="1 Side St", city="Chicago")
    second = Location.objects.get(name="Second door")
    prefix = f"place-{second.pk}"
    response = client.post(
        places_url(harbor_entry),
        {"action": prefix, f"{prefix}-name": "Side door", f"{prefix}-address_1": "1 Side St"},
    )
    assert response.status_code == 302
    second.refresh_from_db()
    assert second.name == "Side door"
    christmas = Schedule.objects.get(service=harbor_entry, valid_from="2026-12-25")
    client.post(places_url(harbor_entry), {"action": f"unschedule-{christmas.pk}"})
    assert not Schedule.objects.filter(pk=christmas.pk).exists()
    client.post(places_url(harbor_entry), {"action": f"unplace-{second.pk}"})
    assert not ServiceAtLocation.objects.filter(service=harbor_entry, location=second).exists()
    assert not Location.objects.filter(pk=second.pk).exists()
    # Closures are added on the same page.
    response = client.post(
        places_url(harbor_entry),
        {"action": "closure-new", "closure-first": "2027-01-01", "closure-last": "2027-01-01"},
    )
    assert response.status_code == 302
    assert Schedule.objects.get(service=harbor_entry, valid_from="2027-01-01").is_closure


@pytest.mark.parametrize(
    ("data", "said"),
    [
        ({"action": "place-new", "place-new-latitude": "91", "place-new-longitude": "0",
          "place-new-name": "X"}, "Latitude is between -90 and 90"),
        ({"action": "place-new", "place-new-latitude": "41.9", "place-new-name": "X"},
         "Give both latitude and longitude"),
        ({"action": "place-new", "place-new-online": "on"}, "needs its link"),
        ({"action": "place-new"}, "Give a street address or a name"),
        ({"action": "hours-new", "hours-opens_at": "09:00", "hours-closes_at": "17:00"},
         "This field is required"),
        ({"action": "hours-new", "hours-byday": ["MO"], "hours-opens_at": "25:00",
          "hours-closes_at": "17:00"}, "Enter a valid time"),
        ({"action": "hours-new", "hours-byday": ["MO"], "hours-opens_at": "09:00",
          "hours-closes_at": "09:00"}, "The closing time is not the opening time"),
        ({"action": "hours-new", "hours-byday": ["MO"], "hours-opens_at": "09:00",
          "hours-closes_at": "17:00", "hours-place": "999999"}, "Select a valid choice"),
        ({"action": "closure-new", "closure-first": "2027-01-05", "closure-last": "2027-01-01"},
         "on or after the first"),
    ],
)  # fmt: skip
def test_bad_input_gets_its_message_and_a_400(
    erin: User, harbor_entry: Service, data: dict[str, object], said: str
) -> None:
    before = (Location.objects.count(), Schedule.objects.count())
    response = client_for(erin).post(places_url(harbor_entry), data)
    assert response.status_code == 400
    assert said in response.content.decode()
    assert (Location.objects.count(), Schedule.objects.count()) == before


def test_unknown_actions_and_other_rows_are_404(erin: User, harbor_entry: Service) -> None:
    client = client_for(erin)
    other = Schedule.objects.exclude(service=harbor_entry).exclude(service__isnull=True).first()
    assert other is not None
    assert client.post(places_url(harbor_entry), {"action": "explode"}).status_code == 404
    assert (
        client.post(places_url(harbor_entry), {"action": f"unschedule-{other.pk}"}).status_code
        == 404
    )
    assert client.post(places_url(harbor_entry), {"action": "unplace-999999"}).status_code == 404
    assert Schedule.objects.filter(pk=other.pk).exists()


@pytest.mark.parametrize(("who", "status"), [("carol", 404), ("alice", 403)])
def test_others_cannot_edit_places(
    request: pytest.FixtureRequest, who: str, status: int, harbor_entry: Service
) -> None:
    client = client_for(request.getfixturevalue(who))
    assert client.get(places_url(harbor_entry)).status_code == status
    assert add_place(client, harbor_entry, name="Nope", address_1="1 A St").status_code == status
    assert not Location.objects.filter(name="Nope").exists()
