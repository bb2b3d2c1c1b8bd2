"""The worksheets API: list, create, get with versions, revise, pin; clear 4xx for bad input."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from tests.worksheets.conftest import PLAN, RULER
from waypoint.accounts.models import User
from waypoint.accounts.services import token_create
from waypoint.worksheets.models import Worksheet, WorksheetVersion

pytestmark = pytest.mark.django_db


def _post(client: Client, path: str, payload: Any) -> Any:
    return client.post(path, payload, content_type="application/json")


@pytest.fixture
def api(alice: User) -> Client:
    """alice's app, with a personal access token."""
    _token, raw = token_create(user=alice, name="phone")
    return Client(HTTP_AUTHORIZATION=f"Bearer {raw}")


def test_create_revise_pin_and_read_back(api: Client) -> None:
    created = _post(
        api, "/api/v1/worksheets", {"kind": "change_plan", "topic": "Alcohol", "content": PLAN}
    )
    assert created.status_code == 201
    body = created.json()
    assert body["kind"] == "change_plan" and body["topic"] == "Alcohol"
    assert [v["number"] for v in body["versions"]] == [1]
    worksheet_id = body["id"]

    revised = _post(
        api, f"/api/v1/worksheets/{worksheet_id}/versions", {"content": PLAN | {"steps": "B"}}
    )
    assert revised.status_code == 201 and revised.json()["number"] == 2

    pinned = _post(api, f"/api/v1/worksheets/{worksheet_id}/pin", {"pinned": True})
    assert pinned.status_code == 200 and pinned.json()["pinned"] is True

    full = api.get(f"/api/v1/worksheets/{worksheet_id}").json()
    assert [v["answers"]["steps"] for v in full["versions"]] == [PLAN["steps"], "B"]
    listed = api.get("/api/v1/worksheets").json()
    assert len(listed) == 1
    assert listed[0]["version_count"] == 2 and listed[0]["latest"]["answers"]["steps"] == "B"
    assert listed[0]["pinned"] is True


def test_the_kinds_say_what_each_worksheet_asks(api: Client) -> None:
    kinds = {k["kind"]: k for k in api.get("/api/v1/worksheets/kinds").json()}
    assert set(kinds) == {"cost_benefit", "change_plan", "values", "readiness"}
    plan_keys = [q["key"] for q in kinds["change_plan"]["questions"]]
    assert plan_keys[:3] == ["direction", "changes", "reasons"]
    assert "health" in kinds["values"]["values"]


@pytest.mark.parametrize(
    ("payload", "words"),
    [
        ({"kind": "diary", "topic": "x", "content": PLAN}, "kind: Unknown kind"),
        ({"kind": "change_plan", "topic": "", "content": PLAN}, "topic:"),
        ({"kind": "change_plan", "topic": "x", "content": {"nope": "1"}}, "Unknown field"),
        ({"kind": "readiness", "topic": "x", "content": RULER | {"importance": 91}}, "0 to 10"),
        ({"kind": "change_plan", "topic": "x", "content": []}, "content"),
        ({"kind": "change_plan", "topic": "x"}, "content"),
    ],
)
def test_bad_input_is_a_422_that_names_the_field(api: Client, payload: Any, words: str) -> None:
    response = _post(api, "/api/v1/worksheets", payload)
    assert response.status_code == 422
    assert words in response.json()["detail"]
    assert not Worksheet.objects.exists()


def test_pinning_a_ruler_is_a_422_and_unknown_ids_are_404(api: Client, alice: User) -> None:
    ruler = _post(
        api, "/api/v1/worksheets", {"kind": "readiness", "topic": "x", "content": RULER}
    ).json()
    response = _post(api, f"/api/v1/worksheets/{ruler['id']}/pin", {"pinned": True})
    assert response.status_code == 422 and "Only a change plan" in response.json()["detail"]
    assert api.get("/api/v1/worksheets/999999").status_code == 404
    assert _post(api, "/api/v1/worksheets/999999/versions", {"content": RULER}).status_code == 404
    bad = _post(api, f"/api/v1/worksheets/{ruler['id']}/versions", {"content": {"importance": 3}})
    assert bad.status_code == 422 and "confidence" in bad.json()["detail"]
    assert WorksheetVersion.objects.count() == 1


def test_the_schemas_are_in_the_openapi_document(api: Client) -> None:
    schemas = api.get("/api/v1/openapi.json").json()["components"]["schemas"]
    for name in ("WorksheetIn", "WorksheetOut", "WorksheetVersionOut", "WorksheetPinIn"):
        assert name in schemas


def test_delete_removes_the_worksheet_and_its_versions(api: Client, bob: User) -> None:
    made = _post(api, "/api/v1/worksheets", {"kind": "readiness", "topic": "x", "content": RULER})
    worksheet_id = made.json()["id"]
    _token, raw = token_create(user=bob, name="bob")
    other = Client(HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert other.delete(f"/api/v1/worksheets/{worksheet_id}").status_code == 404
    assert api.delete(f"/api/v1/worksheets/{worksheet_id}").status_code == 204
    assert api.get(f"/api/v1/worksheets/{worksheet_id}").status_code == 404
    assert not WorksheetVersion.objects.exists()
