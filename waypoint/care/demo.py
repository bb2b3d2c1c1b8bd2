"""Care demo content: River shares with Dr. Okafor; Sam shares progress with the whole program.

River (cutting down on drinking) shares progress, goals, check-ins, questionnaires and notes
with Dr. Okafor until revoked, has PHQ-9, GAD-7 and WHO-5 scores that ease over two months,
a shared and a private session note, a suggested step and a WHO-5 request waiting. Sam shares
only progress, with every counselor at Harbor Street, for sixty days. All fictional.
"""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from waypoint.accounts.models import Organization, User
from waypoint.accounts.zones import local_today
from waypoint.assessments.models import Assessment
from waypoint.assessments.services import assessment_record
from waypoint.care import services
from waypoint.care.models import AccessRecord, Consent, Note, Scope, Suggestion
from waypoint.goals.models import Goal

RIVER_SCORES = {
    # instrument: [(days ago, answers)], oldest first
    "phq9": [
        (56, [2, 2, 2, 2, 1, 1, 1, 0, 0]),
        (28, [1, 1, 2, 1, 1, 1, 0, 0, 0]),
        (4, [1, 1, 1, 1, 0, 0, 0, 0, 0]),
    ],
    "gad7": [(56, [2, 2, 2, 1, 1, 2, 1]), (4, [1, 1, 1, 1, 0, 1, 0])],
    "who5": [(56, [2, 2, 1, 1, 2]), (28, [3, 2, 2, 2, 3]), (4, [3, 3, 3, 3, 3])],
    "readiness": [(56, [7, 4, 6]), (4, [8, 7, 8])],
}


def _grant(
    participant: User,
    counselor: User,
    organization: Organization,
    scopes: list[str],
    *,
    whole_organization: bool = False,
    days: int | None = None,
) -> Consent:
    _invitation, code = services.invitation_create_client(
        counselor=counselor, organization=organization, for_organization=whole_organization
    )
    return services.consent_grant(
        participant=participant,
        code=code,
        scopes=scopes,
        purpose="Counseling: working together on my goals",
        expires_on=local_today(participant) + timedelta(days=days) if days else None,
        signature=participant.shown_name,
    )


def care_demo(people: dict[str, User]) -> None:
    """Consents, scores, notes, a suggestion and a request; does nothing the second time."""
    river, sam, okafor = people["river"], people["sam"], people["dr-okafor"]
    organization = Organization.objects.get(slug="harbor-street")
    if Consent.objects.filter(participant=river, organization=organization).exists():
        return
    now = timezone.now()
    if not Assessment.objects.filter(user=river).exclude(instrument="audit_c").exists():
        for instrument, series in RIVER_SCORES.items():
            for days_ago, answers in series:
                assessment_record(
                    user=river,
                    instrument=instrument,
                    answers=answers,
                    taken_at=now - timedelta(days=days_ago),
                )
    consent = _grant(
        river,
        okafor,
        organization,
        [
            Scope.PROGRESS,
            Scope.GOALS,
            Scope.CHECKINS,
            Scope.ASSESSMENTS,
            Scope.NOTES,
            Scope.WORKSHEETS,
        ],
    )
    # Signed a month ago, so the access records below fall within it.
    Consent.objects.filter(pk=consent.pk).update(given_at=now - timedelta(days=30))
    _grant(sam, okafor, organization, [Scope.PROGRESS], whole_organization=True, days=60)
    Note.objects.create(
        participant=river,
        author=okafor,
        author_name=okafor.shown_name,
        organization=organization,
        body="Good session. River noticed that eating first and water in between make the "
        "next morning easier. Plan for the wedding: two drinks, then lime and soda.",
        visibility=Note.Visibility.SHARED,
        created_at=now - timedelta(days=7),
    )
    Note.objects.create(
        participant=river,
        author=okafor,
        author_name=okafor.shown_name,
        organization=organization,
        body="Sleep better. Ask next time about the depot shifts.",
        visibility=Note.Visibility.PRIVATE,
        created_at=now - timedelta(days=7),
    )
    goal = Goal.objects.filter(user=river, ended_on__isnull=True).first()
    if goal is not None:
        services.suggestion_create(
            author=okafor,
            participant_id=river.pk,
            kind=Suggestion.Kind.STEP,
            goal_id=goal.pk,
            text="Plan a ride home before going out",
            message="Came up when we talked about the wedding.",
        )
    services.assessment_request_create(
        requester=okafor,
        participant_id=river.pk,
        instrument="who5",
        message="Before our next session, if you have a minute.",
    )
    for days_ago, scope in ((7, Scope.PROGRESS), (7, Scope.ASSESSMENTS), (2, Scope.PROGRESS)):
        AccessRecord.objects.create(
            staff=okafor,
            staff_name=okafor.shown_name,
            participant=river,
            consent=consent,
            scope=scope,
            via=AccessRecord.Via.PAGE,
            at=now - timedelta(days=days_ago),
        )
