"""Care actions: invitations, consents and their revocation, staff, notes, suggestions, requests.

Every function that lets staff act on a participant checks the consent through
`selectors.consent_for`, the same rule that guards every read.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable, Sequence
from datetime import date, timedelta

from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from waypoint.accounts.gate import is_active_staff, require_participant, roles_in
from waypoint.accounts.models import Membership, Organization, User, secret_hash
from waypoint.accounts.services import recovery_codes_replace
from waypoint.assessments.models import Assessment
from waypoint.assessments.services import assessment_record
from waypoint.care.models import (
    CLIENT_ROLES,
    INVITATION_DAYS,
    OFFERED_INSTRUMENTS,
    SCOPE_DETAILS,
    AssessmentRequest,
    Consent,
    Decision,
    Invitation,
    Note,
    Scope,
    Suggestion,
)
from waypoint.care.selectors import consent_for
from waypoint.core.errors import NotFound
from waypoint.goals.models import Goal
from waypoint.goals.services import GoalFields, goal_create, step_add

# Letters and digits that cannot be confused when read aloud or copied by hand.
_CODE_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"
MAX_CONSENT_YEARS = 5
# Goal kinds a counselor can suggest as they are; the others need numbers only the participant
# can choose (a limit, harms to avoid), so those ideas go in as steps.
SUGGESTIBLE_GOAL_KINDS = (Goal.Kind.LIFE, Goal.Kind.OBSERVE, Goal.Kind.ABSTAIN)


def new_code() -> str:
    """Four groups of four characters (about 79 bits), like recovery codes."""
    chars = "".join(secrets.choice(_CODE_ALPHABET) for _ in range(16))
    return "-".join(chars[i : i + 4] for i in range(0, 16, 4))


def normalize_code(code: str) -> str:
    compact = "".join(ch for ch in code.lower() if ch.isalnum())
    return "-".join(compact[i : i + 4] for i in range(0, len(compact), 4))


def _check_scopes(scopes: Iterable[str]) -> list[str]:
    chosen = list(dict.fromkeys(scopes))
    unknown = [scope for scope in chosen if scope not in Scope.values]
    if unknown:
        raise ValidationError(
            {"scopes": _("Unknown value(s): %(codes)s.") % {"codes": ", ".join(unknown)}}
        )
    return chosen


def _new_invitation(**fields: object) -> tuple[Invitation, str]:
    code = new_code()
    now = timezone.now()
    invitation = Invitation.objects.create(
        code_hash=secret_hash(code),
        code_hint=code[-4:],
        created_at=now,
        expires_at=now + timedelta(days=INVITATION_DAYS),
        **fields,
    )
    return invitation, code


def invitation_create_client(
    *,
    counselor: User,
    organization: Organization,
    for_organization: bool = False,
    scopes: Iterable[str] = (),
    purpose: str = "",
) -> tuple[Invitation, str]:
    """A one-time code a client enters to connect; the raw code is returned once, never stored."""
    if not roles_in(counselor, organization) & set(CLIENT_ROLES):
        raise ValidationError(_("Only counselors of this organization can invite clients."))
    return _new_invitation(
        kind=Invitation.Kind.CLIENT,
        organization=organization,
        counselor=None if for_organization else counselor,
        created_by=counselor,
        suggested_scopes=_check_scopes(scopes),
        purpose=_within(purpose.strip(), 200, "purpose"),
    )


def _within(text: str, limit: int, field: str) -> str:
    """The text unchanged, or a refusal naming the field: never cut a person's words short."""
    if len(text) > limit:
        raise ValidationError(
            {field: _("Keep this to %(limit)d characters or fewer.") % {"limit": limit}}
        )
    return text


def invitation_create_staff(
    *, admin: User, organization: Organization, role: str
) -> tuple[Invitation, str]:
    """A one-time code that makes a staff account with this role in the organization."""
    if Membership.Role.ADMIN not in roles_in(admin, organization):
        raise ValidationError(_("Only an admin of this organization can invite staff."))
    if role not in Membership.Role.values:
        raise ValidationError({"role": _("Choose a role.")})
    return _new_invitation(
        kind=Invitation.Kind.STAFF, organization=organization, role=role, created_by=admin
    )


def invitation_cancel(*, user: User, invitation_id: int) -> Invitation:
    """Cancel an open invitation the person made, or (as admin) one of their organization's."""
    invitation = (
        Invitation.objects.select_related("organization")
        .filter(pk=invitation_id, used_at__isnull=True, cancelled_at__isnull=True)
        .first()
    )
    if invitation is None or not (
        (invitation.created_by_id == user.pk and roles_in(user, invitation.organization))
        or Membership.Role.ADMIN in roles_in(user, invitation.organization)
    ):
        raise NotFound
    invitation.cancelled_at = timezone.now()
    invitation.save(update_fields=["cancelled_at"])
    return invitation


def invitation_open(*, code: str, kind: str) -> Invitation | None:
    """The open invitation of this kind with this code, or None (used, cancelled, expired)."""
    invitation = (
        Invitation.objects.select_related("organization", "counselor")
        .filter(code_hash=secret_hash(normalize_code(code)), kind=kind)
        .first()
    )
    return invitation if invitation is not None and invitation.is_open else None


def recipient_words(organization: Organization, counselor: User | None) -> str:
    if counselor is None:
        return _("the counselors of %(organization)s") % {"organization": organization.name}
    return _("%(name)s, counselor at %(organization)s") % {
        "name": counselor.shown_name,
        "organization": organization.name,
    }


def revocation_words() -> str:
    return _(
        "You can revoke this consent at any time in Waypoint, under Sharing. Revoking takes "
        "effect at once: from the next request, the recipient sees nothing more. It does not "
        "undo what was already seen while the consent was in force. A counselor keeps the "
        "session notes they wrote as their own clinical record, as the law and their "
        "profession require, even after you stop sharing or delete your account; you can ask "
        "them for a copy. Everything else stops being visible to them."
    )


def _check_consent_fields(
    scopes: Iterable[str], purpose: str, expires_on: date | None, signature: str
) -> tuple[list[str], str, str]:
    chosen = _check_scopes(scopes)
    if not chosen:
        raise ValidationError({"scopes": _("Choose at least one thing to share.")})
    purpose = (purpose or "").strip()
    if not purpose:
        raise ValidationError({"purpose": _("Say what the sharing is for.")})
    if len(purpose) > 200:
        raise ValidationError({"purpose": _("Keep the purpose to 200 characters or fewer.")})
    today = timezone.localdate()
    if expires_on is not None:
        if expires_on < today:
            raise ValidationError({"expires_on": _("Choose today or a day after it.")})
        if expires_on > today + timedelta(days=366 * MAX_CONSENT_YEARS):
            raise ValidationError(
                {"expires_on": _("Choose a day within the next five years, or no end date.")}
            )
    signature = (signature or "").strip()
    if not signature:
        raise ValidationError({"signature": _("Type your name to sign.")})
    if len(signature) > 120:
        raise ValidationError({"signature": _("Keep your name to 120 characters or fewer.")})
    return chosen, purpose, signature


@transaction.atomic
def consent_grant(
    *,
    participant: User,
    scopes: Iterable[str],
    purpose: str,
    expires_on: date | None,
    signature: str,
    code: str | None = None,
    replaces_id: int | None = None,
) -> Consent:
    """Sign a consent, either with an invitation code or to replace one of the person's own.

    Replacing revokes the earlier consent in the same transaction, so there is never a moment
    with both or neither.
    """
    require_participant(participant)
    chosen, purpose, signature = _check_consent_fields(scopes, purpose, expires_on, signature)
    invitation = None
    replaced = None
    if code is not None:
        invitation = (
            Invitation.objects.select_for_update(of=("self",))
            .select_related("organization", "counselor")
            .filter(code_hash=secret_hash(normalize_code(code)), kind=Invitation.Kind.CLIENT)
            .first()
        )
        if invitation is None or not invitation.is_open:
            raise ValidationError(
                {"code": _("That code does not work. It may be mistyped, used or expired.")}
            )
        organization, counselor = invitation.organization, invitation.counselor
        invitation.used_at = timezone.now()
        invitation.used_by = participant
        invitation.save(update_fields=["used_at", "used_by"])
    elif replaces_id is not None:
        replaced = (
            Consent.objects.select_for_update(of=("self",))
            .select_related("organization", "counselor")
            .filter(pk=replaces_id, participant=participant)
            .first()
        )
        if replaced is None:
            raise NotFound
        organization, counselor = replaced.organization, replaced.counselor
    else:
        raise ValidationError({"code": _("Enter the code you were given.")})
    consent = Consent(
        participant=participant,
        organization=organization,
        counselor=counselor,
        invitation=invitation,
        purpose=purpose,
        expires_on=expires_on,
        signature=signature,
        discloser=_("%(name)s (the participant), through Waypoint")
        % {"name": participant.shown_name},
        recipient=recipient_words(organization, counselor),
        information="\n".join(f"{Scope(scope).label}: {SCOPE_DETAILS[scope]}" for scope in chosen),
        revocation_terms=revocation_words(),
    )
    consent.set_scopes(chosen)
    consent.save()
    if replaced is not None and replaced.revoked_at is None:
        replaced.revoked_at = consent.given_at
        replaced.save(update_fields=["revoked_at"])
    return consent


def consent_revoke(*, participant: User, consent_id: int) -> Consent:
    """Stop a consent now; from the next request the recipient sees nothing under it."""
    consent = Consent.objects.filter(pk=consent_id, participant=participant).first()
    if consent is None:
        raise NotFound
    if consent.revoked_at is None:
        consent.revoked_at = timezone.now()
        consent.save(update_fields=["revoked_at"])
    return consent


def _invitation_for_staff(code: str) -> Invitation:
    invitation = (
        Invitation.objects.select_for_update(of=("self",))
        .select_related("organization")
        .filter(code_hash=secret_hash(normalize_code(code)), kind=Invitation.Kind.STAFF)
        .first()
    )
    if invitation is None or not invitation.is_open:
        raise ValidationError(
            {"code": _("That invitation does not work. It may be used, cancelled or expired.")}
        )
    return invitation


def _use(invitation: Invitation, user: User) -> Membership:
    membership, _created = Membership.objects.get_or_create(
        user=user, organization=invitation.organization, role=invitation.role
    )
    invitation.used_at = timezone.now()
    invitation.used_by = user
    invitation.save(update_fields=["used_at", "used_by"])
    return membership


@transaction.atomic
def staff_join(
    *, code: str, username: str, passphrase: str, display_name: str = ""
) -> tuple[User, list[str]]:
    """Create a staff account from an invitation, with its recovery codes (shown once).

    It is separate from any participant account the person may have.
    """
    invitation = _invitation_for_staff(code)
    if User.objects.filter(username__iexact=username).exists():
        raise ValidationError({"username": _("That username is taken. Try another.")})
    user = User(username=username, display_name=display_name.strip(), kind=User.Kind.STAFF)
    try:
        password_validation.validate_password(passphrase, user)
    except ValidationError as error:
        raise ValidationError({"passphrase": error.messages}) from error
    user.set_password(passphrase)
    user.save()
    _use(invitation, user)
    return user, recovery_codes_replace(user=user)


@transaction.atomic
def staff_join_existing(*, user: User, code: str) -> Membership:
    """Add a role to a signed-in staff account from an invitation."""
    if not is_active_staff(user):
        raise ValidationError(
            _(
                "This is a participant account. Staff accounts are kept apart: sign out and "
                "open the invitation again to make a staff account."
            )
        )
    return _use(_invitation_for_staff(code), user)


@transaction.atomic
def staff_remove(*, admin: User, organization: Organization, user_id: int) -> int:
    """Remove every role a person holds in the organization; their access ends at once."""
    if Membership.Role.ADMIN not in roles_in(admin, organization):
        raise NotFound
    memberships = Membership.objects.select_for_update(of=("self",)).filter(
        organization=organization, user_id=user_id
    )
    roles = set(memberships.values_list("role", flat=True))
    if not roles:
        raise NotFound
    if Membership.Role.ADMIN in roles:
        admins = Membership.objects.filter(organization=organization, role=Membership.Role.ADMIN)
        if admins.count() <= 1:
            raise ValidationError(
                _("This is the organization's only admin. Invite another admin first.")
            )
    removed, _detail = memberships.delete()
    return removed


def _consent_or_404(author: User, participant_id: int, scope: str) -> Consent:
    consent = consent_for(author, participant_id, scope, via=None)
    if consent is None:
        raise NotFound
    return consent


def note_create(*, author: User, participant_id: int, body: str, visibility: str) -> Note:
    """A session note about a client who shares notes with the author; encrypted at rest."""
    consent = _consent_or_404(author, participant_id, Scope.NOTES)
    body = (body or "").strip()
    if not body:
        raise ValidationError({"body": _("Write something first.")})
    if len(body) > 20000:
        raise ValidationError({"body": _("Keep a note to 20000 characters or fewer.")})
    if visibility not in Note.Visibility.values:
        raise ValidationError({"visibility": _("Choose who sees the note.")})
    return Note.objects.create(
        participant_id=participant_id,
        client_label=consent.participant.shown_name[:60],
        author=author,
        author_name=author.shown_name[:60],
        organization=consent.organization,
        body=body,
        visibility=visibility,
    )


def suggestion_create(
    *,
    author: User,
    participant_id: int,
    kind: str,
    text: str,
    goal_kind: str = "",
    domain: str = "",
    goal_id: int | None = None,
    message: str = "",
    service_id: int | None = None,
) -> Suggestion:
    """Suggest a goal, a step, or a directory service; nothing changes until the person accepts.

    A service suggestion needs a consent covering `referrals` (goals and steps need `goals`).
    """
    scope = Scope.REFERRALS if kind == Suggestion.Kind.SERVICE else Scope.GOALS
    consent = _consent_or_404(author, participant_id, scope)
    service = None
    if kind == Suggestion.Kind.SERVICE:
        from waypoint.core.errors import NotFound as Missing
        from waypoint.directory.selectors import referral_service

        if service_id is None:
            raise ValidationError({"service": _("Choose a service from the directory.")})
        try:
            service = referral_service(service_id)
        except Missing:
            raise ValidationError({"service": _("That service is not in the directory.")}) from None
        text = text or service.name[:160]
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": _("Write the suggestion in a few words.")})
    if len(text) > 160:
        raise ValidationError({"text": _("Keep it to 160 characters or fewer.")})
    if len(message or "") > 2000:
        raise ValidationError({"message": _("Keep the message to 2000 characters or fewer.")})
    suggestion = Suggestion(
        participant_id=participant_id,
        author=author,
        author_name=author.shown_name[:60],
        organization=consent.organization,
        kind=kind,
        text=text,
        message=(message or "").strip(),
    )
    if kind == Suggestion.Kind.GOAL:
        if goal_kind not in SUGGESTIBLE_GOAL_KINDS:
            raise ValidationError(
                {"goal_kind": _("Suggest a personal goal, 'just notice', or 'not use'.")}
            )
        if goal_kind == Goal.Kind.LIFE and domain not in Goal.Domain.values:
            raise ValidationError({"domain": _("Choose an area of life.")})
        suggestion.goal_kind = goal_kind
        suggestion.domain = domain if goal_kind == Goal.Kind.LIFE else ""
    elif kind == Suggestion.Kind.STEP:
        goal = (
            Goal.objects.filter(pk=goal_id, user_id=participant_id, ended_on__isnull=True).first()
            if goal_id is not None
            else None
        )
        if goal is None:
            raise ValidationError({"goal": _("Choose one of their current goals.")})
        suggestion.goal = goal
    elif kind == Suggestion.Kind.SERVICE:
        suggestion.service = service
    else:
        raise ValidationError({"kind": _("Suggest a goal, a step or a service.")})
    suggestion.save()
    return suggestion


@transaction.atomic
def suggestion_decide(*, participant: User, suggestion_id: int, accept: bool) -> Suggestion:
    """Accept (the goal or step joins the plan) or decline a pending suggestion."""
    suggestion = (
        Suggestion.objects.select_for_update(of=("self",))
        .filter(pk=suggestion_id, participant=participant)
        .first()
    )
    if suggestion is None:
        raise NotFound
    if suggestion.status != Decision.PENDING:
        raise ValidationError(_("You have already answered this suggestion."))
    if accept:
        if suggestion.kind == Suggestion.Kind.SERVICE:
            from waypoint.directory.services import favourite_set

            if suggestion.service_id is not None:
                favourite_set(user=participant, service_id=suggestion.service_id, saved=True)
        elif suggestion.kind == Suggestion.Kind.GOAL:
            suggestion.result_goal = goal_create(
                user=participant,
                fields=GoalFields(
                    kind=suggestion.goal_kind, title=suggestion.text, domain=suggestion.domain
                ),
            )
        else:
            goal = (
                Goal.objects.filter(
                    pk=suggestion.goal_id, user=participant, ended_on__isnull=True
                ).first()
                if suggestion.goal_id is not None
                else None
            )
            if goal is None:
                raise ValidationError(
                    _("That goal has ended, so the step cannot be added. You can decline it.")
                )
            suggestion.result_step = step_add(goal=goal, text=suggestion.text)
    suggestion.status = Decision.ACCEPTED if accept else Decision.DECLINED
    suggestion.decided_at = timezone.now()
    suggestion.save()
    return suggestion


def assessment_request_create(
    *, requester: User, participant_id: int, instrument: str, message: str = ""
) -> AssessmentRequest:
    """Ask a client who shares questionnaires to fill one in."""
    consent = _consent_or_404(requester, participant_id, Scope.ASSESSMENTS)
    if instrument not in OFFERED_INSTRUMENTS:
        raise ValidationError({"instrument": _("Choose a questionnaire.")})
    if len(message or "") > 2000:
        raise ValidationError({"message": _("Keep the message to 2000 characters or fewer.")})
    return AssessmentRequest.objects.create(
        participant_id=participant_id,
        requested_by=requester,
        requester_name=requester.shown_name[:60],
        organization=consent.organization,
        instrument=instrument,
        message=(message or "").strip(),
    )


def assessment_request_decline(*, participant: User, request_id: int) -> AssessmentRequest:
    request = AssessmentRequest.objects.filter(
        pk=request_id, participant=participant, status=Decision.PENDING
    ).first()
    if request is None:
        raise NotFound
    request.status = Decision.DECLINED
    request.completed_at = timezone.now()
    request.save(update_fields=["status", "completed_at"])
    return request


@transaction.atomic
def assessment_take(
    *,
    participant: User,
    instrument: str,
    answers: Sequence[int],
    request_id: int | None = None,
) -> Assessment:
    """Record the participant's answers (scored by waypoint.measures), closing a request."""
    require_participant(participant)
    if instrument not in OFFERED_INSTRUMENTS:
        raise ValidationError(
            {"instrument": _("Unknown questionnaire: %(key)s.") % {"key": instrument}}
        )
    request = None
    if request_id is not None:
        request = (
            AssessmentRequest.objects.select_for_update(of=("self",))
            .filter(pk=request_id, participant=participant, instrument=instrument)
            .first()
        )
        if request is None:
            raise NotFound
    assessment = assessment_record(user=participant, instrument=instrument, answers=answers)
    if request is not None and request.status == Decision.PENDING:
        request.status = Decision.ACCEPTED
        request.completed_at = assessment.taken_at
        request.assessment = assessment
        request.save(update_fields=["status", "completed_at", "assessment"])
    return assessment
