"""Exports of a client's data carry the 42 CFR Part 2 redisclosure notice, and nothing unshared."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

import pytest

from tests.care.conftest import ALL_SCOPES, grant
from tests.conftest import client_for
from waypoint.accounts.models import Organization, User
from waypoint.care.disclosure import REDISCLOSURE_NOTICE
from waypoint.care.fhir import NOTICE_EXTENSION

pytestmark = pytest.mark.django_db

NOTICE = str(REDISCLOSURE_NOTICE)


def test_the_notice_says_what_42_cfr_part_2_requires() -> None:
    assert "42 CFR part 2" in NOTICE
    assert "written consent" in NOTICE or "agrees in writing" in NOTICE
    assert "investigate or prosecute" in NOTICE


def test_the_json_export_carries_the_notice_and_only_what_is_shared(
    alice: User, carol: User, harbor: Organization, alice_data: Any
) -> None:
    grant(alice, carol, harbor, ["progress", "entries"])
    response = client_for(carol).get(f"/care/clients/{alice.pk}/export.json")
    assert response["Content-Disposition"].startswith("attachment;")
    payload = json.loads(response.content)
    assert payload["notice"] == NOTICE
    assert set(payload) >= {"progress", "entries", "participant", "consents"}
    assert "checkins" not in payload and "assessments" not in payload and "notes" not in payload
    assert payload["entries"][0]["substance"] == "Alcohol"
    assert "PRIVATE-ENTRY-NOTE" not in response.content.decode()


def test_the_api_export_carries_the_notice(
    alice: User, carol: User, harbor: Organization, alice_data: Any
) -> None:
    grant(alice, carol, harbor, ALL_SCOPES)
    payload = client_for(carol).get(f"/api/v1/care/clients/{alice.pk}/export").json()
    assert payload["notice"] == NOTICE
    assert {"progress", "goals", "entries", "checkins", "assessments", "notes"} <= set(payload)


@pytest.mark.parametrize("scope", ["entries", "checkins", "assessments"])
def test_each_csv_export_starts_with_the_notice(
    alice: User, carol: User, harbor: Organization, alice_data: Any, scope: str
) -> None:
    grant(alice, carol, harbor, ALL_SCOPES)
    response = client_for(carol).get(f"/care/clients/{alice.pk}/export/{scope}.csv")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0] == [f"# {NOTICE}"]
    assert len(rows) >= 3  # notice, header, at least one row


def test_the_fhir_export_carries_the_part_2_label_and_the_notice(
    alice: User, carol: User, harbor: Organization, alice_data: Any
) -> None:
    grant(alice, carol, harbor, ["assessments"])
    bundle = json.loads(client_for(carol).get(f"/care/clients/{alice.pk}/fhir.json").content)
    assert bundle["meta"]["security"][0]["code"] == "42CFRPart2"
    assert bundle["meta"]["extension"] == [{"url": NOTICE_EXTENSION, "valueString": NOTICE}]


def test_a_csv_cell_a_spreadsheet_would_run_is_quoted(
    alice: User, carol: User, harbor: Organization
) -> None:
    from django.utils import timezone

    from tests.factories import log

    log(alice, timezone.localdate(), 1, activity="=HYPERLINK(1)")
    grant(alice, carol, harbor, ["entries"])
    body = client_for(carol).get(f"/care/clients/{alice.pk}/export/entries.csv").content.decode()
    assert "'=HYPERLINK(1)" in body
    assert ",=HYPERLINK" not in body


def test_an_unknown_csv_scope_is_not_found(alice: User, carol: User, harbor: Organization) -> None:
    grant(alice, carol, harbor, ALL_SCOPES)
    assert client_for(carol).get(f"/care/clients/{alice.pk}/export/notes.csv").status_code == 404
