"""The HSDA-style feed cuts its pages in the database: a page holds exactly what the whole
export holds for those services, and reading it costs the same whatever the directory's size."""

from __future__ import annotations

from typing import Any

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from waypoint.directory import hsds
from waypoint.directory.models import Location, Organization, Service, ServiceAtLocation

FEED = "/api/v1/directory/hsds/services"


def page(number: int, per_page: int = 3) -> dict[str, Any]:
    response = Client().get(FEED, {"full": "true", "page": number, "per_page": per_page})
    assert response.status_code == 200
    return response.json()


def test_pages_hold_what_the_whole_export_holds(imported: None) -> None:
    whole = {s["id"]: s for s in hsds.services_json()}
    in_order = list(Service.objects.order_by("pk").values_list("hsds_id", flat=True))
    seen: list[str] = []
    for number in (1, 2, 3):
        body = page(number)
        ids = [item["id"] for item in body["contents"]]
        assert set(ids) == set(in_order[(number - 1) * 3 : number * 3])
        for item in body["contents"]:
            assert item == whole[item["id"]]
        seen += ids
    assert sorted(seen) == sorted(whole)
    assert page(4)["empty"] is True


def test_a_page_costs_the_same_whatever_the_size(imported: None) -> None:
    with CaptureQueriesContext(connection) as small:
        page(1, per_page=2)
    org = Organization.objects.create(name="Many services (fictional)")
    for n in range(120):
        service = Service.objects.create(organization=org, name=f"Extra {n}", status="active")
        place = Location.objects.create(organization=org, name=f"Extra place {n}")
        ServiceAtLocation.objects.create(service=service, location=place)
    with CaptureQueriesContext(connection) as large:
        body = page(1, per_page=2)
    assert body["total_items"] == 127 and body["size"] == 2
    assert len(large) == len(small)
    # Besides the count and the page's ids, no statement reads a whole table: each is
    # narrowed to the page's services (the whole export used to be built, then sliced).
    reads = [q["sql"] for q in large.captured_queries if "COUNT(" not in q["sql"].upper()]
    assert "LIMIT 2" in reads[0]
    assert all(" WHERE " in sql for sql in reads[1:]), reads
