"""The programs API: every endpoint, idempotent retries, isolation between two programs."""

from __future__ import annotations

import json
import uuid
from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from tests.programs.conftest import ago
from waypoint.accounts.models import User
from waypoint.programs.models import Encounter, EncounterVersion, Reversal, Site
from waypoint.programs.selectors import ProgramAccess

pytestmark = pytest.mark.django_db
BASE = "/api/v1/programs/riverside"


def post(client: Client, path: str, body: Any = None, method: str = "post") -> Any:
    return getattr(client, method)(
        path, data=json.dumps(body) if body is not None else "", content_type="application/json"
    )


def encounter_body(site: Site, **fields: Any) -> dict[str, Any]:
    body = {"id": str(uuid.uuid4()), "at": ago(hours=1).isoformat(), "site": site.pk}
    body.update(fields)
    return body


def test_issue_a_code_and_record_an_encounter(owen_client: Client, van: Site) -> None:
    response = post(owen_client, f"{BASE}/participants")
    assert response.status_code == 201
    code = response.json()["code"]
    assert len(code) == 7 and code[3] == "-"
    body = encounter_body(
        van,
        participant_code=code,
        supplies=[
            {"item": "syringe", "quantity": 20},
            {"item": "naloxone-nasal-4mg", "quantity": 1},
        ],
        syringes_collected=15,
        services=["naloxone-training"],
        tests=[{"kind": "hiv", "result": "non_reactive"}],
        referrals=[{"to": "housing", "status": "made"}],
        note="Asked about the shelter on 5th.",
    )
    response = post(owen_client, f"{BASE}/encounters", body)
    assert response.status_code == 201, response.content
    got = response.json()
    assert got["participant_code"] == code
    assert got["supplies"] == [
        {"item": "syringe", "quantity": 20},
        {"item": "naloxone-nasal-4mg", "quantity": 1},
    ] or sorted(s["item"] for s in got["supplies"]) == ["naloxone-nasal-4mg", "syringe"]
    encounter = Encounter.objects.get(pk=body["id"])
    assert encounter.naloxone_doses == 2 and encounter.syringes_distributed == 20


def test_a_retry_with_the_same_id_answers_the_stored_encounter(
    owen_client: Client, van: Site
) -> None:
    body = encounter_body(van, people=3)
    first = post(owen_client, f"{BASE}/encounters", body)
    body["people"] = 5
    again = post(owen_client, f"{BASE}/encounters", body)
    assert (first.status_code, again.status_code) == (201, 200)
    assert again.json()["people"] == 3
    assert Encounter.objects.count() == 1


def test_another_programs_id_is_a_conflict(
    owen_client: Client, nora_client: Client, van: Site, north_access: ProgramAccess
) -> None:
    from waypoint.programs import services

    north_van = services.site_create(access=north_access, name="North van", kind="mobile")
    body = encounter_body(van)
    assert post(owen_client, f"{BASE}/encounters", body).status_code == 201
    body["site"] = north_van.pk
    response = post(nora_client, "/api/v1/programs/northside/encounters", body)
    assert response.status_code == 409


def test_weight_becomes_a_count_at_the_programs_rate(
    owen_client: Client, van: Site, access: ProgramAccess
) -> None:
    body = encounter_body(van, syringes_collected_lb="2")
    assert post(owen_client, f"{BASE}/encounters", body).json()["syringes_collected"] == 562
    access.program.syringes_per_pound = 300
    access.program.save()
    body = encounter_body(van, syringes_collected_lb="1.5")
    assert post(owen_client, f"{BASE}/encounters", body).json()["syringes_collected"] == 450


@pytest.mark.parametrize(
    ("change", "words"),
    [
        ({"participant_code": "K7M-4QZ"}, "participant_code"),
        ({"participant_code": "K7M-0QX"}, "Character 4 (0)"),
        ({"supplies": [{"item": "unicorn", "quantity": 1}]}, "unicorn"),
        ({"supplies": [{"item": "syringe", "quantity": -1}]}, "supplies"),
        ({"supplies": [{"item": "syringe", "quantity": 900}]}, "unusually many"),
        ({"at": (timezone.now() + timedelta(days=2)).isoformat()}, "future"),
        ({"services": ["haircut"]}, "haircut"),
        ({"referrals": [{"to": "housing", "status": "linked"}]}, "linked"),
        ({"referrals": [{"to": "methadone", "status": "made"}]}, "methadone"),
        ({"syringes_collected": 3000}, "unusually many"),
        ({"syringes_collected": -3}, "syringes_collected"),
        ({"syringes_collected_lb": "-1"}, "syringes_collected_lb"),
        ({"people": 0}, "people"),
        ({"tests": [{"kind": "hiv", "result": "positive"}]}, "tests"),
    ],
)
def test_bad_input_answers_422_and_writes_nothing(
    owen_client: Client, van: Site, change: dict[str, Any], words: str
) -> None:
    response = post(owen_client, f"{BASE}/encounters", encounter_body(van, **change))
    assert response.status_code == 422, response.content
    assert words in response.json()["detail"]
    assert not Encounter.objects.exists()


def test_an_unknown_code_is_named_and_never_made(owen_client: Client, van: Site) -> None:
    from waypoint.programs import codes

    code = "ABCDE" + codes.check_character("ABCDE")
    response = post(owen_client, f"{BASE}/encounters", encounter_body(van, participant_code=code))
    assert response.status_code == 422
    assert "ABC-DE" in response.json()["detail"]


def test_a_wrong_character_in_a_known_code_is_named(
    owen_client: Client, owen: User, access: ProgramAccess, van: Site
) -> None:
    from waypoint.programs import codes, services

    code = services.participant_issue(user=owen, access=access).code
    wrong = next(ch for ch in codes.ALPHABET if ch not in (code[3], code[4]))
    typo = code[:3] + wrong + code[4:]
    response = post(owen_client, f"{BASE}/encounters", encounter_body(van, participant_code=typo))
    assert response.status_code == 422
    detail = response.json()["detail"]
    assert f"Character 4 ({wrong}) looks wrong." in detail
    assert f"Did you mean {codes.shown(code)}?" in detail
    swapped = code[:4] + code[5] + code[4]
    if swapped != code:
        response = post(
            owen_client, f"{BASE}/encounters", encounter_body(van, participant_code=swapped)
        )
        assert "Characters 5 and 6 look swapped." in response.json()["detail"]
    assert not Encounter.objects.exists()


def test_an_unknown_site_is_named_not_found(owen_client: Client, van: Site) -> None:
    body = encounter_body(van) | {"site": van.pk + 999}
    response = post(owen_client, f"{BASE}/encounters", body)
    assert response.status_code == 404
    assert response.json()["detail"] == "That site is not one of this program's."
    assert not Encounter.objects.exists()


def test_another_programs_site_or_code_is_404(
    owen_client: Client, van: Site, north_access: ProgramAccess, nora: User
) -> None:
    from waypoint.programs import services

    north_van = services.site_create(access=north_access, name="North van", kind="mobile")
    north_code = services.participant_issue(user=nora, access=north_access).shown_code
    assert post(owen_client, f"{BASE}/encounters", encounter_body(north_van)).status_code == 404
    response = post(
        owen_client, f"{BASE}/encounters", encounter_body(van, participant_code=north_code)
    )
    assert response.status_code == 404
    assert not Encounter.objects.exists()


def test_programs_are_isolated(owen_client: Client, nora_client: Client, van: Site) -> None:
    assert post(owen_client, f"{BASE}/encounters", encounter_body(van)).status_code == 201
    for path in (
        "encounters",
        "sites",
        "catalogue",
        "stock",
        "reversals",
        "report?from=2020-01-01&to=2030-01-01",
    ):
        assert nora_client.get(f"{BASE}/{path}").status_code == 404, path
    assert post(nora_client, f"{BASE}/participants").status_code == 404


def test_counselors_and_participants_have_no_program(carol: User, alice: User) -> None:
    from tests.conftest import client_for

    assert client_for(carol).get(f"{BASE}/sites").status_code == 404
    assert client_for(alice).get(f"{BASE}/sites").status_code == 403


def test_outreach_workers_cannot_manage_sites_stock_or_reports(
    owen_client: Client, van: Site
) -> None:
    assert post(owen_client, f"{BASE}/sites", {"name": "X", "kind": "fixed"}).status_code == 404
    item = {"name": "Lip balm", "category": "other"}
    assert post(owen_client, f"{BASE}/catalogue", item).status_code == 404
    doses = {"doses_per_kit": 2}
    assert post(owen_client, f"{BASE}/catalogue/naloxone-im", doses, "patch").status_code == 404
    assert owen_client.get(f"{BASE}/stock").status_code == 404
    assert owen_client.get(f"{BASE}/report?from=2024-01-01&to=2024-12-31").status_code == 404
    assert owen_client.get(f"{BASE}/sites").status_code == 200


def test_sites_and_catalogue(petra_client: Client) -> None:
    response = post(petra_client, f"{BASE}/sites", {"name": "Corner of 5th", "kind": "street"})
    assert response.status_code == 201 and response.json()["kind"] == "street"
    assert post(petra_client, f"{BASE}/sites", {"name": "X", "kind": "boat"}).status_code == 422
    assert [s["name"] for s in petra_client.get(f"{BASE}/sites").json()] == ["Corner of 5th"]
    slugs = [i["slug"] for i in petra_client.get(f"{BASE}/catalogue").json()]
    assert (
        slugs[:3] == ["syringe", "naloxone-nasal-4mg", "naloxone-im"] and "wound-care-kit" in slugs
    )
    made = post(petra_client, f"{BASE}/catalogue", {"name": "Lip balm", "category": "other"})
    assert made.status_code == 201 and made.json()["slug"] == "lip-balm"
    assert (
        post(
            petra_client, f"{BASE}/catalogue", {"name": "Lip balm", "category": "other"}
        ).status_code
        == 409
    )
    patched = post(petra_client, f"{BASE}/catalogue/naloxone-im", {"doses_per_kit": 2}, "patch")
    assert patched.status_code == 200 and patched.json()["doses_per_kit"] == 2
    refused = post(petra_client, f"{BASE}/catalogue/syringe", {"doses_per_kit": 2}, "patch")
    assert refused.status_code == 422


def test_list_encounters_from_to_inclusive(
    owen_client: Client, van: Site, access: ProgramAccess
) -> None:
    today = timezone.localdate()
    for days in (0, 1, 2, 5):
        post(
            owen_client,
            f"{BASE}/encounters",
            encounter_body(van, at=(timezone.now() - timedelta(days=days, minutes=1)).isoformat()),
        )
    first = (today - timedelta(days=2)).isoformat()
    rows = owen_client.get(f"{BASE}/encounters?from={first}&to={today.isoformat()}").json()
    assert len(rows) == 3


def test_a_correction_keeps_the_previous_version(owen_client: Client, van: Site) -> None:
    body = encounter_body(van, supplies=[{"item": "syringe", "quantity": 10}])
    post(owen_client, f"{BASE}/encounters", body)
    body["supplies"] = [{"item": "syringe", "quantity": 30}]
    response = post(owen_client, f"{BASE}/encounters/{body['id']}", body, method="put")
    assert response.status_code == 200 and response.json()["version"] == 2
    version = EncounterVersion.objects.get()
    assert version.data["supplies"] == [{"item": "syringe", "quantity": 10}]
    assert version.replaced_by is not None and version.replaced_by.username == "owen"
    assert Encounter.objects.get().syringes_distributed == 30


def test_referral_made_then_linked_from_the_next_encounter(owen_client: Client, van: Site) -> None:
    code = post(owen_client, f"{BASE}/participants").json()["code"]
    first = encounter_body(
        van,
        participant_code=code,
        at=ago(days=3).isoformat(),
        referrals=[{"to": "moud-buprenorphine", "status": "made"}],
    )
    post(owen_client, f"{BASE}/encounters", first)
    second = encounter_body(
        van, participant_code=code, referrals=[{"to": "moud-buprenorphine", "status": "linked"}]
    )
    assert post(owen_client, f"{BASE}/encounters", second).status_code == 201
    referral = owen_client.get(f"{BASE}/encounters/{first['id']}").json()["referrals"][0]
    assert (
        referral["status"] == "linked" and referral["linked_on"] == timezone.localdate().isoformat()
    )
    assert Encounter.objects.get(pk=first["id"]).referrals_linked == 1


def test_link_a_referral_by_id(owen_client: Client, van: Site) -> None:
    body = encounter_body(van, referrals=[{"to": "food", "status": "made"}])
    referral_id = post(owen_client, f"{BASE}/encounters", body).json()["referrals"][0]["id"]
    path = f"{BASE}/referrals/{referral_id}/link"
    assert (
        post(owen_client, path, {"on": timezone.localdate().isoformat()}).json()["status"]
        == "linked"
    )
    assert post(owen_client, path, {"on": timezone.localdate().isoformat()}).status_code == 409


def test_reversal_with_a_replacement_kit_takes_stock(
    owen_client: Client, petra_client: Client, van: Site
) -> None:
    body = {
        "id": str(uuid.uuid4()),
        "at": ago(hours=2).isoformat(),
        "site": van.pk,
        "place": "public-bathroom",
        "substances": ["fentanyl", "xylazine"],
        "naloxone_doses": 2,
        "naloxone_product": "naloxone-nasal-4mg",
        "rescue_breathing": True,
        "called_911": False,
        "outcome": "recovered",
        "replacement_kit": "naloxone-nasal-4mg",
    }
    response = post(owen_client, f"{BASE}/reversals", body)
    assert response.status_code == 201, response.content
    assert post(owen_client, f"{BASE}/reversals", body).status_code == 200
    lines = petra_client.get(f"{BASE}/stock").json()["lines"]
    assert lines == [
        {
            "site": van.pk,
            "item": "naloxone-nasal-4mg",
            "on_hand": -1,
            "negative": True,
            "used_last_28_days": 1,
            "days_left": 0,
        }
    ]
    bad = dict(body, id=str(uuid.uuid4()), place="roof")
    assert post(owen_client, f"{BASE}/reversals", bad).status_code == 422
    assert len(owen_client.get(f"{BASE}/reversals").json()) == 1


def test_stock_receipts_transfers_counts(
    petra_client: Client, owen_client: Client, van: Site, office: Site
) -> None:
    soon = (timezone.localdate() + timedelta(days=30)).isoformat()
    receipt = {
        "site": office.pk,
        "item": "naloxone-nasal-4mg",
        "quantity": 100,
        "lot": "L123",
        "expires_on": soon,
    }
    assert post(petra_client, f"{BASE}/stock/receipts", receipt).status_code == 201
    no_lot = {"site": office.pk, "item": "naloxone-nasal-4mg", "quantity": 5}
    assert post(petra_client, f"{BASE}/stock/receipts", no_lot).status_code == 422
    move = {"from_site": office.pk, "to_site": van.pk, "item": "naloxone-nasal-4mg", "quantity": 40}
    assert post(petra_client, f"{BASE}/stock/transfers", move).status_code == 201
    for _ in range(2):
        post(
            owen_client,
            f"{BASE}/encounters",
            encounter_body(van, supplies=[{"item": "naloxone-nasal-4mg", "quantity": 14}]),
        )
    assert (
        post(
            petra_client,
            f"{BASE}/stock/counts",
            {"site": office.pk, "item": "naloxone-nasal-4mg", "counted": 58},
        ).status_code
        == 201
    )
    later = dict(
        receipt, lot="L999", expires_on=(timezone.localdate() + timedelta(days=90)).isoformat()
    )
    assert post(petra_client, f"{BASE}/stock/receipts", later).status_code == 201
    stock = petra_client.get(f"{BASE}/stock").json()
    by_site = {line["site"]: line for line in stock["lines"]}
    assert by_site[office.pk]["on_hand"] == 158
    assert by_site[van.pk]["on_hand"] == 12 and by_site[van.pk]["days_left"] == 12
    assert [m["lot"] for m in stock["expiring_within_60_days"]] == ["L123"]


def test_report_contract(petra_client: Client, owen_client: Client, van: Site) -> None:
    post(
        owen_client,
        f"{BASE}/encounters",
        encounter_body(van, supplies=[{"item": "syringe", "quantity": 12}]),
    )
    today = timezone.localdate()
    got = petra_client.get(
        f"{BASE}/report?from={today.replace(day=1).isoformat()}&to={today.isoformat()}"
    ).json()
    assert set(got) >= {"indicators", "monthly"}
    assert got["indicators"]["encounters"] == 1 and got["indicators"]["syringes_distributed"] == 12
    assert got["monthly"][0]["month"] == today.strftime("%Y-%m")
    shared = petra_client.get(
        f"{BASE}/report?from={today.isoformat()}&to={today.isoformat()}&shared=true"
    ).json()
    assert (
        shared["indicators"]["encounters"] is None
        and shared["indicators"]["syringes_distributed"] == 12
    )
    assert petra_client.get(f"{BASE}/report?from=2024-02-01&to=2024-01-01").status_code == 422


def test_the_suppression_threshold_is_configurable(
    petra_client: Client, owen_client: Client, van: Site, settings: Any
) -> None:
    settings.PROGRAMS_SUPPRESS_UP_TO = 5
    for _ in range(6):
        post(owen_client, f"{BASE}/encounters", encounter_body(van, people=1))
    today = timezone.localdate().isoformat()
    shared = petra_client.get(f"{BASE}/report?from={today}&to={today}&shared=true").json()
    assert shared["indicators"]["encounters"] == 6
    assert shared["indicators"]["anonymous_contacts"] == 6
    settings.PROGRAMS_SUPPRESS_UP_TO = 6
    shared = petra_client.get(f"{BASE}/report?from={today}&to={today}&shared=true").json()
    assert shared["indicators"]["encounters"] is None


def test_link_code_for_a_participant(owen_client: Client) -> None:
    code = post(owen_client, f"{BASE}/participants").json()["code"]
    response = post(owen_client, f"{BASE}/participants/{code}/link-code")
    assert response.status_code == 201 and len(response.json()["link_code"]) == 11


def test_rederivable_code(petra_client: Client, access: ProgramAccess) -> None:
    """Only a keyed hash of the answers is kept; the same answers give the same code back."""
    from django.conf import settings

    from waypoint.programs import codes
    from waypoint.programs.models import Participant

    access.program.code_questions = [
        "First letter of your mother's first name",
        "Day you were born",
    ]
    access.program.save()
    answers = {"answers": ["M", "17"]}
    code = post(petra_client, f"{BASE}/participants", answers).json()["code"]
    stored = Participant.objects.get()
    assert stored.derived_hash == codes.answers_hash(
        key=settings.PROGRAMS_CODE_KEY, program_id=access.organization.pk, answers=["M", "17"]
    )
    assert stored.shown_code == code
    assert (
        post(petra_client, f"{BASE}/participants/rederive", {"answers": ["m ", "17"]}).json()[
            "code"
        ]
        == code
    )
    assert post(petra_client, f"{BASE}/participants", answers).status_code == 409
    assert (
        post(petra_client, f"{BASE}/participants/rederive", {"answers": ["Q", "1"]}).status_code
        == 404
    )


def test_a_participant_sees_only_their_own_linked_cards(
    owen: User, access: ProgramAccess, van: Site, alice: User, bob: User
) -> None:
    from tests.conftest import client_for
    from waypoint.programs import services

    code = services.participant_issue(user=owen, access=access).shown_code
    services.encounter_record(
        user=owen,
        access=access,
        data=services.EncounterData(
            at=ago(hours=2), site=van.pk, participant_code=code, supplies=[("syringe", 10)]
        ),
    )
    services.card_link(
        user=alice, code=services.link_code_create(user=owen, access=access, participant_code=code)
    )
    mine = client_for(alice).get("/api/v1/me/program-cards").json()
    assert mine["cards"][0]["code"] == code and len(mine["encounters"]) == 1
    assert client_for(bob).get("/api/v1/me/program-cards").json() == {"cards": [], "encounters": []}
    assert client_for(owen).get("/api/v1/me/program-cards").status_code == 403


def test_a_time_without_an_offset_is_read_in_the_programs_time_zone(
    owen_client: Client, van: Site, access: ProgramAccess
) -> None:
    access.organization.time_zone = "America/New_York"
    access.organization.save()
    response = post(owen_client, f"{BASE}/encounters", encounter_body(van, at="2025-01-05T10:00"))
    assert response.status_code == 201, response.content
    assert Encounter.objects.get().at.isoformat() == "2025-01-05T15:00:00+00:00"
    reversal = {
        "id": str(uuid.uuid4()),
        "at": "2025-01-05T10:00:00",
        "place": "home",
        "outcome": "recovered",
    }
    response = post(owen_client, f"{BASE}/reversals", reversal)
    assert response.status_code == 201, response.content
    assert Reversal.objects.get().at.isoformat() == "2025-01-05T15:00:00+00:00"


@pytest.mark.parametrize("at", ["1975-06-01T12:00:00+00:00", "0001-01-01T00:00:00+09:00"])
def test_a_time_long_ago_is_refused_not_a_server_error(
    owen_client: Client, van: Site, at: str
) -> None:
    response = post(owen_client, f"{BASE}/encounters", encounter_body(van, at=at))
    assert response.status_code == 422, response.content
    assert "past" in response.json()["detail"]
    reversal = {"id": str(uuid.uuid4()), "at": at, "place": "home", "outcome": "recovered"}
    response = post(owen_client, f"{BASE}/reversals", reversal)
    assert response.status_code == 422 and "past" in response.json()["detail"]
    assert not Encounter.objects.exists()


@pytest.mark.parametrize(
    "path",
    [
        "report?from=9999-12-01&to=9999-12-31",
        "report?from=0001-01-01&to=0001-01-31",
        "encounters?from=9999-12-31&to=9999-12-31",
        "encounters?from=0001-01-01",
        "reversals?from=9999-12-31&to=9999-12-31",
        "referrals?from=9999-12-31&to=9999-12-31",
    ],
)
def test_days_at_the_ends_of_the_calendar_answer_empty_not_a_server_error(
    petra_client: Client, access: ProgramAccess, path: str
) -> None:
    access.organization.time_zone = "Pacific/Kiritimati"  # UTC+14: the day starts a day earlier
    access.organization.save()
    response = petra_client.get(f"{BASE}/{path}")
    assert response.status_code == 200, response.content
    got = response.json()
    assert got == [] or got["indicators"]["encounters"] == 0
