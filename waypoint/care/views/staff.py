"""The counselor's side: caseload, invitations, a client's pages within consent, and exports.

Every read of a client's data starts with `selectors.consent_for(...)`, which also records the
access; a client the viewer may not see answers 404 whether or not the person exists.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from waypoint.accounts.gate import organizations_where, signed_in, staff_required
from waypoint.care import clients, readers, selectors, services
from waypoint.care.cards import caseload_cards
from waypoint.care.charts import charts_for
from waypoint.care.disclosure import REDISCLOSURE_NOTICE
from waypoint.care.fhir import assessment_bundle
from waypoint.care.forms import (
    AssessmentRequestForm,
    ClientInvitationForm,
    GoalSuggestionForm,
    NoteForm,
    StepSuggestionForm,
)
from waypoint.care.models import (
    CLIENT_ROLES,
    AccessRecord,
    AssessmentRequest,
    Consent,
    Invitation,
    Scope,
    Suggestion,
)
from waypoint.core.csv import csv_lines
from waypoint.core.forms import add_errors

Via = AccessRecord.Via
_SHOW_ONCE = "care_invitation_code"


@staff_required()
def caseload(request: HttpRequest) -> HttpResponse:
    sort = request.GET.get("sort") or "attention"
    problem = None
    if sort not in selectors.SORTS:
        problem, sort = _("Choose one of the orders offered."), "attention"
    number = request.GET.get("page", "1")
    page = selectors.caseload_page(
        signed_in(request),
        via=Via.CASELOAD,
        query=request.GET.get("q", "")[:100],
        sort=sort,
        page=int(number) if number.isdigit() else 1,
    )
    can_invite = organizations_where(request.user, CLIENT_ROLES).exists()
    context = {
        "page": page,
        "rows": page.rows,
        "cards": caseload_cards(page.rows),
        "can_invite": can_invite,
        "problem": problem,
        "sorts": [
            ("attention", _("Needs attention first")),
            ("name", _("Name")),
            ("quiet", _("Longest without logging")),
        ],
    }
    return render(request, "care/caseload.html", context, status=400 if problem else 200)


@staff_required(role=CLIENT_ROLES)
def invite(request: HttpRequest) -> HttpResponse:
    """Make a one-time code for a client; it is shown once, right after it is made."""
    person = signed_in(request)
    organizations = organizations_where(person, CLIENT_ROLES)
    form = ClientInvitationForm(
        request.POST or None,
        organizations=organizations,
        initial={"organization": organizations[0]},
    )
    if request.method == "POST" and form.is_valid():
        try:
            _invitation, code = services.invitation_create_client(
                counselor=person,
                organization=form.cleaned_data["organization"],
                for_organization=form.cleaned_data["for_organization"] == "organization",
                scopes=form.cleaned_data["scopes"],
                purpose=form.cleaned_data["purpose"],
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            request.session[_SHOW_ONCE] = code
            return redirect("care:invite")
    code = request.session.pop(_SHOW_ONCE, None)
    link = request.build_absolute_uri("/sharing/connect/") + f"?code={code}" if code else None
    open_invitations = [
        i
        for i in Invitation.objects.filter(
            kind=Invitation.Kind.CLIENT,
            created_by=person,
            used_at__isnull=True,
            cancelled_at__isnull=True,
            expires_at__gt=timezone.now(),
        ).select_related("organization")
    ]
    context = {"form": form, "code": code, "link": link, "open_invitations": open_invitations}
    return render(request, "care/invite.html", context, status=400 if form.errors else 200)


@staff_required()
@require_POST
def invitation_cancel(request: HttpRequest, invitation_id: int) -> HttpResponse:
    invitation = services.invitation_cancel(user=signed_in(request), invitation_id=invitation_id)
    messages.success(request, _("The invitation is cancelled; its code no longer works."))
    if invitation.kind == Invitation.Kind.STAFF:
        return redirect("care:org_staff", slug=invitation.organization.slug)
    return redirect("care:invite")


# --- One client --------------------------------------------------------------------------------


def _read(request: HttpRequest, participant_id: int, scope: str, via: str = Via.PAGE) -> Consent:
    """The consent for this read (recorded), or 404 exactly like a person who does not exist."""
    return clients.consented(signed_in(request), participant_id, scope, via=via)


def _tabs(request: HttpRequest, participant_id: int) -> dict[str, Consent]:
    return clients.shared_scopes(signed_in(request), participant_id)


def _client_context(scopes: dict[str, Consent], current: str) -> dict[str, Any]:
    consent = next(iter(scopes.values()))
    return {
        "client": consent.participant,
        "scopes": scopes,
        "current": current,
        "shared_labels": [Scope(s).label for s in Scope.values if s in scopes],
        "tabs": [
            (scope, label)
            for scope, label in (
                ("overview", _("Overview")),
                (Scope.GOALS, _("Goals")),
                (Scope.ENTRIES, _("Entries")),
                (Scope.CHECKINS, _("Check-ins")),
                (Scope.ASSESSMENTS, _("Questionnaires")),
                (Scope.NOTES, _("Notes")),
                (Scope.WORKSHEETS, _("Worksheets")),
                (Scope.REFERRALS, _("Services")),
            )
            if scope == "overview" or scope in scopes
        ],
    }


def client_page_context(request: HttpRequest, participant_id: int, current: str) -> dict[str, Any]:
    """The client header and tabs, for a client page another app serves (404 without consent)."""
    return _client_context(_tabs(request, participant_id), current)


@staff_required()
def client(request: HttpRequest, participant_id: int) -> HttpResponse:
    overview = clients.client_overview(signed_in(request), participant_id, via=Via.PAGE)
    context = _client_context(overview.scopes, "overview")
    if overview.progress is not None:
        context["progress"] = overview.progress
    if overview.self_harm is not None:
        context["self_harm"] = overview.self_harm
    context["consents"] = overview.consents
    return render(request, "care/client.html", context)


@staff_required()
def client_entries(request: HttpRequest, participant_id: int) -> HttpResponse:
    scopes = _tabs(request, participant_id)
    _read(request, participant_id, Scope.ENTRIES)
    context = _client_context(scopes, Scope.ENTRIES)
    context["entries"] = readers.entries_of(participant_id)
    return render(request, "care/client_entries.html", context)


@staff_required()
def client_checkins(request: HttpRequest, participant_id: int) -> HttpResponse:
    scopes = _tabs(request, participant_id)
    _read(request, participant_id, Scope.CHECKINS)
    context = _client_context(scopes, Scope.CHECKINS)
    context["checkins"] = readers.checkins_of(participant_id)
    return render(request, "care/client_checkins.html", context)


@staff_required()
def client_goals(request: HttpRequest, participant_id: int) -> HttpResponse:
    person = signed_in(request)
    scopes = _tabs(request, participant_id)
    consent = _read(request, participant_id, Scope.GOALS)
    goals = list(readers.goals_of(consent.participant))
    current = [g for g in goals if g.ended_on is None]
    kind = request.POST.get("kind")
    goal_form = GoalSuggestionForm(request.POST if kind == "goal" else None, prefix="goal")
    step_form = StepSuggestionForm(
        request.POST if kind == "step" else None, goals=current, prefix="step"
    )
    form = goal_form if kind == "goal" else step_form if kind == "step" else None
    if form is not None and form.is_valid():
        fields = form.cleaned_data
        try:
            services.suggestion_create(
                author=person,
                participant_id=participant_id,
                kind=kind or "",
                text=fields["text"],
                goal_kind=fields.get("goal_kind", ""),
                domain=fields.get("domain", ""),
                goal_id=fields.get("goal"),
                message=fields.get("message", ""),
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("Suggested. It joins their plan only if they accept it."))
            return redirect("care:client_goals", participant_id=participant_id)
    context = _client_context(scopes, Scope.GOALS)
    context.update(
        goals=goals,
        current_goals=current,
        goal_form=goal_form,
        step_form=step_form,
        suggestions=Suggestion.objects.filter(
            participant_id=participant_id, organization=consent.organization
        ).select_related("goal"),
    )
    status = 400 if form is not None and form.errors else 200
    return render(request, "care/client_goals.html", context, status=status)


@staff_required()
def client_assessments(request: HttpRequest, participant_id: int) -> HttpResponse:
    person = signed_in(request)
    scopes = _tabs(request, participant_id)
    form = AssessmentRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.assessment_request_create(
                requester=person,
                participant_id=participant_id,
                instrument=form.cleaned_data["instrument"],
                message=form.cleaned_data["message"],
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("Asked. They can answer on their own device."))
            return redirect("care:client_assessments", participant_id=participant_id)
    # Read (and record) only once the page is about to show their questionnaires.
    consent = _read(request, participant_id, Scope.ASSESSMENTS)
    assessments = list(readers.assessments_of(participant_id))
    context = _client_context(scopes, Scope.ASSESSMENTS)
    context.update(
        assessments=assessments,
        charts=charts_for(assessments),
        form=form,
        requests=AssessmentRequest.objects.filter(
            participant_id=participant_id, organization=consent.organization
        ),
    )
    return render(
        request, "care/client_assessments.html", context, status=400 if form.errors else 200
    )


@staff_required()
def own_records(request: HttpRequest) -> HttpResponse:
    """The counselor's own notes, kept as their record whatever the clients share now."""
    notes = selectors.own_records(signed_in(request))
    return render(request, "care/own_records.html", {"notes": notes})


@staff_required()
def client_notes(request: HttpRequest, participant_id: int) -> HttpResponse:
    person = signed_in(request)
    scopes = _tabs(request, participant_id)
    form = NoteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.note_create(
                author=person,
                participant_id=participant_id,
                body=form.cleaned_data["body"],
                visibility=form.cleaned_data["visibility"],
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("Note saved."))
            return redirect("care:client_notes", participant_id=participant_id)
    # Read (and record) only once the page is about to show the notes.
    consent = _read(request, participant_id, Scope.NOTES)
    context = _client_context(scopes, Scope.NOTES)
    context.update(notes=readers.notes_of(person, participant_id, consent), form=form)
    return render(request, "care/client_notes.html", context, status=400 if form.errors else 200)


# --- Exports: each carries the redisclosure notice ------------------------------------------


def _download(response: HttpResponse, participant_id: int, suffix: str) -> HttpResponse:
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = (
        f'attachment; filename="client-{participant_id}-{stamp}.{suffix}"'
    )
    return response


@staff_required()
def export_json(request: HttpRequest, participant_id: int) -> HttpResponse:
    payload = clients.client_export(signed_in(request), participant_id, via=Via.EXPORT_JSON)
    body = json.dumps(payload, cls=DjangoJSONEncoder, indent=2, ensure_ascii=False)
    return _download(HttpResponse(body, content_type="application/json"), participant_id, "json")


# scope -> (the rows to read for a participant, one row as plain data)
_CSV_ROWS: dict[
    str, tuple[Callable[[int, Consent], Iterable[Any]], Callable[[Any], dict[str, Any]]]
] = {
    Scope.ENTRIES: (lambda pid, consent: readers.entries_of(pid), readers.entry_data),
    Scope.CHECKINS: (lambda pid, consent: readers.checkins_of(pid), readers.checkin_data),
    Scope.ASSESSMENTS: (lambda pid, consent: readers.assessments_of(pid), readers.assessment_data),
}


@staff_required()
def export_csv(request: HttpRequest, participant_id: int, scope: str) -> HttpResponse:
    """One scope as CSV; the notice is the first line, so it travels with the file."""
    if scope not in _CSV_ROWS:
        raise Http404
    consent = _read(request, participant_id, scope, via=Via.EXPORT_CSV)
    fetch, serialize = _CSV_ROWS[scope]
    rows = [serialize(item) for item in fetch(participant_id, consent)]
    lines = csv_lines(
        [row.values() for row in rows],
        header=rows[0].keys() if rows else None,
        preamble=[f"# {REDISCLOSURE_NOTICE}"],
    )
    response = HttpResponse("".join(lines), content_type="text/csv; charset=utf-8")
    return _download(response, participant_id, f"{scope}.csv")


@staff_required()
def export_fhir(request: HttpRequest, participant_id: int) -> HttpResponse:
    consent = _read(request, participant_id, Scope.ASSESSMENTS, via=Via.EXPORT_FHIR)
    bundle = assessment_bundle(
        consent.participant, readers.assessments_of(participant_id).order_by("taken_at")
    )
    body = json.dumps(bundle, indent=2, ensure_ascii=False)
    return _download(
        HttpResponse(body, content_type="application/fhir+json"), participant_id, "fhir.json"
    )
