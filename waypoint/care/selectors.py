"""Who may see which participant's data, and the caseload computed in a constant number of queries.

Every staff read of participant data goes through `consent_for` (one person) or `clients_of`
and `caseload` (many people). All three rest on `live_consents`, the single definition of a
consent that is in force for a viewer; and the reading functions write the access record in the
same place they decide, so a page cannot read without leaving a trace in the participant's log.
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.db import connection
from django.db.models import Max, Q, QuerySet
from django.utils import timezone

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
from waypoint.goals.progress import Comparison, scope_of_goal, scope_progress
from waypoint.goals.rules import Journal, Use
from waypoint.journal.models import BaselineDay, CheckIn, Entry, Profile, Substance
from waypoint.journal.vocab import Category

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


# --- Progress: the last 28 days against the baseline, for many people at once ----------------


@dataclass
class Progress:
    """One person's last 28 days compared with their baseline calendar, or the 28 days before.

    The comparison itself is the goals app's (`scope_progress` over everything the person
    uses), so a counselor sees the same shades the participant sees on their own progress page.
    """

    comparison: Comparison
    against_baseline: bool
    days_reported: int
    last_reported: date | None

    @property
    def better(self) -> list[str]:
        return [text.shade or text.label for text in self.comparison.better]

    @property
    def other(self) -> list[str]:
        return [text.label for text in self.comparison.other]


def _codes(value: object) -> tuple[str, ...]:
    # values_list() on a JSONField decodes on most backends; raw text on some drivers.
    if isinstance(value, str):
        value = json.loads(value)
    return tuple(value) if value else ()  # type: ignore[arg-type]


def progress_for(participant_ids: list[int], *, today: date | None = None) -> dict[int, Progress]:
    """Progress for each participant in seven queries, whatever their number.

    Callers must already hold a consent covering progress for every id (see `caseload`).
    """
    if not participant_ids:
        return {}
    today = today or timezone.localdate()
    since = today - timedelta(days=2 * WINDOW_DAYS - 1)
    profiles = {p.user_id: p for p in Profile.objects.filter(user_id__in=participant_ids)}
    alcohol = frozenset(
        Substance.objects.filter(category=Category.ALCOHOL).values_list("pk", flat=True)
    )
    uses: dict[int, dict[date, list[Use]]] = {pk: defaultdict(list) for pk in participant_ids}
    for user_id, day, substance_id, amount, unit, grams, harms, care in (
        Entry.objects.filter(user_id__in=participant_ids, day__gte=since, day__lte=today)
        .order_by()
        .values_list(
            "user_id",
            "day",
            "substance_id",
            "amount",
            "unit",
            "alcohol_grams",
            "harms",
            "care_actions",
        )
    ):
        uses[user_id][day].append(
            Use(substance_id, float(amount), unit, grams, _codes(harms), _codes(care))
        )
    no_use: dict[int, set[date]] = defaultdict(set)
    wellbeing: dict[int, dict[date, int]] = defaultdict(dict)
    for user_id, day, flag, score in (
        CheckIn.objects.filter(user_id__in=participant_ids, day__gte=since, day__lte=today)
        .order_by()
        .values_list("user_id", "day", "no_use", "wellbeing")
    ):
        if flag:
            no_use[user_id].add(day)
        if score is not None:
            wellbeing[user_id][day] = score
    baseline: dict[int, list[tuple[date, int, float, float | None]]] = defaultdict(list)
    for user_id, *row in (
        BaselineDay.objects.filter(user_id__in=participant_ids)
        .order_by()
        .values_list("user_id", "day", "substance_id", "amount", "alcohol_grams")
    ):
        baseline[user_id].append(tuple(row))  # type: ignore[arg-type]
    last: dict[int, date] = {}
    for model in (CheckIn, Entry):
        for user_id, day in (
            model.objects.filter(user_id__in=participant_ids)
            .order_by()
            .values("user_id")
            .annotate(last=Max("day"))
            .values_list("user_id", "last")
        ):
            if user_id not in last or day > last[user_id]:
                last[user_id] = day
    everything = None
    found: dict[int, Progress] = {}
    for pk in participant_ids:
        profile = profiles.get(pk) or Profile(user_id=pk)
        journal = Journal(
            uses=dict(uses[pk]), no_use=no_use[pk], wellbeing=wellbeing[pk], alcohol_ids=alcohol
        )
        rows = baseline[pk] if profile.baseline_start and profile.baseline_end else []
        everything = everything or scope_of_goal(None, journal, profile)
        scoped = scope_progress(
            everything, journal, rows, profile=profile, on=today, days=WINDOW_DAYS
        )
        against_baseline = scoped.against_baseline is not None
        comparison = scoped.against_baseline or scoped.against_previous
        found[pk] = Progress(
            comparison=comparison,
            against_baseline=against_baseline,
            days_reported=len(
                journal.reported_between(today - timedelta(days=WINDOW_DAYS - 1), today)
            ),
            last_reported=last.get(pk),
        )
    return found


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

    @property
    def participant(self) -> User:
        return self.client.participant


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
