"""A program's referral can name the directory service it refers to (issue 12 item 5, issue 16
item 6): on the encounter page, in the API, in the follow-up list and its CSV.

Personas (tests/programs/conftest.py): owen is an outreach worker at Riverside, petra its
admin, nora the admin of Northside (sees nothing of Riverside).
"""

from __future__ import annotations

import csv
import io
import json
import uuid
from typing import Any

import pytest
from django.test import Client

from tests.programs.conftest import ago, record
from waypoint.accounts.models import User
from waypoint.directory.models import Organization as DirectoryOrganization
from waypoint.directory.models import Service, ServiceType
from waypoint.programs.models import Referral, Site
from waypoint.programs.selectors import ProgramAccess

pytestmark = pytest.mark.django_db
BASE = "/api/v1/programs/riverside"


def directory_service(name: str, *codes: str, status: str = "active") -> Service:
    org, _new = DirectoryOrganization.objects.get_or_create(name="Eastside Health (fictional)")
    service = Service.objects.create(organization=org, name=name, status=status)
    for code in codes:
        ServiceType.objects.create(service=service, code=code)
    return service


@pytest.fixture
def clinic() -> Service:
    return directory_service("Bridge Clinic buprenorphine", "moud-buprenorphine")


@pytest.fixture
def shelter() -> Service:
    return directory_service("Harbor House shelter", "housing")


def post(client: Client, path: str, body: Any) -> Any:
    return client.post(path, data=json.dumps(body), content_type="application/json")


def body(site: Site, **fields: Any) -> dict[str, Any]:
    return {"id": str(uuid.uuid4()), "at": ago(hours=1).isoformat(), "site": site.pk, **fields}


# --- API ------------------------------------------------------------------------------------


def test_api_referral_names_a_directory_service(
    owen_client: Client, van: Site, clinic: Service
) -> None:
    sent = body(van, referrals=[{"to": "moud-buprenorphine", "service": clinic.pk}])
    response = post(owen_client, f"{BASE}/encounters", sent)
    assert response.status_code == 201, response.content
    referral = response.json()["referrals"][0]
    assert referral["service"] == {"id": clinic.pk, "name": "Bridge Clinic buprenorphine"}
    assert referral["to"] == "moud-buprenorphine" and referral["status"] == "made"
    again = owen_client.get(f"{BASE}/encounters/{sent['id']}").json()
    assert again["referrals"][0]["service"]["id"] == clinic.pk
    # A referral without a service says so (null), and keeps every earlier field.
    plain = post(owen_client, f"{BASE}/encounters", body(van, referrals=[{"to": "food"}])).json()
    assert set(plain["referrals"][0]) == {"id", "to", "status", "linked_on", "service"}
    assert plain["referrals"][0]["service"] is None


@pytest.mark.parametrize(
    ("referrals", "said"),
    [
        ([{"to": "housing", "service": 999999}], "No directory service has the id 999999"),
        (
            [{"to": "housing", "service": "SHELTER"}, {"to": "housing", "service": "CLINIC"}],
            "Name one directory service per kind of referral (housing)",
        ),
    ],
)
def test_api_refuses_a_service_it_cannot_use_with_422(
    owen_client: Client,
    van: Site,
    clinic: Service,
    shelter: Service,
    referrals: list[dict[str, Any]],
    said: str,
) -> None:
    ids = {"CLINIC": clinic.pk, "SHELTER": shelter.pk}
    sent = body(
        van, referrals=[{**r, "service": ids.get(r["service"], r["service"])} for r in referrals]
    )
    response = post(owen_client, f"{BASE}/encounters", sent)
    assert response.status_code == 422, response.content
    assert said in response.json()["detail"]
    assert Referral.objects.count() == 0


def test_api_refuses_a_closed_for_good_service(owen_client: Client, van: Site) -> None:
    gone = directory_service("Closed clinic", "detox", status="defunct")
    sent = body(van, referrals=[{"to": "detox", "service": gone.pk}])
    response = post(owen_client, f"{BASE}/encounters", sent)
    assert response.status_code == 422
    assert f"No directory service has the id {gone.pk}" in response.json()["detail"]


def test_a_service_removed_from_the_directory_leaves_the_referral(
    owen_client: Client, van: Site, shelter: Service
) -> None:
    sent = body(van, referrals=[{"to": "housing", "service": shelter.pk}])
    post(owen_client, f"{BASE}/encounters", sent)
    shelter.delete()
    got = owen_client.get(f"{BASE}/encounters/{sent['id']}").json()["referrals"][0]
    assert got["to"] == "housing" and got["service"] is None


def test_a_correction_keeps_or_changes_the_service(
    owen_client: Client, van: Site, shelter: Service
) -> None:
    other = directory_service("Second Street housing desk", "housing")
    sent = body(van, referrals=[{"to": "housing", "service": shelter.pk}])
    post(owen_client, f"{BASE}/encounters", sent)
    sent["referrals"] = [{"to": "housing", "service": other.pk}]
    response = owen_client.put(
        f"{BASE}/encounters/{sent['id']}", data=json.dumps(sent), content_type="application/json"
    )
    assert response.status_code == 200, response.content
    assert response.json()["referrals"][0]["service"]["id"] == other.pk
    # The earlier version remembers the first service.
    from waypoint.programs.models import EncounterVersion

    version = EncounterVersion.objects.get(encounter_id=sent["id"])
    assert version.data["referrals"][0]["service"] == shelter.pk


def test_linked_from_the_next_encounter_can_name_where_the_person_got(
    owen_client: Client, van: Site, clinic: Service
) -> None:
    code = post(owen_client, f"{BASE}/participants", {}).json()["code"]
    first = body(
        van,
        participant_code=code,
        at=ago(days=2).isoformat(),
        referrals=[{"to": "moud-buprenorphine"}],
    )
    post(owen_client, f"{BASE}/encounters", first)
    second = body(
        van,
        participant_code=code,
        referrals=[{"to": "moud-buprenorphine", "status": "linked", "service": clinic.pk}],
    )
    assert post(owen_client, f"{BASE}/encounters", second).status_code == 201
    got = owen_client.get(f"{BASE}/encounters/{first['id']}").json()["referrals"][0]
    assert got["status"] == "linked" and got["service"]["id"] == clinic.pk


def test_follow_up_list_api(
    owen_client: Client, nora_client: Client, van: Site, clinic: Service
) -> None:
    one = body(van, referrals=[{"to": "moud-buprenorphine", "service": clinic.pk}])
    two = body(van, at=ago(days=3).isoformat(), referrals=[{"to": "food"}])
    post(owen_client, f"{BASE}/encounters", one)
    post(owen_client, f"{BASE}/encounters", two)
    rows = owen_client.get(f"{BASE}/referrals").json()
    assert [r["to"] for r in rows] == ["food", "moud-buprenorphine"]  # oldest first
    assert rows[1]["service"] == {"id": clinic.pk, "name": clinic.name}
    assert rows[0]["service"] is None and rows[1]["encounter"] == one["id"]
    assert {"id", "made_at", "site", "participant_code", "to", "status", "linked_on"} <= set(
        rows[0]
    )
    linked = owen_client.post(
        f"{BASE}/referrals/{rows[0]['id']}/link",
        data=json.dumps({"on": ago(hours=0).date().isoformat()}),
        content_type="application/json",
    ).json()
    assert linked["status"] == "linked" and linked["service"] is None
    assert [r["to"] for r in owen_client.get(f"{BASE}/referrals").json()] == ["moud-buprenorphine"]
    assert len(owen_client.get(f"{BASE}/referrals?status=all").json()) == 2
    assert [r["to"] for r in owen_client.get(f"{BASE}/referrals?status=linked").json()] == ["food"]
    today = ago(hours=0).date()
    assert owen_client.get(f"{BASE}/referrals?from={today}&to=2000-01-01").status_code == 422
    assert owen_client.get(f"{BASE}/referrals?status=maybe").status_code == 422
    assert owen_client.get(f"{BASE}/referrals?from=yesterday").status_code == 422
    assert nora_client.get(f"{BASE}/referrals").status_code == 404


# --- Pages ----------------------------------------------------------------------------------


def test_encounter_page_offers_services_of_the_referral_type(
    owen_client: Client, van: Site, clinic: Service, shelter: Service
) -> None:
    page = owen_client.get("/programs/riverside/encounters/new/").content.decode()
    start = page.index('name="service_moud-buprenorphine"')
    select = page[start : page.index("</select>", start)]
    assert "Bridge Clinic buprenorphine" in select and "Harbor House" not in select
    # Slugs that are not directory types (legal, other…) may name any service.
    start = page.index('name="service_legal"')
    assert "Harbor House" in page[start : page.index("</select>", start)]
    assert 'for="id_service_housing"' in page  # each list has its own label


def test_encounter_page_saves_the_service_of_a_ticked_referral(
    owen_client: Client, van: Site, clinic: Service, shelter: Service
) -> None:
    response = owen_client.post(
        "/programs/riverside/encounters/new/",
        {
            "action": "save",
            "site": van.pk,
            "people": 1,
            "referrals": ["moud-buprenorphine"],
            "service_moud-buprenorphine": clinic.pk,
            "service_housing": shelter.pk,  # its box is not ticked: ignored
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    referral = Referral.objects.get()
    assert referral.to == "moud-buprenorphine" and referral.service == clinic
    detail = owen_client.get(f"/programs/riverside/encounters/{referral.encounter_id}/")
    assert "Bridge Clinic buprenorphine" in detail.content.decode()
    edit = owen_client.get(f"/programs/riverside/encounters/{referral.encounter_id}/edit/")
    assert f'<option value="{clinic.pk}" selected>' in edit.content.decode()


def test_encounter_page_refuses_an_unknown_service_with_a_message(
    owen_client: Client, van: Site
) -> None:
    response = owen_client.post(
        "/programs/riverside/encounters/new/",
        {
            "action": "save",
            "site": van.pk,
            "people": 1,
            "referrals": ["housing"],
            "service_housing": 424242,
        },
    )
    assert response.status_code == 400
    assert "No directory service has the id 424242" in response.content.decode()
    assert Referral.objects.count() == 0


def test_service_search_for_the_encounter_page(
    owen_client: Client, nora_client: Client, van: Site, clinic: Service, shelter: Service
) -> None:
    url = "/programs/riverside/referral-services.json"
    found = owen_client.get(url, {"to": "housing", "q": "harbor"}).json()["results"]
    assert found == [
        {"id": shelter.pk, "name": "Harbor House shelter (Eastside Health (fictional))"}
    ]
    assert owen_client.get(url, {"to": "housing", "q": "bridge"}).json()["results"] == []
    assert len(owen_client.get(url, {"to": "other"}).json()["results"]) == 2
    assert owen_client.get(url, {"to": "nowhere"}).status_code == 400
    assert nora_client.get(url, {"to": "housing"}).status_code == 404


def test_follow_up_page_and_csv_show_the_service(
    owen_client: Client,
    petra: User,
    access: ProgramAccess,
    van: Site,
    clinic: Service,
    django_assert_max_num_queries: Any,
) -> None:
    made = record(access, petra, van, referrals=[("moud-buprenorphine", "made")])
    Referral.objects.filter(encounter=made).update(service=clinic)
    page = owen_client.get("/programs/riverside/referrals/")
    text = page.content.decode()
    assert page.status_code == 200 and "Bridge Clinic buprenorphine" in text
    assert "Mark linked today" in text
    csv_text = b"".join(owen_client.get("/programs/riverside/referrals.csv").streaming_content)
    rows = list(csv.reader(io.StringIO(csv_text.decode("utf-8-sig"))))
    assert rows[0][-2:] == ["service_id", "service_name"] and "to" in rows[0]
    assert rows[1][-2:] == [str(clinic.pk), "Bridge Clinic buprenorphine"]
    # Marking linked from the list comes back to the list, which no longer shows it.
    referral = Referral.objects.get()
    back = owen_client.post(
        f"/programs/riverside/referrals/{referral.pk}/link/", {"next": "referrals"}
    )
    assert back.status_code == 302 and back["Location"].endswith("/referrals/")
    assert (
        "No open referrals." in owen_client.get("/programs/riverside/referrals/").content.decode()
    )
    # The page's queries do not grow with the number of referrals.
    for _ in range(12):
        e = record(access, petra, van, referrals=[("housing", "made"), ("food", "made")])
        Referral.objects.filter(encounter=e).update(service=clinic)
    with django_assert_max_num_queries(12):
        assert owen_client.get("/programs/riverside/referrals/?status=all").status_code == 200
    assert owen_client.get("/programs/riverside/referrals/?from=2026-13-01").status_code == 400
    bad_csv = owen_client.get("/programs/riverside/referrals.csv?status=maybe")
    assert bad_csv.status_code == 400


def test_i_went_links_the_programs_referral_for_a_card_the_person_linked(
    owen_client: Client, owen: User, alice: User, access: ProgramAccess, van: Site, clinic: Service
) -> None:
    """Issue 16 item 6: the participant marks "I went"; the program sees its referral linked,
    only for a card the person linked to their own account, and only for that service."""
    from tests.conftest import client_for
    from waypoint.programs import services

    code = post(owen_client, f"{BASE}/participants", {}).json()["code"]
    other_code = post(owen_client, f"{BASE}/participants", {}).json()["code"]
    for who in (code, other_code):
        sent = body(
            van,
            participant_code=who,
            at=ago(days=2).isoformat(),
            referrals=[{"to": "moud-buprenorphine", "service": clinic.pk}],
        )
        post(owen_client, f"{BASE}/encounters", sent)
    services.card_link(
        user=alice, code=services.link_code_create(user=owen, access=access, participant_code=code)
    )
    response = client_for(alice).post(f"/directory/services/{clinic.pk}/went/", {})
    assert response.status_code == 302
    rows = {
        r["participant_code"]: r for r in owen_client.get(f"{BASE}/referrals?status=all").json()
    }
    assert rows[code]["status"] == "linked" and rows[code]["linked_on"] is not None
    assert rows[other_code]["status"] == "made"  # not hers: untouched
