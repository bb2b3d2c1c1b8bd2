"""Care API: the participant's consents, access log and questionnaires; the counselor's clients.

The same rules as the pages: staff reads go through `consent_for` (recorded in the access log),
and a client the caller may not see answers 404 exactly like one that does not exist.
"""

from __future__ import annotations

import json
from datetime import date, datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status

from waypoint.accounts.gate import organization_for
from waypoint.accounts.models import Membership, User
from waypoint.api import auth
from waypoint.care import clients as client_reads
from waypoint.care import readers, selectors, services
from waypoint.care.disclosure import crisis_resources
from waypoint.care.fhir import assessment_bundle
from waypoint.care.models import (
    AccessRecord,
    AssessmentRequest,
    Consent,
    Note,
    Scope,
    Suggestion,
)
from waypoint.core.errors import NotFound
from waypoint.core.input import IsoDate

router = Router(tags=["care"])
Via = AccessRecord.Via


# --- Helpers -----------------------------------------------------------------------------------


def _read(viewer: User, participant_id: int, scope: str, via: str = Via.API) -> Consent:
    return client_reads.consented(viewer, participant_id, scope, via=via)


def _json(payload: Any, content_type: str = "application/json") -> HttpResponse:
    body = json.dumps(payload, cls=DjangoJSONEncoder, ensure_ascii=False)
    return HttpResponse(body, content_type=content_type)


# --- Schemas -----------------------------------------------------------------------------------


class ConsentIn(Schema):
    code: str = Field(..., description="The invitation code from the counselor or program.")
    scopes: list[str] = Field(..., description=f"Any of: {', '.join(Scope.values)}.")
    purpose: str
    expires_on: IsoDate | None = Field(
        None, description="Last day of sharing; empty: until revoked."
    )
    signature: str = Field(..., description="The participant's name, typed, as a signature.")


class ConsentOut(Schema):
    id: int
    organization: str
    recipient: str
    whole_organization: bool
    scopes: list[str]
    purpose: str
    expires_on: date | None
    ends_at: datetime | None = Field(
        description="The moment sharing ends (the end of `expires_on`), with the offset of the "
        "clock it was signed on; empty: until revoked."
    )
    time_zone: str | None = Field(
        description="The IANA zone `ends_at` was worked out in (the participant's when they "
        "signed); empty without a last day, or when they have since moved to another clock."
    )
    given_at: datetime
    revoked_at: datetime | None
    live: bool
    signature: str
    discloser: str
    information: str
    revocation_terms: str


class AccessOut(Schema):
    at: datetime
    staff: str
    organization: str | None
    scope: str
    via: str
    export: bool
    consent_id: int | None


class NoteOut(Schema):
    id: int
    author: str
    visibility: str
    created_at: datetime
    body: str


class CareRecordOut(NoteOut):
    client_id: int | None = Field(description="empty once the client deleted their account")
    client: str = Field(description="the client's name as shown when the note was written")


class SuggestionOut(Schema):
    id: int
    kind: str
    text: str
    goal_kind: str
    domain: str
    goal_id: int | None
    service_id: int | None = None
    message: str
    author: str
    status: str
    created_at: datetime


class RequestOut(Schema):
    id: int
    instrument: str
    message: str
    requested_by: str
    status: str
    created_at: datetime
    assessment_id: int | None


class AssessmentIn(Schema):
    instrument: str
    answers: list[int]
    request_id: int | None = None


class CrisisResource(Schema):
    name: str
    detail: str
    links: list[tuple[str, str]]


class AssessmentOut(Schema):
    id: int
    instrument: str
    name: str
    taken_at: datetime
    answers: list[Any]
    total: int
    score: int
    band: str
    flags: list[str]
    crisis_resources: list[CrisisResource] = []


class CareChangeOut(Schema):
    measure: str
    label: str
    before: float | None
    after: float | None
    direction: str
    sentence: str


class CareProgressOut(Schema):
    against: str
    before: list[date]
    after: list[date]
    days_reported: int
    last_reported: date | None
    better: list[str]
    changes: list[CareChangeOut]


class ClientOut(Schema):
    id: int
    name: str
    scopes: list[str]
    progress: CareProgressOut | None = None
    self_harm_flag: bool | None = Field(
        None, description="PHQ-9 item 9 above 0 in 28 days; only where assessments are shared."
    )


class CareStepOut(Schema):
    id: int
    text: str
    done_on: date | None


class CareGoalOut(Schema):
    id: int
    kind: str
    title: str
    domain: str
    substance: str | None
    started_on: date
    ended_on: date | None
    steps: list[CareStepOut]


class CareEntryOut(Schema):
    id: str
    day: date
    substance: str
    amount: float
    unit: str
    route: str
    mood: int | None
    ate_before: bool | None
    slept_well: bool | None
    physical: str
    intention: str
    place: str
    company: str
    activity: str
    harms: list[str]
    care_actions: list[str]


class CareCheckInOut(Schema):
    day: date
    no_use: bool
    mood: int | None
    wellbeing: int | None


class NoteIn(Schema):
    body: str
    visibility: str = Note.Visibility.PRIVATE


class SuggestionIn(Schema):
    kind: str = Field(..., description="goal, step or service")
    text: str = ""
    goal_kind: str = ""
    domain: str = ""
    goal_id: int | None = None
    service_id: int | None = Field(None, description="a directory service (kind service)")
    message: str = ""


class RequestIn(Schema):
    instrument: str
    message: str = ""


class InvitationIn(Schema):
    organization: str = Field(..., description="The organization's slug.")
    whole_organization: bool = False
    scopes: list[str] = []
    purpose: str = ""


class StaffInvitationIn(Schema):
    role: str


class InvitationOut(Schema):
    code: str
    link: str
    expires_at: datetime


class StaffOut(Schema):
    id: int
    username: str
    name: str
    roles: list[str]


def _access(record: AccessRecord) -> AccessOut:
    return AccessOut(
        at=record.at,
        staff=record.staff_name,
        organization=record.consent.organization.name if record.consent else None,
        scope=record.scope,
        via=record.via,
        export=record.is_export,
        consent_id=record.consent_id,
    )


def _suggestion(item: Suggestion) -> SuggestionOut:
    return SuggestionOut(
        id=item.pk,
        kind=item.kind,
        text=item.text,
        goal_kind=item.goal_kind,
        domain=item.domain,
        goal_id=item.goal_id,
        service_id=item.service_id,
        message=item.message,
        author=item.author_name,
        status=item.status,
        created_at=item.created_at,
    )


def _request(item: AssessmentRequest) -> RequestOut:
    return RequestOut(
        id=item.pk,
        instrument=item.instrument,
        message=item.message,
        requested_by=item.requester_name,
        status=item.status,
        created_at=item.created_at,
        assessment_id=item.assessment_id,
    )


# --- The participant ---------------------------------------------------------------------------


@router.get("/sharing/consents", response=list[ConsentOut], auth=auth.PARTICIPANT_AUTH)
def consents(request: HttpRequest) -> list[dict[str, Any]]:
    """Your consents, newest first, in force or ended."""
    return [readers.consent_data(c) for c in selectors.consents_of(auth.participant(request))]


@router.post("/sharing/consents", response={201: ConsentOut}, auth=auth.PARTICIPANT_AUTH)
def consent_grant(request: HttpRequest, payload: ConsentIn) -> Status[Any]:
    """Share with the counselor or program that gave you the code, on your terms."""
    person = auth.participant(request)
    consent = services.consent_grant(
        participant=person,
        code=payload.code,
        scopes=payload.scopes,
        purpose=payload.purpose,
        expires_on=payload.expires_on,
        signature=payload.signature,
    )
    return Status(201, readers.consent_data(consent))


@router.get("/sharing/consents/{consent_id}", response=ConsentOut, auth=auth.PARTICIPANT_AUTH)
def consent_detail(request: HttpRequest, consent_id: int) -> dict[str, Any]:
    consent = selectors.consents_of(auth.participant(request)).filter(pk=consent_id).first()
    if consent is None:
        raise NotFound()
    return readers.consent_data(consent)


@router.post(
    "/sharing/consents/{consent_id}/revoke", response=ConsentOut, auth=auth.PARTICIPANT_AUTH
)
def consent_revoke(request: HttpRequest, consent_id: int) -> dict[str, Any]:
    """Stop sharing now: from the next request the recipient sees nothing under it."""
    person = auth.participant(request)
    consent = services.consent_revoke(participant=person, consent_id=consent_id)
    return readers.consent_data(consent)


@router.get("/sharing/access-log", response=list[AccessOut], auth=auth.PARTICIPANT_AUTH)
def access_log(request: HttpRequest, limit: int = 100, offset: int = 0) -> list[AccessOut]:
    """Every staff view or export of your data, newest first."""
    if not 1 <= limit <= 500 or offset < 0:
        raise ValidationError(_("limit is from 1 to 500 and offset is 0 or more."))
    records = selectors.access_log_of(auth.participant(request))[offset : offset + limit]
    return [_access(record) for record in records]


@router.get("/sharing/notes", response=list[NoteOut], auth=auth.PARTICIPANT_AUTH)
def shared_notes(request: HttpRequest) -> list[dict[str, Any]]:
    """Notes your counselors chose to share with you."""
    return [readers.note_data(n) for n in selectors.shared_notes_for(auth.participant(request))]


@router.get("/sharing/suggestions", response=list[SuggestionOut], auth=auth.PARTICIPANT_AUTH)
def suggestions(request: HttpRequest) -> list[SuggestionOut]:
    return [_suggestion(s) for s in selectors.suggestions_for(auth.participant(request))]


@router.post(
    "/sharing/suggestions/{suggestion_id}/{answer}",
    response=SuggestionOut,
    auth=auth.PARTICIPANT_AUTH,
)
def suggestion_decide(request: HttpRequest, suggestion_id: int, answer: str) -> SuggestionOut:
    """`accept` (the goal or step joins your plan) or `decline`."""
    person = auth.participant(request)
    if answer not in ("accept", "decline"):
        raise NotFound()
    item = services.suggestion_decide(
        participant=person, suggestion_id=suggestion_id, accept=answer == "accept"
    )
    return _suggestion(item)


@router.get("/sharing/requests", response=list[RequestOut], auth=auth.PARTICIPANT_AUTH)
def requests(request: HttpRequest) -> list[RequestOut]:
    """Questionnaires counselors asked you to fill in."""
    return [_request(r) for r in selectors.requests_for(auth.participant(request))]


@router.post(
    "/sharing/requests/{request_id}/decline", response=RequestOut, auth=auth.PARTICIPANT_AUTH
)
def request_decline(request: HttpRequest, request_id: int) -> RequestOut:
    person = auth.participant(request)
    item = services.assessment_request_decline(participant=person, request_id=request_id)
    return _request(item)


def _assessment_out(item: Any) -> dict[str, Any]:
    out = readers.assessment_data(item)
    if "self_harm" in out["flags"]:
        out["crisis_resources"] = [
            {"name": str(r["name"]), "detail": str(r["detail"]), "links": r["links"]}
            for r in crisis_resources()
        ]
    return out


@router.get("/assessments", response=list[AssessmentOut], auth=auth.PARTICIPANT_AUTH)
def assessments(request: HttpRequest) -> list[dict[str, Any]]:
    """Your questionnaires, newest first."""
    person = auth.participant(request)
    return [_assessment_out(a) for a in readers.assessments_of(person.pk)]


@router.post("/assessments", response={201: AssessmentOut}, auth=auth.PARTICIPANT_AUTH)
def assessment_take(request: HttpRequest, payload: AssessmentIn) -> Status[Any]:
    """Answer a questionnaire; scored by waypoint.measures. PHQ-9 item 9 above 0 brings
    `crisis_resources` in the answer."""
    person = auth.participant(request)
    assessment = services.assessment_take(
        participant=person,
        instrument=payload.instrument,
        answers=payload.answers,
        request_id=payload.request_id,
    )
    return Status(201, _assessment_out(assessment))


@router.get("/assessments/fhir", auth=auth.PARTICIPANT_AUTH)
def assessments_fhir(request: HttpRequest) -> HttpResponse:
    """Your questionnaires as a FHIR R4 Bundle (QuestionnaireResponses and Observations)."""
    person = auth.participant(request)
    bundle = assessment_bundle(person, readers.assessments_of(person.pk).order_by("taken_at"))
    return _json(bundle, "application/fhir+json")


# --- The counselor -----------------------------------------------------------------------------


class ClientListFilters(Schema):
    q: str = Field("", max_length=100, description="part of a name")
    sort: str = Field("name", description="name, attention (needs attention first) or quiet")
    limit: int = Field(selectors.PAGE_SIZE, ge=1, le=200)
    offset: int = Field(0, ge=0)


@router.get("/care/clients", response=list[ClientOut], auth=auth.STAFF_AUTH)
def clients(request: HttpRequest, filters: Query[ClientListFilters]) -> list[dict[str, Any]]:
    """Your caseload: clients who share with you now, with progress and flags where shared,
    by name (or `sort`), `limit` at a time from `offset`; only those returned are read and
    recorded in their access logs."""
    rows, _total = selectors.caseload_rows(
        auth.staff(request),
        via=Via.API,
        query=filters.q,
        sort=filters.sort,
        offset=filters.offset,
        limit=filters.limit,
    )
    return [
        {
            "id": row.participant.pk,
            "name": row.participant.shown_name,
            "scopes": sorted(row.client.scopes),
            "progress": readers.progress_data(row.progress) if row.progress else None,
            "self_harm_flag": row.self_harm if Scope.ASSESSMENTS in row.client.scopes else None,
        }
        for row in rows
    ]


@router.get("/care/clients/{participant_id}", response=ClientOut, auth=auth.STAFF_AUTH)
def client(request: HttpRequest, participant_id: int) -> dict[str, Any]:
    """One client: what they share with you, their progress and flag where shared."""
    overview = client_reads.client_overview(auth.staff(request), participant_id, via=Via.API)
    out: dict[str, Any] = {"id": participant_id, "name": overview.participant.shown_name}
    out["scopes"] = sorted(overview.scopes)
    if overview.progress is not None:
        out["progress"] = readers.progress_data(overview.progress)
    if overview.self_harm is not None:
        out["self_harm_flag"] = overview.self_harm
    return out


@router.get(
    "/care/clients/{participant_id}/goals", response=list[CareGoalOut], auth=auth.STAFF_AUTH
)
def client_goals(request: HttpRequest, participant_id: int) -> list[dict[str, Any]]:
    consent = _read(auth.staff(request), participant_id, Scope.GOALS)
    return [readers.goal_data(g) for g in readers.goals_of(consent.participant)]


@router.get(
    "/care/clients/{participant_id}/entries", response=list[CareEntryOut], auth=auth.STAFF_AUTH
)
def client_entries(request: HttpRequest, participant_id: int) -> list[dict[str, Any]]:
    """The last 90 days of entries, never with the private note."""
    _read(auth.staff(request), participant_id, Scope.ENTRIES)
    return [readers.entry_data(e) for e in readers.entries_of(participant_id)]


@router.get(
    "/care/clients/{participant_id}/checkins", response=list[CareCheckInOut], auth=auth.STAFF_AUTH
)
def client_checkins(request: HttpRequest, participant_id: int) -> list[dict[str, Any]]:
    _read(auth.staff(request), participant_id, Scope.CHECKINS)
    return [readers.checkin_data(c) for c in readers.checkins_of(participant_id)]


@router.get(
    "/care/clients/{participant_id}/assessments", response=list[AssessmentOut], auth=auth.STAFF_AUTH
)
def client_assessments(request: HttpRequest, participant_id: int) -> list[dict[str, Any]]:
    _read(auth.staff(request), participant_id, Scope.ASSESSMENTS)
    return [readers.assessment_data(a) for a in readers.assessments_of(participant_id)]


@router.get("/care/clients/{participant_id}/notes", response=list[NoteOut], auth=auth.STAFF_AUTH)
def client_notes(request: HttpRequest, participant_id: int) -> list[dict[str, Any]]:
    viewer = auth.staff(request)
    consent = _read(viewer, participant_id, Scope.NOTES)
    return [readers.note_data(n) for n in readers.notes_of(viewer, participant_id, consent)]


@router.get("/care/records", response=list[CareRecordOut], auth=auth.STAFF_AUTH)
def own_records(request: HttpRequest) -> list[dict[str, Any]]:
    """Your own session notes, kept as your clinical record after a client stops sharing or
    deletes their account; nothing else of theirs."""
    return [readers.record_data(n) for n in selectors.own_records(auth.staff(request))]


@router.post("/care/clients/{participant_id}/notes", response={201: NoteOut}, auth=auth.STAFF_AUTH)
def note_create(request: HttpRequest, participant_id: int, payload: NoteIn) -> Status[Any]:
    """A session note, encrypted at rest: `private` (only you) or `shared` (the client too)."""
    viewer = auth.staff(request)
    note = services.note_create(
        author=viewer,
        participant_id=participant_id,
        body=payload.body,
        visibility=payload.visibility,
    )
    return Status(201, readers.note_data(note))


@router.post(
    "/care/clients/{participant_id}/suggestions",
    response={201: SuggestionOut},
    auth=auth.STAFF_AUTH,
)
def suggestion_create(
    request: HttpRequest, participant_id: int, payload: SuggestionIn
) -> Status[Any]:
    """Suggest a goal or step; it joins the plan only if the client accepts."""
    viewer = auth.staff(request)
    item = services.suggestion_create(
        author=viewer,
        participant_id=participant_id,
        kind=payload.kind,
        text=payload.text,
        goal_kind=payload.goal_kind,
        domain=payload.domain,
        goal_id=payload.goal_id,
        message=payload.message,
        service_id=payload.service_id,
    )
    return Status(201, _suggestion(item))


@router.post(
    "/care/clients/{participant_id}/assessment-requests",
    response={201: RequestOut},
    auth=auth.STAFF_AUTH,
)
def request_create(request: HttpRequest, participant_id: int, payload: RequestIn) -> Status[Any]:
    viewer = auth.staff(request)
    item = services.assessment_request_create(
        requester=viewer,
        participant_id=participant_id,
        instrument=payload.instrument,
        message=payload.message,
    )
    return Status(201, _request(item))


@router.get("/care/clients/{participant_id}/export", auth=auth.STAFF_AUTH)
def client_export(request: HttpRequest, participant_id: int) -> HttpResponse:
    """Everything the client shares with you, with the 42 CFR Part 2 redisclosure notice."""
    viewer = auth.staff(request)
    return _json(client_reads.client_export(viewer, participant_id, via=Via.EXPORT_JSON))


@router.get("/care/clients/{participant_id}/fhir", auth=auth.STAFF_AUTH)
def client_fhir(request: HttpRequest, participant_id: int) -> HttpResponse:
    """The client's questionnaires as a FHIR R4 Bundle, labelled 42 CFR Part 2, with the notice."""
    consent = _read(auth.staff(request), participant_id, Scope.ASSESSMENTS, via=Via.EXPORT_FHIR)
    bundle = assessment_bundle(
        consent.participant, readers.assessments_of(participant_id).order_by("taken_at")
    )
    return _json(bundle, "application/fhir+json")


@router.post("/care/invitations", response={201: InvitationOut}, auth=auth.STAFF_AUTH)
def invitation_create(request: HttpRequest, payload: InvitationIn) -> Status[Any]:
    """A one-time code for a client to connect with you (or your organization's counselors)."""
    viewer = auth.staff(request)
    organization = organization_for(viewer, payload.organization, (Membership.Role.COUNSELOR,))
    invitation, code = services.invitation_create_client(
        counselor=viewer,
        organization=organization,
        for_organization=payload.whole_organization,
        scopes=payload.scopes,
        purpose=payload.purpose,
    )
    link = request.build_absolute_uri("/sharing/connect/") + f"?code={code}"
    return Status(201, InvitationOut(code=code, link=link, expires_at=invitation.expires_at))


# --- The organization admin --------------------------------------------------------------------


@router.get("/org/{slug}/staff", response=list[StaffOut], auth=auth.STAFF_AUTH)
def staff_list(request: HttpRequest, slug: str) -> list[StaffOut]:
    organization = organization_for(auth.staff(request), slug, (Membership.Role.ADMIN,))
    roles: dict[int, StaffOut] = {}
    for membership in Membership.objects.filter(organization=organization).select_related("user"):
        person = membership.user
        out = roles.setdefault(
            person.pk,
            StaffOut(id=person.pk, username=person.username, name=person.shown_name, roles=[]),
        )
        out.roles.append(membership.role)
    return sorted(roles.values(), key=lambda s: s.username)


@router.post("/org/{slug}/invitations", response={201: InvitationOut}, auth=auth.STAFF_AUTH)
def staff_invite(request: HttpRequest, slug: str, payload: StaffInvitationIn) -> Status[Any]:
    """A one-time link that makes a staff account with this role."""
    viewer = auth.staff(request)
    organization = organization_for(viewer, slug, (Membership.Role.ADMIN,))
    invitation, code = services.invitation_create_staff(
        admin=viewer, organization=organization, role=payload.role
    )
    link = request.build_absolute_uri(f"/org/join/{code}/")
    return Status(201, InvitationOut(code=code, link=link, expires_at=invitation.expires_at))


@router.delete("/org/{slug}/staff/{user_id}", response={204: None}, auth=auth.STAFF_AUTH)
def staff_remove(request: HttpRequest, slug: str, user_id: int) -> Status[Any]:
    """Remove every role the person holds here; their access ends with the next request."""
    viewer = auth.staff(request)
    organization = organization_for(viewer, slug, (Membership.Role.ADMIN,))
    services.staff_remove(admin=viewer, organization=organization, user_id=user_id)
    return Status(204, None)
