"""Questionnaires as a FHIR R4 Bundle, validated with fhir.resources (its R4B models)."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client
from fhir.resources.R4B.bundle import Bundle

from tests.care.conftest import grant
from tests.conftest import client_for
from waypoint.accounts.models import Organization, User
from waypoint.care import services
from waypoint.care.fhir import LOINC, assessment_bundle
from waypoint.measures import INSTRUMENTS

pytestmark = pytest.mark.django_db


def _by_url(bundle: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {entry["fullUrl"]: entry["resource"] for entry in bundle["entry"]}


def _codes(resource: dict[str, Any]) -> set[tuple[str, str]]:
    return {(c["system"], c["code"]) for c in resource["code"]["coding"]}


def test_a_phq9_becomes_a_response_a_panel_a_total_and_one_observation_per_item(
    alice: User,
) -> None:
    assessment = services.assessment_take(
        participant=alice, instrument="phq9", answers=[1, 2, 0, 1, 0, 3, 1, 0, 1]
    )
    bundle = assessment_bundle(alice, [assessment])
    Bundle.model_validate(bundle)  # raises on any structural error
    resources = _by_url(bundle)
    kinds = [e["resource"]["resourceType"] for e in bundle["entry"]]
    assert kinds.count("QuestionnaireResponse") == 1
    assert kinds.count("Observation") == 1 + 1 + 9  # panel, total, items
    response_url, response = next(
        (url, r) for url, r in resources.items() if r["resourceType"] == "QuestionnaireResponse"
    )
    assert response["status"] == "completed"
    assert [i["answer"][0]["valueInteger"] for i in response["item"]] == assessment.answers
    assert response["item"][8]["linkId"] == "44260-8"  # PHQ-9 item 9's LOINC code
    panel = next(r for r in resources.values() if r.get("code") and (LOINC, "44249-1") in _codes(r))
    members = [resources[m["reference"]] for m in panel["hasMember"]]
    assert len(members) == 10
    total = next(m for m in members if (LOINC, "44261-6") in _codes(m))
    assert total["valueInteger"] == assessment.total == 9
    assert total["interpretation"][0]["text"] == "mild"
    item9 = next(m for m in members if (LOINC, "44260-8") in _codes(m))
    assert item9["valueInteger"] == 1
    for observation in [panel, *members]:
        assert observation["derivedFrom"] == [{"reference": response_url}]
        assert observation["category"][0]["coding"][0]["code"] == "survey"
        assert observation["subject"] == response["subject"]
        assert observation["status"] == "final"


@pytest.mark.parametrize("key", ["audit", "audit_c", "gad7", "who5", "readiness"])
def test_every_instrument_exports_a_valid_bundle_with_its_loinc_codes(
    alice: User, key: str
) -> None:
    count = INSTRUMENTS[key].item_count
    answers = [2] * count if key != "audit" else [2] * 8 + [2, 4]
    assessment = services.assessment_take(participant=alice, instrument=key, answers=answers)
    bundle = assessment_bundle(alice, [assessment])
    Bundle.model_validate(bundle)
    observations = [r for r in _by_url(bundle).values() if r["resourceType"] == "Observation"]
    codes = set().union(*(_codes(o) for o in observations))
    instrument = INSTRUMENTS[key]
    if instrument.loinc_panel:
        assert (LOINC, instrument.loinc_panel) in codes
        assert (LOINC, instrument.loinc_total) in codes
    expected = 1 + count + (0 if key == "readiness" else 1)
    assert len(observations) == expected


def test_the_participant_downloads_their_own_bundle(
    alice_client: Client, alice: User, alice_data: Any
) -> None:
    response = alice_client.get("/assessments/fhir.json")
    assert response["Content-Type"] == "application/fhir+json"
    Bundle.model_validate(json.loads(response.content))
    api = alice_client.get("/api/v1/assessments/fhir")
    Bundle.model_validate(api.json())


def test_the_counselors_bundle_validates_and_has_stable_ids(
    alice: User, carol: User, harbor: Organization, alice_data: Any
) -> None:
    grant(alice, carol, harbor, ["assessments"])
    client = client_for(carol)
    first = json.loads(client.get(f"/care/clients/{alice.pk}/fhir.json").content)
    second = client.get(f"/api/v1/care/clients/{alice.pk}/fhir").json()
    Bundle.model_validate(first)
    assert [e["fullUrl"] for e in first["entry"]] == [e["fullUrl"] for e in second["entry"]]
