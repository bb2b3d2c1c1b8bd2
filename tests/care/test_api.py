"""The care API follows the same rules as the pages: consent, revocation, clear errors."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from tests.care.conftest import grant
from tests.conftest import client_for, make_user
from waypoint.accounts.models import Organization, User
from waypoint.accounts.services import token_create
from waypoint.care.models import AccessRecord

pytestmark = pytest.mark.django_db


def _post(client: Client, path: str, payload: dict[str, Any]) -> Any:
    return client.post(path, payload, content_type="application/json")


def test_a_participant_connects_and_revokes_over_the_api(
    alice: User, carol: User, harbor: Organization, alice_data: Any
) -> None:
    counselor = client_for(carol)
    invitation = _post(
        counselor, "/api/v1/care/invitations", {"organization": "harbor", "scopes": ["progress"]}
    )
    assert invitation.status_code == 201
    code = invitation.json()["code"]
    _token, raw = token_create(user=alice, name="phone")
    participant = Client(HTTP_AUTHORIZATION=f"Bearer {raw}")
    granted = _post(
        participant,
        "/api/v1/sharing/consents",
        {"code": code, "scopes": ["progress"], "purpose": "Sessions", "signature": "Alice"},
    )
    assert granted.status_code == 201
    consent = granted.json()
    assert consent["scopes"] == ["progress"] and consent["live"] is True
    client = counselor.get(f"/api/v1/care/clients/{alice.pk}").json()
    assert client["scopes"] == ["progress"] and client["progress"]["days_reported"] >= 1
    assert counselor.get(f"/api/v1/care/clients/{alice.pk}/entries").status_code == 404
    revoked = participant.post(f"/api/v1/sharing/consents/{consent['id']}/revoke")
    assert revoked.json()["live"] is False
    assert counselor.get(f"/api/v1/care/clients/{alice.pk}").status_code == 404
    log = participant.get("/api/v1/sharing/access-log").json()
    assert {(r["scope"], r["via"]) for r in log} == {("progress", "api")}


def test_a_bad_code_or_scope_is_a_422_with_a_reason(alice_client: Client) -> None:
    response = _post(
        alice_client,
        "/api/v1/sharing/consents",
        {"code": "nope", "scopes": ["progress"], "purpose": "x", "signature": "A"},
    )
    assert response.status_code == 422
    assert "does not work" in response.json()["detail"]


def test_an_unknown_scope_is_refused(
    alice_client: Client, carol: User, harbor: Organization
) -> None:
    code = _post(client_for(carol), "/api/v1/care/invitations", {"organization": "harbor"}).json()[
        "code"
    ]
    response = _post(
        alice_client,
        "/api/v1/sharing/consents",
        {"code": code, "scopes": ["everything"], "purpose": "x", "signature": "A"},
    )
    assert response.status_code == 422
    assert "everything" in response.json()["detail"]


def test_a_counselor_cannot_invite_for_an_organization_they_do_not_work_for(
    carol: User,
) -> None:
    Organization.objects.create(name="Other", slug="other")
    response = _post(client_for(carol), "/api/v1/care/invitations", {"organization": "other"})
    assert response.status_code == 404


def test_the_api_caseload_records_each_read(
    alice: User, bob: User, carol: User, harbor: Organization, alice_data: Any
) -> None:
    grant(alice, carol, harbor, ["progress"])
    grant(bob, carol, harbor, ["progress", "assessments"])
    rows = client_for(carol).get("/api/v1/care/clients").json()
    assert [r["name"] for r in rows] == ["Alice", "bob"]
    assert sorted(AccessRecord.objects.values_list("participant__username", "scope", "via")) == [
        ("alice", "progress", "api"),
        ("bob", "assessments", "api"),
        ("bob", "progress", "api"),
    ]


def test_the_api_client_list_is_paged_and_records_only_the_clients_returned(
    alice: User, bob: User, carol: User, harbor: Organization
) -> None:
    others = [make_user(f"zed-{n}", display_name=f"Zed {n}") for n in range(3)]
    for person in (alice, bob, *others):
        grant(person, carol, harbor, ["progress"])
    api = client_for(carol)
    first = api.get("/api/v1/care/clients?limit=2").json()
    assert [r["name"] for r in first] == ["Alice", "bob"]
    assert set(first[0]) == {"id", "name", "scopes", "progress", "self_harm_flag"}
    rest = api.get("/api/v1/care/clients?limit=2&offset=2").json()
    assert [r["name"] for r in rest] == ["Zed 0", "Zed 1"]
    assert [r["name"] for r in api.get("/api/v1/care/clients?q=zed&offset=2").json()] == ["Zed 2"]
    # Only the clients returned were read and recorded (Zed 2 by the search).
    assert sorted(AccessRecord.objects.values_list("participant__username", flat=True)) == [
        "alice",
        "bob",
        "zed-0",
        "zed-1",
        "zed-2",
    ]
    # Nobody logged anything: "nothing logged for 14 days" is everyone's reason, so by name.
    assert [r["name"] for r in api.get("/api/v1/care/clients?sort=attention").json()][:2] == [
        "Alice",
        "bob",
    ]
    for bad in ("sort=shoe-size", "limit=0", "limit=201", "offset=-1"):
        response = api.get(f"/api/v1/care/clients?{bad}")
        assert response.status_code == 422, bad
        assert response.json()["detail"]


def test_staff_write_endpoints_answer_404_without_consent(
    alice: User, dave: User, alice_data: Any
) -> None:
    client = client_for(dave)
    pid = alice.pk
    assert _post(client, f"/api/v1/care/clients/{pid}/notes", {"body": "x"}).status_code == 404
    assert (
        _post(
            client, f"/api/v1/care/clients/{pid}/suggestions", {"kind": "goal", "text": "x"}
        ).status_code
        == 404
    )
    assert (
        _post(
            client, f"/api/v1/care/clients/{pid}/assessment-requests", {"instrument": "who5"}
        ).status_code
        == 404
    )
