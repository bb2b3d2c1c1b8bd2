"""Directory pages: public search, hand editing by an organization's admin, and who may do what.

erin is Harbor's admin (may edit Harbor's entries); carol is a Harbor counselor (may not);
alice is a participant (may not).
"""

from __future__ import annotations

import pytest
from django.test import Client

from tests.conftest import client_for
from waypoint.accounts.models import Organization, User
from waypoint.directory.models import Schedule, Service


def test_search_page_is_public_and_never_needs_sign_in(imported: None) -> None:
    client = Client()
    page = client.get("/directory/")
    assert page.status_code == 200 and b"Find services" in page.content
    found = client.get(
        "/directory/", {"type": "syringe-services", "lat": "41.8781", "lon": "-87.6298"}
    )
    body = found.content.decode()
    assert "2 results, nearest to your location first" in body
    assert body.index("Lakeside syringe services") < body.index("Night outreach van")
    assert "0.2 km away" in body and "geo:41.880000,-87.630000" in body
    assert "Last checked" in body


def test_an_unknown_place_is_explained(imported: None) -> None:
    page = Client().get("/directory/", {"place": "Atlantis"})
    assert page.status_code == 400
    assert b"We don&#x27;t know that place yet" in page.content


def test_a_place_from_the_gazetteer_is_used(imported: None) -> None:
    from django.core.management import call_command

    from tests.directory.conftest import FIXTURES

    call_command("import_gazetteer", str(FIXTURES / "gazetteer.csv"))
    page = Client().get("/directory/", {"place": "60601", "type": "syringe-services"})
    assert "nearest to The Loop first" in page.content.decode()


def test_search_page_query_count_does_not_grow(
    imported: None, django_assert_max_num_queries: object
) -> None:
    from tests.directory.test_search import _bulk

    params = {"type": "syringe-services", "lat": "41.8781", "lon": "-87.6298", "when": "now"}
    with django_assert_max_num_queries(7):  # type: ignore[operator]
        Client().get("/directory/", params)
    _bulk(200)
    with django_assert_max_num_queries(7):  # type: ignore[operator]
        Client().get("/directory/", params)


def test_service_page(imported: None) -> None:
    service = Service.objects.get(hsds_id="svc-ssp")
    body = Client().get(f"/directory/services/{service.pk}/").content.decode()
    assert "Step-free entrance" in body and "555-0100" in body and "Closed 25 Dec 2026" in body
    assert "Save to your services" not in body  # signed out


def test_an_admin_adds_an_entry_by_hand(erin: User, harbor: Organization) -> None:
    client = client_for(erin)
    assert client.get("/directory/manage/").status_code == 200
    response = client.post(
        f"/directory/manage/{harbor.slug}/new/",
        {
            "name": "Harbor naloxone window",
            "types": ["naloxone"],
            "status": "active",
            "walk_in": "on",
            "free": "on",
            "address_1": "1 Harbor Street",
            "city": "Chicago",
            "latitude": "41.88",
            "longitude": "-87.63",
            "time_zone": "America/Chicago",
            "byday": ["MO", "WE"],
            "opens_at": "20:00",
            "closes_at": "01:00",
            "phone": "555-0111",
            "languages": "English, Spanish",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    service = Service.objects.get(name="Harbor naloxone window")
    assert service.organization.managed_by == harbor and service.walk_in and service.free
    assert list(service.types.values_list("code", flat=True)) == ["naloxone"]
    from waypoint.directory.geo import Point
    from waypoint.directory.selectors import Search, search_services

    found = search_services(Search(type="naloxone", near=Point(41.88, -87.63)))
    assert [r.service for r in found] == [service]  # the search points were refreshed
    schedule = Schedule.objects.get(service=service)
    assert (schedule.byday, str(schedule.opens_at), str(schedule.closes_at)) == (
        "MO,WE",
        "20:00:00",
        "01:00:00",
    )


def test_an_admin_edits_their_entry_and_adds_a_closure(erin: User, harbor_entry: Service) -> None:
    client = client_for(erin)
    url = f"/directory/services/{harbor_entry.pk}/edit/"
    page = client.get(url)
    assert page.status_code == 200 and b"Lakeside syringe services" in page.content
    response = client.post(
        url,
        {"name": "Lakeside syringe services", "types": ["syringe-services"], "status": "active",
         "online": "on", "url": "", "byday": [], "opens_at": "", "closes_at": ""},
    )  # fmt: skip
    assert response.status_code == 400  # online needs its link
    assert b"needs its link" in response.content
    response = client.post(
        f"/directory/services/{harbor_entry.pk}/closures/",
        {"closure-first": "2027-01-01", "closure-last": "2027-01-02", "closure-note": "New Year"},
    )
    assert response.status_code == 302
    assert Schedule.objects.get(service=harbor_entry, valid_from="2027-01-01").is_closure


# A counselor without the admin role finds nothing (404); a participant is the wrong kind of
# account for these pages and gets the gate's 403, like every staff page (docs/api.md).
@pytest.mark.parametrize(("who", "status"), [("carol", 404), ("alice", 403)])
def test_others_cannot_edit(
    request: pytest.FixtureRequest, who: str, status: int, harbor_entry: Service
) -> None:
    client = client_for(request.getfixturevalue(who))
    assert client.get(f"/directory/services/{harbor_entry.pk}/edit/").status_code == status
    assert client.get("/directory/manage/").status_code == status
    assert client.get("/directory/manage/harbor/new/").status_code == status


def test_an_admin_of_another_organization_cannot_edit(harbor_entry: Service) -> None:
    from tests.conftest import _staff

    other = Organization.objects.create(name="Elsewhere", slug="elsewhere")
    admin = _staff("zed", other, "admin")
    assert client_for(admin).get(f"/directory/services/{harbor_entry.pk}/edit/").status_code == 404


def test_participant_pages_need_a_participant(carol: User, imported: None) -> None:
    assert Client().get("/directory/saved/").status_code == 302  # sign in first
    assert client_for(carol).get("/directory/saved/").status_code == 403


def test_a_phone_page_shows_ten_and_more_on_request(imported: None) -> None:
    from tests.directory.test_search import _bulk

    _bulk(25)
    params = {"type": "syringe-services", "lat": "41.8781", "lon": "-87.6298"}
    body = Client().get("/directory/", params).content.decode()
    assert body.count('class="dir-result"') == 10 and "Show more" in body
    more = Client().get("/directory/", {**params, "n": "30"}).content.decode()
    assert more.count('class="dir-result"') == 27
    assert Client().get("/directory/", {**params, "n": "500"}).status_code == 400
