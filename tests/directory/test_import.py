"""Importing HSDS packages: all or nothing, idempotent by HSDS id, refusals explained row by row."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from django.core.management import call_command

from tests.directory.conftest import FIXTURES, PACKAGE
from waypoint.directory.hsds import PackageRefused, import_path
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

MODELS = (
    Organization,
    Service,
    Location,
    ServiceAtLocation,
    Schedule,
    Phone,
    Language,
    ServiceType,
)


def counts() -> dict[str, int]:
    return {m.__name__: m.objects.count() for m in MODELS}


def edit(folder: Path, name: str, change: dict[str, str], row_id: str) -> None:
    """Change one row of one CSV file in place."""
    path = folder / name
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        fields = list(reader.fieldnames or [])
        rows = list(reader)
    for row in rows:
        if row["id"] == row_id:
            row.update(change)
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=fields)
        writer.writeheader()
        writer.writerows(rows)


def append(folder: Path, name: str, row: dict[str, str]) -> None:
    path = folder / name
    with path.open(encoding="utf-8", newline="") as handle:
        fields = list(csv.DictReader(handle).fieldnames or [])
    with path.open("a", encoding="utf-8", newline="") as handle:
        csv.DictWriter(handle, fieldnames=fields).writerow(row)


def test_the_package_imports_with_types_access_and_hours(db: None) -> None:
    import_path(PACKAGE)
    assert counts() == {
        "Organization": 2,
        "Service": 7,
        "Location": 5,
        "ServiceAtLocation": 7,
        "Schedule": 8,
        "Phone": 3,
        "Language": 3,
        "ServiceType": 7,
    }
    ssp = Service.objects.get(hsds_id="svc-ssp")
    assert sorted(ssp.types.values_list("code", flat=True)) == ["naloxone", "syringe-services"]
    assert ssp.walk_in and ssp.free and not ssp.appointment
    assert str(ssp.assured_date) == "2026-11-01"
    methadone = Service.objects.get(hsds_id="svc-methadone")
    assert methadone.appointment and methadone.insurance and methadone.sliding_scale
    assert Service.objects.get(hsds_id="svc-smart").is_meeting
    # Another taxonomy's term reaches a Waypoint code through taxonomy_map.csv.
    assert list(Service.objects.get(hsds_id="svc-pantry").types.values_list("code", flat=True)) == [
        "food"
    ]
    lake = Location.objects.get(hsds_id="loc-lake")
    assert (lake.address_1, lake.city, lake.postal_code) == (
        "100 Example Avenue",
        "Chicago",
        "60601",
    )
    assert lake.accessibility.startswith("Step-free")
    assert lake.time_zone == "America/Chicago"
    closure = Schedule.objects.get(hsds_id="sch-ssp-xmas")
    assert closure.is_closure


def test_a_second_import_updates_and_never_duplicates(db: None, package_copy: Path) -> None:
    import_path(PACKAGE)
    before = counts()
    edit(package_copy, "services.csv", {"name": "Lakeside syringe services (new name)"}, "svc-ssp")
    edit(package_copy, "schedules.csv", {"closes_at": "18:30"}, "sch-ssp")
    import_path(package_copy)
    assert counts() == before
    assert Service.objects.get(hsds_id="svc-ssp").name == "Lakeside syringe services (new name)"
    assert str(Schedule.objects.get(hsds_id="sch-ssp").closes_at) == "18:30:00"


def test_hsds_json_imports_too(db: None) -> None:
    import_path(FIXTURES / "services.json")
    service = Service.objects.get(hsds_id="json-svc-1")
    assert service.walk_in
    assert list(service.types.values_list("code", flat=True)) == ["drug-checking"]
    location = Location.objects.get(hsds_id="json-loc-1")
    assert location.latitude == 41.87 and location.address_1 == "5 Example Court"
    assert Schedule.objects.get(hsds_id="json-sch-1").byday == "TU,TH"
    import_path(FIXTURES / "services.json")
    assert Service.objects.filter(hsds_id="json-svc-1").count() == 1


def refused(path: Path, **kwargs: object) -> list[str]:
    with pytest.raises(PackageRefused) as caught:
        import_path(path, **kwargs)  # type: ignore[arg-type]
    return [str(p) for p in caught.value.problems]


def test_missing_required_fields_are_named_with_their_line(db: None, package_copy: Path) -> None:
    edit(package_copy, "services.csv", {"name": "", "status": ""}, "svc-van")
    problems = refused(package_copy)
    assert "services.csv line 3: name: required, but empty or missing" in problems
    assert "services.csv line 3: status: required, but empty or missing" in problems
    assert counts()["Service"] == 0


def test_unknown_ids_are_refused(db: None, package_copy: Path) -> None:
    edit(package_copy, "service_at_location.csv", {"location_id": "loc-nowhere"}, "sal-van")
    append(package_copy, "phones.csv", {"id": "ph-x", "service_id": "svc-ghost", "number": "1"})
    problems = refused(package_copy)
    assert any("'loc-nowhere' is not in locations.csv" in p for p in problems)
    assert any("'svc-ghost' is not in services.csv" in p for p in problems)
    assert counts()["Service"] == 0


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ({"latitude": "91"}, "latitude: 91 is outside -90…90"),
        ({"longitude": "-200"}, "longitude: -200 is outside -180…180"),
        ({"latitude": "north"}, "latitude: 'north' is not a number"),
        ({"latitude": ""}, "give both latitude and longitude, or neither"),
    ],
)
def test_bad_coordinates_are_refused(
    db: None, package_copy: Path, change: dict[str, str], expected: str
) -> None:
    edit(package_copy, "locations.csv", change, "loc-van")
    problems = refused(package_copy)
    assert any(p.startswith("locations.csv line 3") and expected in p for p in problems), problems


def test_times_like_25_00_are_refused(db: None, package_copy: Path) -> None:
    edit(package_copy, "schedules.csv", {"opens_at": "25:00"}, "sch-van")
    problems = refused(package_copy)
    assert any("schedules.csv line 4: opens_at:" in p and "25:00" in p for p in problems)
    assert counts()["Schedule"] == 0


def test_duplicate_ids_are_refused(db: None, package_copy: Path) -> None:
    append(package_copy, "organizations.csv", {"id": "org-lakeside", "name": "Another"})
    problems = refused(package_copy)
    assert "organizations.csv line 4: id: 'org-lakeside' appears more than once" in problems


def test_a_file_over_the_size_limit_is_refused(db: None, package_copy: Path) -> None:
    problems = refused(package_copy, max_bytes=500)
    assert any("services.csv" in p and "the most an import takes is 500" in p for p in problems)
    assert counts()["Organization"] == 0


def test_the_size_limit_comes_from_the_setting(
    db: None, settings: object, package_copy: Path
) -> None:
    settings.DIRECTORY_IMPORT_MAX_BYTES = 300  # type: ignore[attr-defined]
    assert any("DIRECTORY_IMPORT_MAX_BYTES" in p for p in refused(package_copy))


def test_non_utf8_bytes_are_refused(db: None, package_copy: Path) -> None:
    path = package_copy / "services.csv"
    path.write_bytes(
        path.read_bytes().replace(b"Night outreach", "Night \xe9outreach".encode("latin-1"))
    )
    problems = refused(package_copy)
    assert any(p.startswith("services.csv line 3") and "not UTF-8" in p for p in problems)


def test_a_refused_package_changes_nothing_already_there(db: None, package_copy: Path) -> None:
    import_path(PACKAGE)
    before = counts()
    edit(package_copy, "services.csv", {"name": "Renamed"}, "svc-ssp")
    edit(package_copy, "schedules.csv", {"closes_at": "99:99"}, "sch-van")
    refused(package_copy)
    assert counts() == before
    assert Service.objects.get(hsds_id="svc-ssp").name == "Lakeside syringe services"


def test_the_command_reports_and_exits_non_zero(
    db: None, package_copy: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    edit(package_copy, "schedules.csv", {"opens_at": "25:00"}, "sch-van")
    with pytest.raises(SystemExit) as exited:
        call_command("import_directory", str(package_copy))
    assert exited.value.code == 1
    err = capsys.readouterr().err
    assert "Refused: nothing was imported" in err
    assert "schedules.csv line 4: opens_at" in err


def test_the_command_shows_progress_and_a_summary(
    db: None, capsys: pytest.CaptureFixture[str]
) -> None:
    call_command("import_directory", str(PACKAGE))
    out = capsys.readouterr()
    assert "import [" in out.err  # the progress bar
    assert "Imported" in out.out
    assert "no Waypoint code" in out.out  # the unmapped "Legal Aid" term


def test_a_missing_path_is_refused(db: None, tmp_path: Path) -> None:
    assert any("no such file" in p for p in refused(tmp_path / "nothing"))
    (tmp_path / "empty").mkdir()
    assert any("no HSDS files" in p for p in refused(tmp_path / "empty"))


def test_gazetteer_import(db: None, capsys: pytest.CaptureFixture[str]) -> None:
    from waypoint.directory.selectors import place_named

    call_command("import_gazetteer", str(FIXTURES / "gazetteer.csv"))
    loop = place_named("the loop")
    assert loop is not None and loop.latitude == 41.8781
    assert place_named("60626") is not None
    assert place_named("Atlantis") is None
