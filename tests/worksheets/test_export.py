"""Worksheets travel in the person's own export (JSON and CSV) and go with account deletion."""

from __future__ import annotations

import csv
import io

import pytest
from django.test import Client

from tests.factories import own_export
from tests.worksheets.conftest import PLAN, plan_for
from waypoint.accounts.models import User
from waypoint.worksheets import services
from waypoint.worksheets.models import Worksheet, WorksheetVersion

pytestmark = pytest.mark.django_db


def test_the_json_export_has_every_version(
    alice: User, alice_client: Client, plan: Worksheet
) -> None:
    services.worksheet_revise(user=alice, worksheet_id=plan.pk, content=PLAN | {"steps": "B"})
    exported = own_export(alice_client)
    (sheet,) = exported["worksheets"]
    assert sheet["kind"] == "change_plan" and sheet["topic"] == "Opioids"
    assert [v["answers"]["steps"] for v in sheet["versions"]] == [PLAN["steps"], "B"]


def test_the_csv_export_has_a_row_per_answer_and_neutral_formulas(
    alice: User, alice_client: Client
) -> None:
    plan_for(alice, topic="=HYPERLINK()", steps="-5 drinks a week")
    response = alice_client.get("/worksheets/export.csv")
    assert response.status_code == 200 and "attachment" in response["Content-Disposition"]
    text = b"".join(response.streaming_content).decode()
    assert text.startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(text.removeprefix("\ufeff"))))
    assert {row["question_key"] for row in rows} == set(PLAN)
    steps = next(row for row in rows if row["question_key"] == "steps")
    assert steps["answer"] == "'-5 drinks a week" and steps["topic"] == "'=HYPERLINK()"
    assert steps["version"] == "1" and steps["question"] == "The steps I plan to take"


def test_the_settings_page_links_the_csv(alice_client: Client) -> None:
    assert "/worksheets/export.csv" in alice_client.get("/settings/").content.decode()


def test_deleting_the_account_removes_worksheets_and_nothing_of_bobs(
    alice: User, bob: User, alice_client: Client, plan: Worksheet
) -> None:
    plan_for(bob)
    response = alice_client.post("/settings/delete/", {"confirm": "alice"})
    assert response.status_code == 302
    assert not Worksheet.objects.filter(user_id=alice.pk).exists()
    assert WorksheetVersion.objects.filter(worksheet__user=bob).count() == 1
    assert WorksheetVersion.objects.count() == 1
