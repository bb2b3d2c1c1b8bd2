"""Own your data: everything Waypoint holds about a person, as JSON or CSV.

Works on the signed-in person only: every query here is filtered by that user, and the number
of queries does not grow with the amount of data. Other apps add their part through
`EXPORT_SECTIONS` (registered in their AppConfig.ready()).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date, datetime
from decimal import Decimal
from typing import Any
from uuid import UUID

from django.core.serializers.json import DjangoJSONEncoder
from django.db import connections
from django.db.models import DateField, DecimalField, JSONField, Q, QuerySet, TextField, UUIDField
from django.db.models.functions import Cast
from django.db.models.sql.constants import MULTI
from django.utils import timezone

import waypoint
from waypoint.accounts.models import AccessToken, Membership, RecoveryCode, User
from waypoint.assessments.models import Assessment
from waypoint.companion.data import urge_csv_rows
from waypoint.core.csv import csv_lines
from waypoint.goals.models import Goal
from waypoint.journal.models import BaselineDay, CheckIn, Entry, Profile, Stance, Substance
from waypoint.journal.services import OPTIONAL_FIELDS
from waypoint.measures import GRAMS_PER_STANDARD_DRINK
from waypoint.yourdata.zonetext import zone_text

FORMAT = "waypoint-export"
FORMAT_VERSION = 1

# Other parts of Waypoint add what they hold about a person: name -> function(user) giving
# JSON-ready data with a constant number of queries. Register in AppConfig.ready().
ExportSection = Callable[[User], Any]
EXPORT_SECTIONS: dict[str, ExportSection] = {}


def _clock() -> Callable[[datetime | str | None], str | None]:
    """A function writing times in the current time zone, the zone looked up once, not per
    value. One for a whole export: outside UTC it builds a table for each year it meets
    (`zonetext.zone_text`).

    Takes the ORM's aware values, and the plain rows' ones too (`_plain_rows`): aware in UTC
    from PostgreSQL, the stored UTC text from SQLite ("2026-03-02 20:15:00.123456").
    """
    zone = timezone.get_current_timezone()
    if getattr(zone, "key", None) == "UTC":  # values arrive in UTC already

        def when(value: datetime | str | None) -> str | None:
            if value is None:
                return None
            if isinstance(value, str):
                return value.replace(" ", "T") + "+00:00"
            return value.isoformat()

        return when
    return zone_text(zone)  # the stored text on the zone's clock, from tables


def _day_text(value: date | str) -> str:
    """A day from `_plain_rows`: a date from PostgreSQL, the stored ISO text from SQLite."""
    return value if isinstance(value, str) else value.isoformat()


def _day(value: date | None) -> str | None:
    return value.isoformat() if value else None


def _number(value: Decimal | float | None) -> float | None:
    return None if value is None else float(value)


def _drinks(grams: float | None, grams_per_drink: float) -> float | None:
    return None if grams is None else round(grams / grams_per_drink, 2)


def _profile(user: User) -> Profile | None:
    return Profile.objects.filter(user=user).prefetch_related("substances").first()


def _substance(substance: Substance | None) -> dict[str, Any] | None:
    if substance is None:
        return None
    return {"slug": substance.slug, "name": substance.name, "own": substance.owner_id is not None}


# The entry columns read for the export: what is shaped here, then the journal's optional
# details exactly as stored.
_SHAPED: tuple[str, ...] = ("id", "day", "used_at", "time_given", "substance_id", "amount")
_SHAPED += ("unit", "preset", "preset_count", "alcohol_grams", "created_at", "updated_at")
_ENTRY_COLUMNS = (*_SHAPED, *OPTIONAL_FIELDS)

# The keys of an entry record, in order; also the columns of the CSV.
CSV_COLUMNS: tuple[str, ...] = (
    *("id", "day", "used_at", "time_given", "substance", "substance_slug", "amount", "unit"),
    *("preset", "preset_count", "standard_drinks", "alcohol_grams", *OPTIONAL_FIELDS),
    *("created_at", "updated_at"),
)


def _substances(user: User) -> dict[int, Substance]:
    """Every substance the person can log (the built-in ones and their own), by id."""
    return {s.pk: s for s in Substance.objects.filter(Q(owner=None) | Q(owner=user))}


def _plain_rows(rows: QuerySet[Any, Any], *names: str) -> Iterator[tuple[Any, ...]]:
    """The `names` columns of the query's rows as the database driver gives them, 2,000 at a
    time.

    Django's SQL and cursor (server-side on PostgreSQL, as `.iterator()`), without its
    per-value converters, which cost more than the rest of a long export. The reader does what
    they would: on SQLite, UUIDs come as 32 hex digits, decimals as numbers, and dates and
    datetimes as the text stored (ISO, in UTC: read as text, they need no parsing); on both,
    JSON as text and encrypted text as stored; yes/no as bool.
    """
    connection = connections[rows.db]
    columns: list[Any] = list(names)
    if connection.vendor == "sqlite":
        fields = rows.model._meta
        columns = [
            Cast(name, TextField()) if isinstance(fields.get_field(name), DateField) else name
            for name in names
        ]
    chunked = not connection.settings_dict.get("DISABLE_SERVER_SIDE_CURSORS")
    compiler = rows.values_list(*columns).query.get_compiler(using=rows.db)
    for chunk in compiler.execute_sql(MULTI, chunked_fetch=chunked, chunk_size=2000):
        yield from chunk


def _uuid_text(value: UUID | str) -> str:
    """A UUID column as text: a UUID from PostgreSQL, 32 hex digits from SQLite (`UUID.hex`,
    as Django stores it: cut into groups, which costs a sixth of parsing it)."""
    if isinstance(value, UUID):
        return str(value)
    return f"{value[:8]}-{value[8:12]}-{value[12:16]}-{value[16:20]}-{value[20:]}"


def _detail_readers() -> list[tuple[int, Callable[[Any], Any]]]:
    """(position, reader) for the details stored other than as given: the field's own
    `from_db_value` (decrypting, loading JSON), the empty JSON list made without the parser.
    Called on non-empty values only: from_db_value leaves "" and None as they are."""
    readers: list[tuple[int, Callable[[Any], Any]]] = []
    for position, name in enumerate(OPTIONAL_FIELDS):
        field = Entry._meta.get_field(name)
        if isinstance(field, (DateField, DecimalField, UUIDField)):
            raise TypeError(f"{name}: the export reads details as stored; shape this one")
        convert = getattr(field, "from_db_value", None)
        if convert is None:
            continue
        if isinstance(field, JSONField):

            def read(value: Any, convert: Any = convert) -> Any:
                return [] if value == "[]" else convert(value, None, None)

        else:

            def read(value: Any, convert: Any = convert) -> Any:
                return convert(value, None, None)

        readers.append((position, read))
    return readers


_DETAIL_READERS = _detail_readers()


def entry_rows(
    user: User,
    grams_per_drink: float,
    substances: dict[int, Substance],
    when: Callable[[datetime | str | None], str | None],
) -> Iterator[tuple[Any, ...]]:
    """Every entry with every field (`CSV_COLUMNS`), the substance named and alcohol in
    standard drinks, times through `when` (`_clock()`): JSON-ready values.

    Read as plain rows in chunks, so a 20-year journal costs a fraction of a second and
    constant memory.
    """
    shaped = len(_SHAPED)
    rows = _plain_rows(
        Entry.objects.filter(user=user).order_by("day", "used_at", "created_at"),
        *_ENTRY_COLUMNS,
    )
    for row in rows:
        pk, day, used_at, time_given, substance_id, amount, unit, preset = row[:8]
        preset_count, grams, created_at, updated_at = row[8:shaped]
        details = list(row[shaped:])
        for position, read in _DETAIL_READERS:
            if value := details[position]:
                details[position] = read(value)
        substance = substances[substance_id]
        yield (
            _uuid_text(pk),
            _day_text(day),
            when(used_at),
            time_given,
            substance.name,
            substance.slug,
            _number(amount),
            unit,
            preset,
            _number(preset_count),
            _drinks(grams, grams_per_drink),
            grams,
            *details,
            when(created_at),
            when(updated_at),
        )


def entry_records(
    user: User,
    grams_per_drink: float,
    substances: dict[int, Substance],
    when: Callable[[datetime | str | None], str | None],
) -> Iterator[dict[str, Any]]:
    """`entry_rows` as dicts keyed by `CSV_COLUMNS`."""
    for row in entry_rows(user, grams_per_drink, substances, when):
        yield dict(zip(CSV_COLUMNS, row, strict=True))


def export_sections(user: User) -> Iterator[tuple[str, Any]]:
    """Everything Waypoint holds about the person, section by section (no secrets, no hashes).

    The long, history-sized sections (entries, check-ins) are iterators that read the database
    in chunks as they are consumed, so a writer can stream them in constant memory.
    """
    profile = _profile(user)
    grams_per_drink = profile.grams_per_drink if profile else GRAMS_PER_STANDARD_DRINK["US"]
    goals = (
        Goal.objects.filter(user=user)
        .select_related("substance")
        .prefetch_related("steps")
        .order_by("started_on", "created_at")
    )
    when = _clock()
    substances = _substances(user)
    yield "format", FORMAT
    yield "version", FORMAT_VERSION
    yield "exported_at", when(timezone.now())
    yield "waypoint_version", waypoint.__version__
    yield (
        "account",
        {
            "username": user.username,
            "display_name": user.display_name,
            "email": user.email,
            "kind": user.kind,
            "discreet_mode": user.discreet_mode,
            "date_joined": when(user.date_joined),
        },
    )
    yield (
        "profile",
        (
            None
            if profile is None
            else {
                "standard_drink_country": profile.country,
                "grams_per_standard_drink": profile.grams_per_drink,
                "drinking_guideline": profile.guideline,
                "substances": [_substance(s) for s in profile.substances.all()],
                "continuous_days": profile.continuous_days,
                "baseline_start": _day(profile.baseline_start),
                "baseline_end": _day(profile.baseline_end),
                "getting_started_step": profile.started_step,
                "getting_started_done_at": when(profile.started_done_at),
            }
        ),
    )
    yield (
        "own_substances",
        [
            {
                "slug": s.slug,
                "name": s.name,
                "category": s.category,
                "default_unit": s.default_unit,
                "units": s.units,
            }
            for s in sorted(
                (s for s in substances.values() if s.owner_id == user.pk),
                key=lambda s: s.name.casefold(),
            )
        ],
    )
    yield (
        "stances",
        [
            {
                "substance": s.substance.name,
                "relationship": s.relationship,
                "readiness": s.readiness,
                "recorded_at": when(s.recorded_at),
            }
            for s in Stance.objects.filter(user=user)
            .select_related("substance")
            .order_by("recorded_at", "pk")
        ],
    )
    yield "entries", entry_records(user, grams_per_drink, substances, when)
    yield (
        "checkins",
        (
            {
                "day": _day_text(day),
                "no_use": no_use,
                "mood": mood,
                "wellbeing": wellbeing,
                "created_at": when(created_at),
                "updated_at": when(updated_at),
            }
            for day, no_use, mood, wellbeing, created_at, updated_at in _plain_rows(
                CheckIn.objects.filter(user=user).order_by("day"),
                *("day", "no_use", "mood", "wellbeing", "created_at", "updated_at"),
            )
        ),
    )
    yield (
        "baseline",
        [
            {
                "day": _day(b.day),
                "substance": b.substance.name,
                "amount": b.amount,
                "alcohol_grams": b.alcohol_grams,
            }
            for b in BaselineDay.objects.filter(user=user)
            .select_related("substance")
            .order_by("substance__name", "day")
        ],
    )
    yield (
        "goals",
        [
            {
                "kind": g.kind,
                "substance": g.substance.name if g.substance else None,
                "title": g.title,
                "domain": g.domain,
                "daily_limit": _number(g.daily_limit),
                "limit_unit": g.limit_unit,
                "days_per_week": g.days_per_week,
                "avoid_harms": list(g.avoid_harms),
                "practice_care": list(g.practice_care),
                "started_on": _day(g.started_on),
                "ended_on": _day(g.ended_on),
                "created_at": when(g.created_at),
                "steps": [
                    {"text": s.text, "position": s.position, "done_on": _day(s.done_on)}
                    for s in g.steps.all()
                ],
            }
            for g in goals
        ],
    )
    yield (
        "assessments",
        [
            {
                "instrument": a.instrument,
                "answers": a.answers,
                "total": a.total,
                "band": a.band,
                "flags": a.flags,
                "taken_at": when(a.taken_at),
            }
            for a in Assessment.objects.filter(user=user).order_by("taken_at")
        ],
    )
    yield (
        "access_tokens",
        [
            {
                "name": t.name,
                "created_at": when(t.created_at),
                "last_used_at": when(t.last_used_at),
            }
            for t in AccessToken.objects.filter(user=user).order_by("created_at")
        ],
    )
    yield (
        "recovery_codes_unused",
        RecoveryCode.objects.filter(user=user, used_at__isnull=True).count(),
    )
    yield (
        "memberships",
        [
            {"organization": m.organization.name, "role": m.role, "since": when(m.created_at)}
            for m in Membership.objects.filter(user=user).select_related("organization")
        ],
    )
    for name, section in EXPORT_SECTIONS.items():
        yield name, section(user)


def export_everything(user: User) -> dict[str, Any]:
    """The whole export as one JSON-ready dict (the API's schema and the tests read this)."""
    return {
        name: list(value) if isinstance(value, Iterator) else value
        for name, value in export_sections(user)
    }


_ENCODER = DjangoJSONEncoder(ensure_ascii=False)
_CHUNK = 64 * 1024


def _in_chunks(pieces: Iterator[str]) -> Iterator[str]:
    """Small pieces of text joined into chunks of about 64 KB, for a streaming response."""
    batch: list[str] = []
    size = 0
    for piece in pieces:
        batch.append(piece)
        size += len(piece)
        if size >= _CHUNK:
            yield "".join(batch)
            batch, size = [], 0
    if batch:
        yield "".join(batch)


def _json_pieces(user: User) -> Iterator[str]:
    yield "{"
    separator = "\n"
    for name, value in export_sections(user):
        yield separator + _ENCODER.encode(name) + ": "
        separator = ",\n"
        if not isinstance(value, Iterator):
            yield _ENCODER.encode(value)
            continue
        opening = "[\n"
        for item in value:
            yield opening + _ENCODER.encode(item)
            opening = ",\n"
        yield "[]" if opening == "[\n" else "\n]"
    yield "\n}\n"


def export_json_chunks(user: User) -> Iterator[str]:
    """The export as JSON text, produced as it is read, in pieces of about 64 KB.

    Top-level sections one to a line; the long sections one item to a line. Nothing is held
    but the current piece, so memory does not grow with history, and every value goes
    through the C encoder (no pretty-printing, which is pure Python).
    """
    return _in_chunks(_json_pieces(user))


def export_csv_rows(user: User) -> Iterator[str]:
    """The person's entries as CSV, one row per entry, produced as it is read (three queries)."""
    profile = Profile.objects.filter(user=user).first()
    grams_per_drink = profile.grams_per_drink if profile else GRAMS_PER_STANDARD_DRINK["US"]
    rows = entry_rows(user, grams_per_drink, _substances(user), _clock())
    return _in_chunks(csv_lines(rows, header=CSV_COLUMNS, bom=True))


def export_urges_csv_rows(user: User) -> Iterator[str]:
    """The person's urges as CSV, one row per urge (the JSON has them under "companion")."""
    return urge_csv_rows(user)


def export_filename(user: User, extension: str, part: str = "export") -> str:
    """A file name with the day; in discreet mode it does not say Waypoint."""
    stem = "notes" if user.discreet_mode else "waypoint"
    return f"{stem}-{part}-{timezone.localdate().isoformat()}.{extension}"
