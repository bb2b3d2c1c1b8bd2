"""The gate matrix: every page and every API endpoint against every kind of account.

Each URL is listed once with the kind of account it is for. The wrong kind gets the gate's 403
with the gate's message, on pages and in the API alike; nobody signed in is sent to sign in
(pages) or gets 401 (API). A new page or endpoint that is not listed here fails the test: add
it with the kind it is for (docs/api.md, "Who may call what").

Kinds: ``participant`` (journal, goals, progress, sharing, questionnaires, joining groups),
``staff`` (caseload, clients, organizations, running groups; a role missing in an organization
is a 404 there, not part of this table), ``any`` (any signed-in account), ``public``.
"""

from __future__ import annotations

import json
import re
import uuid
from typing import Any

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from tests.conftest import client_for, make_user
from waypoint.accounts.gate import PARTICIPANTS_ONLY, STAFF_ONLY
from waypoint.accounts.models import Membership, Organization, User
from waypoint.api.main import api

pytestmark = pytest.mark.django_db

PERSONAS = ("participant", "counselor", "facilitator", "outreach", "admin", "anonymous")
STAFF_PERSONAS = ("counselor", "facilitator", "outreach", "admin")

PAGES: dict[str, str] = {
    "core:home": "public",
    "core:quick_exit": "public",
    "core:manifest": "public",
    "core:service_worker": "public",
    "journal:offline": "public",
    "accounts:sign_up": "public",
    "accounts:recovery_codes_shown": "public",
    "accounts:login": "public",
    "accounts:logout": "public",
    "accounts:language": "public",
    "accounts:recover": "public",
    "accounts:settings": "any",
    "accounts:change_passphrase": "any",
    "accounts:new_recovery_codes": "any",
    "accounts:create_token": "any",
    "accounts:revoke_token": "any",
    "journal:today": "participant",
    "journal:entries": "participant",
    "journal:entry_new": "participant",
    "journal:entry_edit": "participant",
    "journal:entry_delete": "participant",
    "journal:checkin": "participant",
    "journal:substance_new": "participant",
    "start:begin": "participant",
    "start:substances": "participant",
    "start:drinks": "participant",
    "start:where": "participant",
    "start:baseline": "participant",
    "start:audit": "participant",
    "start:audit_result": "participant",
    "start:done": "participant",
    "start:skip_all": "participant",
    "data:export_json": "any",
    "data:export_csv": "any",
    "data:delete": "any",
    "data:goodbye": "public",
    "goals:list": "participant",
    "goals:new": "participant",
    "goals:progress": "participant",
    "goals:continuous": "participant",
    "goals:detail": "participant",
    "goals:change": "participant",
    "goals:end": "participant",
    "goals:step_add": "participant",
    "goals:step_toggle": "participant",
    "goals:step_remove": "participant",
    "groups:index": "any",
    "groups:new": "staff",
    "groups:join": "participant",
    "groups:detail": "any",
    "groups:edit": "staff",
    "groups:rotate_code": "staff",
    "groups:leave": "participant",
    "groups:meeting_new": "staff",
    "groups:picture": "staff",
    "groups:picture_csv": "staff",
    "groups:meeting": "any",
    "groups:meeting_edit": "staff",
    "groups:attendance": "staff",
    "groups:checkin": "participant",
    "groups:checkin_delete": "participant",
    "groups:feedback": "participant",
    "groups:handout": "any",
    "groups:feedback_entry": "public",
    "groups:feedback_code": "public",
    "groups:topics": "staff",
    "groups:topic_new": "staff",
    "groups:topic": "staff",
    "groups:topic_edit": "staff",
    "care:sharing": "participant",
    "care:connect": "participant",
    "care:consent": "participant",
    "care:consent_change": "participant",
    "care:consent_revoke": "participant",
    "care:access_log": "participant",
    "care:shared_notes": "participant",
    "care:suggestion_decide": "participant",
    "care:request_decline": "participant",
    "care:questionnaires": "participant",
    "care:questionnaires_fhir": "participant",
    "care:questionnaire_take": "participant",
    "care:questionnaire_result": "participant",
    "care:caseload": "staff",
    "care:invite": "staff",
    "care:invitation_cancel": "staff",
    "care:client": "staff",
    "care:client_goals": "staff",
    "care:client_entries": "staff",
    "care:client_checkins": "staff",
    "care:client_assessments": "staff",
    "care:client_notes": "staff",
    "care:own_records": "staff",
    "care:export_json": "staff",
    "care:export_csv": "staff",
    "care:export_fhir": "staff",
    "care:org": "staff",
    "care:join": "public",
    "care:org_staff": "staff",
    "care:org_time_zone": "staff",
    "care:staff_remove": "staff",
    "safety:index": "public",
    "safety:combinations": "public",
    "safety:substances": "public",
    "safety:substance": "public",
    "safety:overdose": "public",
    "safety:own_classes": "participant",
    "safety:body": "participant",
    "accounts:setup": "public",
    "directory:search": "public",
    "directory:service": "public",
    "directory:meetings": "public",
    "directory:save": "participant",
    "directory:went": "participant",
    "directory:saved": "participant",
    "directory:visit_delete": "participant",
    "directory:suggest": "staff",
    "directory:service_edit": "staff",
    "directory:closure_add": "staff",
    "directory:service_places": "staff",
    "directory:client": "staff",
    "directory:manage": "staff",
    "directory:service_new": "staff",
    "directory:group_listing": "staff",
    "programs:index": "staff",
    "programs:mine": "participant",
    "programs:unlink": "participant",
    "programs:home": "staff",
    "programs:encounters": "staff",
    "programs:encounter_new": "staff",
    "programs:encounters_csv": "staff",
    "programs:encounter": "staff",
    "programs:encounter_edit": "staff",
    "programs:referral_link": "staff",
    "programs:referrals": "staff",
    "programs:referrals_csv": "staff",
    "programs:referral_services": "staff",
    "programs:codes": "staff",
    "programs:reversal_new": "staff",
    "programs:sites": "staff",
    "programs:catalogue": "staff",
    "programs:stock": "staff",
    "programs:report": "staff",
    "programs:report_csv": "staff",
    "programs:import": "staff",
    "worksheets:list": "participant",
    "worksheets:export_csv": "participant",
    "worksheets:new": "participant",
    "worksheets:detail": "participant",
    "worksheets:revise": "participant",
    "worksheets:version": "participant",
    "worksheets:compare": "participant",
    "worksheets:pin": "participant",
    "worksheets:delete": "participant",
    "worksheets:client": "staff",
    "alerts:home": "participant",
    "alerts:contacts": "participant",
    "alerts:contact_remove": "participant",
    "alerts:plan": "participant",
    "alerts:timer": "participant",
    "alerts:timer_ok": "participant",
    "alerts:timer_extend": "participant",
    "alerts:timer_help": "participant",
    "alerts:reminder": "participant",
    "alerts:contact_confirm": "public",
    "alerts:contact_stop": "public",
    "alerts:index": "public",
    "alerts:notifications": "participant",
    "alerts:subscribe": "participant",
    "alerts:report": "public",
    "alerts:detail": "public",
    "alerts:org_index": "staff",
    "alerts:org": "staff",
    "alerts:publish": "staff",
    "alerts:withdraw": "staff",
    "alerts:dismiss": "staff",
    "companion:urges": "participant",
    "companion:urge_edit": "participant",
    "companion:urge_delete": "participant",
    "companion:usuals": "participant",
    "companion:usual_from_entry": "participant",
    "companion:usual_edit": "participant",
    "companion:usual_log": "participant",
    "companion:usual_delete": "participant",
    "companion:prices": "participant",
    "companion:hard_moments": "participant",
    "data:export_urges_csv": "participant",
}

API: dict[str, str] = {
    "GET /api/v1/health": "public",
    "GET /api/v1/me": "any",
    "GET /api/v1/substances": "participant",
    "POST /api/v1/substances": "participant",
    "GET /api/v1/entries": "participant",
    "POST /api/v1/entries": "participant",
    "GET /api/v1/entries/{id}": "participant",
    "PUT /api/v1/entries/{id}": "participant",
    "PATCH /api/v1/entries/{id}": "participant",
    "DELETE /api/v1/entries/{id}": "participant",
    "GET /api/v1/checkins": "participant",
    "GET /api/v1/checkins/{day}": "participant",
    "PUT /api/v1/checkins/{day}": "participant",
    "GET /api/v1/baseline": "participant",
    "PUT /api/v1/baseline/{substance}": "participant",
    "GET /api/v1/goals": "participant",
    "POST /api/v1/goals": "participant",
    "GET /api/v1/goals/{goal_id}": "participant",
    "POST /api/v1/goals/{goal_id}/change": "participant",
    "POST /api/v1/goals/{goal_id}/end": "participant",
    "POST /api/v1/goals/{goal_id}/steps": "participant",
    "PATCH /api/v1/goals/{goal_id}/steps/{step_id}": "participant",
    "DELETE /api/v1/goals/{goal_id}/steps/{step_id}": "participant",
    "GET /api/v1/progress": "participant",
    "GET /api/v1/export": "any",
    "GET /api/v1/groups": "any",
    "POST /api/v1/groups": "staff",
    "GET /api/v1/groups/{group_id}": "any",
    "PATCH /api/v1/groups/{group_id}": "staff",
    "POST /api/v1/groups/{group_id}/join-code": "staff",
    "POST /api/v1/groups/join": "participant",
    "DELETE /api/v1/groups/{group_id}/membership": "participant",
    "GET /api/v1/groups/{group_id}/meetings": "any",
    "POST /api/v1/groups/{group_id}/meetings": "staff",
    "GET /api/v1/groups/meetings/{meeting_id}": "any",
    "GET /api/v1/groups/meetings/{meeting_id}/attendance": "staff",
    "PUT /api/v1/groups/meetings/{meeting_id}/attendance": "staff",
    "GET /api/v1/groups/meetings/{meeting_id}/checkins": "any",
    "PUT /api/v1/groups/meetings/{meeting_id}/checkin": "participant",
    "DELETE /api/v1/groups/meetings/{meeting_id}/checkin": "participant",
    "POST /api/v1/groups/meetings/{meeting_id}/feedback": "participant",
    "GET /api/v1/groups/meetings/{meeting_id}/feedback": "staff",
    "POST /api/v1/groups/feedback/{code}": "public",
    "GET /api/v1/groups/{group_id}/picture": "staff",
    "GET /api/v1/groups/topics": "staff",
    "POST /api/v1/groups/topics": "staff",
    "GET /api/v1/groups/topics/{topic_id}": "staff",
    "GET /api/v1/sharing/consents": "participant",
    "POST /api/v1/sharing/consents": "participant",
    "GET /api/v1/sharing/consents/{consent_id}": "participant",
    "POST /api/v1/sharing/consents/{consent_id}/revoke": "participant",
    "GET /api/v1/sharing/access-log": "participant",
    "GET /api/v1/sharing/notes": "participant",
    "GET /api/v1/sharing/suggestions": "participant",
    "POST /api/v1/sharing/suggestions/{suggestion_id}/{answer}": "participant",
    "GET /api/v1/sharing/requests": "participant",
    "POST /api/v1/sharing/requests/{request_id}/decline": "participant",
    "GET /api/v1/assessments": "participant",
    "POST /api/v1/assessments": "participant",
    "GET /api/v1/assessments/fhir": "participant",
    "GET /api/v1/care/clients": "staff",
    "GET /api/v1/care/clients/{participant_id}": "staff",
    "GET /api/v1/care/clients/{participant_id}/goals": "staff",
    "GET /api/v1/care/clients/{participant_id}/entries": "staff",
    "GET /api/v1/care/clients/{participant_id}/checkins": "staff",
    "GET /api/v1/care/clients/{participant_id}/assessments": "staff",
    "GET /api/v1/care/clients/{participant_id}/notes": "staff",
    "GET /api/v1/care/records": "staff",
    "POST /api/v1/care/clients/{participant_id}/notes": "staff",
    "POST /api/v1/care/clients/{participant_id}/suggestions": "staff",
    "POST /api/v1/care/clients/{participant_id}/assessment-requests": "staff",
    "GET /api/v1/care/clients/{participant_id}/export": "staff",
    "GET /api/v1/care/clients/{participant_id}/fhir": "staff",
    "POST /api/v1/care/invitations": "staff",
    "GET /api/v1/org/{slug}/staff": "staff",
    "POST /api/v1/org/{slug}/invitations": "staff",
    "DELETE /api/v1/org/{slug}/staff/{user_id}": "staff",
    "GET /api/v1/safety/combinations": "public",
    "GET /api/v1/directory/services": "public",
    "GET /api/v1/directory/services/{service_id}": "public",
    "GET /api/v1/directory/hsds/services": "public",
    "GET /api/v1/safety/substances": "public",
    "GET /api/v1/safety/substances/{slug}": "public",
    "POST /api/v1/programs/{org}/participants": "staff",
    "POST /api/v1/programs/{org}/participants/rederive": "staff",
    "POST /api/v1/programs/{org}/participants/{code}/link-code": "staff",
    "GET /api/v1/programs/{org}/sites": "staff",
    "POST /api/v1/programs/{org}/sites": "staff",
    "GET /api/v1/programs/{org}/catalogue": "staff",
    "POST /api/v1/programs/{org}/catalogue": "staff",
    "PATCH /api/v1/programs/{org}/catalogue/{slug}": "staff",
    "POST /api/v1/programs/{org}/encounters": "staff",
    "GET /api/v1/programs/{org}/encounters": "staff",
    "GET /api/v1/programs/{org}/encounters/{encounter_id}": "staff",
    "PUT /api/v1/programs/{org}/encounters/{encounter_id}": "staff",
    "POST /api/v1/programs/{org}/referrals/{referral_id}/link": "staff",
    "GET /api/v1/programs/{org}/referrals": "staff",
    "POST /api/v1/programs/{org}/reversals": "staff",
    "GET /api/v1/programs/{org}/reversals": "staff",
    "GET /api/v1/programs/{org}/stock": "staff",
    "POST /api/v1/programs/{org}/stock/receipts": "staff",
    "POST /api/v1/programs/{org}/stock/transfers": "staff",
    "POST /api/v1/programs/{org}/stock/counts": "staff",
    "GET /api/v1/programs/{org}/report": "staff",
    "GET /api/v1/me/program-cards": "participant",
    "GET /api/v1/worksheets/kinds": "participant",
    "GET /api/v1/worksheets": "participant",
    "POST /api/v1/worksheets": "participant",
    "GET /api/v1/worksheets/{worksheet_id}": "participant",
    "DELETE /api/v1/worksheets/{worksheet_id}": "participant",
    "POST /api/v1/worksheets/{worksheet_id}/versions": "participant",
    "POST /api/v1/worksheets/{worksheet_id}/pin": "participant",
    "POST /api/v1/safety/contacts": "participant",
    "GET /api/v1/safety/contacts": "participant",
    "POST /api/v1/safety/timers": "participant",
    "GET /api/v1/safety/timers/{timer_id}": "participant",
    "POST /api/v1/safety/timers/{timer_id}/ok": "participant",
    "POST /api/v1/safety/timers/{timer_id}/extend": "participant",
    "POST /api/v1/safety/timers/{timer_id}/help": "participant",
    "GET /api/v1/urges": "participant",
    "POST /api/v1/urges": "participant",
    "GET /api/v1/urges/{id}": "participant",
    "PATCH /api/v1/urges/{id}": "participant",
    "DELETE /api/v1/urges/{id}": "participant",
    "GET /api/v1/usuals": "participant",
    "POST /api/v1/usuals": "participant",
    "PATCH /api/v1/usuals/{usual_id}": "participant",
    "DELETE /api/v1/usuals/{usual_id}": "participant",
    "POST /api/v1/usuals/{usual_id}/log": "participant",
    "GET /api/v1/prices": "participant",
    "PUT /api/v1/prices/{substance}": "participant",
    "GET /api/v1/money-and-health": "participant",
    "GET /api/v1/settings/hard-moments": "participant",
    "PUT /api/v1/settings/hard-moments": "participant",
}

# Stand-in values for path parameters: the gate answers before anything is looked up.
_FILL = {
    "int": "1",
    "uuid": str(uuid.UUID(int=1)),
    "str": "x",
    "slug": "harbor",
    "path": "x",
}


def _walk(patterns: list[Any], prefix: str = "", namespace: str = "") -> list[tuple[str, str]]:
    found: list[tuple[str, str]] = []
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            found += _walk(
                pattern.url_patterns, prefix + str(pattern.pattern), pattern.namespace or namespace
            )
        elif isinstance(pattern, URLPattern) and pattern.name:
            found.append((f"{namespace}:{pattern.name}", prefix + str(pattern.pattern)))
    return found


def _page_path(route: str) -> str:
    route = re.sub(r"<(\w+):\w+>", lambda m: _FILL[m.group(1)], route)
    route = route.replace(r"(?P<day>\d{4}-\d{2}-\d{2})", "2026-01-05")
    return "/" + route.lstrip("^").rstrip("$")


def page_routes() -> dict[str, str]:
    return {
        name: _page_path(route)
        for name, route in _walk(get_resolver().url_patterns)
        if not route.startswith("api/")
    }


def api_operations() -> dict[str, str]:
    """'METHOD /path' (as documented) -> the path to call, parameters filled in."""
    operations: dict[str, str] = {}
    for path, item in api.get_openapi_schema()["paths"].items():
        for method, operation in item.items():
            concrete = path
            for parameter in operation.get("parameters", []):
                if parameter["in"] != "path":
                    continue
                schema = parameter.get("schema", {})
                value = {"uuid": _FILL["uuid"], "date": "2026-01-05"}.get(
                    schema.get("format", ""), "1" if schema.get("type") == "integer" else "x"
                )
                concrete = concrete.replace("{" + parameter["name"] + "}", value)
            operations[f"{method.upper()} {path}"] = concrete
    return operations


@pytest.fixture
def clients(db: None) -> dict[str, Client]:
    harbor = Organization.objects.create(name="Harbor", slug="harbor")
    made = {"participant": client_for(make_user("pat")), "anonymous": Client()}
    roles = {
        "counselor": Membership.Role.COUNSELOR,
        "facilitator": Membership.Role.FACILITATOR,
        "outreach": Membership.Role.OUTREACH,
        "admin": Membership.Role.ADMIN,
    }
    for persona, role in roles.items():
        user = make_user(persona, kind=User.Kind.STAFF)
        Membership.objects.create(user=user, organization=harbor, role=role)
        made[persona] = client_for(user)
    return made


def test_every_page_and_endpoint_is_in_the_matrix() -> None:
    assert set(page_routes()) == set(PAGES), "add new pages to PAGES with the kind they are for"
    assert set(api_operations()) == set(API), "add new endpoints to API with the kind they are for"


def _wrong_kind(kind: str, persona: str) -> bool:
    return (kind == "participant" and persona in STAFF_PERSONAS) or (
        kind == "staff" and persona == "participant"
    )


def _message(kind: str) -> str:
    return str(PARTICIPANTS_ONLY if kind == "participant" else STAFF_ONLY)


def _check(
    kind: str, persona: str, status: int, body: str, message: str, anonymous: int
) -> str | None:
    """What is wrong with one answer, or None when it is the documented one."""
    if persona == "anonymous":
        return None if status == anonymous else f"expected {anonymous}, got {status}"
    if _wrong_kind(kind, persona):
        if status != 403:
            return f"wrong kind: expected 403, got {status}"
        return None if message in body else "403 without the gate's message"
    return "the right kind was refused (403)" if status == 403 else None


def test_pages_answer_the_wrong_kind_with_the_gate(clients: dict[str, Client]) -> None:
    routes = page_routes()
    problems = []
    for name, kind in sorted(PAGES.items()):
        if kind == "public":
            continue
        for persona in PERSONAS:
            response = clients[persona].get(routes[name])
            if persona == "anonymous" and response.status_code == 302:
                assert response["Location"].startswith("/login/"), name
            body = response.content.decode() if response.status_code == 403 else ""
            problem = _check(kind, persona, response.status_code, body, _message(kind), 302)
            if problem:
                problems.append(f"{name} as {persona}: {problem}")
    assert problems == []


def test_api_answers_the_wrong_kind_with_the_gate(clients: dict[str, Client]) -> None:
    operations = api_operations()
    problems = []
    for operation, kind in sorted(API.items()):
        if kind == "public":
            continue
        method = operation.split(" ", 1)[0].lower()
        for persona in PERSONAS:
            # An empty body: the gate answers before the body is read, so never a 422 here.
            response = getattr(clients[persona], method)(
                operations[operation], data={}, content_type="application/json"
            )
            body = json.dumps(response.json()) if response.status_code == 403 else ""
            expected = json.dumps({"detail": _message(kind)})
            problem = _check(kind, persona, response.status_code, body, expected, 401)
            if problem:
                problems.append(f"{operation} as {persona}: {problem} {body[:80]}")
    assert problems == []


def test_staff_cannot_set_goals_or_open_their_pages(clients: dict[str, Client]) -> None:
    goal = {"kind": "observe", "title": "Notice"}
    for persona in STAFF_PERSONAS:
        client = clients[persona]
        assert client.post("/api/v1/goals", goal, content_type="application/json").status_code == (
            403
        )
        assert client.get("/goals/").status_code == 403
        assert client.get("/goals/progress/").status_code == 403
        assert client.get("/api/v1/progress").status_code == 403
    assert (
        clients["participant"].post("/api/v1/goals", goal, content_type="application/json")
    ).status_code == 201
