"""A counselor's own notes are their clinical record: kept on revocation and deletion (issue 10)."""

from __future__ import annotations

import pytest

from tests.care.conftest import grant
from tests.conftest import client_for
from waypoint.accounts.models import Organization, User
from waypoint.care import services
from waypoint.care.models import Note
from waypoint.yourdata.services import account_delete

pytestmark = pytest.mark.django_db


def _records(user: User) -> list[dict]:
    return client_for(user).get("/api/v1/care/records").json()


def _write(alice: User, carol: User, harbor: Organization) -> int:
    consent = grant(alice, carol, harbor, ["notes", "progress"])
    services.note_create(
        author=carol, participant_id=alice.pk, body="Worried about weekends", visibility="private"
    )
    services.note_create(
        author=carol, participant_id=alice.pk, body="Plan: eat first", visibility="shared"
    )
    return consent.pk


def test_a_counselor_keeps_their_notes_when_the_client_stops_sharing(
    alice: User, carol: User, harbor: Organization
) -> None:
    consent_id = _write(alice, carol, harbor)
    services.consent_revoke(participant=alice, consent_id=consent_id)
    # Nothing of the client's is visible any more ...
    assert client_for(carol).get(f"/api/v1/care/clients/{alice.pk}/notes").status_code == 404
    assert client_for(carol).get(f"/api/v1/care/clients/{alice.pk}").status_code == 404
    # ... but the counselor's own notes stay in their records.
    bodies = sorted(r["body"] for r in _records(carol))
    assert bodies == ["Plan: eat first", "Worried about weekends"]
    assert {r["client"] for r in _records(carol)} == {"Alice"}
    page = client_for(carol).get("/care/records/").content.decode()
    assert "Worried about weekends" in page


def test_a_counselor_keeps_their_notes_when_the_client_deletes_their_account(
    alice: User, carol: User, dave: User, harbor: Organization
) -> None:
    _write(alice, carol, harbor)
    account_delete(user=alice)
    assert not User.objects.filter(username="alice").exists()
    records = _records(carol)
    assert len(records) == 2
    assert {(r["client_id"], r["client"]) for r in records} == {(None, "Alice")}
    assert Note.objects.filter(participant__isnull=True).count() == 2
    # Another counselor never sees them; a participant has no records page.
    assert _records(dave) == []


def test_the_consent_tells_the_participant_what_a_counselor_keeps(
    alice: User, carol: User, harbor: Organization
) -> None:
    consent = grant(alice, carol, harbor, ["notes"])
    assert "keeps the session notes they wrote" in consent.revocation_terms
    page = client_for(alice).get(f"/sharing/consents/{consent.pk}/").content.decode()
    assert "keeps the session notes they wrote" in page
