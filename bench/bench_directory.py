"""Import 50,000 services and 80,000 schedules, then time a search by type near a point, open
now, against the trivial signed-out page.

Run from the repository root: .venv/bin/python bench/bench_directory.py [--services N]

Writes a synthetic HSDS 3.0 package (fictional services: 80% spread over the continental US,
20% clustered around ten city centres, so a search near a centre reads about a thousand
candidates in its box) to a temporary folder, imports it with `manage.py import_directory` on a
fresh SQLite database (progress on stderr), and prints rows per second. Then asks the search
page and the trivial page (the signed-out home page) alternately through django.test.Client,
and prints the medians, the ratio and the query counts.
"""

from __future__ import annotations

import argparse
import csv
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

CITIES = [
    (41.8781, -87.6298), (45.5152, -122.6784), (39.7392, -104.9903), (29.7604, -95.3698),
    (33.4484, -112.0740), (40.7128, -74.0060), (47.6062, -122.3321), (35.2271, -80.8431),
    (44.9778, -93.2650), (32.7767, -96.7970),
]  # fmt: skip
TYPES = [
    "syringe-services", "naloxone", "drug-checking", "hiv-testing", "hcv-testing",
    "moud-methadone", "moud-buprenorphine", "detox", "residential", "outpatient",
    "therapy-harm-reduction", "housing", "food", "showers",
]  # fmt: skip
DAYS = ["MO,TU,WE,TH,FR", "MO,WE,FR", "TU,TH", "SA,SU", "MO,TU,WE,TH,FR,SA", "FR,SA"]
HOURS = [("09:00", "17:00"), ("08:00", "12:00"), ("13:00", "19:00"), ("22:00", "03:00"),
         ("00:00", "23:59"), ("10:00", "16:00")]  # fmt: skip


def configure(data_dir: str) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "waypoint.settings")
    os.environ["DEBUG"] = "0"
    os.environ["SECRET_KEY"] = "bench-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz-0123"  # noqa: S105
    os.environ["ENCRYPTION_KEYS"] = "m0TuWm6Z0dEYqcsmvq3Dp1y2Yx0WLiJt7Hl3m2bFQ6w="
    os.environ["SECURE_HTTPS"] = "0"
    os.environ["STATIC_MANIFEST"] = "0"
    os.environ["ALLOWED_HOSTS"] = "testserver"
    os.environ["WAYPOINT_DATA_DIR"] = data_dir
    os.environ["DIRECTORY_IMPORT_MAX_BYTES"] = str(200 * 1024 * 1024)
    os.environ.pop("DATABASE_URL", None)
    import django

    django.setup()


def write_package(folder: Path, services: int, schedules: int) -> int:
    """The synthetic package; returns the number of rows."""
    rng = random.Random(16)
    folder.mkdir()
    rows = 0

    def table(name: str, header: list[str], body: list[list[object]]) -> None:
        nonlocal rows
        with (folder / name).open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(header)
            writer.writerows(body)
        rows += len(body)

    orgs = max(1, services // 100)
    table(
        "organizations.csv",
        ["id", "name", "description"],
        [[f"o{i}", f"Organization {i} (fictional)", ""] for i in range(orgs)],
    )
    svc, loc, sal, addr, phone, attr = [], [], [], [], [], []
    for i in range(services):
        if i % 5 == 0:
            lat0, lon0 = CITIES[(i // 5) % len(CITIES)]
            lat, lon = lat0 + rng.uniform(-0.25, 0.25), lon0 + rng.uniform(-0.3, 0.3)
        else:
            lat, lon = rng.uniform(30.0, 48.0), rng.uniform(-122.0, -72.0)
        svc.append([f"s{i}", f"o{i % orgs}", f"Service {i}", "active", "A fictional service.",
                    "2026-10-01"])  # fmt: skip
        loc.append([f"l{i}", "physical", f"Place {i}", f"{lat:.5f}", f"{lon:.5f}",
                    "America/Chicago"])  # fmt: skip
        sal.append([f"sl{i}", f"s{i}", f"l{i}"])
        addr.append([f"a{i}", f"l{i}", f"{i} Example Street", "Example City", "IL", "60601", "US",
                     "physical"])  # fmt: skip
        phone.append([f"p{i}", f"s{i}", f"555-{i % 10000:04d}"])
        for n, code in enumerate(rng.sample(TYPES, rng.choice((1, 1, 2)))):
            attr.append([f"at{i}-{n}", f"s{i}", f"t-{code}", "service"])
        if i % 2 == 0:
            attr.append([f"at{i}-w", f"s{i}", "t-walk-in", "service"])
    table("services.csv", ["id", "organization_id", "name", "status", "description",
                           "assured_date"], svc)  # fmt: skip
    table(
        "locations.csv", ["id", "location_type", "name", "latitude", "longitude", "time_zone"], loc
    )
    table("service_at_location.csv", ["id", "service_id", "location_id"], sal)
    table("addresses.csv", ["id", "location_id", "address_1", "city", "state_province",
                            "postal_code", "country", "address_type"], addr)  # fmt: skip
    table("phones.csv", ["id", "service_id", "number"], phone)
    sch = []
    for j in range(schedules):
        opens, closes = rng.choice(HOURS)
        sch.append([f"h{j}", f"s{j % services}", "WEEKLY", rng.choice(DAYS), opens, closes])
    table("schedules.csv", ["id", "service_id", "freq", "byday", "opens_at", "closes_at"], sch)
    table("taxonomies.csv", ["id", "name"], [["waypoint-types", "types"],
                                             ["waypoint-access", "access"]])  # fmt: skip
    terms = [[f"t-{c}", c, c, "waypoint-types"] for c in TYPES]
    terms.append(["t-walk-in", "walk-in", "walk-in", "waypoint-access"])
    table("taxonomy_terms.csv", ["id", "code", "name", "taxonomy_id"], terms)
    table("attributes.csv", ["id", "link_id", "taxonomy_term_id", "link_entity"], attr)
    return rows


def import_twice(package: Path, services: int, schedules: int) -> None:
    """Write the package, import it, import it again (every row an update); print rows/s."""
    from django.core.management import call_command

    from waypoint.directory.models import Schedule, Service

    rows = write_package(package, services, schedules)
    size = sum(f.stat().st_size for f in package.iterdir()) // 1024 // 1024
    print(f"package: {rows:,} rows in {len(list(package.iterdir()))} files, {size} MiB")
    started, started_cpu = time.perf_counter(), time.process_time()
    call_command("import_directory", str(package))
    seconds, cpu = time.perf_counter() - started, time.process_time() - started_cpu
    print(
        f"import: {Service.objects.count():,} services, {Schedule.objects.count():,} "
        f"schedules in {seconds:.1f} s = {rows / seconds:,.0f} rows/s (aim: at least 2,000); "
        f"{cpu:.1f} s of this process's CPU = {rows / cpu:,.0f} rows per CPU second"
    )
    started = time.perf_counter()
    call_command("import_directory", str(package), stderr=open(os.devnull, "w"))  # noqa: SIM115
    again = time.perf_counter() - started
    print(f"re-import (all updates): {again:.1f} s = {rows / again:,.0f} rows/s")


def median_ms(samples: list[float]) -> float:
    return statistics.median(samples) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--services", type=int, default=50_000)
    parser.add_argument("--schedules", type=int, default=80_000)
    parser.add_argument("--repeats", type=int, default=40)
    parser.add_argument(
        "--keep",
        metavar="DIR",
        help="use DIR as the data folder and keep it; when it already holds an imported "
        "directory, skip the import and only time the pages",
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="waypoint-bench-") as temp_dir:
        data_dir = args.keep or temp_dir
        reuse = bool(args.keep) and (Path(data_dir) / "package").exists()
        configure(data_dir)
        from django.core.management import call_command
        from django.db import connection
        from django.test import Client
        from django.test.utils import CaptureQueriesContext

        from waypoint.directory.models import Service

        call_command("migrate", verbosity=0)
        package = Path(data_dir) / "package"
        if reuse:
            print(f"reusing {Service.objects.count():,} services in {data_dir}")
        else:
            import_twice(package, args.services, args.schedules)

        client = Client()
        lat, lon = CITIES[0]
        pages = {
            "trivial (/ signed out)": "/",
            "search (type near a point, open now)": (
                f"/directory/?type=syringe-services&lat={lat}&lon={lon}&when=now"
            ),
            "api (same search)": (
                f"/api/v1/directory/services?type=syringe-services&near={lat},{lon}"
                "&open_at=2026-12-07T12:00:00-06:00"
            ),
        }
        for url in pages.values():
            for _ in range(3):
                response = client.get(url)
                assert response.status_code == 200, (url, response.status_code)
        for name, url in pages.items():
            with CaptureQueriesContext(connection) as queries:
                response = client.get(url)
            print(f"{name}: {len(queries)} queries, {len(response.content) // 1024} KiB")
        wall: dict[str, list[float]] = {name: [] for name in pages}
        cpu: dict[str, list[float]] = {name: [] for name in pages}
        for _ in range(args.repeats):
            for name, url in pages.items():
                start, start_cpu = time.perf_counter(), time.process_time()
                client.get(url)
                wall[name].append(time.perf_counter() - start)
                cpu[name].append(time.process_time() - start_cpu)
        for label, samples in (("wall", wall), ("cpu", cpu)):
            trivial, search, api = (median_ms(samples[name]) for name in pages)
            print(
                f"{label}: trivial {trivial:.1f} ms, search page {search:.1f} ms, api {api:.1f} ms "
                f"(medians of {args.repeats}); search / trivial: {search / trivial:.2f}x "
                f"(aim: at most 3x), api / trivial: {api / trivial:.2f}x"
            )


if __name__ == "__main__":
    main()
