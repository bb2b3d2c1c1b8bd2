"""One client as a counselor sees them: the overview and the export, read once for pages and API.

Every function here starts from the viewer's live consents (`selectors.scopes_for`) and reads a
scope only through `selectors.consent_for`, which writes the access record; a client the viewer
may not see raises NotFound, exactly like a person who does not exist.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.utils import timezone

from waypoint.accounts.models import User
from waypoint.accounts.zones import local_today
from waypoint.care import readers, selectors
from waypoint.care.disclosure import REDISCLOSURE_NOTICE
from waypoint.care.models import Consent, Scope
from waypoint.core.errors import NotFound


def shared_scopes(viewer: User, participant_id: int) -> dict[str, Consent]:
    """What the viewer may open for this client (reads no data); NotFound when nothing."""
    scopes = selectors.scopes_for(viewer, participant_id)
    if not scopes:
        raise NotFound()
    return scopes


def consented(viewer: User, participant_id: int, scope: str, *, via: str) -> Consent:
    """The consent for this read, recorded in the client's access log; NotFound otherwise."""
    consent = selectors.consent_for(viewer, participant_id, scope, via=via)
    if consent is None:
        raise NotFound()
    return consent


@dataclass
class ClientOverview:
    """A client's overview: what they share, and progress and the flag where shared."""

    participant: User
    scopes: dict[str, Consent]
    progress: selectors.Progress | None = None
    self_harm: bool | None = None

    @property
    def consents(self) -> list[Consent]:
        """The distinct consents behind the shared scopes."""
        return list({c.pk: c for c in self.scopes.values()}.values())


def client_overview(viewer: User, participant_id: int, *, via: str) -> ClientOverview:
    """The overview the client page and `GET /care/clients/{id}` show (reads recorded)."""
    scopes = shared_scopes(viewer, participant_id)
    overview = ClientOverview(participant=next(iter(scopes.values())).participant, scopes=scopes)
    if Scope.PROGRESS in scopes:
        consented(viewer, participant_id, Scope.PROGRESS, via=via)
        # The client's progress windows end on the client's own today, not the counselor's.
        overview.progress = selectors.progress_for(
            [participant_id], today=local_today(overview.participant)
        )[participant_id]
    if Scope.ASSESSMENTS in scopes:
        consented(viewer, participant_id, Scope.ASSESSMENTS, via=via)
        overview.self_harm = bool(selectors.self_harm_flags([participant_id]))
    return overview


def client_export(viewer: User, participant_id: int, *, via: str) -> dict[str, Any]:
    """Everything the viewer's consents cover, with the 42 CFR Part 2 notice (one record each)."""
    scopes = shared_scopes(viewer, participant_id)
    sections: dict[str, Callable[[Consent], Any]] = {
        Scope.PROGRESS: lambda c: readers.progress_data(
            selectors.progress_for([participant_id], today=local_today(c.participant))[
                participant_id
            ]
        ),
        Scope.GOALS: lambda c: [readers.goal_data(g) for g in readers.goals_of(c.participant)],
        Scope.ENTRIES: lambda c: [
            readers.entry_data(e) for e in readers.entries_of(participant_id)
        ],
        Scope.CHECKINS: lambda c: [
            readers.checkin_data(x) for x in readers.checkins_of(participant_id)
        ],
        Scope.ASSESSMENTS: lambda c: [
            readers.assessment_data(a) for a in readers.assessments_of(participant_id)
        ],
        Scope.NOTES: lambda c: [
            readers.note_data(n) for n in readers.notes_of(viewer, participant_id, c)
        ],
        Scope.REFERRALS: lambda c: readers.referrals_of(participant_id),
    }
    payload: dict[str, Any] = {
        "notice": str(REDISCLOSURE_NOTICE),
        "exported_at": timezone.now(),
        "exported_by": viewer.shown_name,
    }
    for scope in Scope.values:
        if scope in scopes:
            consent = consented(viewer, participant_id, scope, via=via)
            if scope in sections:
                payload[scope] = sections[scope](consent)
            else:  # another app's scope (worksheets), registered in readers.SHARED_SECTIONS
                payload[scope] = readers.SHARED_SECTIONS[scope](participant_id)
    participant = next(iter(scopes.values())).participant
    payload["participant"] = {"id": participant_id, "name": participant.shown_name}
    payload["consents"] = [
        readers.consent_data(c) for c in {c.pk: c for c in scopes.values()}.values()
    ]
    return payload
