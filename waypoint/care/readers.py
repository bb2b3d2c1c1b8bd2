"""What each scope shows of a participant, as rows and as plain data for exports and the API.

These functions read without checking: every caller first holds the consent from
`selectors.consent_for` for the scope (which also writes the access record).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, timedelta
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from waypoint.accounts.models import User
from waypoint.assessments.models import Assessment
from waypoint.care.charts import shown_score
from waypoint.care.models import Consent, Note
from waypoint.care.selectors import Progress
from waypoint.goals.models import Goal
from waypoint.goals.selectors import goals_with_steps
from waypoint.journal.models import CheckIn, Entry
from waypoint.measures import INSTRUMENTS

RECENT_DAYS = 90

# Scopes whose data another app owns: scope -> function(participant_id) giving JSON-ready data.
# Registered in that app's AppConfig.ready(); exports call it after `consent_for` for the scope.
SHARED_SECTIONS: dict[str, Callable[[int], Any]] = {}


def entries_of(participant_id: int, *, today: date | None = None) -> QuerySet[Entry]:
    """The last 90 days of entries, without the private note (never fetched, never decrypted)."""
    since = (today or timezone.localdate()) - timedelta(days=RECENT_DAYS - 1)
    return (
        Entry.objects.filter(user_id=participant_id, day__gte=since)
        .defer("note")
        .select_related("substance")
        .order_by("-day", "-used_at")
    )


def checkins_of(participant_id: int, *, today: date | None = None) -> QuerySet[CheckIn]:
    since = (today or timezone.localdate()) - timedelta(days=RECENT_DAYS - 1)
    return CheckIn.objects.filter(user_id=participant_id, day__gte=since).order_by("-day")


def goals_of(participant: User) -> QuerySet[Goal]:
    return goals_with_steps(participant)


def assessments_of(participant_id: int) -> QuerySet[Assessment]:
    return Assessment.objects.filter(user_id=participant_id).order_by("-taken_at")


def notes_of(viewer: User, participant_id: int, consent: Consent) -> QuerySet[Note]:
    """The viewer's own notes about the client, and shared notes from their organization."""
    return Note.objects.filter(
        Q(author=viewer) | Q(visibility=Note.Visibility.SHARED, organization=consent.organization),
        participant_id=participant_id,
    )


# --- Plain data --------------------------------------------------------------------------------


def progress_data(progress: Progress) -> dict[str, Any]:
    comparison = progress.comparison
    return {
        "against": "baseline" if progress.against_baseline else "previous_28_days",
        "before": [comparison.before_start, comparison.before_end],
        "after": [comparison.after_start, comparison.after_end],
        "days_reported": progress.days_reported,
        "last_reported": progress.last_reported,
        "better": progress.better,
        "changes": [
            {
                "measure": text.change.measure,
                "label": text.label,
                "before": text.change.before,
                "after": text.change.after,
                "direction": text.change.direction,
                "sentence": text.sentence,
            }
            for text in comparison.texts
        ],
    }


def entry_data(entry: Entry) -> dict[str, Any]:
    return {
        "id": str(entry.pk),
        "day": entry.day,
        "substance": entry.substance.name,
        "amount": float(entry.amount),
        "unit": entry.unit,
        "route": entry.route,
        "mood": entry.mood,
        "ate_before": entry.ate_before,
        "slept_well": entry.slept_well,
        "physical": entry.physical,
        "intention": entry.intention,
        "place": entry.place,
        "company": entry.company,
        "activity": entry.activity,
        "harms": list(entry.harms or []),
        "care_actions": list(entry.care_actions or []),
    }


def checkin_data(checkin: CheckIn) -> dict[str, Any]:
    return {
        "day": checkin.day,
        "no_use": checkin.no_use,
        "mood": checkin.mood,
        "wellbeing": checkin.wellbeing,
    }


def goal_data(goal: Goal) -> dict[str, Any]:
    return {
        "id": goal.pk,
        "kind": goal.kind,
        "title": str(goal),
        "domain": goal.domain,
        "substance": goal.substance.name if goal.substance else None,
        "started_on": goal.started_on,
        "ended_on": goal.ended_on,
        "steps": [
            {"id": step.pk, "text": step.text, "done_on": step.done_on} for step in goal.steps.all()
        ],
    }


def assessment_data(assessment: Assessment) -> dict[str, Any]:
    return {
        "id": assessment.pk,
        "instrument": assessment.instrument,
        "name": INSTRUMENTS[assessment.instrument].name,
        "taken_at": assessment.taken_at,
        "answers": assessment.answers,
        "total": assessment.total,
        "score": shown_score(assessment.instrument, assessment.total),
        "band": assessment.band,
        "flags": list(assessment.flags or []),
    }


def note_data(note: Note) -> dict[str, Any]:
    return {
        "id": note.pk,
        "author": note.author_name,
        "visibility": note.visibility,
        "created_at": note.created_at,
        "body": note.body,
    }


def referrals_of(participant_id: int) -> list[dict[str, Any]]:
    """The client's "I went" marks in the directory (scope `referrals`), newest first."""
    from waypoint.directory.models import Visit

    visits = Visit.objects.filter(user_id=participant_id).select_related("service__organization")
    return [
        {
            "service": v.service.name,
            "organization": v.service.organization.name,
            "service_id": v.service.hsds_id,
            "went_on": v.went_on.isoformat(),
        }
        for v in visits
    ]


def record_data(note: Note) -> dict[str, Any]:
    """A note in the counselor's own records: who it was about, even if they have left."""
    return note_data(note) | {"client_id": note.participant_id, "client": note.client_label}


def consent_data(consent: Consent) -> dict[str, Any]:
    """A consent as both sides read it, with when it ends (`consent_end`)."""
    return {
        "id": consent.pk,
        "organization": consent.organization.name,
        "recipient": consent.recipient,
        "whole_organization": consent.counselor_id is None,
        "scopes": consent.scopes,
        "purpose": consent.purpose,
        "expires_on": consent.expires_on,
        "given_at": consent.given_at,
        "revoked_at": consent.revoked_at,
        "live": consent.is_live(),
        "signature": consent.signature,
        "discloser": consent.discloser,
        "information": consent.information,
        "revocation_terms": consent.revocation_terms,
        **consent_end(consent),
    }


def consent_end(consent: Consent) -> dict[str, Any]:
    """When sharing stops, on the clock it was signed on: `ends_at` with that clock's offset, and
    `time_zone`, its IANA name (None when the participant has since moved: the offset is kept)."""
    clock = consent.end_clock()
    return {
        "ends_at": consent.ends_at.astimezone(clock) if clock and consent.ends_at else None,
        "time_zone": getattr(clock, "key", None),
    }


def own_export(user: User) -> dict[str, Any]:
    """What the care app holds about a participant, for their own export (three queries)."""
    from waypoint.care.models import AccessRecord

    consents = Consent.objects.filter(participant=user).select_related(
        "organization", "counselor", "participant"
    )
    return {
        "consents": [
            {
                "organization": c.organization.name,
                "counselor": c.counselor.shown_name if c.counselor else None,
                "scopes": c.scopes,
                "purpose": c.purpose,
                "expires_on": c.expires_on.isoformat() if c.expires_on else None,
                "given_at": c.given_at.isoformat(),
                "revoked_at": c.revoked_at.isoformat() if c.revoked_at else None,
                "signature": c.signature,
                "discloser": c.discloser,
                "recipient": c.recipient,
                "information": c.information,
                "revocation_terms": c.revocation_terms,
                **{
                    key: value.isoformat() if isinstance(value, datetime) else value
                    for key, value in consent_end(c).items()
                },
            }
            for c in consents.order_by("given_at")
        ],
        "access_log": [
            {"staff": r.staff_name, "scope": r.scope, "via": r.via, "at": r.at.isoformat()}
            for r in AccessRecord.objects.filter(participant=user).order_by("at")
        ],
        "shared_notes": [
            {"author": n.author_name, "created_at": n.created_at.isoformat(), "note": n.body}
            for n in Note.objects.filter(
                participant=user, visibility=Note.Visibility.SHARED
            ).order_by("created_at")
        ],
    }
