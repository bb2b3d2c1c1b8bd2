"""The own-data exports of a long journal: time and peak memory, streamed against built whole.

Run from the repository root:

    .venv/bin/python bench/bench_export.py [--years 20] [--repeats 3] [--zone NAME ...]
        [--database-url postgres://...]

Builds a participant with YEARS of daily history (a use entry with a note on about two days in
three, a 'no use' check-in on the rest) on a fresh SQLite database (production settings), or on
PostgreSQL with `--database-url` (or DATABASE_URL): in that server's throwaway test database
(`test_` and the name, made and dropped by Django as for the tests), then
for each way of producing the file measures, in one run, the wall and CPU time of producing
every byte (median and best of the repeats: the machine was shared, and the best run is the
least disturbed) and the peak of Python allocations (tracemalloc, in a separate pass so that
tracing does not distort the times):

- JSON, before: the export built as one dict and pretty-printed whole (`indent=2`), as the
  download did until session 9 (kept here, in a few lines, for the comparison);
- JSON, streamed: what `/settings/export.json` and `/api/v1/export` send now;
- CSV, before: the entry rows built as dicts, then lists, then cells (until session 9);
- CSV, streamed: what `/settings/export.csv` sends now.

Each way is measured in each time zone given (`--zone`, repeatable; by default UTC and
America/Los_Angeles, a zone with daylight saving): the export writes every time on the person's
clock, and in UTC the stored text is already the export's text.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable, Iterable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT.parent))

from bench_pages import year_of_entries  # noqa: E402
from bench_progress import configure  # noqa: E402


def person_with_history(years: int) -> Any:
    from waypoint.accounts.models import User
    from waypoint.journal.models import CheckIn, Entry, Profile, Substance, today

    person = User.objects.create_user(username="twenty-years", password=None)
    Profile.objects.create(user=person, started_done_at=datetime.now(UTC))
    alcohol = Substance.objects.get(slug="alcohol", owner=None)
    days = 365 * years
    rng = random.Random(20)
    entries, checkins = year_of_entries(
        person, alcohol, today() - timedelta(days=days - 1), days, rng
    )
    for entry in entries:
        entry.note = rng.choice(("", "after work with Sam", "long day, watched a film"))
    Entry.objects.bulk_create(entries, batch_size=1000)
    CheckIn.objects.bulk_create(checkins, batch_size=1000)
    print(f"{years} years: {len(entries):,} entries, {len(checkins):,} check-ins")
    return person


def entries_before(person: Any) -> Iterable[dict[str, Any]]:
    """The entries as model objects, each made a record with the zone looked up per value."""
    from django.utils import timezone

    from waypoint.journal.models import Entry

    def when(value: Any) -> Any:
        return timezone.localtime(value).isoformat() if value else None

    fields = (
        "time_given",
        "unit",
        "preset",
        "alcohol_grams",
        "route",
        "mood",
        "ate_before",
        "slept_well",
        "physical",
    )
    fields += ("intention", "place", "company", "activity", "note")
    for entry in (
        Entry.objects.filter(user=person)
        .select_related("substance")
        .order_by("day", "used_at", "created_at")
        .iterator(chunk_size=2000)
    ):
        yield {name: getattr(entry, name) for name in fields} | {
            "id": str(entry.id),
            "day": entry.day.isoformat(),
            "used_at": when(entry.used_at),
            "substance": entry.substance.name,
            "substance_slug": entry.substance.slug,
            "amount": float(entry.amount),
            "preset_count": None if entry.preset_count is None else float(entry.preset_count),
            "standard_drinks": round(entry.alcohol_grams / 14.0, 2),
            "harms": list(entry.harms),
            "care_actions": list(entry.care_actions),
            "created_at": when(entry.created_at),
            "updated_at": when(entry.updated_at),
        }


def checkins_before(person: Any) -> list[dict[str, Any]]:
    from django.utils import timezone

    from waypoint.journal.models import CheckIn

    return [
        {
            "day": c.day.isoformat(),
            "no_use": c.no_use,
            "mood": c.mood,
            "wellbeing": c.wellbeing,
            "created_at": timezone.localtime(c.created_at).isoformat(),
            "updated_at": timezone.localtime(c.updated_at).isoformat(),
        }
        for c in CheckIn.objects.filter(user=person).order_by("day")
    ]


def json_before(person: Any) -> Iterable[str]:
    """One dict with every section, entries and check-ins from model objects, indent=2."""
    from django.core.serializers.json import DjangoJSONEncoder

    from waypoint.yourdata.exports import export_sections

    data = {}
    for name, value in export_sections(person):
        if name == "entries":
            value = list(entries_before(person))
        elif name == "checkins":
            value = checkins_before(person)
        data[name] = value
    return [json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2)]


def csv_before(person: Any) -> Iterable[str]:
    from waypoint.core.csv import csv_lines
    from waypoint.yourdata.exports import CSV_COLUMNS

    rows = ([record[name] for name in CSV_COLUMNS] for record in entries_before(person))
    return csv_lines(rows, header=CSV_COLUMNS, bom=True)


def consume(chunks: Iterable[str]) -> int:
    return sum(len(chunk) for chunk in chunks)


def measure(name: str, produce: Callable[[], Iterable[str]], repeats: int) -> dict[str, float]:
    size = consume(produce())
    walls, cpus = [], []
    for _ in range(repeats):
        start, start_cpu = time.perf_counter(), time.process_time()
        consume(produce())
        walls.append(time.perf_counter() - start)
        cpus.append(time.process_time() - start_cpu)
    tracemalloc.start()
    consume(produce())
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    result = {
        "wall": statistics.median(walls) * 1000,
        "cpu": statistics.median(cpus) * 1000,
        "best": min(cpus) * 1000,
        "peak": peak / 2**20,
        "size": size / 2**20,
    }
    print(
        f"{name}: {result['size']:.1f} MB of text, wall {result['wall']:.0f} ms, "
        f"CPU {result['cpu']:.0f} ms (best {result['best']:.0f}), "
        f"peak allocation {result['peak']:.1f} MB"
    )
    return result


ZONES = ("UTC", "America/Los_Angeles")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--years", type=int, default=20)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument(
        "--zone",
        action="append",
        dest="zones",
        metavar="NAME",
        help=f"an IANA time zone to export in (repeatable; default: {' and '.join(ZONES)})",
    )
    parser.add_argument(
        "--database-url",
        default=os.environ.get("DATABASE_URL"),
        help="measure on this PostgreSQL server, in a test database (default: DATABASE_URL; "
        "without either, SQLite)",
    )
    args = parser.parse_args()
    zones = args.zones or ZONES
    for zone in zones:
        ZoneInfo(zone)  # an unknown name stops here, before the history is built
    with tempfile.TemporaryDirectory(prefix="waypoint-bench-") as data_dir:
        configure(data_dir, args.database_url)
        from django.core.management import call_command
        from django.db import connection
        from django.utils import timezone

        original = connection.settings_dict["NAME"]
        if args.database_url:
            name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
            print(f"on {connection.vendor}, database {name}")
        else:
            call_command("migrate", verbosity=0)
        from waypoint.yourdata.exports import export_csv_rows, export_json_chunks

        person = person_with_history(args.years)
        ways = {
            "JSON, before (built whole, indent=2)": lambda: json_before(person),
            "JSON, streamed": lambda: export_json_chunks(person),
            "CSV, before": lambda: csv_before(person),
            "CSV, streamed": lambda: export_csv_rows(person),
        }
        ratios = []
        for zone in zones:
            print(f"-- in {zone}")
            with timezone.override(zone):
                results = {
                    name: measure(name, produce, args.repeats) for name, produce in ways.items()
                }
            for kind in ("JSON", "CSV"):
                before = results[
                    f"{kind}, before" + (" (built whole, indent=2)" if kind == "JSON" else "")
                ]
                after = results[f"{kind}, streamed"]
                ratios.append(
                    f"{kind} in {zone}: streamed is {before['cpu'] / after['cpu']:.2f}x faster "
                    f"(median CPU), {before['best'] / after['best']:.2f}x (best CPU), "
                    f"{before['wall'] / after['wall']:.2f}x (wall); "
                    f"peak {before['peak']:.1f} MB -> {after['peak']:.1f} MB"
                )
        print("\n".join(ratios))
        if args.database_url:
            connection.creation.destroy_test_db(original, verbosity=0)


if __name__ == "__main__":
    main()
