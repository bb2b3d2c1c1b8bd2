"""Who may see which participant's data, and the caseload computed in a constant number of queries.

Every staff read of participant data goes through `consent_for` (one person) or `clients_of`
and `caseload` (many people). All three rest on `live_consents`, the single definition of a
consent that is in force for a viewer; and the reading functions write the access record in the
same place they decide, so a page cannot read without leaving a trace in the participant's log.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db import connection
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from waypoint.accounts.gate import is_active_staff, is_participant
from waypoint.accounts.models import Membership, User
from waypoint.assessments.models import Assessment
from waypoint.care.models import (
    CLIENT_ROLES,
    AccessRecord,
    AssessmentRequest,
    Consent,
    Note,
    Scope,
    Suggestion,
)
from waypoint.core.routers import replica_reads
from waypoint.goals.summary import (
    REASON_ORDER,
    REASONS,
    ProgressSummary,
    attention_for,
    last_reported,
    summaries_for,
)

WINDOW_DAYS = 28


def live_consents(viewer: Any, *, today: date | None = None) -> QuerySet[Consent]:
    """Consents in force for this viewer right now: the single rule every staff read follows.

    In force means: not revoked; not past its last day; given by an active participant; to an
    organization where the viewer is a counselor today; and naming the viewer or no one (the
    organization's counselors). Nothing is cached: a revocation or a staff removal counts from
    the very next request.
    """
    if not is_active_staff(viewer):
        return Consent.objects.none()
    today = today or timezone.localdate()
    counselor_of = Membership.objects.filter(user=viewer, role__in=CLIENT_ROLES).values(
        "organization_id"
    )
    return Consent.objects.filter(
        Q(expires_on__isnull=True) | Q(expires_on__gte=today),
        Q(counselor__isnull=True) | Q(counselor=viewer),
        revoked_at__isnull=True,
        participant__is_active=True,
        participant__kind=User.Kind.PARTICIPANT,
        organization_id__in=counselor_of,
    )


def _covering(scope: str) -> Q:
    if scope not in Scope.values:
        raise ValueError(f"unknown scope {scope!r}")
    return Q(**{f"shares_{scope}": True})


def consent_for(viewer: Any, participant_id: int, scope: str, *, via: str | None) -> Consent | None:
    """The live consent that lets viewer see this scope of the participant's data, or None.

    `via` says how the data is about to be read (AccessRecord.Via) and writes the access record;
    it is required so that no caller can skip the record by accident. Only services that write
    (a note, a suggestion, a request) pass None: they read nothing back.
    """
    consent = (
        live_consents(viewer)
        .filter(_covering(scope), participant_id=participant_id)
        .select_related("organization")
        .order_by("given_at", "pk")
        .first()
    )
    if consent is not None and via is not None:
        AccessRecord.objects.create(
            staff=viewer,
            staff_name=viewer.shown_name[:60],
            participant_id=participant_id,
            consent=consent,
            scope=scope,
            via=via,
        )
    return consent


def scopes_for(viewer: Any, participant_id: int) -> dict[str, Consent]:
    """Which scopes the viewer may open for this participant (for navigation; reads no data)."""
    found: dict[str, Consent] = {}
    consents = live_consents(viewer).filter(participant_id=participant_id).order_by("given_at")
    for consent in consents.select_related("participant", "organization"):
        for scope in consent.scopes:
            found.setdefault(scope, consent)
    return found


@dataclass
class Client:
    """A participant with at least one consent in force for the viewer, and what it covers."""

    participant: User
    scopes: set[str] = field(default_factory=set)
    consents: list[Consent] = field(default_factory=list)


def clients_of(viewer: Any) -> list[Client]:
    """Everyone who shares something with the viewer now, by name, in one query."""
    clients: dict[int, Client] = {}
    consents = live_consents(viewer).select_related("participant", "organization")
    for consent in consents.order_by("given_at", "pk"):
        client = clients.setdefault(consent.participant_id, Client(consent.participant))
        client.scopes.update(consent.scopes)
        client.consents.append(consent)
    return sorted(clients.values(), key=lambda c: c.participant.shown_name.lower())


def record_many(viewer: Any, scope: str, via: str) -> None:
    """One access record per participant whose live consent covers scope, in one statement.

    An INSERT … SELECT over the same `live_consents` query, so a caseload of any size costs one
    query, and exactly the people the viewer could see get a record.
    """
    consents = live_consents(viewer).filter(_covering(scope)).values("pk")
    sub_sql, sub_params = consents.query.sql_with_params()
    quote = connection.ops.quote_name
    record_table, consent_table = AccessRecord._meta.db_table, Consent._meta.db_table
    at = connection.ops.adapt_datetimefield_value(timezone.now())
    sql = (
        f"INSERT INTO {quote(record_table)} "  # noqa: S608 (names from Django; values as params)
        "(staff_id, staff_name, participant_id, consent_id, scope, via, at) "
        f"SELECT %s, %s, participant_id, MIN(id), %s, %s, %s FROM {quote(consent_table)} "
        f"WHERE id IN ({sub_sql}) GROUP BY participant_id"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [viewer.pk, viewer.shown_name[:60], scope, via, at, *sub_params])


# --- Progress: asked of the goals app, for one person or many at once ------------------------

Progress = ProgressSummary


def progress_for(participant_ids: list[int], *, today: date | None = None) -> dict[int, Progress]:
    """Progress for each participant in a fixed number of queries, whatever their number.

    Callers must already hold a consent covering progress for every id (see `caseload`).
    """
    return summaries_for(participant_ids, today=today)


def self_harm_flags(participant_ids: list[int]) -> set[int]:
    """Who answered PHQ-9 item 9 above zero in the last 28 days (callers hold the consent)."""
    if not participant_ids:
        return set()
    since = timezone.now() - timedelta(days=WINDOW_DAYS)
    rows = Assessment.objects.filter(
        user_id__in=participant_ids, instrument="phq9", taken_at__gte=since
    ).values_list("user_id", "flags")
    return {user_id for user_id, flags in rows if "self_harm" in (flags or [])}


@dataclass
class CaseloadRow:
    client: Client
    progress: Progress | None
    self_harm: bool
    reasons: list[str] = field(default_factory=list)  # keys of goals.summary.REASONS

    @property
    def participant(self) -> User:
        return self.client.participant

    @property
    def reason_pairs(self) -> list[tuple[str, str]]:
        """(key, words) for each reason, most pressing first."""
        return [(key, str(REASONS[key])) for key in self.reasons]


def caseload(viewer: Any, *, via: str, today: date | None = None) -> list[CaseloadRow]:
    """The viewer's clients with progress and flags, in a constant number of queries.

    Progress is read only for clients whose consent covers it, flags only where assessments are
    covered; each read is recorded for each participant (one statement per scope).
    """
    clients = clients_of(viewer)
    with_progress = [c.participant.pk for c in clients if Scope.PROGRESS in c.scopes]
    with_assessments = [c.participant.pk for c in clients if Scope.ASSESSMENTS in c.scopes]
    progress = progress_for(with_progress, today=today)
    flags = self_harm_flags(with_assessments)
    if with_progress:
        record_many(viewer, Scope.PROGRESS, via)
    if with_assessments:
        record_many(viewer, Scope.ASSESSMENTS, via)
    return [
        CaseloadRow(
            client=client,
            progress=progress.get(client.participant.pk),
            self_harm=client.participant.pk in flags,
        )
        for client in clients
    ]


PAGE_SIZE = 50
SORTS = ("attention", "name", "quiet")


@dataclass
class CaseloadPage:
    rows: list[CaseloadRow]
    number: int
    pages: int
    total: int  # clients matching the search
    query: str
    sort: str

    @property
    def previous(self) -> int | None:
        return self.number - 1 if self.number > 1 else None

    @property
    def next(self) -> int | None:
        return self.number + 1 if self.number < self.pages else None


def caseload_page(
    viewer: Any,
    *,
    via: str,
    query: str = "",
    sort: str = "attention",
    page: int = 1,
    today: date | None = None,
) -> CaseloadPage:
    """One page (50) of the caseload, searched by name and sorted, in a constant number of queries.

    "attention" (the default) puts first whoever has the most pressing reason for a look:
    a PHQ-9 item 9 flag, an overdose or blackout logged, a higher WHO drinking risk level,
    nothing logged for 14 days; then by name. Ordering reads every client's reasons (cheap
    aggregates over the journal digest), so each of those reads is recorded as before; the
    full progress summary is read only for the page shown.
    """
    if sort not in SORTS:
        raise ValidationError(
            {"sort": _("Sort by one of: %(sorts)s.") % {"sorts": ", ".join(SORTS)}}
        )
    scopes: dict[int, set[str]] = {}
    names: dict[int, str] = {}
    flags = [f"shares_{scope}" for scope in Scope.values]
    for participant_id, display_name, username, *shares in live_consents(viewer).values_list(
        "participant_id", "participant__display_name", "participant__username", *flags
    ):
        names[participant_id] = display_name or username
        scopes.setdefault(participant_id, set()).update(
            scope for scope, shared in zip(Scope.values, shares, strict=True) if shared
        )
    needle = query.strip().casefold()
    ids = [pk for pk in names if needle in names[pk].casefold()] if needle else list(names)
    with_progress = [pk for pk in ids if Scope.PROGRESS in scopes[pk]]
    with_assessments = [pk for pk in ids if Scope.ASSESSMENTS in scopes[pk]]
    # The consents above come from the primary; the figures may come from a read replica.
    with replica_reads():
        reasons = attention_for(with_progress, today=today)
        for pk in self_harm_flags(with_assessments):
            reasons.setdefault(pk, []).insert(0, "self_harm")
        last = last_reported(with_progress) if sort == "quiet" else {}
    if sort == "attention":
        ids.sort(
            key=lambda pk: (
                [REASON_ORDER.index(r) for r in reasons.get(pk, [])] + [len(REASON_ORDER)],
                names[pk].casefold(),
            )
        )
    elif sort == "quiet":
        ids.sort(key=lambda pk: (last.get(pk, date.min), names[pk].casefold()))
    else:
        ids.sort(key=lambda pk: names[pk].casefold())
    pages = max(1, -(-len(ids) // PAGE_SIZE))
    number = min(max(1, page), pages)
    shown = ids[(number - 1) * PAGE_SIZE : number * PAGE_SIZE]
    people = User.objects.in_bulk(shown)  # from the primary: a new client may not be replicated
    with replica_reads():
        progress = progress_for([pk for pk in shown if pk in with_progress], today=today)
    if with_progress:
        record_many(viewer, Scope.PROGRESS, via)
    if with_assessments:
        record_many(viewer, Scope.ASSESSMENTS, via)
    rows = [
        CaseloadRow(
            client=Client(people[pk], scopes[pk]),
            progress=progress.get(pk),
            self_harm="self_harm" in reasons.get(pk, []),
            reasons=reasons.get(pk, []),
        )
        for pk in shown
    ]
    return CaseloadPage(rows, number, pages, len(ids), query, sort)


# --- The participant's own side: only ever their own rows ------------------------------------


def consents_of(participant: Any) -> QuerySet[Consent]:
    """The participant's consents, newest first, in force or not."""
    if not is_participant(participant):
        return Consent.objects.none()
    return Consent.objects.filter(participant=participant).select_related(
        "organization", "counselor"
    )


def access_log_of(participant: Any) -> QuerySet[AccessRecord]:
    """Every staff view or export of the participant's data, newest first."""
    if not is_participant(participant):
        return AccessRecord.objects.none()
    return AccessRecord.objects.filter(participant=participant).select_related(
        "consent__organization"
    )


def own_records(viewer: User) -> QuerySet[Note]:
    """A counselor's own session notes: their clinical record, whatever the client shares now.

    Kept after the client stops sharing or deletes their account (the consent text says so);
    nothing else of the client's is in it. Staff only; another counselor's notes never are.
    """
    if not is_active_staff(viewer):
        return Note.objects.none()
    return Note.objects.filter(author=viewer).order_by("-created_at", "-pk")


def shared_notes_for(participant: Any) -> QuerySet[Note]:
    """Notes counselors chose to share with the participant; theirs to keep."""
    if not is_participant(participant):
        return Note.objects.none()
    return Note.objects.filter(participant=participant, visibility=Note.Visibility.SHARED)


def suggestions_for(participant: Any) -> QuerySet[Suggestion]:
    if not is_participant(participant):
        return Suggestion.objects.none()
    return Suggestion.objects.filter(participant=participant).select_related("goal", "organization")


def requests_for(participant: Any) -> QuerySet[AssessmentRequest]:
    if not is_participant(participant):
        return AssessmentRequest.objects.none()
    return AssessmentRequest.objects.filter(participant=participant).select_related("organization")
