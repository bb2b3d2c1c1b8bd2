"""The authorization matrix: every role against every page and endpoint showing participant data.

The only access that succeeds is the one a live consent allows. Everyone else gets the same
answer (404, or the sign-in redirect / 401 when signed out) whether or not the record exists;
the wrong kind of account gets the gate's 403 (waypoint.accounts.gate), the same for both.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from tests.care.conftest import ALL_SCOPES, expire, grant, without_tokens
from tests.conftest import client_for
from waypoint.accounts.models import Organization, User
from waypoint.care.models import AccessRecord

pytestmark = pytest.mark.django_db

MISSING = 987654

# Staff-side: pages and API endpoints that show a client's data, by participant id.
STAFF_PAGES = [
    "/care/clients/{pid}/",
    "/care/clients/{pid}/goals/",
    "/care/clients/{pid}/entries/",
    "/care/clients/{pid}/checkins/",
    "/care/clients/{pid}/questionnaires/",
    "/care/clients/{pid}/notes/",
    "/care/clients/{pid}/export.json",
    "/care/clients/{pid}/export/entries.csv",
    "/care/clients/{pid}/export/checkins.csv",
    "/care/clients/{pid}/export/assessments.csv",
    "/care/clients/{pid}/fhir.json",
]
STAFF_API = [
    "/api/v1/care/clients/{pid}",
    "/api/v1/care/clients/{pid}/goals",
    "/api/v1/care/clients/{pid}/entries",
    "/api/v1/care/clients/{pid}/checkins",
    "/api/v1/care/clients/{pid}/assessments",
    "/api/v1/care/clients/{pid}/notes",
    "/api/v1/care/clients/{pid}/export",
    "/api/v1/care/clients/{pid}/fhir",
]
# Participant-side: the participant's own records, by their own ids.
OWN_PAGES = [
    "/sharing/consents/{cid}/",
    "/sharing/consents/{cid}/change/",
    "/assessments/results/{aid}/",
]
OWN_API = ["/api/v1/sharing/consents/{cid}"]

ROLES = [
    "participant_self",
    "second_participant",
    "counselor_with_consent",
    "counselor_without_consent",
    "counselor_after_revocation",
    "counselor_after_expiry",
    "organization_admin",
    "unauthenticated",
]


@pytest.fixture
def world(
    alice: User, bob: User, carol: User, dave: User, erin: User, harbor: Organization, alice_data
) -> dict[str, Any]:
    """alice shares everything with carol; frank's consent was revoked; gina's has expired."""
    from tests.conftest import _staff

    frank = _staff("frank", harbor, "counselor")
    gina = _staff("gina", harbor, "counselor")
    consent = grant(alice, carol, harbor, ALL_SCOPES)
    revoked = grant(alice, frank, harbor, ALL_SCOPES)
    from waypoint.care.services import consent_revoke

    consent_revoke(participant=alice, consent_id=revoked.pk)
    expire(grant(alice, gina, harbor, ALL_SCOPES))
    users = {
        "participant_self": alice,
        "second_participant": bob,
        "counselor_with_consent": carol,
        "counselor_without_consent": dave,
        "counselor_after_revocation": frank,
        "counselor_after_expiry": gina,
        "organization_admin": erin,
    }
    return {
        "users": users,
        "ids": {"pid": alice.pk, "cid": consent.pk, "aid": alice_data["assessment"].pk},
        "missing": {"pid": MISSING, "cid": MISSING, "aid": MISSING},
    }


def _client(world: dict[str, Any], role: str) -> Client:
    return Client() if role == "unauthenticated" else client_for(world["users"][role])


PARTICIPANTS = ("participant_self", "second_participant")


def _denied_alike(
    client: Client, path: str, world: dict[str, Any], is_api: bool, wrong_kind: bool = False
) -> None:
    """The answer for the real record and for a missing one are the same denial.

    The wrong kind of account (a participant at a staff door, staff at a participant's) gets
    the gate's 403; everyone else of the right kind gets 404 whether or not the record exists.
    """
    real_path, missing_path = path.format(**world["ids"]), path.format(**world["missing"])
    real, missing = client.get(real_path), client.get(missing_path)
    assert real.status_code == missing.status_code
    if real.status_code in (301, 302):
        assert real.status_code == 302 and real["Location"].startswith("/login/")
        return
    if is_api:
        assert real.status_code in ((401, 403) if wrong_kind else (401, 404))
        assert real.json() == missing.json()
    else:
        assert real.status_code == (403 if wrong_kind else 404)
        # The language switch sends the person back to the address they asked for; apart from
        # that address, the two denials are the same page.
        assert without_tokens(real.content).replace(real_path, "PATH") == without_tokens(
            missing.content
        ).replace(missing_path, "PATH")


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("path", STAFF_PAGES + STAFF_API)
def test_only_a_counselor_with_a_live_consent_sees_a_client(
    world: dict[str, Any], role: str, path: str
) -> None:
    client = _client(world, role)
    is_api = path.startswith("/api/")
    before = AccessRecord.objects.count()
    if role == "counselor_with_consent":
        response = client.get(path.format(**world["ids"]))
        assert response.status_code == 200
        assert AccessRecord.objects.count() > before
        assert client.get(path.format(**world["missing"])).status_code == 404
    else:
        _denied_alike(client, path, world, is_api, wrong_kind=role in PARTICIPANTS)
        assert AccessRecord.objects.count() == before


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("path", OWN_PAGES + OWN_API)
def test_only_the_participant_sees_their_own_consents_and_results(
    world: dict[str, Any], role: str, path: str
) -> None:
    client = _client(world, role)
    if role == "participant_self":
        assert client.get(path.format(**world["ids"])).status_code == 200
        assert client.get(path.format(**world["missing"])).status_code == 404
    else:
        wrong_kind = role not in (*PARTICIPANTS, "unauthenticated")
        _denied_alike(client, path, world, path.startswith("/api/"), wrong_kind=wrong_kind)


@pytest.mark.parametrize("role", ROLES)
def test_the_caseload_lists_a_client_only_under_a_live_consent(
    world: dict[str, Any], role: str
) -> None:
    client = _client(world, role)
    page = client.get("/care/")
    api = client.get("/api/v1/care/clients")
    if role == "counselor_with_consent":
        assert page.status_code == 200 and "Alice" in page.content.decode()
        assert [c["name"] for c in api.json()] == ["Alice"]
    elif role == "unauthenticated":
        assert page.status_code == 302 and api.status_code == 401
    elif role in PARTICIPANTS:
        assert page.status_code == 403 and api.status_code == 403
    else:
        assert page.status_code == 200 and "Alice" not in page.content.decode()
        assert api.json() == []


# The participant's own lists, and a marker of alice's data each would show her.
OWN_LISTS_API = [
    "/api/v1/sharing/consents",
    "/api/v1/sharing/access-log",
    "/api/v1/assessments",
    "/api/v1/sharing/notes",
    "/api/v1/sharing/suggestions",
    "/api/v1/sharing/requests",
]
OWN_LISTS_PAGES = [
    ("/sharing/", "carol, counselor at Harbor"),
    ("/sharing/log/", "<strong>carol</strong> viewed"),
    ("/sharing/notes/", "ALICE-SHARED-NOTE"),
    ("/assessments/", "Last time:"),
    ("/assessments/fhir.json", '"QuestionnaireResponse"'),
]


@pytest.fixture
def alice_lists(world: dict[str, Any]) -> None:
    """Something in each of alice's lists: a view, a shared note, a suggestion, a request."""
    from waypoint.care import services

    carol, pid = world["users"]["counselor_with_consent"], world["ids"]["pid"]
    client_for(carol).get(f"/care/clients/{pid}/")
    services.note_create(
        author=carol, participant_id=pid, body="ALICE-SHARED-NOTE", visibility="shared"
    )
    services.suggestion_create(
        author=carol, participant_id=pid, kind="goal", goal_kind="observe", text="x"
    )
    services.assessment_request_create(requester=carol, participant_id=pid, instrument="who5")


@pytest.mark.parametrize("role", ROLES)
def test_participant_lists_show_only_the_callers_own_rows(
    world: dict[str, Any], alice_lists: None, role: str
) -> None:
    client = _client(world, role)
    for path in OWN_LISTS_API:
        response = client.get(path)
        if role == "participant_self":
            assert response.status_code == 200 and response.json(), path
        elif role == "second_participant":
            assert response.status_code == 200 and response.json() == [], path
        elif role == "unauthenticated":
            assert response.status_code == 401
        else:
            assert response.status_code == 403
    for path, marker in OWN_LISTS_PAGES:
        page = client.get(path)
        if role == "participant_self":
            assert page.status_code == 200 and marker in page.content.decode(), path
        elif role == "second_participant":
            assert page.status_code == 200 and marker not in page.content.decode(), path
        elif role == "unauthenticated":
            assert page.status_code == 302
        else:
            assert page.status_code == 403


@pytest.mark.parametrize(
    "path,scope",
    [
        ("/care/clients/{pid}/goals/", "goals"),
        ("/care/clients/{pid}/entries/", "entries"),
        ("/care/clients/{pid}/checkins/", "checkins"),
        ("/care/clients/{pid}/questionnaires/", "assessments"),
        ("/care/clients/{pid}/notes/", "notes"),
        ("/api/v1/care/clients/{pid}/entries", "entries"),
        ("/api/v1/care/clients/{pid}/assessments", "assessments"),
        ("/care/clients/{pid}/fhir.json", "assessments"),
        ("/care/clients/{pid}/export/entries.csv", "entries"),
    ],
)
def test_a_scope_not_consented_is_denied_even_with_another_scope_live(
    alice: User, carol: User, harbor: Organization, alice_data: Any, path: str, scope: str
) -> None:
    grant(alice, carol, harbor, [s for s in ALL_SCOPES if s != scope])
    client = client_for(carol)
    assert client.get(path.format(pid=alice.pk)).status_code == 404
    grant(alice, carol, harbor, [scope])
    assert client.get(path.format(pid=alice.pk)).status_code == 200


def test_a_consent_to_one_organization_shows_nothing_to_a_counselor_elsewhere(
    alice: User, carol: User, harbor: Organization, alice_data: Any
) -> None:
    from tests.conftest import _staff

    other = Organization.objects.create(name="Elsewhere", slug="elsewhere")
    outsider = _staff("olu", other, "counselor")
    grant(alice, carol, harbor, ALL_SCOPES, whole_organization=True)
    assert client_for(outsider).get(f"/care/clients/{alice.pk}/").status_code == 404
