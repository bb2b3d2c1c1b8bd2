"""The public directory API: exact shape, no sign-in, 422 for parameters out of range."""

from __future__ import annotations

import pytest
from django.test import Client

from waypoint.api.directory import DirectoryLocationOut, DirectoryResultOut
from waypoint.directory.models import Service

URL = "/api/v1/directory/services"


def test_search_is_public_and_nearest_first(imported: None) -> None:
    response = Client().get(
        URL,
        {
            "type": "syringe-services",
            "near": "41.8781,-87.6298",
            "open_at": "2026-12-05T01:30:00-06:00",
        },
    )
    assert response.status_code == 200
    results = response.json()["results"]
    assert [r["name"] for r in results] == ["Night outreach van"]
    van = results[0]
    assert set(van) >= {
        "id", "name", "organization", "types", "distance_km", "open_at_time", "next_change",
        "location", "phones",
    }  # fmt: skip
    assert van["types"] == ["syringe-services"]
    assert van["open_at_time"] is True
    assert van["next_change"] == "2026-12-05T03:00:00-06:00"
    assert van["distance_km"] == pytest.approx(2.95, abs=0.02)
    assert van["location"]["latitude"] == 41.9
    assert van["phones"] == [{"number": "555-0101", "extension": "", "type": "text"}]
    # Every field of the contract, though the answer is built without validation.
    assert set(van) == set(DirectoryResultOut.model_fields)
    assert set(van["location"]) == set(DirectoryLocationOut.model_fields)
    assert van["location"]["time_zone"] == "America/Chicago"
    assert (van["walk_in"], van["free"], van["status"]) == (True, True, "active")


def test_without_open_at_every_match_is_listed_with_its_state(imported: None) -> None:
    results = (
        Client()
        .get(URL, {"type": "syringe-services", "near": "41.8781,-87.6298"})
        .json()["results"]
    )
    assert [r["name"] for r in results] == ["Lakeside syringe services", "Night outreach van"]
    assert all(r["open_at_time"] in (True, False) for r in results)


def test_filters_walk_in_free_and_text(imported: None) -> None:
    names = [r["name"] for r in Client().get(URL, {"q": "methadone"}).json()["results"]]
    assert names == ["Northside methadone clinic"]
    names = [
        r["name"] for r in Client().get(URL, {"walk_in": "true", "free": "true"}).json()["results"]
    ]
    assert "Northside methadone clinic" not in names and "Lakeside syringe services" in names


@pytest.mark.parametrize(
    "params",
    [
        {"near": "91,0"},
        {"near": "0,181"},
        {"near": "north,south"},
        {"near": "45"},
        {"open_at": "next tuesday"},
        {"open_at": "2026-13-01T10:00"},
        {"type": "needles"},
        {"limit": "0"},
        {"limit": "101"},
        {"within_km": "-1"},
        {"walk_in": "perhaps"},
    ],
)
def test_out_of_range_parameters_answer_422(imported: None, params: dict[str, str]) -> None:
    response = Client().get(URL, params)
    assert response.status_code == 422
    assert response.json()["detail"]


def test_one_service(imported: None) -> None:
    service = Service.objects.get(hsds_id="svc-ssp")
    body = Client().get(f"{URL}/{service.pk}").json()
    assert body["name"] == "Lakeside syringe services"
    assert body["organization"] == "Lakeside Harm Reduction Collective (fictional)"
    assert {s["byday"] for s in body["schedules"] if not s["closed"]} == {"MO,TU,WE,TH,FR"}
    assert any(s["closed"] and s["valid_from"] == "2026-12-25" for s in body["schedules"])
    assert [lang for lang in body["languages"]] == ["English", "Spanish"]


def test_missing_or_defunct_service_is_404(imported: None) -> None:
    assert Client().get(f"{URL}/999999").status_code == 404
    old = Service.objects.get(hsds_id="svc-old")
    assert Client().get(f"{URL}/{old.pk}").status_code == 404


def test_hsds_feed_for_other_directories(imported: None) -> None:
    body = Client().get("/api/v1/directory/hsds/services", {"full": "true", "per_page": 3}).json()
    assert body["total_items"] == 7 and body["total_pages"] == 3 and body["size"] == 3
    first = body["contents"][0]
    assert first["id"] == "svc-ssp"
    assert first["organization"]["name"].startswith("Lakeside")
    location = first["service_at_locations"][0]["location"]
    assert location["addresses"][0]["city"] == "Chicago"
    assert {a["taxonomy_term"]["code"] for a in first["attributes"]} >= {
        "syringe-services",
        "walk-in",
    }
    brief = Client().get("/api/v1/directory/hsds/services").json()["contents"][0]
    assert "service_at_locations" not in brief
    assert Client().get("/api/v1/directory/hsds/services", {"page": 0}).status_code == 422


def test_the_openapi_document_still_builds(db: None) -> None:
    response = Client().get("/api/v1/openapi.json")
    assert response.status_code == 200
    assert "/api/v1/directory/services" in response.json()["paths"]
