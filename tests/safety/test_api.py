"""The safety API: open to anyone, class or catalogue slugs, every pair worst first."""

from __future__ import annotations

import pytest
from django.test import Client

from waypoint.safety.table import REQUIRED_CLASSES, load

pytestmark = pytest.mark.django_db

URL = "/api/v1/safety/combinations"


def test_two_substances_answer_one_pair_with_its_reason_and_sources(client: Client) -> None:
    response = client.get(URL, {"substances": "opioids,benzodiazepines"})
    assert response.status_code == 200
    (pair,) = response.json()["pairs"]
    assert (pair["a"], pair["b"], pair["rating"]) == ("opioids", "benzodiazepines", "dangerous")
    assert pair["summary"]
    assert {"title", "url"} <= set(pair["sources"][0])
    assert any("fda.gov" in s["url"] for s in pair["sources"])


def test_three_catalogue_substances_answer_every_pair_worst_first(client: Client) -> None:
    response = client.get(URL, {"substances": "cannabis,heroin,crack"})
    pairs = response.json()["pairs"]
    assert [(p["a"], p["b"], p["rating"]) for p in pairs] == [
        ("heroin", "crack", "dangerous"),
        ("cannabis", "heroin", "caution"),
        ("cannabis", "crack", "caution"),
    ]


def test_a_pair_note_travels_with_the_pair(client: Client) -> None:
    pairs = client.get(URL, {"substances": "buprenorphine,fentanyl"}).json()["pairs"]
    assert len(pairs) == 1
    assert any("withdrawal" in n for n in pairs[0]["notes"])


@pytest.mark.parametrize("asked", ["alcohol,nope", "alcohol", "alcohol,alcohol", ""])
def test_unknown_slugs_and_fewer_than_two_answer_422(client: Client, asked: str) -> None:
    response = client.get(URL, {"substances": asked})
    assert response.status_code == 422
    assert response.json()["detail"]


def test_substances_list_every_class_with_its_catalogue_members(client: Client) -> None:
    listed = {s["slug"]: s for s in client.get("/api/v1/safety/substances").json()}
    assert set(REQUIRED_CLASSES) <= set(listed)
    assert "heroin" in listed["opioids"]["members"]
    assert listed["opioids"]["window_hours"] >= 12


def test_a_fact_sheet_by_catalogue_slug_answers_its_class(client: Client) -> None:
    sheet = client.get("/api/v1/safety/substances/methadone").json()
    assert sheet["class_slug"] == "opioids"
    assert sheet["note"] and sheet["timing"] and sheet["sources"]
    assert sheet["window_hours"] == load().window_hours("methadone")
    assert client.get("/api/v1/safety/substances/nope").status_code == 404


def test_the_openapi_document_still_builds(client: Client) -> None:
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    assert "/api/v1/safety/combinations" in paths
    assert "/api/v1/safety/substances/{slug}" in paths
