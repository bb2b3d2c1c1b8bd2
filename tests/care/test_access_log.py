"""Accountability: every staff view or export writes an access record the participant can read."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from tests.care.conftest import ALL_SCOPES, grant
from tests.conftest import client_for
from waypoint.accounts.models import Organization, User
from waypoint.care.models import AccessRecord

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "path,scope,via",
    [
        ("/care/clients/{pid}/entries/", "entries", "page"),
        ("/care/clients/{pid}/checkins/", "checkins", "page"),
        ("/care/clients/{pid}/goals/", "goals", "page"),
        ("/care/clients/{pid}/questionnaires/", "assessments", "page"),
        ("/care/clients/{pid}/notes/", "notes", "page"),
        ("/api/v1/care/clients/{pid}/entries", "entries", "api"),
        ("/care/clients/{pid}/export/checkins.csv", "checkins", "export_csv"),
        ("/care/clients/{pid}/fhir.json", "assessments", "export_fhir"),
        ("/api/v1/care/clients/{pid}/fhir", "assessments", "export_fhir"),
    ],
)
def test_each_view_or_export_writes_who_what_when_and_which_consent(
    alice: User, carol: User, harbor: Organization, alice_data: Any, path: str, scope: str, via: str
) -> None:
    consent = grant(alice, carol, harbor, ALL_SCOPES)
    assert client_for(carol).get(path.format(pid=alice.pk)).status_code == 200
    record = AccessRecord.objects.get()
    assert (record.staff, record.participant, record.consent) == (carol, alice, consent)
    assert (record.scope, record.via) == (scope, via)
    assert record.staff_name == "carol" and record.at is not None


def test_the_overview_records_each_scope_it_reads(
    alice: User, carol: User, harbor: Organization, alice_data: Any
) -> None:
    grant(alice, carol, harbor, ["progress", "assessments", "notes"])
    client_for(carol).get(f"/care/clients/{alice.pk}/")
    assert sorted(AccessRecord.objects.values_list("scope", flat=True)) == [
        "assessments",
        "progress",
    ]


def test_a_json_export_records_one_export_per_scope_shared(
    alice: User, carol: User, harbor: Organization, alice_data: Any
) -> None:
    grant(alice, carol, harbor, ["progress", "entries"])
    client_for(carol).get(f"/care/clients/{alice.pk}/export.json")
    records = AccessRecord.objects.all()
    assert sorted(r.scope for r in records) == ["entries", "progress"]
    assert all(r.via == "export_json" and r.is_export for r in records)


def test_the_participant_reads_their_access_log(
    alice: User, alice_client: Client, carol: User, harbor: Organization, alice_data: Any
) -> None:
    grant(alice, carol, harbor, ALL_SCOPES)
    counselor = client_for(carol)
    counselor.get(f"/care/clients/{alice.pk}/entries/")
    counselor.get(f"/care/clients/{alice.pk}/fhir.json")
    html = alice_client.get("/sharing/log/").content.decode()
    assert "<strong>carol</strong> viewed your journal entries (client page)" in html
    assert "<strong>carol</strong> exported your questionnaires and scores (FHIR export)" in html
    assert "consent to Harbor Street Health" in html
    api = alice_client.get("/api/v1/sharing/access-log").json()
    assert [(r["staff"], r["scope"], r["via"], r["export"]) for r in api] == [
        ("carol", "assessments", "export_fhir", True),
        ("carol", "entries", "page", False),
    ]


def test_the_access_log_keeps_its_query_count_as_it_grows(
    alice: User,
    alice_client: Client,
    carol: User,
    harbor: Organization,
    django_assert_max_num_queries: Any,
) -> None:
    consent = grant(alice, carol, harbor, ALL_SCOPES)
    AccessRecord.objects.bulk_create(
        AccessRecord(
            staff=carol,
            staff_name="carol",
            participant=alice,
            consent=consent,
            scope="goals",
            via="page",
        )
        for _ in range(120)
    )
    with django_assert_max_num_queries(8):
        response = alice_client.get("/sharing/log/")
    assert response.content.decode().count("viewed your goals") == 50


def test_denied_requests_write_nothing(alice: User, dave: User, alice_data: Any) -> None:
    client_for(dave).get(f"/care/clients/{alice.pk}/entries/")
    assert not AccessRecord.objects.exists()


def test_writing_a_note_is_not_a_read_but_viewing_the_notes_is(
    alice: User, carol: User, harbor: Organization
) -> None:
    grant(alice, carol, harbor, ["notes"])
    response = client_for(carol).post(
        f"/care/clients/{alice.pk}/notes/",
        {"body": "Talked about evenings", "visibility": "private"},
    )
    assert response.status_code == 302
    assert not AccessRecord.objects.exists()
    client_for(carol).get(f"/care/clients/{alice.pk}/notes/")
    assert AccessRecord.objects.get().scope == "notes"
