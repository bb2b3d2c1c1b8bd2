"""Export back to HSDS and import again: every field Waypoint keeps survives, both forms."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

from django.core.management import call_command
from django.db import models

from tests.directory.conftest import FIXTURES, PACKAGE
from waypoint.directory.hsds import import_path
from waypoint.directory.models import (
    Language,
    Location,
    Organization,
    Phone,
    Schedule,
    Service,
    ServiceAtLocation,
)

KEPT = (Organization, Service, Location, ServiceAtLocation, Schedule, Phone, Language)


def snapshot() -> dict[str, dict[str, dict[str, Any]]]:
    """Every stored field of every row, by HSDS id, with foreign keys as HSDS ids."""
    out: dict[str, dict[str, dict[str, Any]]] = {}
    for model in KEPT:
        rows: dict[str, dict[str, Any]] = {}
        for obj in model.objects.all():
            row: dict[str, Any] = {}
            for field in model._meta.concrete_fields:
                if field.primary_key or field.name in ("updated_at", "managed_by", "group"):
                    continue
                value = getattr(obj, field.name)
                if isinstance(field, models.ForeignKey):
                    value = value.hsds_id if value is not None else None
                row[field.name] = value
            row["types"] = (
                sorted(obj.types.values_list("code", flat=True)) if model is Service else None
            )
            rows[obj.hsds_id] = row
        out[model.__name__] = rows
    return out


def wipe() -> None:
    Organization.objects.all().delete()
    Location.objects.all().delete()


def test_csv_round_trip_keeps_every_field(db: None, tmp_path: Path) -> None:
    import_path(PACKAGE)
    import_path(FIXTURES / "services.json")
    before = snapshot()
    call_command("export_directory", str(tmp_path / "out"))
    descriptor = json.loads((tmp_path / "out" / "datapackage.json").read_text())
    assert {r["path"] for r in descriptor["resources"]} >= {
        "organizations.csv", "services.csv", "locations.csv", "service_at_location.csv",
        "addresses.csv", "schedules.csv", "phones.csv", "languages.csv", "taxonomies.csv",
        "taxonomy_terms.csv", "attributes.csv",
    }  # fmt: skip
    wipe()
    assert Service.objects.count() == 0
    import_path(tmp_path / "out")
    assert snapshot() == before


def test_json_round_trip_keeps_every_field(db: None, tmp_path: Path) -> None:
    import_path(PACKAGE)
    before = snapshot()
    call_command("export_directory", str(tmp_path / "all.json"), "--json")
    wipe()
    import_path(tmp_path / "all.json")
    after = snapshot()
    # Locations with no service (none here) would not travel in service-shaped JSON.
    assert after == before


def test_exported_closures_and_terms_read_as_hsds(db: None, tmp_path: Path) -> None:
    import_path(PACKAGE)
    call_command("export_directory", str(tmp_path / "out"))
    with (tmp_path / "out" / "schedules.csv").open(encoding="utf-8") as handle:
        rows = {row["id"]: row for row in csv.DictReader(handle)}
    assert rows["sch-van"]["opens_at"] == "22:00" and rows["sch-van"]["closes_at"] == "03:00"
    assert (
        rows["sch-ssp-xmas"]["valid_from"] == "2026-12-25"
        and rows["sch-ssp-xmas"]["opens_at"] == ""
    )
    with (tmp_path / "out" / "attributes.csv").open(encoding="utf-8") as handle:
        links = {(r["link_id"], r["taxonomy_term_id"]) for r in csv.DictReader(handle)}
    assert ("svc-ssp", "waypoint-types:syringe-services") in links
    assert ("svc-ssp", "waypoint-access:walk-in") in links
