"""The participant's side: connect with a code, consent, revoke, print, the access log, notes."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from waypoint.accounts.gate import participant_required, signed_in
from waypoint.accounts.models import User
from waypoint.accounts.zones import zone_for, zone_words
from waypoint.care import selectors, services
from waypoint.care.disclosure import REDISCLOSURE_NOTICE
from waypoint.care.forms import CodeForm, ConsentForm
from waypoint.care.models import SCOPE_DETAILS, Consent, Decision, Invitation
from waypoint.core.forms import add_errors

LOG_PAGE_SIZE = 50


@participant_required
def index(request: HttpRequest) -> HttpResponse:
    person = signed_in(request)
    consents = list(selectors.consents_of(person))
    live = [c for c in consents if c.is_live()]
    context = {
        "live": live,
        "past": [c for c in consents if not c.is_live()],
        "code_form": CodeForm(),
        "suggestions": list(selectors.suggestions_for(person).filter(status=Decision.PENDING)),
        "requests": list(selectors.requests_for(person).filter(status=Decision.PENDING)),
        "shared_notes": selectors.shared_notes_for(person).count(),
        "log_count": selectors.access_log_of(person).count(),
    }
    return render(request, "care/sharing.html", context)


def _clock_words(person: User) -> str:
    """The clock a last day chosen now ends on (the participant's), in plain words."""
    return zone_words(zone_for(person), timezone.now())


def _grant_initial(invitation: Invitation | None, consent: Consent | None) -> dict[str, object]:
    if consent is not None:
        return {
            "scopes": consent.scopes,
            "purpose": consent.purpose,
            "until": "date" if consent.expires_on else "revoke",
            "expires_on": consent.expires_on,
            "signature": consent.signature,
        }
    assert invitation is not None
    return {
        "scopes": invitation.suggested_scopes,
        "purpose": invitation.purpose or _("Counseling: working together on my goals"),
        "until": "revoke",
    }


@participant_required
def connect(request: HttpRequest) -> HttpResponse:
    """Enter a code (or follow a link with ?code=), then choose what to share and sign."""
    person = signed_in(request)
    raw = (request.POST.get("code") or request.GET.get("code") or "").strip()
    code_form = CodeForm(request.POST if request.method == "POST" else None, initial={"code": raw})
    invitation = services.invitation_open(code=raw, kind=Invitation.Kind.CLIENT) if raw else None
    if invitation is None:
        status = 200
        if raw:
            code_form = CodeForm({"code": raw})
            code_form.is_valid()
            code_form.add_error(
                "code", _("That code does not work. It may be mistyped, used or expired.")
            )
            status = 400
        return render(request, "care/connect.html", {"code_form": code_form}, status=status)
    granting = request.method == "POST" and request.POST.get("step") == "grant"
    form = ConsentForm(
        request.POST if granting else None,
        initial=_grant_initial(invitation, None),
        ends_in=_clock_words(person),
    )
    if granting and form.is_valid():
        try:
            consent = services.consent_grant(
                participant=person,
                code=raw,
                scopes=form.cleaned_data["scopes"],
                purpose=form.cleaned_data["purpose"],
                expires_on=form.cleaned_data["expires_on"],
                signature=form.cleaned_data["signature"],
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(
                request,
                _("You are now sharing with %(recipient)s. You can stop at any time.")
                % {"recipient": consent.recipient},
            )
            return redirect("care:consent", consent_id=consent.pk)
    context = {
        "form": form,
        "code": raw,
        "recipient": services.recipient_words(invitation.organization, invitation.counselor),
        "invitation": invitation,
        "scope_details": SCOPE_DETAILS,
    }
    return render(request, "care/grant.html", context, status=400 if form.errors else 200)


def _own_consent(request: HttpRequest, consent_id: int) -> Consent:
    consent = selectors.consents_of(signed_in(request)).filter(pk=consent_id).first()
    if consent is None:
        raise Http404
    return consent


@participant_required
def consent_detail(request: HttpRequest, consent_id: int) -> HttpResponse:
    """The consent as signed, ready to print, with its 42 CFR Part 2 elements."""
    consent = _own_consent(request, consent_id)
    context = {"consent": consent, "notice": REDISCLOSURE_NOTICE, "person": signed_in(request)}
    return render(request, "care/consent.html", context)


@participant_required
def consent_change(request: HttpRequest, consent_id: int) -> HttpResponse:
    """Share differently with the same recipient: a new consent replaces this one."""
    person = signed_in(request)
    consent = _own_consent(request, consent_id)
    form = ConsentForm(
        request.POST or None, initial=_grant_initial(None, consent), ends_in=_clock_words(person)
    )
    if request.method == "POST" and form.is_valid():
        try:
            new = services.consent_grant(
                participant=person,
                replaces_id=consent.pk,
                scopes=form.cleaned_data["scopes"],
                purpose=form.cleaned_data["purpose"],
                expires_on=form.cleaned_data["expires_on"],
                signature=form.cleaned_data["signature"],
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("Your sharing is updated. The earlier consent has ended."))
            return redirect("care:consent", consent_id=new.pk)
    context = {
        "form": form,
        "consent": consent,
        "recipient": consent.recipient,
        "scope_details": SCOPE_DETAILS,
    }
    return render(request, "care/grant.html", context, status=400 if form.errors else 200)


@participant_required
@require_POST
def consent_revoke(request: HttpRequest, consent_id: int) -> HttpResponse:
    consent = services.consent_revoke(participant=signed_in(request), consent_id=consent_id)
    messages.success(
        request,
        _("Sharing with %(recipient)s has stopped. They can no longer see anything of yours.")
        % {"recipient": consent.recipient},
    )
    return redirect("care:sharing")


@participant_required
def access_log(request: HttpRequest) -> HttpResponse:
    """Every time staff looked at or exported the person's data, newest first."""
    records = selectors.access_log_of(signed_in(request))
    page = Paginator(records, LOG_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "care/access_log.html", {"page": page})


@participant_required
def shared_notes(request: HttpRequest) -> HttpResponse:
    notes = selectors.shared_notes_for(signed_in(request))
    return render(request, "care/shared_notes.html", {"notes": notes})


@participant_required
@require_POST
def suggestion_decide(request: HttpRequest, suggestion_id: int, answer: str) -> HttpResponse:
    if answer not in ("accept", "decline"):
        raise Http404
    try:
        suggestion = services.suggestion_decide(
            participant=signed_in(request), suggestion_id=suggestion_id, accept=answer == "accept"
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("care:sharing")
    if suggestion.status == Decision.ACCEPTED:
        messages.success(request, _("Added to your plan: %(text)s") % {"text": suggestion.text})
    else:
        messages.info(request, _("Declined. Nothing in your plan changed."))
    return redirect("care:sharing")


@participant_required
@require_POST
def request_decline(request: HttpRequest, request_id: int) -> HttpResponse:
    services.assessment_request_decline(participant=signed_in(request), request_id=request_id)
    messages.info(request, _("Declined. Your counselor sees that you said no, nothing more."))
    return redirect("care:sharing")
