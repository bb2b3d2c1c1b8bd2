"""Own your data: everything Waypoint holds about a person, as JSON or CSV.

Works on the signed-in person only: every query here is filtered by that user, and the number
of queries does not grow with the amount of data. Other apps add their part through
`EXPORT_SECTIONS` (registered in their AppConfig.ready()).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from datetime import date, datetime, tzinfo
from decimal import Decimal
from functools import partial
from json.encoder import encode_basestring
from typing import Any, NamedTuple

from django.core.serializers.json import DjangoJSONEncoder
from django.db import connections
from django.db.models import (
    DateField,
    DateTimeField,
    DecimalField,
    F,
    FloatField,
    Func,
    Q,
    QuerySet,
    TextField,
    UUIDField,
)
from django.db.models.functions import Cast
from django.db.models.sql.constants import MULTI
from django.utils import timezone

import waypoint
from waypoint.accounts.models import AccessToken, Membership, RecoveryCode, User
from waypoint.assessments.models import Assessment
from waypoint.companion.data import urge_csv_rows
from waypoint.core.crypto import decrypt
from waypoint.core.csv import cell, csv_blocks
from waypoint.goals.models import Goal
from waypoint.journal.models import BaselineDay, CheckIn, Entry, Profile, Stance, Substance
from waypoint.journal.services import OPTIONAL_FIELDS
from waypoint.measures import GRAMS_PER_STANDARD_DRINK
from waypoint.yourdata.zonetext import ZoneText, zone_text

FORMAT = "waypoint-export"
FORMAT_VERSION = 1

# Other parts of Waypoint add what they hold about a person: name -> function(user) giving
# JSON-ready data with a constant number of queries. Register in AppConfig.ready().
ExportSection = Callable[[User], Any]
EXPORT_SECTIONS: dict[str, ExportSection] = {}


def _clock() -> Callable[[datetime | None], str | None]:
    """A function writing aware datetimes in the current time zone, the zone looked up once,
    not per value (for the short sections; the long ones get their times as text, `_times`)."""
    zone = timezone.get_current_timezone()
    if _in_utc(zone):
        return lambda value: None if value is None else value.isoformat()
    return zone_text(zone)


def _in_utc(zone: tzinfo) -> bool:
    return getattr(zone, "key", None) == "UTC"


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


# The entry columns read for the export, in the order of the record where they can be: the
# substance and the standard drinks are made from `substance_id` and `alcohol_grams`.
_ENTRY_COLUMNS: tuple[str, ...] = ("id", "day", "used_at", "time_given", "substance_id", "amount")
_ENTRY_COLUMNS += ("unit", "preset", "preset_count", "alcohol_grams", *OPTIONAL_FIELDS)
_ENTRY_COLUMNS += ("created_at", "updated_at")

# The keys of an entry record, in order; also the columns of the CSV.
CSV_COLUMNS: tuple[str, ...] = (
    *("id", "day", "used_at", "time_given", "substance", "substance_slug", "amount", "unit"),
    *("preset", "preset_count", "standard_drinks", "alcohol_grams", *OPTIONAL_FIELDS),
    *("created_at", "updated_at"),
)
_CHECKIN_KEYS = ("day", "no_use", "mood", "wellbeing", "created_at", "updated_at")


def _substances(user: User) -> dict[int, Substance]:
    """Every substance the person can log (the built-in ones and their own), by id."""
    return {s.pk: s for s in Substance.objects.filter(Q(owner=None) | Q(owner=user))}


# How the database writes a column as the export's text (`%(expressions)s` is the column):
# UUIDs with their hyphens, days as ISO dates, times as Django stores them on SQLite, in UTC
# ("2026-03-02 20:15:00.123456", without the fraction when it is 0, as `isoformat` writes it),
# or, in UTC, already as the export writes them ("2026-03-02T20:15:00.123456+00:00").
# PostgreSQL's connection is in UTC (Django sets it); `to_char` always writes the fraction.
_PG_TIME = "to_char(%(expressions)s AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS.US')"
_PG_ISO = """to_char(%(expressions)s AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US')"""
_TEXT: dict[str, dict[str, str]] = {
    "sqlite": {
        "uuid": "substr(%(expressions)s, 1, 8) || '-' || substr(%(expressions)s, 9, 4) || '-' || "
        "substr(%(expressions)s, 13, 4) || '-' || substr(%(expressions)s, 17, 4) || '-' || "
        "substr(%(expressions)s, 21)",
        "date": "CAST(%(expressions)s AS text)",
        "time": "CAST(%(expressions)s AS text)",
        "time in UTC": "replace(CAST(%(expressions)s AS text), ' ', 'T') || '+00:00'",
    },
    "postgresql": {
        "uuid": "CAST(%(expressions)s AS text)",
        "date": "to_char(%(expressions)s, 'YYYY-MM-DD')",
        # The only "." in these formats is the fraction's: `replace` drops a zero fraction at
        # about half the server's time of a regular expression.
        "time": f"replace({_PG_TIME}, '.000000', '')",
        "time in UTC": f"replace({_PG_ISO}, '.000000', '') || '+00:00'",
    },
}


def _column(name: str, field: Any, texts: dict[str, str], in_utc: bool) -> Any:
    """A column as the export reads it: UUIDs, days and times as text (`_TEXT`), decimals as
    floats (what the export writes), the rest as the driver gives it."""
    if isinstance(field, DateTimeField):
        kind = "time in UTC" if in_utc else "time"
    elif isinstance(field, DateField):
        kind = "date"
    elif isinstance(field, UUIDField):
        kind = "uuid"
    elif isinstance(field, DecimalField):
        return Cast(name, FloatField())
    else:
        return name
    return Func(F(name), template=texts[kind], output_field=TextField())


def _plain_rows(
    rows: QuerySet[Any, Any], names: tuple[str, ...], in_utc: bool
) -> Iterator[list[tuple[Any, ...]]]:
    """The `names` columns of the query's rows as the database writes them (`_column`),
    1,000 rows at a time.

    Django's SQL and cursor (server-side on PostgreSQL, as `.iterator()`), without its
    per-value converters, which cost more than the rest of a long export: the database
    writes the text. JSON comes as text, encrypted text as stored, yes/no as bool.
    """
    connection = connections[rows.db]
    fields = rows.model._meta
    texts = _TEXT[connection.vendor]
    columns = [_column(name, fields.get_field(name), texts, in_utc) for name in names]
    chunked = not connection.settings_dict.get("DISABLE_SERVER_SIDE_CURSORS")
    compiler = rows.values_list(*columns).query.get_compiler(using=rows.db)
    yield from compiler.execute_sql(MULTI, chunked_fetch=chunked, chunk_size=1000)


# The journal's details as `entry_rows` reads them: activity and note encrypted, harms and care
# actions JSON lists, the rest as stored. A new detail must be added there too.
if (
    *("route", "mood", "ate_before", "slept_well", "physical", "intention", "place"),
    *("company", "activity", "harms", "care_actions", "note"),
) != OPTIONAL_FIELDS:
    raise TypeError("the export reads each of the journal's details: add the new one")


def _json_list(text: str) -> list[Any]:
    return [] if text == "[]" else json.loads(text)


def entry_rows(
    user: User, grams_per_drink: float, substances: dict[int, Substance]
) -> Iterator[list[tuple[Any, ...]]]:
    """Every entry with every field (`CSV_COLUMNS`), the substance named, alcohol in standard
    drinks and times on the current time zone's clock: JSON-ready values, in lists of up to
    1,000 rows.

    Read as plain rows in chunks, so a 20-year journal costs a fraction of a second and
    constant memory. In UTC the database writes the times; in another zone `ZoneText` moves
    the stored UTC text to the zone's clock, a converter per column.
    """
    zone = timezone.get_current_timezone()
    in_utc = _in_utc(zone)
    text = ZoneText(zone)
    used, created, updated = text.column(), text.column(), text.column()
    names = {pk: (s.name, s.slug) for pk, s in substances.items()}
    entries = Entry.objects.filter(user=user).order_by("day", "used_at", "created_at")
    for chunk in _plain_rows(entries, _ENTRY_COLUMNS, in_utc):
        rows = []
        for row in chunk:
            pk, day, used_at, time_given, substance, amount, unit, preset, count, grams = row[:10]
            route, mood, ate, slept, physical, intention, place, company = row[10:18]
            activity, harms, care, note, created_at, updated_at = row[18:]
            if not in_utc:
                used_at, created_at, updated_at = (
                    used(used_at),
                    created(created_at),
                    updated(updated_at),
                )
            name, slug = names[substance]
            drinks = None if grams is None else round(grams / grams_per_drink, 2)
            rows.append(
                (
                    *(pk, day, used_at, time_given, name, slug, amount, unit, preset, count),
                    *(drinks, grams, route, mood, ate, slept, physical, intention, place),
                    *(company, activity and decrypt(activity), _json_list(harms)),
                    *(_json_list(care), note and decrypt(note), created_at, updated_at),
                )
            )
        yield rows


def checkin_rows(user: User) -> Iterator[list[tuple[Any, ...]]]:
    """Every check-in (`_CHECKIN_KEYS`), in lists of up to 1,000 (times as in `entry_rows`)."""
    zone = timezone.get_current_timezone()
    in_utc = _in_utc(zone)
    text = ZoneText(zone)
    created, updated = text.column(), text.column()
    checkins = CheckIn.objects.filter(user=user).order_by("day")
    for chunk in _plain_rows(checkins, _CHECKIN_KEYS, in_utc):
        yield chunk if in_utc else [(*row[:4], created(row[4]), updated(row[5])) for row in chunk]


# What `_ENCODER` writes for each of these values, and for a record's keys. A record is written
# from a template with its keys: the C encoder wrote each key of each record again, and building
# the dicts cost as much again.
_JSON_WORDS = {None: "null", True: "true", False: "false"}
_INFINITY = float("inf")


class _Known(dict[str, str]):
    """`write(text)` of each text met, kept for the next time: for the columns with few
    values (substance names and slugs, units, choices), written once per export, not per row.
    Free text (notes) never goes here: this grows with the values met."""

    def __init__(self, write: Callable[[str], str]) -> None:
        super().__init__()
        self.write = write

    def __missing__(self, text: str) -> str:
        written = self[text] = self.write(text)
        return written


def _json_number(value: float | None) -> str:
    if value is None:
        return "null"
    if -_INFINITY < value < _INFINITY:  # as the encoder writes finite floats
        return float.__repr__(value)
    return _ENCODER.encode(value)  # NaN, Infinity


def _template(keys: tuple[str, ...]) -> str:
    return "{" + ", ".join(encode_basestring(key).replace("%", "%%") + ": %s" for key in keys) + "}"


_ENTRY_JSON = _template(CSV_COLUMNS)
_CHECKIN_JSON = _template(_CHECKIN_KEYS)


def _entry_json(row: tuple[Any, ...], known: _Known) -> str:
    """An `entry_rows` row as `_ENCODER.encode` writes its record (ids, days and times need
    no escaping; `known` is `_Known(encode_basestring)`)."""
    pk, day, used_at, time_given, name, slug, amount, unit, preset, count, drinks = row[:11]
    grams, route, mood, ate, slept, physical, intention, place, company = row[11:20]
    activity, harms, care, note, created_at, updated_at = row[20:]
    return _ENTRY_JSON % (
        *(f'"{pk}"', f'"{day}"', f'"{used_at}"', _JSON_WORDS[time_given]),
        *(known[name], known[slug], _json_number(amount), known[unit], known[preset]),
        *(_json_number(count), _json_number(drinks), _json_number(grams), known[route]),
        *("null" if mood is None else int.__repr__(mood), _JSON_WORDS[ate], _JSON_WORDS[slept]),
        *(known[physical], known[intention], known[place], known[company]),
        *(encode_basestring(activity), _ENCODER.encode(harms) if harms else "[]"),
        *(_ENCODER.encode(care) if care else "[]", encode_basestring(note)),
        *(f'"{created_at}"', f'"{updated_at}"'),
    )


def _checkin_json(row: tuple[Any, ...]) -> str:
    day, no_use, mood, wellbeing, created_at, updated_at = row
    return _CHECKIN_JSON % (
        f'"{day}"',
        _JSON_WORDS[no_use],
        "null" if mood is None else int.__repr__(mood),
        "null" if wellbeing is None else int.__repr__(wellbeing),
        f'"{created_at}"',
        f'"{updated_at}"',
    )


class Long(NamedTuple):
    """A history-sized section: its rows, read in chunks as they are consumed, the keys of a
    record, and the function writing a row as JSON."""

    chunks: Iterator[list[tuple[Any, ...]]]
    keys: tuple[str, ...]
    json: Callable[[tuple[Any, ...]], str]

    def records(self) -> list[dict[str, Any]]:
        return [dict(zip(self.keys, row, strict=True)) for rows in self.chunks for row in rows]


def export_sections(user: User) -> Iterator[tuple[str, Any]]:
    """Everything Waypoint holds about the person, section by section (no secrets, no hashes).

    The long, history-sized sections (entries, check-ins) are `Long`: they read the database
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
    entries = entry_rows(user, grams_per_drink, substances)
    known = _Known(encode_basestring)
    yield "entries", Long(entries, CSV_COLUMNS, partial(_entry_json, known=known))
    yield "checkins", Long(checkin_rows(user), _CHECKIN_KEYS, _checkin_json)
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
        name: value.records() if isinstance(value, Long) else value
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
        if not isinstance(value, Long):
            yield _ENCODER.encode(value)
            continue
        opening = "[\n"
        for rows in value.chunks:
            if rows:
                yield opening + ",\n".join(map(value.json, rows))
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


_YES_NO = {None: "", True: "yes", False: "no"}


def _csv_rows(rows: list[tuple[Any, ...]], known: _Known) -> list[list[str]]:
    """`entry_rows` as CSV cells: what `core.csv.cell` makes of each value, written out per
    column (a call per value was a third of the CSV's time). Ids, days and times are never
    taken for formulas; text goes through `cell` (`known` is `_Known(cell)`); yes/no by
    table."""
    cells = []
    for row in rows:
        pk, day, used_at, time_given, name, slug, amount, unit, preset, count, drinks = row[:11]
        grams, route, mood, ate, slept, physical, intention, place, company = row[11:20]
        activity, harms, care, note, created_at, updated_at = row[20:]
        cells.append(
            [
                *(pk, day, used_at, _YES_NO[time_given], known[name], known[slug]),
                *(cell(amount), known[unit], known[preset]),
                *("" if count is None else cell(count), "" if drinks is None else cell(drinks)),
                *("" if grams is None else cell(grams), known[route]),
                *("" if mood is None else str(mood), _YES_NO[ate], _YES_NO[slept]),
                *(known[physical], known[intention], known[place], known[company]),
                *(activity and cell(activity), cell(harms) if harms else ""),
                *(cell(care) if care else "", note and cell(note), created_at, updated_at),
            ]
        )
    return cells


def export_csv_rows(user: User) -> Iterator[str]:
    """The person's entries as CSV, one row per entry, produced as it is read (three queries)."""
    profile = Profile.objects.filter(user=user).first()
    grams_per_drink = profile.grams_per_drink if profile else GRAMS_PER_STANDARD_DRINK["US"]
    chunks = entry_rows(user, grams_per_drink, _substances(user))
    known = _Known(cell)
    blocks = (_csv_rows(rows, known) for rows in chunks)
    return _in_chunks(csv_blocks(blocks, header=CSV_COLUMNS, bom=True))


def export_urges_csv_rows(user: User) -> Iterator[str]:
    """The person's urges as CSV, one row per urge (the JSON has them under "companion")."""
    return urge_csv_rows(user)


def export_filename(user: User, extension: str, part: str = "export") -> str:
    """A file name with the day; in discreet mode it does not say Waypoint."""
    stem = "notes" if user.discreet_mode else "waypoint"
    return f"{stem}-{part}-{timezone.localdate().isoformat()}.{extension}"
