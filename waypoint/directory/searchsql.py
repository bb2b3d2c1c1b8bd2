"""The search's SQL, written once per shape of search and run with parameters only.

Building a query with the ORM costs as much as running it (Django compiles the filters, joins
and columns on every request); a search page runs up to seven. Here the statement text is made
once per *shape* (which filters are present, how many words, how many ids) and kept; a request
only fills in the parameters. The SQL is plain enough to be the same on SQLite and PostgreSQL;
the few differences (case-insensitive matching) come from Django's own backend operators.

Rows come back as tuples; `models_from` turns a row into model instances without the ORM's
per-query work, converting the values SQLite hands back as text (dates, times) or integers
(booleans) the way Django's converters would.
"""

# Every name in this SQL comes from Django's models, every value is a parameter.
# ruff: noqa: S608

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from datetime import UTC, date, datetime, time
from functools import cache, lru_cache
from typing import Any, TypeVar

from django.db import connection, models
from django.db.models import Model
from django.db.models.base import ModelState

from waypoint.directory.models import (
    Language,
    Location,
    Organization,
    Phone,
    Schedule,
    Service,
    ServiceAtLocation,
    ServicePoint,
    ServiceType,
)

M = TypeVar("M", bound=Model)

# The columns a candidate is read with (see selectors.Candidate).
CANDIDATE_COLUMNS = (
    "sal.id",
    "sal.service_id",
    "sal.location_id",
    "l.latitude",
    "l.longitude",
    "l.time_zone",
    "s.status",
    "s.name",
    "sal.hours_digest",
)
# The same, read from the search points (see `candidate_sql`).
POINT_COLUMNS = (
    "sal.id",
    "sal.service_id",
    "sal.location_id",
    "p.latitude",
    "p.longitude",
    "p.time_zone",
    "p.status",
    "p.name",
    "sal.hours_digest",
)
SCHEDULE_COLUMNS = (
    "service_id",
    "location_id",
    "service_at_location_id",
    "opens_at",
    "closes_at",
    "byday",
    "bymonthday",
    "freq",
    "interval",
    "dtstart",
    "valid_from",
    "valid_to",
    "until",
)


def q(name: str) -> str:
    return connection.ops.quote_name(name)


def table(model: type[Model]) -> str:
    return q(model._meta.db_table)


@cache
def _like(kind: str) -> tuple[str, str]:
    """(left side with one %s for the column, right side) of Django's `kind` lookup (icontains,
    iexact) on this backend, e.g. ('UPPER(%s::text)', 'LIKE UPPER(%s)') on PostgreSQL."""
    lhs = connection.ops.lookup_cast(kind, "CharField")
    rhs: str = getattr(connection, "operators")[kind]  # noqa: B009 (not in the stubs)
    return lhs, rhs


def icontains(column: str) -> str:
    lhs, rhs = _like("icontains")
    return f"{lhs % column} {rhs}"


def iexact(column: str) -> str:
    lhs, rhs = _like("iexact")
    return f"{lhs % column} {rhs}"


def contains_param(word: str) -> str:
    return f"%{connection.ops.prep_for_like_query(word)}%"


def exact_param(word: str) -> str:
    return str(connection.ops.prep_for_iexact_query(word))


def marks(n: int) -> str:
    return ", ".join(["%s"] * n)


# --- Candidates ------------------------------------------------------------------------------


@lru_cache(maxsize=256)
def candidate_sql(
    *,
    points: bool,
    type_exists: bool,
    words: int,
    walk_in: bool,
    free: bool,
    meetings: bool | None,
    online: bool | None,
    language: bool,
    box: bool,
    antimeridian: bool,
    by_name: bool,
) -> str:
    """The candidate statement for one shape of search (parameters in the order of `where`).

    Type near a point starts from the search points, which carry the status, name and time
    zone: the service and location rows are read only when another filter needs them."""
    lon_range = "({col} >= %s OR {col} <= %s)" if antimeridian else "{col} >= %s AND {col} <= %s"
    if points:
        where = [
            "p.status IN (%s, %s)",
            "p.code = %s AND p.latitude >= %s AND p.latitude <= %s AND "
            + lon_range.format(col="p.longitude"),
        ]
    else:
        where = ["s.status IN (%s, %s)"]
    if type_exists:
        where.append(
            f"EXISTS (SELECT 1 FROM {table(ServiceType)} t "
            "WHERE t.service_id = sal.service_id AND t.code = %s)"
        )
    text_columns = ("s.name", "s.description", "o.name", "l.name", "l.address_1", "l.city")
    for _word in range(words):
        where.append("(" + " OR ".join(icontains(c) for c in text_columns) + ")")
    if walk_in:
        where.append("s.walk_in = %s")
    if free:
        where.append("s.free = %s")
    if meetings is not None:
        where.append("s.is_meeting = %s")
    if online is True:
        where.append("l.location_type = %s")
    elif online is False:
        where.append("l.location_type <> %s")
    if language:
        spoken = f"({iexact('g.code')} OR {iexact('g.name')})"
        where.append(
            f"(EXISTS (SELECT 1 FROM {table(Language)} g WHERE g.service_id = sal.service_id "
            f"AND {spoken}) OR EXISTS (SELECT 1 FROM {table(Language)} g "
            f"WHERE g.location_id = sal.location_id AND {spoken}))"
        )
    if box:
        where.append(
            "l.latitude >= %s AND l.latitude <= %s AND " + lon_range.format(col="l.longitude")
        )
    order = " ORDER BY s.name, sal.service_id, sal.id" if by_name else ""
    joins = []
    if points:
        columns = POINT_COLUMNS
        joins.append(
            f"{table(ServicePoint)} p JOIN {table(ServiceAtLocation)} sal "
            "ON sal.id = p.service_at_location_id"
        )
    else:
        columns = CANDIDATE_COLUMNS
        joins.append(f"{table(ServiceAtLocation)} sal")
    if not points or words or walk_in or free or meetings is not None:
        joins.append(f"{table(Service)} s ON s.id = sal.service_id")
    if words:  # the organization only for its name
        joins.append(f"{table(Organization)} o ON o.id = s.organization_id")
    if not points or words or online is not None:
        joins.append(f"{table(Location)} l ON l.id = sal.location_id")
    return (
        f"SELECT {', '.join(columns)} FROM {' JOIN '.join(joins)} "
        f"WHERE {' AND '.join(where)}{order} LIMIT %s"
    )


# --- Schedules -------------------------------------------------------------------------------


# Times and dates are read as text: SQLite's per-value converters cost more than the hours
# arithmetic, and the few distinct texts are parsed once (selectors keeps a cache).
AS_TEXT = {"opens_at", "closes_at", "dtstart", "valid_from", "valid_to", "until"}


@lru_cache(maxsize=512)
def schedule_sql(sals: int, services: int, locations: int) -> str:
    """Schedules of some service-at-locations, services, or locations; every schedule when
    all three counts are -1."""
    wanted = ", ".join(f"CAST({q(c)} AS TEXT)" if c in AS_TEXT else q(c) for c in SCHEDULE_COLUMNS)
    if sals == services == locations == -1:
        return f"SELECT {wanted} FROM {table(Schedule)}"
    return (
        f"SELECT {wanted} "
        f"FROM {table(Schedule)} WHERE service_at_location_id IN ({marks(sals)}) "
        f"OR service_id IN ({marks(services)}) "
        f"OR (service_id IS NULL AND location_id IN ({marks(locations)}))"
    )


# --- Rows as models --------------------------------------------------------------------------


def _to_date(value: Any) -> Any:
    return date.fromisoformat(value[:10]) if isinstance(value, str) else value


def _to_time(value: Any) -> Any:
    return time.fromisoformat(value) if isinstance(value, str) else value


def _to_bool(value: Any) -> Any:
    return bool(value) if isinstance(value, int) else value


def _to_datetime(value: Any) -> Any:
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    if isinstance(value, datetime) and value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value


def _converter(field: models.Field[Any, Any]) -> Callable[[Any], Any] | None:
    if isinstance(field, models.DateTimeField):
        return _to_datetime
    if isinstance(field, models.DateField):
        return _to_date
    if isinstance(field, models.TimeField):
        return _to_time
    if isinstance(field, models.BooleanField):
        return _to_bool
    return None


@cache
def fields_of(
    model: type[Model],
) -> tuple[tuple[str, ...], tuple[Callable[[Any], Any] | None, ...]]:
    """Every concrete column of a model (so nothing is deferred) and each one's converter."""
    concrete = model._meta.concrete_fields
    return tuple(str(f.column) for f in concrete), tuple(_converter(f) for f in concrete)


def columns(model: type[Model], alias: str) -> str:
    return ", ".join(f"{alias}.{q(c)}" for c in fields_of(model)[0])


def build(model: type[M], row: Sequence[Any], start: int = 0) -> tuple[M, int]:
    """A model instance from `row[start:]` (its columns in `fields_of` order); the next start."""
    names, converters = fields_of(model)
    end = start + len(names)
    values = [
        value if convert is None or value is None else convert(value)
        for value, convert in zip(row[start:end], converters, strict=True)
    ]
    return instance(model, attnames_of(model), values), end


def instance(model: type[M], attnames: Sequence[str], values: Iterable[Any]) -> M:
    """What `model.from_db(alias, attnames, values)` makes (fields not named are deferred,
    loaded on use), without `Model.__init__`: it walks every field and sends two signals per
    instance, which for a page of results cost as much as reading them. Only for the
    directory's plain models (no custom `__init__`, no init signals listened to)."""
    obj = model.__new__(model)
    obj.__dict__.update(zip(attnames, values, strict=True))
    state = obj._state = ModelState()
    state.adding = False
    state.db = connection.alias
    return obj


@cache
def attnames_of(model: type[Model]) -> list[str]:
    return [f.attname for f in model._meta.concrete_fields]


# The service columns a result shows (page and API); the others are deferred (loaded on use).
SHOWN = frozenset(
    ("id", "hsds_id", "organization_id", "name", "status", "walk_in", "free", "assured_date")
)


@cache
def shown_fields(
    model: type[Model], wanted: frozenset[str]
) -> tuple[list[str], tuple[Callable[[Any], Any] | None, ...]]:
    """The wanted columns in the model's own order (the order `from_db` expects), with their
    converters."""
    chosen = [f for f in model._meta.concrete_fields if f.attname in wanted]
    return [str(f.attname) for f in chosen], tuple(_converter(f) for f in chosen)


SHOWN_SERVICE_FIELDS = shown_fields(Service, SHOWN)[0]


def shown_service(row: Sequence[Any], start: int) -> tuple[Service, int]:
    """A Service with the shown columns from `row[start:]`; the next start."""
    names, converters = shown_fields(Service, SHOWN)
    end = start + len(names)
    values = [
        value if convert is None or value is None else convert(value)
        for value, convert in zip(row[start:end], converters, strict=True)
    ]
    return instance(Service, names, values), end


@lru_cache(maxsize=64)
def results_sql(n: int) -> str:
    """Service-at-location rows with their service, organization and location, by id."""
    return (
        f"SELECT sal.id, {', '.join('s.' + q(c) for c in SHOWN_SERVICE_FIELDS)}, o.id, o.name, "
        f"{columns(Location, 'l')} FROM {table(ServiceAtLocation)} sal "
        f"JOIN {table(Service)} s ON s.id = sal.service_id "
        f"JOIN {table(Organization)} o ON o.id = s.organization_id "
        f"JOIN {table(Location)} l ON l.id = sal.location_id "
        f"WHERE sal.id IN ({marks(n)})"
    )


# The columns each kind of detail is built from (see `details_sql`).
PHONE_FIELDS = ["id", "service_id", "location_id", "number", "extension", "type"]
LANGUAGE_FIELDS = ["id", "service_id", "location_id", "name", "code", "note"]


@lru_cache(maxsize=128)
def details_sql(services: int, locations: int) -> str:
    """Types (kind 0), phones (1) and languages (2) of some services, or of some locations
    with no service (phones, languages), in one statement: kind, then the six columns of
    `PHONE_FIELDS` / `LANGUAGE_FIELDS` (a type: its service and code)."""
    of_service = f"service_id IN ({marks(services)})"
    of_either = (
        f"({of_service} OR (service_id IS NULL AND location_id IN ({marks(max(locations, 1))})))"
    )
    return (
        f"SELECT 0, id, service_id, NULL, code, '', '' FROM {table(ServiceType)} "
        f"WHERE {of_service} UNION ALL "
        f"SELECT 1, id, service_id, location_id, number, extension, type FROM {table(Phone)} "
        f"WHERE {of_either} UNION ALL "
        f"SELECT 2, id, service_id, location_id, name, code, note FROM {table(Language)} "
        f"WHERE {of_either} ORDER BY 1, 2"
    )


def fetch(sql: str, params: Sequence[Any]) -> list[tuple[Any, ...]]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return list(cursor.fetchall())
