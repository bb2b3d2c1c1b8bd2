"""Session notes: encrypted at rest; private to their author, or shared with the client."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client

from tests.care.conftest import ALL_SCOPES, grant
from tests.conftest import client_for
from waypoint.accounts.models import Organization, User
from waypoint.care import services
from waypoint.care.models import Note

pytestmark = pytest.mark.django_db


def test_a_note_is_encrypted_at_rest(alice: User, carol: User, harbor: Organization) -> None:
    grant(alice, carol, harbor, ["notes"])
    note = services.note_create(
        author=carol, participant_id=alice.pk, body="Worried about weekends", visibility="private"
    )
    with connection.cursor() as cursor:
        cursor.execute("SELECT body FROM care_note WHERE id = %s", [note.pk])
        (stored,) = cursor.fetchone()
    assert "Worried" not in stored and stored.startswith("gAAAA")
    assert Note.objects.get(pk=note.pk).body == "Worried about weekends"


def test_a_private_note_stays_with_its_author(
    alice: User, alice_client: Client, carol: User, dave: User, harbor: Organization
) -> None:
    grant(alice, carol, harbor, ["notes"])
    grant(alice, dave, harbor, ["notes"])
    services.note_create(
        author=carol, participant_id=alice.pk, body="CAROL-PRIVATE", visibility="private"
    )
    services.note_create(
        author=carol, participant_id=alice.pk, body="CAROL-SHARED", visibility="shared"
    )
    carol_view = client_for(carol).get(f"/care/clients/{alice.pk}/notes/").content.decode()
    dave_view = client_for(dave).get(f"/care/clients/{alice.pk}/notes/").content.decode()
    alice_view = alice_client.get("/sharing/notes/").content.decode()
    assert "CAROL-PRIVATE" in carol_view and "CAROL-SHARED" in carol_view
    assert "CAROL-PRIVATE" not in dave_view and "CAROL-SHARED" in dave_view
    assert "CAROL-PRIVATE" not in alice_view and "CAROL-SHARED" in alice_view
    api = [n["body"] for n in alice_client.get("/api/v1/sharing/notes").json()]
    assert api == ["CAROL-SHARED"]


def test_notes_need_a_consent_that_covers_them(
    alice: User, carol: User, harbor: Organization
) -> None:
    grant(alice, carol, harbor, [s for s in ALL_SCOPES if s != "notes"])
    response = client_for(carol).post(
        f"/care/clients/{alice.pk}/notes/", {"body": "x", "visibility": "private"}
    )
    assert response.status_code == 404
    api = client_for(carol).post(
        f"/api/v1/care/clients/{alice.pk}/notes",
        {"body": "x"},
        content_type="application/json",
    )
    assert api.status_code == 404
    assert not Note.objects.exists()


def test_a_counselor_writes_a_note_through_the_page(
    alice: User, carol: User, harbor: Organization
) -> None:
    grant(alice, carol, harbor, ["notes"])
    client = client_for(carol)
    response = client.post(
        f"/care/clients/{alice.pk}/notes/",
        {"body": "Agreed to try the app", "visibility": "shared"},
    )
    assert response.status_code == 302
    assert "Agreed to try the app" in client.get(response["Location"]).content.decode()
    empty = client.post(f"/care/clients/{alice.pk}/notes/", {"body": "", "visibility": "shared"})
    assert empty.status_code == 400
