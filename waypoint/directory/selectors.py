"""Reads of the directory: search, one service, meetings, a person's saved services, referrals.

Search runs in a constant number of queries whatever the size of the directory (SQL compiled
once per query shape in `searchsql.py`): one for the candidates, read from the search points
alone (`ServicePoint` keeps each place's point, its service's status and name and its time
zone; a latitude/longitude box on indexed columns narrows them before any exact distance), one
for their weekly hours, then the services, places, phones, types and languages of the results
shown. Opening hours are computed in Python by the pure functions of `schedule.py`.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from typing import Any, NamedTuple

from django.conf import settings
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from waypoint.accounts.gate import Role, is_active_staff, is_participant, organizations_where
from waypoint.accounts.models import User
from waypoint.core.errors import NotFound
from waypoint.directory import geo, searchsql
from waypoint.directory import schedule as sched
from waypoint.directory.models import (
    Favourite,
    Language,
    Location,
    Organization,
    Phone,
    Place,
    Schedule,
    Service,
    ServiceAtLocation,
    ServicePoint,
    ServiceType,
    Visit,
)
from waypoint.directory.taxonomy import MEETING_TYPES

SHOWN_STATUSES = (Service.Status.ACTIVE, Service.Status.TEMPORARILY_CLOSED)
# A search without a point reads at most this many candidates; with a point, everything in the
# box (the radius bounds it) up to this many.
MAX_CANDIDATES = 5000
DEFAULT_LIMIT = 30


@dataclass
class Result:
    """One service at one location, as a search or a page shows it."""

    service: Service
    location: Location | None
    distance_km: float | None = None
    open_at_time: bool | None = None
    next_change: datetime | None = None
    hours: sched.Hours | None = None
    types: list[str] = field(default_factory=list)
    phones: list[Phone] = field(default_factory=list)
    languages: list[Language] = field(default_factory=list)
    schedules: list[Schedule] = field(default_factory=list)

    @property
    def map_link(self) -> str | None:
        """A geo: URI: the person's own map app opens it; nothing is fetched by Waypoint."""
        loc = self.location
        if loc is None or not loc.has_point or loc.location_type == Location.Kind.VIRTUAL:
            return None
        return (
            f"geo:{loc.latitude:.6f},{loc.longitude:.6f}?q={loc.latitude:.6f},{loc.longitude:.6f}"
        )


@dataclass(frozen=True)
class Search:
    """What a person asked for; every field optional."""

    type: str | None = None
    q: str = ""
    near: geo.Point | None = None
    within_km: float | None = None
    open_at: datetime | None = None
    only_open: bool = False
    walk_in: bool = False
    free: bool = False
    language: str = ""
    meetings: bool | None = None
    online: bool | None = None
    limit: int = DEFAULT_LIMIT


# --- Hours ---------------------------------------------------------------------------------


@lru_cache(maxsize=4096)
def _rule(
    opens_at: time | None,
    closes_at: time | None,
    byday: str,
    bymonthday: str,
    freq: str,
    interval: int | None,
    dtstart: date | None,
    valid_from: date | None,
    valid_to: date | None,
    until: date | None,
) -> sched.Rule | None:
    """A schedule row's rule; the same values recur across thousands of rows, so cached."""
    if opens_at is None or closes_at is None:
        return None
    return sched.Rule(
        opens_at=opens_at,
        closes_at=closes_at,
        byday=sched.parse_byday(byday),
        bymonthday=sched.parse_monthdays(bymonthday),
        freq=freq or "WEEKLY",
        interval=interval or 1,
        dtstart=dtstart,
        valid_from=valid_from,
        valid_to=valid_to,
        until=until,
    )


def rule_of(row: Any) -> sched.Rule | None:
    """The rule of a schedule (a model or a `ScheduleRow`)."""
    return _rule(
        row.opens_at,
        row.closes_at,
        row.byday,
        row.bymonthday,
        row.freq,
        row.interval,
        row.dtstart,
        row.valid_from,
        row.valid_to,
        row.until,
    )


def closure_of(row: Any) -> sched.Closure | None:
    """No opening times, only dates: closed on valid_from…valid_to (Waypoint's convention)."""
    if row.opens_at is None and row.closes_at is None and row.valid_from is not None:
        return sched.Closure(row.valid_from, row.valid_to or row.valid_from)
    return None


class ScheduleRow(NamedTuple):
    """The columns of a schedule that hours need, read without building a model."""

    service_id: int | None
    location_id: int | None
    service_at_location_id: int | None
    opens_at: time | None
    closes_at: time | None
    byday: str
    bymonthday: str
    freq: str
    interval: int | None
    dtstart: date | None
    valid_from: date | None
    valid_to: date | None
    until: date | None


def hours_from(
    schedules: Iterable[Any],
    sal: Any,
    *,
    zone: str | None = None,
) -> sched.Hours:
    """The hours of a service at a location: its own schedules, else the service's, else the
    location's (HSDS's order of precedence); closures at any of those levels all apply.

    `sal` is a ServiceAtLocation or a `Candidate` (anything with pk, location_id and zone).
    """
    levels: list[list[sched.Rule]] = [[], [], []]
    closures: list[sched.Closure] = []
    sal_pk = getattr(sal, "pk", None)
    sal_location = getattr(sal, "location_id", None)
    for row in schedules:
        closure = closure_of(row)
        if closure is not None:
            closures.append(closure)
            continue
        rule = rule_of(row)
        if rule is None:
            continue
        if sal is not None and row.service_at_location_id == sal_pk:
            levels[0].append(rule)
        elif row.service_id is not None and (
            sal is None or row.location_id in (None, sal_location)
        ):
            levels[1].append(rule)
        elif row.service_id is None and (sal is None or row.location_id == sal_location):
            levels[2].append(rule)
    rules = next((level for level in levels if level), [])
    if zone is None:
        zone = sal.location.zone if sal is not None else settings.DIRECTORY_TIME_ZONE
    return sched.Hours(tuple(rules), tuple(closures), zone)


# --- The hours digest ----------------------------------------------------------------------


def digest_of(hours: sched.Hours) -> str | None:
    """The hours as a compact text when they are plain weekly openings (the same every week,
    no dates, no closures), e.g. "MO,TU,WE@09:00:00-17:00:00;SA@10:00:00-14:00:00"; "" when no
    hours are listed; None when only the full arithmetic can answer (dated rules, monthly or
    every-other-week rules, "the first Monday", closures)."""
    if hours.closures:
        return None
    parts = []
    for rule in hours.rules:
        if (
            rule.freq != "WEEKLY"
            or rule.interval != 1
            or rule.bymonthday
            or any(n for n, _code in rule.byday)
            or rule.dtstart
            or rule.valid_from
            or rule.valid_to
            or rule.until
        ):
            return None
        days = ",".join(code for _n, code in rule.byday)
        parts.append(f"{days}@{rule.opens_at.isoformat()}-{rule.closes_at.isoformat()}")
    return ";".join(parts)


@lru_cache(maxsize=4096)
def hours_of_digest(digest: str, zone: str) -> sched.Hours:
    """The hours a digest stands for (the same rules `hours_from` builds from the rows)."""
    rules = []
    for part in digest.split(";") if digest else ():
        days, _at, span = part.partition("@")
        opens, _dash, closes = span.partition("-")
        rule = _rule(
            _time_text(opens), _time_text(closes), days, "", "WEEKLY", 1, None, None, None, None
        )
        if rule is not None:
            rules.append(rule)
    return sched.Hours(tuple(rules), (), zone)


@lru_cache(maxsize=2048)
def _time_text(text: str) -> time:
    return time.fromisoformat(text)


@lru_cache(maxsize=4096)
def _date_text(text: str) -> date:
    return date.fromisoformat(text)


def _light_rows(
    sal_ids: list[int] | None, service_ids: list[int], location_ids: list[int]
) -> list[ScheduleRow]:
    """Schedule rows straight from the cursor (one statement per shape, see `searchsql`), of
    some service-at-locations, services or locations (every row when `sal_ids` is None):
    SQLite hands back times and dates as text, and the ORM's per-value converters cost more
    than the hours arithmetic; these are cached."""
    if sal_ids is None:
        raw = searchsql.fetch(searchsql.schedule_sql(-1, -1, -1), [])
    else:
        raw = searchsql.fetch(
            searchsql.schedule_sql(len(sal_ids), len(service_ids), len(location_ids)),
            [*sal_ids, *service_ids, *location_ids],
        )

    def t(value: Any) -> Any:
        return _time_text(value) if isinstance(value, str) else value

    def d(value: Any) -> Any:
        return _date_text(value[:10]) if isinstance(value, str) else value

    return [
        ScheduleRow(
            r[0],
            r[1],
            r[2],
            t(r[3]),
            t(r[4]),
            r[5],
            r[6],
            r[7],
            r[8],
            d(r[9]),
            d(r[10]),
            d(r[11]),
            d(r[12]),
        )
        for r in raw
    ]


def _schedules_for(
    sals: list[Any], *, light: bool = False, every: bool = False
) -> dict[int, list[Any]]:
    """Schedules touching each service-at-location, in one query (as `ScheduleRow`s if light;
    `every` reads the whole table, for when `sals` is every service-at-location)."""
    if not sals:
        return {}
    service_ids = sorted({s.service_id for s in sals})
    location_ids = sorted({s.location_id for s in sals})
    sal_ids = sorted({s.pk for s in sals})
    rows: Iterable[Any]
    if light:
        rows = _light_rows(None if every else sal_ids, service_ids, location_ids)
    else:
        rows = Schedule.objects.filter(
            Q(service_at_location_id__in=sal_ids)
            | Q(service_id__in=service_ids)
            | Q(service__isnull=True, location_id__in=location_ids)
        )
    by_service: dict[int, list[Any]] = defaultdict(list)
    by_location: dict[int, list[Any]] = defaultdict(list)
    by_sal: dict[int, list[Any]] = defaultdict(list)
    for row in rows:
        if row.service_at_location_id is not None:
            by_sal[row.service_at_location_id].append(row)
        elif row.service_id is not None:
            by_service[row.service_id].append(row)
        elif row.location_id is not None:
            by_location[row.location_id].append(row)
    return {
        s.pk: by_sal[s.pk] + by_service[s.service_id] + by_location[s.location_id] for s in sals
    }


# --- Search --------------------------------------------------------------------------------


def _candidates(search: Search) -> QuerySet[ServiceAtLocation]:
    qs = ServiceAtLocation.objects.select_related("service__organization", "location").filter(
        service__status__in=SHOWN_STATUSES
    )
    box = None
    if search.near is not None:
        box = geo.bounding_box(search.near, search.within_km or settings.DIRECTORY_NEAR_KM)
    if search.type and box is not None:
        # Type and place together: one index range on the search points.
        points = ServicePoint.objects.filter(
            code=search.type, latitude__gte=box.south, latitude__lte=box.north
        )
        if box.crosses_antimeridian:
            points = points.filter(Q(longitude__gte=box.west) | Q(longitude__lte=box.east))
        else:
            points = points.filter(longitude__gte=box.west, longitude__lte=box.east)
        qs = qs.filter(id__in=points.values("service_at_location_id"))
    elif search.type:
        qs = qs.filter(
            Exists(ServiceType.objects.filter(service_id=OuterRef("service_id"), code=search.type))
        )
    if search.q:
        for word in search.q.split()[:6]:
            qs = qs.filter(
                Q(service__name__icontains=word)
                | Q(service__description__icontains=word)
                | Q(service__organization__name__icontains=word)
                | Q(location__name__icontains=word)
                | Q(location__address_1__icontains=word)
                | Q(location__city__icontains=word)
            )
    if search.walk_in:
        qs = qs.filter(service__walk_in=True)
    if search.free:
        qs = qs.filter(service__free=True)
    if search.meetings is not None:
        qs = qs.filter(service__is_meeting=search.meetings)
    if search.online is True:
        qs = qs.filter(location__location_type=Location.Kind.VIRTUAL)
    elif search.online is False:
        qs = qs.exclude(location__location_type=Location.Kind.VIRTUAL)
    if search.language:
        lang = search.language.strip()
        spoken = Language.objects.filter(Q(code__iexact=lang) | Q(name__iexact=lang))
        qs = qs.filter(
            Exists(spoken.filter(service_id=OuterRef("service_id")))
            | Exists(spoken.filter(location_id=OuterRef("location_id")))
        )
    if box is not None and not search.type:
        qs = qs.filter(location__latitude__gte=box.south, location__latitude__lte=box.north)
        if box.crosses_antimeridian:
            qs = qs.filter(
                Q(location__longitude__gte=box.west) | Q(location__longitude__lte=box.east)
            )
        else:
            qs = qs.filter(location__longitude__gte=box.west, location__longitude__lte=box.east)
    return qs


@dataclass
class Candidate:
    """A service-at-location row read as plain values (no models) while narrowing a search."""

    pk: int
    service_id: int
    location_id: int
    latitude: float | None
    longitude: float | None
    time_zone: str
    status: str
    name: str
    digest: str | None = None
    distance_km: float | None = None
    open_at_time: bool | None = None
    hours: sched.Hours | None = None


CANDIDATE_FIELDS = (
    "id",
    "service_id",
    "location_id",
    "location__latitude",
    "location__longitude",
    "location__time_zone",
    "service__status",
    "service__name",
    "hours_digest",
)


def _candidate_rows(search: Search) -> list[tuple[Any, ...]]:
    """The candidates of a search as rows of `searchsql.CANDIDATE_COLUMNS`: the same filters as
    `_candidates`, in SQL made once per shape of search (one query)."""
    box = None
    if search.near is not None:
        box = geo.bounding_box(search.near, search.within_km or settings.DIRECTORY_NEAR_KM)
    words = search.q.split()[:6] if search.q else []
    language = search.language.strip()
    params: list[Any] = list(SHOWN_STATUSES)
    points = bool(search.type and box is not None)
    if points and box is not None:
        params += [search.type, box.south, box.north, box.west, box.east]
    type_exists = bool(search.type) and not points
    if type_exists:
        params.append(search.type)
    for word in words:
        params += [searchsql.contains_param(word)] * 6
    if search.walk_in:
        params.append(True)
    if search.free:
        params.append(True)
    if search.meetings is not None:
        params.append(search.meetings)
    if search.online is not None:
        params.append(Location.Kind.VIRTUAL.value)
    if language:
        params += [searchsql.exact_param(language)] * 4
    in_box = box is not None and not search.type
    if in_box and box is not None:
        params += [box.south, box.north, box.west, box.east]
    if search.near is None:
        params.append(search.limit * 4 if search.only_open else search.limit)
    else:
        params.append(MAX_CANDIDATES)
    sql = searchsql.candidate_sql(
        points=points,
        type_exists=type_exists,
        words=len(words),
        walk_in=search.walk_in,
        free=search.free,
        meetings=search.meetings,
        online=search.online,
        language=bool(language),
        box=in_box,
        antimeridian=bool(box is not None and box.crosses_antimeridian),
        by_name=search.near is None,
    )
    return searchsql.fetch(sql, params)


def search_services(search: Search, *, now: datetime | None = None) -> list[Result]:
    """Services matching the search: nearest first when a point is given, else by name.

    Candidates stay plain rows (`searchsql.CANDIDATE_COLUMNS`); models are built only for the
    results shown, and so are their hours' next change.
    """
    now = now or timezone.now()
    at = search.open_at or now
    default_zone = settings.DIRECTORY_TIME_ZONE
    rows = _candidate_rows(search)
    ranked: Sequence[tuple[float | None, tuple[Any, ...]]]
    if search.near is not None:
        radius = search.within_km or settings.DIRECTORY_NEAR_KM
        near = geo.nearby(search.near, radius, rows, 3, 4)
        near.sort(key=lambda item: (item[0], item[1][7], item[1][0]))  # km, name, id
        ranked = near
    else:
        ranked = [(None, row) for row in rows]
    # Hours for the nearest few first; the rest only if too few of those are open (so at
    # most two schedule queries, whatever the size).
    chosen: list[Candidate] = []
    # Places share hours: "open at" is asked once per opening period and zone, the local
    # time worked out once per zone.
    answered: dict[tuple[str, str], bool] = {}
    local_at: dict[str, datetime] = {}
    first_round = search.limit * 10
    active = Service.Status.ACTIVE
    for batch in (ranked[:first_round], ranked[first_round:]):
        if not batch or len(chosen) >= search.limit:
            break
        # Plain weekly hours come digested with the candidate; only the others read rows.
        undigested = [Candidate(*row) for _km, row in batch if row[8] is None]
        schedules = _schedules_for(undigested, light=True) if undigested else {}
        for km, row in batch:
            zone = row[5] or default_zone
            digest = row[8]
            hours = None
            if row[6] != active:
                open_at_time: bool | None = False
            elif digest is not None:
                open_at_time = _open_by_digest(digest, zone, at, answered, local_at)
            else:
                hours = hours_from(schedules.get(row[0], []), Candidate(*row), zone=zone)
                open_at_time = sched.is_open_local(hours, _local(hours, at, zone, local_at))
            if search.only_open and not open_at_time:
                continue
            if hours is None:
                hours = (
                    hours_of_digest(digest, zone)
                    if digest is not None
                    else hours_from(schedules.get(row[0], []), Candidate(*row), zone=zone)
                )
            candidate = Candidate(*row)
            candidate.distance_km, candidate.open_at_time, candidate.hours = km, open_at_time, hours
            chosen.append(candidate)
            if len(chosen) >= search.limit:
                break
    built = _results_by_id([c.pk for c in chosen])
    shown: list[Result] = []
    for c in chosen:
        service, location = built[c.pk]
        result = Result(
            service=service,
            location=location,
            distance_km=c.distance_km,
            open_at_time=c.open_at_time,
            hours=c.hours,
        )
        # "Open at" is two days of arithmetic; the next change (up to weeks ahead) is worked
        # out only for the results that are shown.
        _answer_next(result, at)
        shown.append(result)
    _attach_details(shown)
    return shown


def _open_by_digest(
    digest: str,
    zone: str,
    at: datetime,
    answered: dict[tuple[str, str], bool],
    local_at: dict[str, datetime],
) -> bool | None:
    """`sched.is_open` for the hours a digest stands for. A place is open when one of its
    weekly periods (the parts of the digest) is, so each part is asked once per search and
    zone (a hundred places share a few dozen parts); None when no hours are listed."""
    if not digest:
        return None
    for part in digest.split(";"):
        key = (part, zone)
        found = answered.get(key)
        if found is None:
            hours = hours_of_digest(part, zone)
            found = answered[key] = bool(
                sched.is_open_local(hours, _local(hours, at, zone, local_at))
            )
        if found:
            return True
    return False


def _local(hours: sched.Hours, at: datetime, zone: str, seen: dict[str, datetime]) -> datetime:
    """`at` as local time in `zone` (the zone of `hours`), worked out once per zone."""
    if zone not in seen:
        seen[zone] = hours.local(at)
    return seen[zone]


def _results_by_id(ids: list[int]) -> dict[int, tuple[Service, Location]]:
    """Service-at-location ids -> (service with its organization, location), in one query,
    built as models without the ORM's per-query work."""
    if not ids:
        return {}
    found: dict[int, tuple[Service, Location]] = {}
    for row in searchsql.fetch(searchsql.results_sql(len(ids)), ids):
        service, at = searchsql.shown_service(row, 1)
        # Only the organization's name is shown (page and API); its other fields are deferred.
        organization = searchsql.instance(Organization, ("id", "name"), row[at : at + 2])
        location, _end = searchsql.build(Location, row, at + 2)
        service.organization = organization
        found[row[0]] = (service, location)
    return found


def _answer_open(result: Result, at: datetime) -> None:
    assert result.hours is not None
    if result.service.status != Service.Status.ACTIVE:
        result.open_at_time = False
    else:
        result.open_at_time = sched.is_open(result.hours, at)


def _answer_next(result: Result, at: datetime) -> None:
    assert result.hours is not None
    if result.service.status != Service.Status.ACTIVE:
        result.next_change = None
        return
    # Most places change within a week; look further only when they do not.
    result.next_change = sched.next_change(result.hours, at, horizon_days=8)
    if result.next_change is None:
        result.next_change = sched.next_change(result.hours, at)


def _answer_hours(result: Result, at: datetime) -> None:
    _answer_open(result, at)
    _answer_next(result, at)


def _attach_details(results: list[Result]) -> None:
    """Types, phones and languages of the shown results: one query, whatever the count.

    Phones and languages are built with the columns that are shown (the others deferred)."""
    if not results:
        return
    service_ids = sorted({r.service.pk for r in results})
    location_ids = sorted({r.location.pk for r in results if r.location is not None})
    types: dict[int, list[str]] = defaultdict(list)
    phones_by_service: dict[int, list[Phone]] = defaultdict(list)
    phones_by_location: dict[int, list[Phone]] = defaultdict(list)
    langs_by_service: dict[int, list[Language]] = defaultdict(list)
    langs_by_location: dict[int, list[Language]] = defaultdict(list)
    # A location list is never empty in SQL: 0 matches no row.
    locations = location_ids or [0]
    params = [*service_ids, *service_ids, *locations, *service_ids, *locations]
    sql = searchsql.details_sql(len(service_ids), len(location_ids))
    for kind, *row in searchsql.fetch(sql, params):
        if kind == 0:
            types[row[1]].append(row[3])
        elif kind == 1:
            phone = searchsql.instance(Phone, searchsql.PHONE_FIELDS, row)
            if phone.service_id is not None:
                phones_by_service[phone.service_id].append(phone)
            elif phone.location_id is not None:
                phones_by_location[phone.location_id].append(phone)
        else:
            lang = searchsql.instance(Language, searchsql.LANGUAGE_FIELDS, row)
            if lang.service_id is not None:
                langs_by_service[lang.service_id].append(lang)
            elif lang.location_id is not None:
                langs_by_location[lang.location_id].append(lang)
    for r in results:
        r.types = sorted(types[r.service.pk])
        loc_id = r.location.pk if r.location is not None else None
        r.phones = phones_by_service[r.service.pk] or phones_by_location.get(loc_id or 0, [])
        r.languages = langs_by_service[r.service.pk] or langs_by_location.get(loc_id or 0, [])


def service_results(service_id: int, *, at: datetime | None = None) -> list[Result]:
    """One service at each of its locations (at least one result), or NotFound."""
    service = Service.objects.select_related("organization").filter(pk=service_id).first()
    if service is None or service.status == Service.Status.DEFUNCT:
        raise NotFound()
    at = at or timezone.now()
    sals = list(ServiceAtLocation.objects.filter(service=service).select_related("location"))
    for sal in sals:
        sal.service = service
    schedules = _schedules_for(sals)
    results = []
    for sal in sals:
        result = Result(service=service, location=sal.location)
        result.schedules = schedules.get(sal.pk, [])
        result.hours = hours_from(result.schedules, sal)
        _answer_hours(result, at)
        results.append(result)
    if not results:
        rows = list(Schedule.objects.filter(service=service))
        result = Result(service=service, location=None, schedules=rows)
        result.hours = hours_from(rows, None)
        _answer_hours(result, at)
        results.append(result)
    _attach_details(results)
    return results


def place_named(text: str) -> Place | None:
    """A gazetteer place by name or postcode (case, spaces and punctuation do not matter)."""
    key = place_key(text)
    return Place.objects.filter(key=key).first() if key else None


def place_key(text: str) -> str:
    return "".join(ch for ch in text.lower() if ch.isalnum())


def places(limit: int = 12) -> list[Place]:
    """Known places, one per name (a place is stored under its name and its postcode)."""
    seen: dict[str, Place] = {}
    for place in Place.objects.order_by("name", "postcode")[: limit * 3]:
        seen.setdefault(place.name, place)
    return list(seen.values())[:limit]


# --- Meetings ------------------------------------------------------------------------------


@dataclass
class MeetingTime:
    result: Result
    starts: datetime
    ends: datetime

    @property
    def kind(self) -> str:
        found = [t for t in self.result.types if t in MEETING_TYPES]
        return found[0] if found else "peer-support"


def next_meetings(
    *,
    near: geo.Point | None = None,
    within_km: float | None = None,
    online: bool | None = None,
    hours: int = 24 * 7,
    kind: str | None = None,
    now: datetime | None = None,
    limit: int = 30,
) -> list[MeetingTime]:
    """Meetings starting within `hours` (or under way now), soonest first; constant queries."""
    now = now or timezone.now()
    until = now + timedelta(hours=hours)
    search = Search(
        type=kind if kind in MEETING_TYPES else None,
        near=near,
        within_km=within_km,
        meetings=True,
        online=online,
        limit=MAX_CANDIDATES,
    )
    qs = _candidates(search)
    sals = list(qs.order_by("service__name", "id")[:MAX_CANDIDATES])
    schedules = _schedules_for(sals)
    times: list[MeetingTime] = []
    for sal in sals:
        result = Result(service=sal.service, location=sal.location)
        if near is not None:
            loc = sal.location
            if not loc.has_point:
                continue
            result.distance_km = geo.distance_km(
                near,
                geo.Point(loc.latitude, loc.longitude),  # type: ignore[arg-type]
            )
            if result.distance_km > (within_km or settings.DIRECTORY_NEAR_KM):
                continue
        if sal.service.status != Service.Status.ACTIVE:
            continue
        result.schedules = schedules.get(sal.pk, [])
        result.hours = hours_from(result.schedules, sal)
        for starts, ends in sched.upcoming(result.hours, now, until):
            times.append(MeetingTime(result, starts, ends))
    times.sort(key=lambda m: (m.starts, m.result.distance_km or 0, m.result.service.name))
    times = times[:limit]
    _attach_details(list({id(m.result): m.result for m in times}.values()))
    return times


# --- Saved services, "I went", referrals ---------------------------------------------------


def favourites_of(user: User) -> list[Favourite]:
    return list(Favourite.objects.filter(user=user).select_related("service__organization"))


def saved_ids(user: Any) -> set[int]:
    if not is_participant(user):
        return set()
    return set(Favourite.objects.filter(user=user).values_list("service_id", flat=True))


def visits_of(user: User) -> list[Visit]:
    return list(Visit.objects.filter(user=user).select_related("service__organization"))


def referrals_for(viewer: Any, participant_id: int, *, via: str) -> list[Visit]:
    """A client's "I went" marks, for a counselor holding a live consent covering `referrals`.

    Goes through care's `consent_for`, which decides and writes the access record; without
    consent the answer is NotFound, like every other client page.
    """
    from waypoint.care.models import Scope
    from waypoint.care.selectors import consent_for

    if consent_for(viewer, participant_id, Scope.REFERRALS, via=via) is None:
        raise NotFound()
    return list(
        Visit.objects.filter(user_id=participant_id).select_related("service__organization")
    )


def referral_service(service_id: int) -> Service:
    """A directory service another app may point at (care suggestions, program referrals).

    Public information only: the directory holds no participant data. NotFound when missing or
    closed for good.
    """
    service = (
        Service.objects.select_related("organization")
        .exclude(status=Service.Status.DEFUNCT)
        .filter(pk=service_id)
        .first()
    )
    if service is None:
        raise NotFound()
    return service


def referral_choices(*, type: str | None = None, q: str = "") -> QuerySet[Service]:
    """Services that can be referred to (for a choice list), by name; filter by type or text."""
    qs = Service.objects.select_related("organization").filter(status__in=SHOWN_STATUSES)
    if type:
        qs = qs.filter(types__code=type)
    if q:
        qs = qs.filter(Q(name__icontains=q) | Q(organization__name__icontains=q))
    return qs.order_by("name", "id")


def own_export(user: User) -> dict[str, Any]:
    """A person's saved services and "I went" marks for their own export (two queries)."""
    return {
        "saved": [
            {
                "service": f.service.name,
                "service_id": f.service.hsds_id,
                "saved_at": f.saved_at.isoformat(),
            }
            for f in favourites_of(user)
        ],
        "went": [
            {
                "service": v.service.name,
                "service_id": v.service.hsds_id,
                "went_on": v.went_on.isoformat(),
            }
            for v in visits_of(user)
        ],
    }


# --- Hand editing --------------------------------------------------------------------------


def editable_organizations(user: Any) -> QuerySet[Organization]:
    """Directory organizations the user may edit: those managed by an account where they are
    an admin (decided by the gate)."""
    if not is_active_staff(user):
        return Organization.objects.none()
    return Organization.objects.filter(managed_by__in=organizations_where(user, [Role.ADMIN]))


def editable_service(user: Any, service_id: int) -> Service:
    service = (
        Service.objects.select_related("organization")
        .filter(pk=service_id, organization__in=editable_organizations(user))
        .first()
    )
    if service is None:
        raise NotFound()
    return service


def services_editable_by(user: Any) -> QuerySet[Service]:
    return Service.objects.filter(organization__in=editable_organizations(user)).select_related(
        "organization"
    )


@dataclass
class PlacesAndHours:
    """A service's places, weekly openings (each for the service or one place) and closures,
    for its editing page."""

    places: list[Location]
    openings: list[tuple[Schedule, Location | None]]
    closures: list[Schedule]


def places_and_hours(service: Service) -> PlacesAndHours:
    """Three queries: the places, then every schedule row of the service or its places."""
    sals = list(
        ServiceAtLocation.objects.filter(service=service)
        .select_related("location")
        .order_by("location__name", "pk")
    )
    place_of = {sal.pk: sal.location for sal in sals}
    rows = Schedule.objects.filter(
        Q(service=service) | Q(service_at_location_id__in=list(place_of))
    ).order_by("valid_from", "pk")
    openings: list[tuple[Schedule, Location | None]] = []
    closures: list[Schedule] = []
    for row in rows:
        if row.is_closure:
            closures.append(row)
        elif row.opens_at is not None:
            openings.append((row, place_of.get(row.service_at_location_id or 0)))
    return PlacesAndHours([sal.location for sal in sals], openings, closures)


def can_edit_directory(user: Any) -> bool:
    return organizations_where(user, [Role.ADMIN]).exists()


def refresh_points(service_ids: Iterable[int] | None = None) -> None:
    """Rebuild the search points (all, or for some services) in one INSERT … SELECT."""
    from django.db import connection

    points = ServicePoint.objects.all()
    ids = None if service_ids is None else sorted(set(service_ids))
    if ids is not None:
        points = points.filter(service_at_location__service_id__in=ids)
    points._raw_delete(points.db)  # no signals, no cascade
    quote = connection.ops.quote_name
    sql = (
        f"INSERT INTO {quote(ServicePoint._meta.db_table)} "  # noqa: S608 (names from Django)
        "(service_at_location_id, code, latitude, longitude, status, name, time_zone) "
        "SELECT sal.id, t.code, l.latitude, l.longitude, s.status, s.name, l.time_zone "
        f"FROM {quote(ServiceAtLocation._meta.db_table)} sal "
        f"JOIN {quote(Service._meta.db_table)} s ON s.id = sal.service_id "
        f"JOIN {quote(Location._meta.db_table)} l ON l.id = sal.location_id "
        f"JOIN {quote(ServiceType._meta.db_table)} t ON t.service_id = sal.service_id "
        "WHERE l.latitude IS NOT NULL AND l.longitude IS NOT NULL"
    )
    with connection.cursor() as cursor:
        if ids is None:
            cursor.execute(sql)
        else:
            for start in range(0, len(ids), 500):
                chunk = ids[start : start + 500]
                marks = ", ".join(["%s"] * len(chunk))
                cursor.execute(f"{sql} AND sal.service_id IN ({marks})", chunk)
    refresh_digests(ids)


def refresh_digests(service_ids: list[int] | None = None) -> None:
    """Rebuild the hours digest of every service-at-location (or those of some services), in
    batches: read their schedules, work out their hours, write the digest."""
    from django.db import connection

    sals = ServiceAtLocation.objects.order_by("pk")
    if service_ids is not None:
        sals = sals.filter(service_id__in=service_ids)
    rows = list(sals.values_list("pk", "service_id", "location_id", "location__time_zone"))
    default_zone = settings.DIRECTORY_TIME_ZONE
    update = (
        f"UPDATE {connection.ops.quote_name(ServiceAtLocation._meta.db_table)} "  # noqa: S608
        "SET hours_digest = %s WHERE id = %s"
    )
    # Everything at once after an import (one read of the whole table); a few services in
    # batches of their own.
    size = len(rows) if service_ids is None else 300
    for start in range(0, len(rows), max(size, 1)):
        batch = [
            Candidate(pk, service_id, location_id, None, None, zone or "", "", "")
            for pk, service_id, location_id, zone in rows[start : start + size]
        ]
        schedules = _schedules_for(batch, light=True, every=service_ids is None)
        values = [
            (
                digest_of(hours_from(schedules.get(c.pk, []), c, zone=c.time_zone or default_zone)),
                c.pk,
            )
            for c in batch
        ]
        with connection.cursor() as cursor:
            cursor.executemany(update, values)
