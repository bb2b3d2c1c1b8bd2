"""Every program page and API endpoint against every role, in one table (the issue: outreach
workers record, admins also manage sites, catalogue, stock and reports).

Each route is listed with who it is for: ``workers`` (outreach workers and admins) or ``admins``.
Everyone else at the program (a counselor or facilitator who also belongs to it) and the admin
of another program get the gate's 404, as a role missing in an organization does everywhere
(waypoint/accounts/gate.py); a participant gets the gate's 403. A program page or endpoint that
is not listed here fails the test.
"""

from __future__ import annotations

import json
import uuid
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from tests.conftest import _staff, client_for, make_user
from tests.programs.conftest import ago, record
from waypoint.accounts.models import Membership, Organization, User
from waypoint.api.main import api
from waypoint.programs import services
from waypoint.programs.models import Referral, Site
from waypoint.programs.selectors import ProgramAccess

pytestmark = pytest.mark.django_db

PAGES: dict[str, str] = {
    "programs:home": "workers",
    "programs:encounters": "workers",
    "programs:encounter_new": "workers",
    "programs:encounter": "workers",
    "programs:encounter_edit": "workers",
    "programs:referral_link": "workers",
    "programs:referrals": "workers",
    "programs:referrals_csv": "workers",
    "programs:referral_services": "workers",
    "programs:codes": "workers",
    "programs:reversal_new": "workers",
    "programs:sites": "admins",
    "programs:catalogue": "admins",
    "programs:stock": "admins",
    "programs:report": "admins",
    "programs:report_csv": "admins",
    "programs:import": "admins",
    "programs:encounters_csv": "admins",
}
POST_ONLY_PAGES = {"programs:referral_link"}
# Path parameters besides the program's slug, filled with real ids.
PAGE_IDS = {
    "programs:encounter": ("encounter_id",),
    "programs:encounter_edit": ("encounter_id",),
    "programs:referral_link": ("referral_id",),
}
# Not under one program: the list of a person's programs, and a participant's own cards.
ELSEWHERE = {"programs:index", "programs:mine", "programs:unlink"}

API: dict[str, str] = {
    "POST /participants": "workers",
    "POST /participants/rederive": "workers",
    "POST /participants/{code}/link-code": "workers",
    "GET /sites": "workers",
    "POST /sites": "admins",
    "GET /catalogue": "workers",
    "POST /catalogue": "admins",
    "PATCH /catalogue/{slug}": "admins",
    "POST /encounters": "workers",
    "GET /encounters": "workers",
    "GET /encounters/{encounter_id}": "workers",
    "PUT /encounters/{encounter_id}": "workers",
    "POST /referrals/{referral_id}/link": "workers",
    "GET /referrals": "workers",
    "POST /reversals": "workers",
    "GET /reversals": "workers",
    "GET /stock": "admins",
    "POST /stock/receipts": "admins",
    "POST /stock/transfers": "admins",
    "POST /stock/counts": "admins",
    "GET /report": "admins",
}
API_PREFIX = "/programs/{org}"
QUERIES = {
    "programs:report_csv": "?start=2025-01-01&end=2025-01-31",
    "programs:referral_services": "?to=housing",
    "GET /report": "?from=2025-01-01&to=2025-01-31",
}

ALLOWED = {
    "workers": {"admin", "outreach"},
    "admins": {"admin"},
}
STAFF = ("admin", "outreach", "counselor", "facilitator", "other_admin")


def program_pages() -> dict[str, str]:
    from tests.accounts.test_gate_matrix import page_routes

    return {name: route for name, route in page_routes().items() if name.startswith("programs:")}


def program_operations() -> list[str]:
    found = []
    for path, item in api.get_openapi_schema()["paths"].items():
        if path.startswith("/api/v1" + API_PREFIX):
            found += [f"{m.upper()} {path.removeprefix('/api/v1' + API_PREFIX)}" for m in item]
    return found


@pytest.fixture
def world(
    riverside: Organization,
    petra: User,
    owen: User,
    nora: User,
    access: ProgramAccess,
    van: Site,
    office: Site,
) -> dict[str, Any]:
    counselor = _staff("cora", riverside, Membership.Role.COUNSELOR)
    facilitator = _staff("finn", riverside, Membership.Role.FACILITATOR)
    code = services.participant_issue(user=owen, access=access).shown_code
    encounter = record(access, owen, van, code=code, referrals=[("housing", "made")])
    clients = {
        "admin": client_for(petra),
        "outreach": client_for(owen),
        "counselor": client_for(counselor),
        "facilitator": client_for(facilitator),
        "other_admin": client_for(nora),
        "participant": client_for(make_user("pat")),
        "anonymous": Client(),
    }
    values = {
        "slug": "riverside",
        "org": "riverside",
        "encounter_id": str(encounter.pk),
        "referral_id": str(Referral.objects.get().pk),
        "code": code,
        "van": str(van.pk),
        "office": str(office.pk),
    }
    return {"clients": clients, "values": values}


def test_every_program_page_and_endpoint_is_in_the_table() -> None:
    assert set(program_pages()) - ELSEWHERE == set(PAGES)
    assert set(program_operations()) == set(API)


def _page_url(name: str, values: dict[str, str]) -> str:
    from django.urls import reverse

    kwargs: dict[str, Any] = {"slug": values["slug"]}
    for key in PAGE_IDS.get(name, ()):
        kwargs[key] = values[key]
    return reverse(name, kwargs=kwargs) + QUERIES.get(name, "")


def _bodies(values: dict[str, str]) -> dict[str, dict[str, Any]]:
    """A well-formed body for each write: the role decides, not the body (an empty body would
    be refused as bad input before anyone's role is asked)."""
    van, office = int(values["van"]), int(values["office"])
    at = ago(hours=1).isoformat()
    return {
        "POST /participants/rederive": {"answers": ["M", "17"]},
        "POST /sites": {"name": "Corner of 5th", "kind": "street"},
        "POST /catalogue": {"name": "Lip balm", "category": "other"},
        "PATCH /catalogue/{slug}": {"doses_per_kit": 2},
        "POST /encounters": {"id": str(uuid.UUID(int=7)), "at": at, "site": van},
        "PUT /encounters/{encounter_id}": {"id": values["encounter_id"], "at": at, "site": van},
        "POST /referrals/{referral_id}/link": {"on": timezone.localdate().isoformat()},
        "POST /reversals": {
            "id": str(uuid.UUID(int=8)),
            "at": at,
            "place": "home",
            "outcome": "recovered",
        },
        "POST /stock/receipts": {"site": van, "item": "syringe", "quantity": 10},
        "POST /stock/transfers": {
            "from_site": van,
            "to_site": office,
            "item": "syringe",
            "quantity": 1,
        },
        "POST /stock/counts": {"site": van, "item": "syringe", "counted": 5},
    }


def _as_expected(who: str, persona: str, status: int, *, signed_out: int) -> bool:
    if persona in ALLOWED[who]:
        # Done, or refused for what was asked (a second link: 409), never for the role.
        return status < 500 and status not in (401, 403, 404)
    if persona in STAFF:
        return status == 404  # a role missing in the organization, or another organization
    if persona == "participant":
        return status == 403  # the wrong kind of account
    return status == signed_out  # sent to sign in (pages) or 401 (API)


def test_program_pages_for_every_role(world: dict[str, Any]) -> None:
    problems = []
    for name, who in sorted(PAGES.items()):
        url = _page_url(name, world["values"])
        method = "POST" if name in POST_ONLY_PAGES else "GET"
        for persona, client in world["clients"].items():
            if method == "POST":
                status = client.post(url).status_code
            else:
                status = client.get(url).status_code
            if not _as_expected(who, persona, status, signed_out=302):
                problems.append(f"{name} ({who}) as {persona}: {status}")
    assert problems == [], "\n".join(problems)


def test_program_endpoints_for_every_role(world: dict[str, Any]) -> None:
    problems = []
    values = world["values"]
    bodies = _bodies(values)
    path_values = {**values, "slug": "naloxone-im"}  # {slug} in the API is a catalogue item
    for operation, who in sorted(API.items()):
        method, path = operation.split(" ", 1)
        url = "/api/v1" + API_PREFIX + path
        for key, value in path_values.items():
            url = url.replace("{" + key + "}", value)
        url += QUERIES.get(operation, "")
        for persona, client in world["clients"].items():
            if method == "GET":
                status = client.get(url).status_code
            else:
                body = json.dumps(bodies.get(operation, {}))
                status = getattr(client, method.lower())(
                    url, data=body, content_type="application/json"
                ).status_code
            if not _as_expected(who, persona, status, signed_out=401):
                problems.append(f"{operation} ({who}) as {persona}: {status}")
    assert problems == [], "\n".join(problems)
