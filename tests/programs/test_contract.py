"""Issue 12's contracts, checked literally against what the API answers: the seeded catalogue
with its categories, the service and referral slugs, the report's indicator keys and shape, and
the values a reversal takes. The lists here are copied from the issue, not from the code."""

from __future__ import annotations

import json
import re
import uuid
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from tests.programs.conftest import ago
from waypoint.programs.models import Encounter, Site

pytestmark = pytest.mark.django_db
BASE = "/api/v1/programs/riverside"
DOCS = Path(__file__).resolve().parents[2] / "docs" / "programs.md"

CATALOGUE = (
    "syringe",
    "naloxone-nasal-4mg",
    "naloxone-im",
    "fentanyl-test-strip",
    "xylazine-test-strip",
    "cooker",
    "cotton",
    "alcohol-pad",
    "sterile-water",
    "tourniquet",
    "sharps-container",
    "safer-smoking-kit",
    "snorting-kit",
    "condom",
    "wound-care-kit",
)
SERVICES = ("naloxone-training", "wound-care", "safer-use-education", "drug-checking")
REFERRALS = (
    "moud-methadone",
    "moud-buprenorphine",
    "detox",
    "residential",
    "outpatient",
    "mental-health",
    "medical",
    "housing",
    "food",
    "legal",
    "other",
)
INDICATORS = (
    "encounters",
    "unique_participants",
    "new_participants",
    "anonymous_contacts",
    "syringes_distributed",
    "syringes_collected",
    "naloxone_kits_distributed",
    "naloxone_doses_distributed",
    "fentanyl_test_strips_distributed",
    "xylazine_test_strips_distributed",
    "hiv_tests",
    "hiv_reactive",
    "hcv_tests",
    "hcv_reactive",
    "referrals_made",
    "referrals_linked",
    "overdose_reversals_reported",
)
PLACES = ("outdoors", "home", "shelter", "vehicle", "public-bathroom", "other")
OUTCOMES = ("recovered", "hospital", "died", "unknown")
SITE_KINDS = ("fixed", "mobile", "street", "mail", "secondary")


def post(client: Client, path: str, body: Any) -> Any:
    return client.post(path, data=json.dumps(body), content_type="application/json")


def test_the_catalogue_is_seeded_with_exactly_the_issues_items(petra_client: Client) -> None:
    items = {i["slug"]: i for i in petra_client.get(f"{BASE}/catalogue").json()}
    assert tuple(items) == CATALOGUE
    assert items["syringe"]["category"] == "syringe"
    assert items["naloxone-nasal-4mg"]["category"] == "naloxone"
    assert items["naloxone-nasal-4mg"]["doses_per_kit"] == 2
    assert items["naloxone-im"]["category"] == "naloxone"
    assert items["fentanyl-test-strip"]["category"] == "fentanyl-test-strip"
    assert items["xylazine-test-strip"]["category"] == "xylazine-test-strip"
    # Only naloxone kits carry doses.
    assert [s for s, i in items.items() if i["doses_per_kit"] is not None] == [
        "naloxone-nasal-4mg",
        "naloxone-im",
    ]


def test_naloxone_im_doses_are_configurable_and_count_from_then_on(
    petra_client: Client, van: Site
) -> None:
    def hand_out() -> None:
        body = {
            "id": str(uuid.uuid4()),
            "at": ago(hours=1).isoformat(),
            "site": van.pk,
            "supplies": [{"item": "naloxone-im", "quantity": 2}],
        }
        assert post(petra_client, f"{BASE}/encounters", body).status_code == 201

    hand_out()
    patched = petra_client.patch(
        f"{BASE}/catalogue/naloxone-im",
        data=json.dumps({"doses_per_kit": 3}),
        content_type="application/json",
    )
    assert patched.json()["doses_per_kit"] == 3
    hand_out()
    assert sorted(Encounter.objects.values_list("naloxone_doses", flat=True)) == [2, 6]


def test_every_service_and_referral_slug_of_the_issue_is_taken(
    owen_client: Client, van: Site
) -> None:
    body = {
        "id": str(uuid.uuid4()),
        "at": ago(hours=1).isoformat(),
        "site": van.pk,
        "people": 2,
        "services": list(SERVICES),
        "referrals": [{"to": to, "status": "made"} for to in REFERRALS],
        "tests": [
            {"kind": "hiv", "result": "reactive"},
            {"kind": "hiv", "result": "non_reactive"},
            {"kind": "hcv", "result": "invalid"},
            {"kind": "hcv", "result": "not_given"},
        ],
    }
    response = post(owen_client, f"{BASE}/encounters", body)
    assert response.status_code == 201, response.content
    got = response.json()
    assert sorted(got["services"]) == sorted(SERVICES)
    assert sorted(r["to"] for r in got["referrals"]) == sorted(REFERRALS)
    assert got["people"] == 2 and got["participant_code"] is None


def test_site_kinds(petra_client: Client) -> None:
    for kind in SITE_KINDS:
        response = post(petra_client, f"{BASE}/sites", {"name": f"A {kind} site", "kind": kind})
        assert response.status_code == 201
        made = response.json()
        assert isinstance(made["id"], int) and made["kind"] == kind
    listed = petra_client.get(f"{BASE}/sites").json()
    assert sorted(s["kind"] for s in listed) == sorted(SITE_KINDS)


def test_the_report_answers_exactly_the_issues_keys(petra_client: Client, van: Site) -> None:
    today = timezone.localdate()
    first = today.replace(day=1) - timezone.timedelta(days=40)
    response = petra_client.get(f"{BASE}/report?from={first.isoformat()}&to={today.isoformat()}")
    assert response.status_code == 200
    got = response.json()
    assert tuple(got["indicators"]) == INDICATORS
    months = [m["month"] for m in got["monthly"]]
    assert all(re.fullmatch(r"\d{4}-\d{2}", m) for m in months) and len(months) == 3
    assert months[0] == first.strftime("%Y-%m") and months[-1] == today.strftime("%Y-%m")
    for month in got["monthly"]:
        assert set(month) == {"month", "indicators"}
        assert tuple(month["indicators"]) == INDICATORS
    shared = petra_client.get(
        f"{BASE}/report?from={first.isoformat()}&to={today.isoformat()}&site={van.pk}&shared=true"
    ).json()
    assert tuple(shared["indicators"]) == INDICATORS


def test_docs_define_every_indicator() -> None:
    section = DOCS.read_text().split("## Report indicators", 1)[1].split("\n## ", 1)[0]
    defined = re.findall(r"^\| `([a-z_0-9]+)` \| \S", section, flags=re.MULTILINE)
    assert defined == list(INDICATORS)


@pytest.mark.parametrize("place", PLACES)
def test_every_place_of_a_reversal(owen_client: Client, place: str) -> None:
    body = {"id": str(uuid.uuid4()), "at": ago(hours=1).isoformat(), "place": place}
    assert post(owen_client, f"{BASE}/reversals", body | {"outcome": "unknown"}).status_code == 201


@pytest.mark.parametrize("outcome", OUTCOMES)
def test_every_outcome_of_a_reversal(owen_client: Client, outcome: str) -> None:
    body = {"id": str(uuid.uuid4()), "at": ago(hours=1).isoformat(), "place": "home"}
    response = post(owen_client, f"{BASE}/reversals", body | {"outcome": outcome})
    assert response.status_code == 201 and response.json()["outcome"] == outcome
    assert set(response.json()) == {
        "id",
        "at",
        "site",
        "participant_code",
        "place",
        "substances",
        "naloxone_doses",
        "naloxone_product",
        "rescue_breathing",
        "called_911",
        "outcome",
        "replacement_kit",
    }
