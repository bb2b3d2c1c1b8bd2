"""Who may see which participant's data, and the caseload computed in a constant number of queries.

Every staff read of participant data goes through `consent_for` (one person) or `clients_of`
and `caseload` (many people). All three rest on `live_consents`, the single definition of a
consent that is in force for a viewer; and the reading functions write the access record in the
same place they decide, so a page cannot read without leaving a trace in the participant's log.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db import connection, connections
from django.db.models import Q, QuerySet
from django.db.models.expressions import RawSQL
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
    summaries_for,
)
from waypoint.journal import attention
from waypoint.journal.models import Attention

WINDOW_DAYS = 28


def live_consents(viewer: Any) -> QuerySet[Consent]:
    """Consents in force for this viewer right now: the single rule every staff read follows.

    In force means: not revoked; not past the end of its last day on the participant's clock
    (`Consent.ends_at`, one instant whoever reads); given by an active participant; to an
    organization where the viewer is a counselor today; and naming the viewer or no one (the
    organization's counselors). Nothing is cached: a revocation or a staff removal counts from
    the very next request.
    """
    if not is_active_staff(viewer):
        return Consent.objects.none()
    counselor_of = Membership.objects.filter(user=viewer, role__in=CLIENT_ROLES).values(
        "organization_id"
    )
    return Consent.objects.filter(
        Q(ends_at__isnull=True) | Q(ends_at__gt=timezone.now()),
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


def _record(viewer: Any, via: str, reads: Sequence[tuple[int, int, str]]) -> None:
    """An access record for each (participant, consent, scope) read, in one statement.

    The caseload decides who it may read from the live consents it has just read, and records
    exactly those reads here: a page of any size costs one query.
    """
    if not reads:
        return
    quote = connection.ops.quote_name
    at = connection.ops.adapt_datetimefield_value(timezone.now())
    staff = (viewer.pk, viewer.shown_name[:60])
    params = [
        value
        for pk, consent, scope in reads
        for value in (*staff, pk, consent, str(scope), via, at)
    ]
    values = ", ".join(["(%s, %s, %s, %s, %s, %s, %s)"] * len(reads))
    sql = (
        f"INSERT INTO {quote(AccessRecord._meta.db_table)} "  # noqa: S608 (values as params)
        f"(staff_id, staff_name, participant_id, consent_id, scope, via, at) VALUES {values}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


# --- Progress: asked of the goals app, for one person or many at once ------------------------

Progress = ProgressSummary


def progress_for(participant_ids: list[int], *, today: date | None = None) -> dict[int, Progress]:
    """Progress for each participant in a fixed number of queries, whatever their number.

    Each one's windows end on their own today unless `today` is given. Callers must already
    hold a consent covering progress for every id (see `caseload`).
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


PAGE_SIZE = 50
SORTS = ("attention", "name", "quiet")
# A bit per reason, the most pressing highest: ordering by their sum, largest first, is the
# order of REASON_ORDER (whoever has an earlier reason first, then the next, and so on).
REASON_BITS = {key: 1 << (len(REASON_ORDER) - 1 - n) for n, key in enumerate(REASON_ORDER)}
# Which consent scope shows each reason: the PHQ-9 one is a questionnaire, the rest progress.
REASON_SCOPES = {key: Scope.PROGRESS for key in REASON_ORDER} | {"self_harm": Scope.ASSESSMENTS}


def _live_sql(live: QuerySet[Consent]) -> tuple[str, list[Any]]:
    """The gate's live consents as SQL: one row per consent (pk, participant_id, shares_…)."""
    flags = [f"shares_{scope}" for scope in Scope.values]
    sql, params = (
        live.order_by().values_list("pk", "participant_id", *flags).query.sql_with_params()
    )
    return sql, list(params)


def _page(
    live: tuple[str, list[Any]],
    *,
    query: str,
    sort: str,
    days: attention.Days,
    offset: int,
    limit: int,
    connection: Any,
) -> tuple[list[tuple[Any, ...]], int]:
    """The viewer's clients, searched, ordered and paged, and how many match: one SQL statement.

    Rows are (pk, username, display_name, need, then per scope of `Scope.values` the first
    live consent covering it or None). `live` is `_live_sql` of the viewer's `live_consents`:
    every client, and every scope a reason is shown for, comes from the gate's own query. Each
    reason is read from the stored attention state (`journal.attention.reasons_sql`) and counts
    only where a live consent covers its scope, so the order itself says nothing the viewer may
    not see. Written as SQL: compiling the ORM's version (the consents six times over, a
    `CASE` per reason) and its separate count cost more than the database's work.
    """
    quote = connection.ops.quote_name
    covers = ", ".join(
        f"MIN(CASE WHEN l.{quote('shares_' + scope)} THEN l.{quote('pk')} END) AS c_{scope}"
        for scope in Scope.values
    )
    live_sql, live_params = live
    reasons = attention.reasons_sql(days, connection=connection)
    need, params = [], []  # in the order of their placeholders: the reasons, the consents, …
    for key in REASON_ORDER:
        condition, values = reasons[key]
        need.append(
            f"CASE WHEN c.c_{REASON_SCOPES[key]} IS NOT NULL AND {condition} "
            f"THEN {REASON_BITS[key]} ELSE 0 END"
        )
        params += values
    params += live_params
    where = ""
    if needle := query.strip():
        like = connection.operators["icontains"] % "%s"
        cast = connection.ops.lookup_cast("icontains", "CharField")
        where = (
            f"WHERE ({cast % 'u.display_name'} {like} "
            f"OR (u.display_name = %s AND {cast % 'u.username'} {like}))"
        )
        pattern = f"%{connection.ops.prep_for_like_query(needle)}%"
        params += [pattern, "", pattern]
    order = {
        "attention": "p.need DESC, p.name_key, p.id",
        # Longest without logging first (never logged before anyone), where progress is shared.
        "quiet": (
            "CASE WHEN p.last_logged IS NULL THEN 0 ELSE 1 END, p.last_logged, p.name_key, p.id"
        ),
        "name": "p.name_key, p.id",
    }[sort]
    scopes = ", ".join(f"p.c_{scope}" for scope in Scope.values)
    sql = (
        f"SELECT p.id, p.username, p.display_name, p.need, {scopes}, COUNT(*) OVER () "  # noqa: S608 (values as params)
        f"FROM (SELECT u.id AS id, u.username AS username, u.display_name AS display_name, "
        f"{', '.join(f'c.c_{scope} AS c_{scope}' for scope in Scope.values)}, "
        f"{' + '.join(need)} AS need, "
        "LOWER(COALESCE(NULLIF(u.display_name, ''), u.username)) AS name_key, "
        f"CASE WHEN c.c_{Scope.PROGRESS} IS NOT NULL THEN a.last_logged END AS last_logged "
        f"FROM (SELECT l.participant_id AS participant_id, {covers} FROM ({live_sql}) l "
        "GROUP BY l.participant_id) c "
        f"INNER JOIN {quote(User._meta.db_table)} u ON u.id = c.participant_id "
        f"LEFT OUTER JOIN {quote(Attention._meta.db_table)} a ON a.user_id = u.id "
        f"{where}) p ORDER BY {order} LIMIT %s OFFSET %s"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, limit, offset])
        rows = cursor.fetchall()
        if not rows and offset:  # past the last page: still say how many there are
            cursor.execute(sql, [*params, 1, 0])
            found = cursor.fetchall()
            return [], found[0][-1] if found else 0
    return [row[:-1] for row in rows], rows[0][-1] if rows else 0


def caseload_rows(
    viewer: Any,
    *,
    via: str,
    query: str = "",
    sort: str = "attention",
    offset: int = 0,
    limit: int = PAGE_SIZE,
    today: date | None = None,
) -> tuple[list[CaseloadRow], int]:
    """Some of the viewer's clients (and how many match), in a constant number of queries.

    Searched by name, ordered by `sort` ("attention": whoever has the most pressing reason for a
    look first, then by name). Progress and flags are read, and the reads recorded in each
    client's access log, only for the clients returned.
    """
    if sort not in SORTS:
        raise ValidationError(
            {"sort": _("Sort by one of: %(sorts)s.") % {"sorts": ", ".join(SORTS)}}
        )
    live = live_consents(viewer)
    if live.query.is_empty():  # not staff: nobody
        return [], 0
    connection = connections[live.db]
    live_sql = _live_sql(live)  # compiled once: every query below reads this one
    clients = RawSQL(f"SELECT l.participant_id FROM ({live_sql[0]}) l", live_sql[1])  # noqa: S608, S611
    # Each client's 14 and 28 days end on the client's own today, not the viewer's: a condition
    # per calendar day their zones are on (at most three). A later stretch of a worse WHO level
    # can make a stored state stale without any write: those are recomputed first (the same
    # one query when, as usual, there are none).
    days: attention.Days
    if today is None:
        days = attention.days_of(clients)
    else:
        days = today
        attention.refresh_stale(clients, on=today)
    found, total = _page(
        live_sql,
        query=query,
        sort=sort,
        days=days,
        offset=offset,
        limit=limit,
        connection=connection,
    )
    people: list[tuple[User, int]] = []
    scopes: dict[int, set[str]] = {}
    covering: dict[tuple[str, int], int] = {}  # (scope, person) → the first consent covering it
    names = ["id", "username", "display_name"]  # only what a card and the API show of a person
    for pk, username, display_name, need, *consents in found:
        people.append((User.from_db(live.db, names, [pk, username, display_name]), need))
        scopes[pk] = set()
        for scope, consent_id in zip(Scope.values, consents, strict=True):
            if consent_id is not None:
                scopes[pk].add(scope)
                covering[scope, pk] = consent_id
    with_progress = [pk for pk in scopes if Scope.PROGRESS in scopes[pk]]
    with_assessments = [pk for pk in scopes if Scope.ASSESSMENTS in scopes[pk]]
    with replica_reads():  # consents above come from the primary; figures may lag a little
        progress = progress_for(with_progress, today=today)  # None: each client's own today
    # The records name the consents just read, the ones that allowed what the page shows.
    _record(
        viewer,
        via,
        [(pk, covering[Scope.PROGRESS, pk], Scope.PROGRESS) for pk in with_progress]
        + [(pk, covering[Scope.ASSESSMENTS, pk], Scope.ASSESSMENTS) for pk in with_assessments],
    )
    rows = []
    for person, need in people:
        reasons = [key for key in REASON_ORDER if need & REASON_BITS[key]]
        rows.append(
            CaseloadRow(
                client=Client(person, scopes[person.pk]),
                progress=progress.get(person.pk),
                self_harm="self_harm" in reasons,
                reasons=reasons,
            )
        )
    return rows, total


def caseload(viewer: Any, *, via: str, today: date | None = None) -> list[CaseloadRow]:
    """The viewer's first page of clients by name (what the demo and a quick look need)."""
    rows, _total = caseload_rows(viewer, via=via, sort="name", today=today)
    return rows


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
    a PHQ-9 item 9 flag, an overdose or blackout logged, nothing logged for 14 days, a higher
    WHO drinking risk level; then by name. A page past the last shows the last.
    """

    def read(number: int) -> tuple[list[CaseloadRow], int]:
        offset = (number - 1) * PAGE_SIZE
        return caseload_rows(
            viewer, via=via, query=query, sort=sort, offset=offset, limit=PAGE_SIZE, today=today
        )

    number = max(1, page)
    rows, total = read(number)
    pages = max(1, -(-total // PAGE_SIZE))
    if number > pages:  # rare: ask again for the last page (the records above were for none)
        number = pages
        rows, total = read(number)
    return CaseloadPage(rows, number, pages, total, query, sort)


# --- The participant's own side: only ever their own rows ------------------------------------
def consents_of(participant: Any) -> QuerySet[Consent]:
    """The participant's consents, newest first, in force or not."""
    if not is_participant(participant):
        return Consent.objects.none()
    return Consent.objects.filter(participant=participant).select_related(
        "organization", "counselor", "participant"
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
