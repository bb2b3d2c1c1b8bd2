"""The check-on-me API: exact paths and fields, who may call it, and clear 4xx answers."""

from __future__ import annotations

import pytest
from django.test import Client

from tests.alerts.conftest import confirmed_contact
from tests.conftest import client_for
from waypoint.accounts.models import User
from waypoint.alerts.models import Contact, Outbox, Timer

pytestmark = pytest.mark.django_db

JSON = "application/json"


def test_contacts_and_a_timer_through_the_api(alice: User, alice_client: Client) -> None:
    added = alice_client.post(
        "/api/v1/safety/contacts",
        {"name": "Robin", "email": "robin@example.org"},
        content_type=JSON,
    )
    assert added.status_code == 201
    body = added.json()
    assert body["status"] == "invited" and isinstance(body["id"], int)
    assert Outbox.objects.filter(kind="invite").count() == 1
    listed = alice_client.get("/api/v1/safety/contacts").json()
    assert [c["name"] for c in listed] == ["Robin"]

    refused = alice_client.post(
        "/api/v1/safety/timers", {"seconds": 600, "contacts": [body["id"]]}, content_type=JSON
    )
    assert refused.status_code == 422 and "confirmed" in refused.json()["detail"]

    Contact.objects.filter(pk=body["id"]).update(status=Contact.Status.CONFIRMED)
    started = alice_client.post(
        "/api/v1/safety/timers",
        {"seconds": 600, "note": "at home", "contacts": [body["id"]]},
        content_type=JSON,
    )
    assert started.status_code == 201
    timer = started.json()
    assert set(timer) >= {"id", "deadline", "status"} and timer["status"] == "running"
    path = f"/api/v1/safety/timers/{timer['id']}"
    assert alice_client.get(path).json()["contacts"] == [body["id"]]

    extended = alice_client.post(path + "/extend", {"seconds": 300}, content_type=JSON)
    assert extended.status_code == 200 and extended.json()["deadline"] > timer["deadline"]
    assert alice_client.post(path + "/ok").json()["status"] == "ok"
    again = alice_client.post(path + "/ok")
    assert again.status_code == 409 and "already ended" in again.json()["detail"]


def test_help_alerts_at_once_and_ok_after_it_says_what_happened(
    alice: User, alice_client: Client
) -> None:
    robin = confirmed_contact(alice)
    timer = alice_client.post(
        "/api/v1/safety/timers", {"seconds": 600, "contacts": [robin.pk]}, content_type=JSON
    ).json()
    path = f"/api/v1/safety/timers/{timer['id']}"
    helped = alice_client.post(path + "/help").json()
    assert helped["status"] == "alerted" and helped["help_requested"] is True
    assert Outbox.objects.filter(kind="alert").count() == 1
    late = alice_client.post(path + "/ok")
    assert late.status_code == 409 and "Too late" in late.json()["detail"]


@pytest.mark.parametrize(
    "payload",
    [
        {"seconds": 0, "contacts": []},
        {"seconds": 7201, "contacts": []},
        {"seconds": "soon", "contacts": []},
        {"contacts": []},
    ],
)
def test_bad_timers_answer_422_and_make_nothing(
    alice: User, alice_client: Client, payload: dict[str, object]
) -> None:
    robin = confirmed_contact(alice)
    payload = {**payload, "contacts": [robin.pk]}
    response = alice_client.post("/api/v1/safety/timers", payload, content_type=JSON)
    assert response.status_code == 422 and response.json()["detail"]
    assert not Timer.objects.exists()


def test_contact_needs_an_address(alice_client: Client) -> None:
    response = alice_client.post("/api/v1/safety/contacts", {"name": "Robin"}, content_type=JSON)
    assert response.status_code == 422 and "email address or a phone" in response.json()["detail"]
    bad = alice_client.post(
        "/api/v1/safety/contacts", {"name": "Robin", "email": "nope"}, content_type=JSON
    )
    assert bad.status_code == 422
    assert not Contact.objects.exists()


def test_others_timers_are_404_and_staff_get_403(alice: User, bob: User, carol: User) -> None:
    robin = confirmed_contact(alice)
    timer = (
        client_for(alice)
        .post("/api/v1/safety/timers", {"seconds": 600, "contacts": [robin.pk]}, content_type=JSON)
        .json()
    )
    bob_client = client_for(bob)
    assert bob_client.get(f"/api/v1/safety/timers/{timer['id']}").status_code == 404
    assert bob_client.post(f"/api/v1/safety/timers/{timer['id']}/help").status_code == 404
    assert client_for(carol).get("/api/v1/safety/contacts").status_code == 403
    assert Client().get("/api/v1/safety/contacts").status_code == 401
