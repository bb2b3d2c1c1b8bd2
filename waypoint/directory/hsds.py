"""HSDS 3.0 in and out: read a tabular package (a folder of CSV files) or HSDS JSON, check every
row, write it all in one transaction, and export the directory back as either form.

Import is all-or-nothing: rows are read and checked first, and if any row is refused nothing is
written; the report names the file, the line and the field. Rows are matched by their HSDS id,
so a second import of the same package updates rather than duplicates. Rows already in the
directory but absent from the package are left alone (a package may be partial).
"""

from __future__ import annotations

import csv
import io
import json
import math
import os
import zoneinfo
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, TextIO, cast

from django.conf import settings
from django.db import connection, models, transaction
from django.db.models import Q

from waypoint.core.progress import progress
from waypoint.directory import schedule as sched
from waypoint.directory.models import (
    Language,
    Location,
    Organization,
    Phone,
    Schedule,
    Service,
    ServiceAtLocation,
    ServiceType,
)
from waypoint.directory.taxonomy import (
    ACCESS_LABELS,
    ACCESS_TAXONOMY_ID,
    ACCESS_TERMS,
    TYPE_CHOICES,
    TYPE_CODES,
    TYPES_TAXONOMY_ID,
    waypoint_code,
)

# The HSDS 3.0 tabular package files Waypoint reads, in dependency order; others are ignored.
FILES = (
    "organizations.csv",
    "services.csv",
    "locations.csv",
    "addresses.csv",
    "accessibility.csv",
    "service_at_location.csv",
    "schedules.csv",
    "phones.csv",
    "languages.csv",
    "taxonomies.csv",
    "taxonomy_terms.csv",
    "attributes.csv",
)
COLUMNS: dict[str, tuple[str, ...]] = {
    "organizations.csv": ("id", "name", "alternate_name", "description", "email", "website"),
    "services.csv": (
        "id",
        "organization_id",
        "name",
        "alternate_name",
        "description",
        "url",
        "email",
        "status",
        "interpretation_services",
        "application_process",
        "fees_description",
        "eligibility_description",
        "minimum_age",
        "maximum_age",
        "assured_date",
        "alert",
    ),
    "locations.csv": (
        "id",
        "location_type",
        "url",
        "organization_id",
        "name",
        "description",
        "transportation",
        "latitude",
        "longitude",
        "time_zone",
    ),
    "addresses.csv": (
        "id",
        "location_id",
        "address_1",
        "address_2",
        "city",
        "state_province",
        "postal_code",
        "country",
        "address_type",
    ),
    "accessibility.csv": ("id", "location_id", "description"),
    "service_at_location.csv": ("id", "service_id", "location_id", "description"),
    "schedules.csv": (
        "id",
        "service_id",
        "location_id",
        "service_at_location_id",
        "valid_from",
        "valid_to",
        "dtstart",
        "timezone",
        "until",
        "freq",
        "interval",
        "byday",
        "bymonthday",
        "opens_at",
        "closes_at",
        "description",
        "schedule_link",
        "attending_type",
        "notes",
    ),
    "phones.csv": (
        "id",
        "location_id",
        "service_id",
        "organization_id",
        "number",
        "extension",
        "type",
        "description",
    ),
    "languages.csv": ("id", "service_id", "location_id", "name", "code", "note"),
    "taxonomies.csv": ("id", "name", "description", "uri", "version"),
    "taxonomy_terms.csv": (
        "id",
        "code",
        "name",
        "description",
        "parent_id",
        "taxonomy",
        "language",
        "taxonomy_id",
        "term_uri",
    ),
    "attributes.csv": (
        "id",
        "link_id",
        "taxonomy_term_id",
        "link_type",
        "link_entity",
        "value",
        "label",
    ),
}
REQUIRED: dict[str, tuple[str, ...]] = {
    "organizations.csv": ("id", "name"),
    "services.csv": ("id", "organization_id", "name", "status"),
    "locations.csv": ("id", "location_type"),
    "addresses.csv": ("id", "location_id"),
    "accessibility.csv": ("id", "location_id"),
    "service_at_location.csv": ("id", "service_id", "location_id"),
    "schedules.csv": ("id",),
    "phones.csv": ("id", "number"),
    "languages.csv": ("id",),
    "taxonomies.csv": ("id", "name"),
    "taxonomy_terms.csv": ("id", "name"),
    "attributes.csv": ("id", "link_id", "taxonomy_term_id"),
}
# Which column points at which file (and model, for ids already in the directory).
REFERENCES: dict[str, dict[str, tuple[str, type[models.Model] | None]]] = {
    "services.csv": {"organization_id": ("organizations.csv", Organization)},
    "locations.csv": {"organization_id": ("organizations.csv", Organization)},
    "addresses.csv": {"location_id": ("locations.csv", Location)},
    "accessibility.csv": {"location_id": ("locations.csv", Location)},
    "service_at_location.csv": {
        "service_id": ("services.csv", Service),
        "location_id": ("locations.csv", Location),
    },
    "schedules.csv": {
        "service_id": ("services.csv", Service),
        "location_id": ("locations.csv", Location),
        "service_at_location_id": ("service_at_location.csv", ServiceAtLocation),
    },
    "phones.csv": {
        "service_id": ("services.csv", Service),
        "location_id": ("locations.csv", Location),
        "organization_id": ("organizations.csv", Organization),
    },
    "languages.csv": {
        "service_id": ("services.csv", Service),
        "location_id": ("locations.csv", Location),
    },
    "taxonomy_terms.csv": {"taxonomy_id": ("taxonomies.csv", None)},
    "attributes.csv": {"taxonomy_term_id": ("taxonomy_terms.csv", None)},
}
STATUSES = {choice.value for choice in Service.Status}
LOCATION_TYPES = {choice.value for choice in Location.Kind}
BATCH = 2000

Row = dict[str, str]


@dataclass
class Problem:
    """One refused row: where it is and what is wrong, in words an operator can act on."""

    file: str
    line: int | None
    field: str
    message: str
    unit: str = "line"  # "item" for HSDS JSON: the n-th service object

    def __str__(self) -> str:
        where = f"{self.file}" + (f" {self.unit} {self.line}" if self.line else "")
        return (
            f"{where}: {self.field}: {self.message}" if self.field else f"{where}: {self.message}"
        )


class PackageRefused(Exception):
    """The package was not imported; `problems` says why, row by row."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__(f"{len(problems)} problem(s)")


@dataclass
class Package:
    tables: dict[str, list[Row]] = field(default_factory=lambda: defaultdict(list))
    lines: dict[str, list[int | None]] = field(default_factory=lambda: defaultdict(list))
    # JSON repeats nested objects (an organization in each service); those are merged quietly.
    nested: bool = False

    def add(self, name: str, row: Row, line: int | None) -> None:
        self.tables[name].append(row)
        self.lines[name].append(line)

    @property
    def row_count(self) -> int:
        return sum(len(rows) for rows in self.tables.values())


@dataclass
class Counts:
    rows: int = 0
    created: dict[str, int] = field(default_factory=dict)
    updated: dict[str, int] = field(default_factory=dict)


# --- Reading -------------------------------------------------------------------------------


def _limit(path: Path, max_bytes: int, problems: list[Problem]) -> bool:
    size = path.stat().st_size
    if size > max_bytes:
        problems.append(
            Problem(
                path.name,
                None,
                "",
                f"the file is {size:,} bytes; the most an import takes is {max_bytes:,} "
                "(DIRECTORY_IMPORT_MAX_BYTES)",
            )
        )
        return False
    return True


def _text(path: Path, problems: list[Problem]) -> str | None:
    raw = path.read_bytes()
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        problems.append(
            Problem(path.name, line, "", f"not UTF-8 text (byte {exc.start}); save it as UTF-8")
        )
        return None


def read(path: Path, *, max_bytes: int | None = None) -> tuple[Package, list[Problem]]:
    """Read a package folder (CSV files) or an HSDS JSON file, without checking rows yet."""
    max_bytes = max_bytes if max_bytes is not None else settings.DIRECTORY_IMPORT_MAX_BYTES
    problems: list[Problem] = []
    package = Package()
    if path.is_dir():
        found = [name for name in FILES if (path / name).exists()]
        if not found:
            problems.append(
                Problem(path.name, None, "", "no HSDS files here (services.csv and the others)")
            )
        for name in found:
            file = path / name
            if not _limit(file, max_bytes, problems):
                continue
            text = _text(file, problems)
            if text is None:
                continue
            reader = csv.DictReader(io.StringIO(text, newline=""))
            if reader.fieldnames is None:
                continue
            for row in reader:
                clean = {
                    (k or "").strip(): (v or "").strip() if isinstance(v, str) else ""
                    for k, v in row.items()
                }
                package.add(name, clean, reader.line_num)
        return package, problems
    if path.is_file():
        if not _limit(path, max_bytes, problems):
            return package, problems
        text = _text(path, problems)
        if text is None:
            return package, problems
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            problems.append(Problem(path.name, exc.lineno, "", f"not JSON: {exc.msg}"))
            return package, problems
        _flatten_json(data, package, problems, path.name)
        return package, problems
    problems.append(Problem(str(path), None, "", "no such file or folder"))
    return package, problems


def _s(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _row(obj: dict[str, Any], name: str, **extra: str) -> Row:
    row = {col: _s(obj.get(col)) for col in COLUMNS[name]}
    for key, value in extra.items():
        if value and not row.get(key):
            row[key] = value
    return row


def _flatten_json(data: Any, package: Package, problems: list[Problem], filename: str) -> None:
    """HSDS JSON (a service, a list of services, or an HSDA page with `contents`) into tables."""
    package.nested = True
    if isinstance(data, dict) and isinstance(data.get("contents"), list):
        data = data["contents"]
    if isinstance(data, dict):
        data = [data]
    if not isinstance(data, list):
        problems.append(Problem(filename, None, "", "expected HSDS services (a list of objects)"))
        return
    for index, service in enumerate(data, start=1):
        if not isinstance(service, dict):
            problems.append(Problem(filename, None, f"item {index}", "not an object"))
            continue
        raw_org = service.get("organization")
        org: dict[str, Any] = raw_org if isinstance(raw_org, dict) else {}
        org_id = _s(service.get("organization_id")) or _s(org.get("id"))
        if org:
            package.add("organizations.csv", _row(org, "organizations.csv"), index)
        sid = _s(service.get("id"))
        package.add("services.csv", _row(service, "services.csv", organization_id=org_id), index)
        _children(service, package, index, service_id=sid)
        for sal in service.get("service_at_locations") or []:
            if not isinstance(sal, dict):
                continue
            raw_loc = sal.get("location")
            loc: dict[str, Any] = raw_loc if isinstance(raw_loc, dict) else {}
            loc_id = _s(sal.get("location_id")) or _s(loc.get("id"))
            if loc:
                package.add("locations.csv", _row(loc, "locations.csv"), index)
                for address in loc.get("addresses") or []:
                    package.add(
                        "addresses.csv", _row(address, "addresses.csv", location_id=loc_id), index
                    )
                for access in loc.get("accessibility") or []:
                    package.add(
                        "accessibility.csv",
                        _row(access, "accessibility.csv", location_id=loc_id),
                        index,
                    )
                _children(loc, package, index, location_id=loc_id)
            sal_row = _row(sal, "service_at_location.csv", service_id=sid, location_id=loc_id)
            package.add("service_at_location.csv", sal_row, index)
            _children(sal, package, index, service_at_location_id=sal_row["id"])


def _children(obj: dict[str, Any], package: Package, index: int, **owner: str) -> None:
    for schedule in obj.get("schedules") or []:
        package.add("schedules.csv", _row(schedule, "schedules.csv", **owner), index)
    for phone in obj.get("phones") or []:
        phone_owner = {k: v for k, v in owner.items() if k != "service_at_location_id"}
        package.add("phones.csv", _row(phone, "phones.csv", **phone_owner), index)
    for language in obj.get("languages") or []:
        lang_owner = {k: v for k, v in owner.items() if k != "service_at_location_id"}
        package.add("languages.csv", _row(language, "languages.csv", **lang_owner), index)
    if "service_id" in owner:
        for attribute in obj.get("attributes") or []:
            term = attribute.get("taxonomy_term") or {}
            if isinstance(term, dict) and term:
                taxonomy = term.get("taxonomy_detail") or {}
                if isinstance(taxonomy, dict) and taxonomy.get("id"):
                    package.add("taxonomies.csv", _row(taxonomy, "taxonomies.csv"), index)
                package.add("taxonomy_terms.csv", _row(term, "taxonomy_terms.csv"), index)
            package.add(
                "attributes.csv",
                _row(
                    attribute,
                    "attributes.csv",
                    link_id=owner["service_id"],
                    link_entity="service",
                    taxonomy_term_id=_s(term.get("id")) if isinstance(term, dict) else "",
                ),
                index,
            )


# --- Checking ------------------------------------------------------------------------------


@dataclass
class Plan:
    """Checked rows, ready to write: each table's rows by HSDS id, plus resolved terms."""

    package: Package
    types: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    access: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    unmapped_terms: int = 0


def _date(value: str) -> date:
    return date.fromisoformat(value[:10]) if len(value) >= 10 else date.fromisoformat(value)


def check(package: Package) -> tuple[Plan, list[Problem]]:
    """Check every row; the plan is only safe to write when no problem is returned."""
    problems: list[Problem] = []
    plan = Plan(package)
    ids: dict[str, set[str]] = {}

    for name in FILES:
        seen: dict[str, Row] = {}
        kept_rows: list[Row] = []
        kept_lines: list[int | None] = []
        for row, line in zip(
            package.tables.get(name, []), package.lines.get(name, []), strict=True
        ):
            rid = row.get("id", "")
            for column in REQUIRED[name]:
                if not row.get(column):
                    problems.append(Problem(name, line, column, "required, but empty or missing"))
            if rid and rid in seen:
                if package.nested and seen[rid] == row:
                    continue  # the same nested object again (an organization in each service)
                problems.append(Problem(name, line, "id", f"{rid!r} appears more than once"))
                continue
            if rid:
                seen[rid] = row
            kept_rows.append(row)
            kept_lines.append(line)
            _check_row(name, row, line, problems)
        package.tables[name] = kept_rows
        package.lines[name] = kept_lines
        ids[name] = set(seen)

    # Waypoint's own taxonomies are always known, so a term may name them without a row.
    ids["taxonomies.csv"] = ids.get("taxonomies.csv", set()) | {
        TYPES_TAXONOMY_ID,
        ACCESS_TAXONOMY_ID,
    }
    # References: to a row of the package, or to a row already in the directory.
    for name, refs in REFERENCES.items():
        for column, (target, model) in refs.items():
            wanted = {
                row[column] for row in package.tables.get(name, []) if row.get(column)
            } - ids.get(target, set())
            existing: set[str] = set()
            if wanted and model is not None:
                for chunk in _chunks(sorted(wanted), 500):
                    existing.update(
                        model._default_manager.filter(hsds_id__in=chunk).values_list(
                            "hsds_id", flat=True
                        )
                    )
            missing = wanted - existing
            if not missing:
                continue
            for row, line in zip(package.tables[name], package.lines[name], strict=True):
                if row.get(column) in missing:
                    problems.append(
                        Problem(name, line, column, f"{row[column]!r} is not in {target}")
                    )

    for name, owner_columns in (
        ("schedules.csv", ("service_id", "location_id", "service_at_location_id")),
        ("phones.csv", ("service_id", "location_id", "organization_id")),
        ("languages.csv", ("service_id", "location_id")),
    ):
        for row, line in zip(
            package.tables.get(name, []), package.lines.get(name, []), strict=True
        ):
            if not any(row.get(c) for c in owner_columns):
                problems.append(
                    Problem(
                        name,
                        line,
                        "",
                        f"belongs to nothing: give one of {', '.join(owner_columns)}",
                    )
                )

    _resolve_terms(plan, problems)
    return plan, problems


def _check_row(name: str, row: Row, line: int | None, problems: list[Problem]) -> None:
    def bad(column: str, message: str) -> None:
        problems.append(Problem(name, line, column, message))

    if name == "services.csv":
        if row.get("status") and row["status"] not in STATUSES:
            bad("status", f"{row['status']!r} is not one of {', '.join(sorted(STATUSES))}")
        for column in ("minimum_age", "maximum_age"):
            if row.get(column) and not (row[column].isdigit() and int(row[column]) < 200):
                bad(column, f"{row[column]!r} is not an age in years")
        if row.get("assured_date"):
            _check_date(row, "assured_date", bad)
    elif name == "locations.csv":
        if row.get("location_type") and row["location_type"] not in LOCATION_TYPES:
            bad("location_type", f"{row['location_type']!r} is not physical, postal or virtual")
        lat, lon = row.get("latitude", ""), row.get("longitude", "")
        if bool(lat) != bool(lon):
            bad(
                "latitude" if not lat else "longitude",
                "give both latitude and longitude, or neither",
            )
        for column, limit in (("latitude", 90), ("longitude", 180)):
            value = row.get(column, "")
            if not value:
                continue
            try:
                number = float(value)
            except ValueError:
                bad(column, f"{value!r} is not a number")
                continue
            if not math.isfinite(number) or not -limit <= number <= limit:
                bad(column, f"{value} is outside -{limit}…{limit}")
        if row.get("time_zone"):
            try:
                zoneinfo.ZoneInfo(row["time_zone"])
            except (zoneinfo.ZoneInfoNotFoundError, ValueError):
                bad(
                    "time_zone",
                    f"{row['time_zone']!r} is not a time zone name like America/Chicago",
                )
    elif name == "schedules.csv":
        for column in ("opens_at", "closes_at"):
            if row.get(column):
                try:
                    sched.parse_time(row[column])
                except sched.ScheduleError as exc:
                    bad(column, str(exc))
        if bool(row.get("opens_at")) != bool(row.get("closes_at")):
            bad(
                "closes_at" if row.get("opens_at") else "opens_at",
                "give both opening and closing times, or neither (a closure)",
            )
        no_times = not row.get("opens_at") and not row.get("closes_at")
        if no_times and not row.get("valid_from") and (row.get("byday") or row.get("freq")):
            bad("opens_at", "a recurring schedule needs opens_at and closes_at")
        for column in ("valid_from", "valid_to", "dtstart", "until"):
            if row.get(column):
                _check_date(row, column, bad)
        if row.get("byday"):
            try:
                sched.parse_byday(row["byday"])
            except sched.ScheduleError as exc:
                bad("byday", str(exc))
        if row.get("bymonthday"):
            try:
                sched.parse_monthdays(row["bymonthday"])
            except sched.ScheduleError as exc:
                bad("bymonthday", str(exc))
        if row.get("freq") and row["freq"].upper() not in ("WEEKLY", "MONTHLY"):
            bad("freq", f"{row['freq']!r}: Waypoint reads WEEKLY or MONTHLY")
        if row.get("interval") and not (
            row["interval"].isdigit() and 0 < int(row["interval"]) < 100
        ):
            bad("interval", f"{row['interval']!r} is not a whole number from 1")
        if row.get("timezone"):
            try:
                offset = float(row["timezone"])
                if not -14 <= offset <= 14:
                    raise ValueError
            except ValueError:
                bad("timezone", f"{row['timezone']!r} is not a UTC offset in hours")


def _check_date(row: Row, column: str, bad: Any) -> None:
    try:
        _date(row[column])
    except ValueError:
        bad(column, f"{row[column]!r} is not a date like 2025-03-31")


def _resolve_terms(plan: Plan, problems: list[Problem]) -> None:
    """Attributes linking services to terms → Waypoint types and access flags."""
    package = plan.package
    taxonomy_names = {
        row["id"]: row.get("name", "") for row in package.tables.get("taxonomies.csv", [])
    }
    terms: dict[str, str | None] = {}
    for row in package.tables.get("taxonomy_terms.csv", []):
        taxonomy = row.get("taxonomy_id") or row.get("taxonomy", "")
        found = None
        for candidate in {taxonomy, taxonomy_names.get(taxonomy, ""), row.get("taxonomy", "")}:
            if candidate:
                found = found or waypoint_code(candidate, row.get("code", ""), row.get("name", ""))
        terms[row["id"]] = found
    services = {row["id"] for row in package.tables.get("services.csv", [])}
    for row, line in zip(
        package.tables.get("attributes.csv", []),
        package.lines.get("attributes.csv", []),
        strict=True,
    ):
        entity = (row.get("link_entity") or row.get("link_type") or "service").lower()
        if entity != "service":
            continue
        if row.get("link_id") and row["link_id"] not in services:
            if not Service.objects.filter(hsds_id=row["link_id"]).exists():
                problems.append(
                    Problem(
                        "attributes.csv",
                        line,
                        "link_id",
                        f"{row['link_id']!r} is not in services.csv",
                    )
                )
            continue
        code = terms.get(row.get("taxonomy_term_id", ""))
        if code is None:
            plan.unmapped_terms += 1
        elif code in TYPE_CODES:
            plan.types[row["link_id"]].add(code)
        else:
            plan.access[row["link_id"]].add(code)


def _chunks(items: list[Any], size: int) -> Iterator[list[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


# --- Writing -------------------------------------------------------------------------------


def _time(value: str) -> Any:
    return sched.parse_time(value) if value else None


def _float(value: str) -> float | None:
    return float(value) if value else None


def _opt_date(value: str) -> date | None:
    return _date(value) if value else None


def _int(value: str) -> int | None:
    return int(value) if value else None


def _pk_map(model: type[models.Model]) -> dict[str, int]:
    return dict(model.objects.values_list("hsds_id", "pk"))  # type: ignore[attr-defined]


def write(plan: Plan, *, stream: TextIO | io.TextIOBase | None = None) -> Counts:
    """Write a checked plan in one transaction (the caller holds it)."""
    package = plan.package
    counts = Counts(rows=package.row_count)
    steps: list[tuple[str, list[Row]]] = []
    for name in (
        "organizations.csv",
        "locations.csv",
        "services.csv",
        "service_at_location.csv",
        "schedules.csv",
        "phones.csv",
        "languages.csv",
    ):
        for chunk in _chunks(package.tables.get(name, []), BATCH):
            steps.append((name, chunk))
    maps: dict[str, dict[str, int]] = {}
    addresses = _by_location(package.tables.get("addresses.csv", []), prefer="physical")
    access_rows = _by_location(package.tables.get("accessibility.csv", []))

    def ids_of(model: type[models.Model], key: str) -> dict[str, int]:
        if key not in maps:
            maps[key] = _pk_map(model)
        return maps[key]

    existing_services: set[str] = set()
    objs: list[models.Model]
    for name, chunk in progress(steps, total=len(steps), label="import", stream=stream):
        if name == "organizations.csv":
            objs = [
                Organization(
                    hsds_id=r["id"],
                    name=r["name"],
                    alternate_name=r.get("alternate_name", ""),
                    description=r.get("description", ""),
                    email=r.get("email", ""),
                    website=r.get("website", ""),
                )
                for r in chunk
            ]
            _upsert(
                Organization, objs, ["name", "alternate_name", "description", "email", "website"]
            )
            maps.pop("org", None)
        elif name == "locations.csv":
            orgs = ids_of(Organization, "org")
            objs = []
            for r in chunk:
                address = addresses.get(r["id"], {})
                access = access_rows.get(r["id"], {})
                objs.append(
                    Location(
                        hsds_id=r["id"],
                        organization_id=orgs.get(r.get("organization_id", "")),
                        location_type=r["location_type"],
                        url=r.get("url", ""),
                        name=r.get("name", ""),
                        description=r.get("description", ""),
                        transportation=r.get("transportation", ""),
                        latitude=_float(r.get("latitude", "")),
                        longitude=_float(r.get("longitude", "")),
                        time_zone=r.get("time_zone", ""),
                        address_hsds_id=address.get("id", ""),
                        address_1=address.get("address_1", ""),
                        address_2=address.get("address_2", ""),
                        city=address.get("city", ""),
                        state_province=address.get("state_province", ""),
                        postal_code=address.get("postal_code", ""),
                        country=address.get("country", "")[:2],
                        accessibility_hsds_id=access.get("id", ""),
                        accessibility=access.get("description", ""),
                    )
                )
            _upsert(
                Location,
                objs,
                [
                    "organization",
                    "location_type",
                    "url",
                    "name",
                    "description",
                    "transportation",
                    "latitude",
                    "longitude",
                    "time_zone",
                    "address_hsds_id",
                    "address_1",
                    "address_2",
                    "city",
                    "state_province",
                    "postal_code",
                    "country",
                    "accessibility_hsds_id",
                    "accessibility",
                ],
            )
            maps.pop("loc", None)
        elif name == "services.csv":
            orgs = ids_of(Organization, "org")
            objs = []
            for r in chunk:
                flags = plan.access.get(r["id"], set())
                service = Service(
                    hsds_id=r["id"],
                    organization_id=orgs[r["organization_id"]],
                    name=r["name"],
                    alternate_name=r.get("alternate_name", ""),
                    description=r.get("description", ""),
                    url=r.get("url", ""),
                    email=r.get("email", ""),
                    status=r["status"],
                    interpretation_services=r.get("interpretation_services", ""),
                    application_process=r.get("application_process", ""),
                    fees_description=r.get("fees_description", ""),
                    eligibility_description=r.get("eligibility_description", ""),
                    minimum_age=_int(r.get("minimum_age", "")),
                    maximum_age=_int(r.get("maximum_age", "")),
                    assured_date=_opt_date(r.get("assured_date", "")),
                    alert=r.get("alert", ""),
                )
                for term, attr in ACCESS_TERMS.items():
                    setattr(service, attr, term in flags)
                objs.append(service)
            _upsert(
                Service,
                objs,
                [
                    "organization",
                    "name",
                    "alternate_name",
                    "description",
                    "url",
                    "email",
                    "status",
                    "interpretation_services",
                    "application_process",
                    "fees_description",
                    "eligibility_description",
                    "minimum_age",
                    "maximum_age",
                    "assured_date",
                    "alert",
                    *ACCESS_TERMS.values(),
                ],
            )
            maps.pop("svc", None)
            services = ids_of(Service, "svc")
            chunk_ids = [services[r["id"]] for r in chunk]
            ServiceType.objects.filter(service_id__in=chunk_ids).delete()
            ServiceType.objects.bulk_create(
                [
                    ServiceType(service_id=services[r["id"]], code=code)
                    for r in chunk
                    for code in sorted(plan.types.get(r["id"], ()))
                ]
            )
            existing_services.update(r["id"] for r in chunk)
        elif name == "service_at_location.csv":
            services, locations = ids_of(Service, "svc"), ids_of(Location, "loc")
            objs = [
                ServiceAtLocation(
                    hsds_id=r["id"],
                    service_id=services[r["service_id"]],
                    location_id=locations[r["location_id"]],
                    description=r.get("description", ""),
                )
                for r in chunk
            ]
            _upsert(ServiceAtLocation, objs, ["service", "location", "description"])
            maps.pop("sal", None)
        elif name == "schedules.csv":
            services, locations = ids_of(Service, "svc"), ids_of(Location, "loc")
            sals = ids_of(ServiceAtLocation, "sal")
            objs = [
                Schedule(
                    hsds_id=r["id"],
                    service_id=services.get(r.get("service_id", "")),
                    location_id=locations.get(r.get("location_id", "")),
                    service_at_location_id=sals.get(r.get("service_at_location_id", "")),
                    valid_from=_opt_date(r.get("valid_from", "")),
                    valid_to=_opt_date(r.get("valid_to", "")),
                    dtstart=_opt_date(r.get("dtstart", "")),
                    timezone=_float(r.get("timezone", "")),
                    until=_opt_date(r.get("until", "")),
                    freq=r.get("freq", "").upper(),
                    interval=_int(r.get("interval", "")),
                    byday=r.get("byday", "").upper().replace(" ", ""),
                    bymonthday=r.get("bymonthday", "").replace(" ", ""),
                    opens_at=_time(r.get("opens_at", "")),
                    closes_at=_time(r.get("closes_at", "")),
                    description=r.get("description", ""),
                    schedule_link=r.get("schedule_link", ""),
                    attending_type=r.get("attending_type", ""),
                    notes=r.get("notes", ""),
                )
                for r in chunk
            ]
            _upsert(
                Schedule,
                objs,
                [
                    "service",
                    "location",
                    "service_at_location",
                    "valid_from",
                    "valid_to",
                    "dtstart",
                    "timezone",
                    "until",
                    "freq",
                    "interval",
                    "byday",
                    "bymonthday",
                    "opens_at",
                    "closes_at",
                    "description",
                    "schedule_link",
                    "attending_type",
                    "notes",
                ],
            )
        elif name == "phones.csv":
            services, locations = ids_of(Service, "svc"), ids_of(Location, "loc")
            orgs = ids_of(Organization, "org")
            objs = [
                Phone(
                    hsds_id=r["id"],
                    service_id=services.get(r.get("service_id", "")),
                    location_id=locations.get(r.get("location_id", "")),
                    organization_id=orgs.get(r.get("organization_id", "")),
                    number=r["number"],
                    extension=r.get("extension", ""),
                    type=r.get("type", ""),
                    description=r.get("description", ""),
                )
                for r in chunk
            ]
            _upsert(
                Phone,
                objs,
                [
                    "service",
                    "location",
                    "organization",
                    "number",
                    "extension",
                    "type",
                    "description",
                ],
            )
        elif name == "languages.csv":
            services, locations = ids_of(Service, "svc"), ids_of(Location, "loc")
            objs = [
                Language(
                    hsds_id=r["id"],
                    service_id=services.get(r.get("service_id", "")),
                    location_id=locations.get(r.get("location_id", "")),
                    name=r.get("name", ""),
                    code=r.get("code", ""),
                    note=r.get("note", ""),
                )
                for r in chunk
            ]
            _upsert(Language, objs, ["service", "location", "name", "code", "note"])
    return counts


def _by_location(rows: list[Row], prefer: str | None = None) -> dict[str, Row]:
    out: dict[str, Row] = {}
    for row in rows:
        loc = row.get("location_id", "")
        current = out.get(loc)
        if current is None or (
            prefer and current.get("address_type") != prefer and row.get("address_type") == prefer
        ):
            out[loc] = row
    return out


def _upsert(model: type[models.Model], objs: list[Any], fields: list[str]) -> None:
    """Insert new rows and update existing ones by HSDS id: one INSERT … ON CONFLICT statement
    run over the batch (SQLite 3.24+ and PostgreSQL share the syntax).

    Values are prepared once per column with the field's own database preparation, without
    the ORM's per-row SQL compilation, which cost several times the database work here.
    """
    if not objs:
        return
    meta = model._meta
    columns = [f for f in meta.concrete_fields if not f.primary_key]
    quote = connection.ops.quote_name
    # Concrete fields (and the named ones, all concrete) always have a column.
    names = [cast(str, f.column) for f in columns]
    updates = [cast(str, cast("models.Field[Any, Any]", meta.get_field(n)).column) for n in fields]
    sql = (
        f"INSERT INTO {quote(meta.db_table)} ({', '.join(quote(c) for c in names)}) "  # noqa: S608 (names from Django)
        f"VALUES ({', '.join(['%s'] * len(columns))}) "
        f"ON CONFLICT ({quote('hsds_id')}) DO UPDATE SET "
        + ", ".join(f"{quote(c)} = EXCLUDED.{quote(c)}" for c in updates)
    )
    simple = (
        models.CharField,
        models.TextField,
        models.BooleanField,
        models.FloatField,
        models.IntegerField,
        models.ForeignKey,
    )
    prepared = []
    for obj in objs:
        row = []
        for f in columns:
            value = getattr(obj, f.attname)
            if value is not None and not isinstance(f, simple):
                value = f.get_db_prep_save(value, connection)
            row.append(value)
        prepared.append(row)
    with connection.cursor() as cursor:
        cursor.executemany(sql, prepared)


def import_path(
    path: Path, *, stream: TextIO | io.TextIOBase | None = None, max_bytes: int | None = None
) -> tuple[Counts, Plan]:
    """Read, check and write a package; PackageRefused (and nothing written) on any problem."""
    package, problems = read(path, max_bytes=max_bytes)
    if problems:
        raise PackageRefused(problems)
    plan, problems = check(package)
    if problems:
        if package.nested:
            for problem in problems:
                problem.unit = "item"
        raise PackageRefused(problems)
    with transaction.atomic():
        counts = write(plan, stream=stream)
        from waypoint.directory.selectors import refresh_points

        refresh_points()
    return counts, plan


# --- Export --------------------------------------------------------------------------------


def _fmt(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return repr(value)
    if hasattr(value, "isoformat"):
        text: str = value.isoformat()
        return text[:5] if len(text) == 8 and text.endswith(":00") else text
    return str(value)


def _scoped(service_ids: list[int] | None) -> dict[str, Any]:
    """The querysets `tables` reads: everything, or what some services need (their
    organization, service-at-locations, locations, and the rows that belong to those)."""
    if service_ids is None:
        return {
            "orgs": Organization.objects.all(),
            "locations": Location.objects.all(),
            "services": Service.objects.all(),
            "types": ServiceType.objects.all(),
            "sals": ServiceAtLocation.objects.all(),
            "schedules": Schedule.objects.all(),
            "phones": Phone.objects.all(),
            "languages": Language.objects.all(),
        }
    ids = list(service_ids)
    sal_locations = ServiceAtLocation.objects.filter(service_id__in=ids).values("location_id")
    of_services = Q(service_id__in=ids) | Q(service__isnull=True, location_id__in=sal_locations)
    schedules = Schedule.objects.filter(of_services | Q(service_at_location__service_id__in=ids))
    phones = Phone.objects.filter(of_services)
    languages = Language.objects.filter(of_services)
    location_ids = (
        Q(pk__in=sal_locations)
        | Q(pk__in=schedules.values("location_id"))
        | Q(pk__in=phones.values("location_id"))
        | Q(pk__in=languages.values("location_id"))
    )
    locations = Location.objects.filter(location_ids)
    return {
        "orgs": Organization.objects.filter(
            Q(pk__in=Service.objects.filter(pk__in=ids).values("organization_id"))
            | Q(pk__in=locations.values("organization_id"))
            | Q(pk__in=phones.values("organization_id"))
        ),
        "locations": locations,
        "services": Service.objects.filter(pk__in=ids),
        "types": ServiceType.objects.filter(service_id__in=ids),
        "sals": ServiceAtLocation.objects.filter(service_id__in=ids),
        "schedules": schedules,
        "phones": phones,
        "languages": languages,
    }


def tables(service_ids: list[int] | None = None) -> dict[str, list[dict[str, str]]]:
    """The directory as HSDS tables (one query per table): all of it, or the part that some
    services need (for a page of the HSDS API)."""
    out: dict[str, list[dict[str, str]]] = {name: [] for name in FILES}
    scope = _scoped(service_ids)
    orgs = {o.pk: o for o in scope["orgs"]}
    for o in orgs.values():
        out["organizations.csv"].append(
            {
                "id": o.hsds_id,
                "name": o.name,
                "alternate_name": o.alternate_name,
                "description": o.description,
                "email": o.email,
                "website": o.website,
            }
        )
    locations = {loc.pk: loc for loc in scope["locations"]}
    for loc in locations.values():
        out["locations.csv"].append(
            {
                "id": loc.hsds_id,
                "location_type": loc.location_type,
                "url": loc.url,
                "organization_id": orgs[loc.organization_id].hsds_id if loc.organization_id else "",
                "name": loc.name,
                "description": loc.description,
                "transportation": loc.transportation,
                "latitude": _fmt(loc.latitude),
                "longitude": _fmt(loc.longitude),
                "time_zone": loc.time_zone,
            }
        )
        if loc.address_1 or loc.city or loc.postal_code:
            out["addresses.csv"].append(
                {
                    "id": loc.address_hsds_id or f"{loc.hsds_id}-address",
                    "location_id": loc.hsds_id,
                    "address_1": loc.address_1,
                    "address_2": loc.address_2,
                    "city": loc.city,
                    "state_province": loc.state_province,
                    "postal_code": loc.postal_code,
                    "country": loc.country,
                    "address_type": "virtual" if loc.location_type == "virtual" else "physical",
                }
            )
        if loc.accessibility:
            out["accessibility.csv"].append(
                {
                    "id": loc.accessibility_hsds_id or f"{loc.hsds_id}-accessibility",
                    "location_id": loc.hsds_id,
                    "description": loc.accessibility,
                }
            )
    services = {s.pk: s for s in scope["services"]}
    for s in services.values():
        out["services.csv"].append(
            {
                "id": s.hsds_id,
                "organization_id": orgs[s.organization_id].hsds_id,
                "name": s.name,
                "alternate_name": s.alternate_name,
                "description": s.description,
                "url": s.url,
                "email": s.email,
                "status": s.status,
                "interpretation_services": s.interpretation_services,
                "application_process": s.application_process,
                "fees_description": s.fees_description,
                "eligibility_description": s.eligibility_description,
                "minimum_age": _fmt(s.minimum_age),
                "maximum_age": _fmt(s.maximum_age),
                "assured_date": _fmt(s.assured_date),
                "alert": s.alert,
            }
        )
        for term, attr in ACCESS_TERMS.items():
            if getattr(s, attr):
                out["attributes.csv"].append(_attribute(s.hsds_id, ACCESS_TAXONOMY_ID, term))
    for service_id, code in scope["types"].values_list("service_id", "code"):
        out["attributes.csv"].append(
            _attribute(services[service_id].hsds_id, TYPES_TAXONOMY_ID, code)
        )
    sals = {sal.pk: sal for sal in scope["sals"]}
    for sal in sals.values():
        out["service_at_location.csv"].append(
            {
                "id": sal.hsds_id,
                "service_id": services[sal.service_id].hsds_id,
                "location_id": locations[sal.location_id].hsds_id,
                "description": sal.description,
            }
        )

    def ref(table: dict[int, Any], pk: int | None) -> str:
        if pk is None:
            return ""
        if pk not in table:  # a part of the directory pointing outside it: look it up
            model = type(next(iter(table.values()))) if table else None
            found = model.objects.filter(pk=pk).first() if model is not None else None
            return found.hsds_id if found is not None else ""
        return str(table[pk].hsds_id)

    for sc in scope["schedules"]:
        out["schedules.csv"].append(
            {
                "id": sc.hsds_id,
                "service_id": ref(services, sc.service_id),
                "location_id": ref(locations, sc.location_id),
                "service_at_location_id": ref(sals, sc.service_at_location_id),
                "valid_from": _fmt(sc.valid_from),
                "valid_to": _fmt(sc.valid_to),
                "dtstart": _fmt(sc.dtstart),
                "timezone": _fmt(sc.timezone),
                "until": _fmt(sc.until),
                "freq": sc.freq,
                "interval": _fmt(sc.interval),
                "byday": sc.byday,
                "bymonthday": sc.bymonthday,
                "opens_at": _fmt(sc.opens_at),
                "closes_at": _fmt(sc.closes_at),
                "description": sc.description,
                "schedule_link": sc.schedule_link,
                "attending_type": sc.attending_type,
                "notes": sc.notes,
            }
        )
    for p in scope["phones"]:
        out["phones.csv"].append(
            {
                "id": p.hsds_id,
                "location_id": ref(locations, p.location_id),
                "service_id": ref(services, p.service_id),
                "organization_id": ref(orgs, p.organization_id),
                "number": p.number,
                "extension": p.extension,
                "type": p.type,
                "description": p.description,
            }
        )
    for lang in scope["languages"]:
        out["languages.csv"].append(
            {
                "id": lang.hsds_id,
                "service_id": ref(services, lang.service_id),
                "location_id": ref(locations, lang.location_id),
                "name": lang.name,
                "code": lang.code,
                "note": lang.note,
            }
        )
    out["taxonomies.csv"] = [
        {
            "id": TYPES_TAXONOMY_ID,
            "name": "Waypoint service types",
            "description": "What a service offers, in Waypoint's own codes.",
            "uri": "",
            "version": "1",
        },
        {
            "id": ACCESS_TAXONOMY_ID,
            "name": "Waypoint access",
            "description": "Walk-in or appointment, cost, and whether it is a meeting.",
            "uri": "",
            "version": "1",
        },
    ]
    for code, label in TYPE_CHOICES:
        out["taxonomy_terms.csv"].append(_term(TYPES_TAXONOMY_ID, code, str(label)))
    for term, access_label in ACCESS_LABELS.items():
        out["taxonomy_terms.csv"].append(_term(ACCESS_TAXONOMY_ID, term, access_label))
    return out


def _term_id(taxonomy: str, code: str) -> str:
    return f"{taxonomy}:{code}"


def _term(taxonomy: str, code: str, name: str) -> dict[str, str]:
    return {
        "id": _term_id(taxonomy, code),
        "code": code,
        "name": name,
        "description": name,
        "parent_id": "",
        "taxonomy": taxonomy,
        "language": "en",
        "taxonomy_id": taxonomy,
        "term_uri": "",
    }


def _attribute(service_hsds_id: str, taxonomy: str, code: str) -> dict[str, str]:
    return {
        "id": f"{service_hsds_id}:{code}",
        "link_id": service_hsds_id,
        "taxonomy_term_id": _term_id(taxonomy, code),
        "link_type": "service",
        "link_entity": "service",
        "value": "",
        "label": "",
    }


def export_folder(folder: Path) -> dict[str, int]:
    """Write the directory as an HSDS 3.0 tabular package (CSV files and datapackage.json)."""
    folder.mkdir(parents=True, exist_ok=True)
    data = tables()
    resources = []
    for name in FILES:
        with (folder / name).open("w", encoding="utf-8", newline="") as handle:
            writer = csv.DictWriter(handle, fieldnames=COLUMNS[name])
            writer.writeheader()
            writer.writerows(data[name])
        resources.append(
            {
                "name": name.removesuffix(".csv"),
                "path": name,
                "format": "csv",
                "mediatype": "text/csv",
                "profile": "tabular-data-resource",
                "schema": {"fields": [{"name": c, "type": "string"} for c in COLUMNS[name]]},
            }
        )
    descriptor = {
        "name": "waypoint-directory",
        "title": "Waypoint service directory",
        "profile": "tabular-data-package",
        "version": "3.0",
        "resources": resources,
    }
    (folder / "datapackage.json").write_text(json.dumps(descriptor, indent=2), encoding="utf-8")
    return {name: len(rows) for name, rows in data.items()}


def services_json(service_ids: list[int] | None = None) -> list[dict[str, Any]]:
    """Full HSDS JSON services (organization, locations, schedules, phones, languages, terms):
    every service, or those of `service_ids` (read from the database for those alone)."""
    data = tables(service_ids)
    by: dict[str, dict[str, list[dict[str, str]]]] = defaultdict(lambda: defaultdict(list))
    for name, key in (
        ("schedules.csv", "service_id"),
        ("phones.csv", "service_id"),
        ("languages.csv", "service_id"),
        ("attributes.csv", "link_id"),
        ("service_at_location.csv", "service_id"),
    ):
        for row in data[name]:
            if row.get(key):
                by[name][row[key]].append(row)
    loc_children: dict[str, dict[str, list[dict[str, str]]]] = defaultdict(
        lambda: defaultdict(list)
    )
    for name in (
        "schedules.csv",
        "phones.csv",
        "languages.csv",
        "addresses.csv",
        "accessibility.csv",
    ):
        for row in data[name]:
            if (
                row.get("location_id")
                and not row.get("service_id")
                and not row.get("service_at_location_id")
            ):
                loc_children[name][row["location_id"]].append(row)
    sal_schedules: dict[str, list[dict[str, str]]] = defaultdict(list)
    for row in data["schedules.csv"]:
        if row.get("service_at_location_id"):
            sal_schedules[row["service_at_location_id"]].append(row)
    orgs = {row["id"]: row for row in data["organizations.csv"]}
    locations = {row["id"]: row for row in data["locations.csv"]}
    terms = {row["id"]: row for row in data["taxonomy_terms.csv"]}
    taxonomies = {row["id"]: row for row in data["taxonomies.csv"]}
    out = []
    for row in data["services.csv"]:
        sid = row["id"]
        service: dict[str, Any] = dict(row)
        service["organization"] = orgs.get(row["organization_id"])
        service["schedules"] = [
            r for r in by["schedules.csv"][sid] if not r["service_at_location_id"]
        ]
        service["phones"] = by["phones.csv"][sid]
        service["languages"] = by["languages.csv"][sid]
        service["attributes"] = [
            {
                **a,
                "taxonomy_term": {
                    **terms[a["taxonomy_term_id"]],
                    "taxonomy_detail": taxonomies[terms[a["taxonomy_term_id"]]["taxonomy_id"]],
                },
            }
            for a in by["attributes.csv"][sid]
        ]
        service["service_at_locations"] = []
        for sal in by["service_at_location.csv"][sid]:
            loc: dict[str, Any] = dict(locations[sal["location_id"]])
            for name, key in (
                ("addresses.csv", "addresses"),
                ("accessibility.csv", "accessibility"),
                ("schedules.csv", "schedules"),
                ("phones.csv", "phones"),
                ("languages.csv", "languages"),
            ):
                loc[key] = loc_children[name][loc["id"]]
            service["service_at_locations"].append(
                {**sal, "location": loc, "schedules": sal_schedules[sal["id"]]}
            )
        out.append(service)
    return out


def write_json(path: Path) -> int:
    services = services_json()
    path.write_text(json.dumps(services, indent=1, ensure_ascii=False), encoding="utf-8")
    return len(services)


def file_size(path: Path) -> int:
    return os.path.getsize(path)
