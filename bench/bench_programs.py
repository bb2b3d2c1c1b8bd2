"""The program report and CSV export with 1,000,000 encounters over 3 years at 40 sites.

Run from the repository root, with PostgreSQL reachable:
  .venv/bin/python bench/bench_programs.py [--encounters N] [--repeats R] [--keep]
  (database: $BENCH_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/wp_programs_bench;
  it is dropped and made anew, and dropped at the end unless --keep)

1. Data is made in the database itself (generate_series, setseed for a fixed pseudo-random
   sequence): one program, 40 sites, 20,000 codes, N encounters spread over 3 years, 2,000
   reversals. The report reads only the encounters' own tallies, so no supply rows are made.
2. The year's report (`waypoint.programs.report.report`: indicators and monthly rows, 4 queries)
   and one hand-written SQL statement computing the same numbers are timed alternately, R times
   each, in the same run; the script checks both give identical numbers and prints the medians
   and the ratio.
3. The streamed CSV export of every encounter (the page `encounters.csv`) is read to the end in
   a child process, which reports its peak resident memory (ru_maxrss), and the same figure
   taken just before the export began (the process with Django and every app loaded).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from datetime import date
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/wp_programs_bench"
SLUG = "bench-program"
TZ = "America/Chicago"


def configure(url: str) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "waypoint.settings")
    os.environ["DEBUG"] = "0"
    os.environ["SECRET_KEY"] = "bench-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz-0123"  # noqa: S105
    os.environ["ENCRYPTION_KEYS"] = "m0TuWm6Z0dEYqcsmvq3Dp1y2Yx0WLiJt7Hl3m2bFQ6w="
    os.environ["SECURE_HTTPS"] = "0"
    os.environ["ALLOWED_HOSTS"] = "testserver"
    os.environ["DATABASE_URL"] = url
    import django

    django.setup()


def recreate_database(url: str) -> None:
    import psycopg

    base, name = url.rsplit("/", 1)
    with psycopg.connect(base + "/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')


def drop_database(url: str) -> None:
    import psycopg
    from django.db import connections

    connections.close_all()
    base, name = url.rsplit("/", 1)
    with psycopg.connect(base + "/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')


GENERATE = """
SELECT setseed(0.42);
INSERT INTO programs_site (organization_id, name, kind, active, created_at)
SELECT %(org)s, 'Site ' || n, (ARRAY['fixed','mobile','street','mail','secondary'])[1 + n %% 5],
       true, now()
FROM generate_series(1, 40) n;
INSERT INTO programs_participant (organization_id, code, created_at)
SELECT %(org)s, 'B' || lpad(n::text, 5, '0'), now() FROM generate_series(1, 20000) n;
INSERT INTO programs_encounter (
  id, organization_id, site_id, participant_id, at, people, syringes_collected, services, note,
  version, recorded_at, syringes_distributed, naloxone_kits, naloxone_doses, fentanyl_strips,
  xylazine_strips, hiv_tests, hiv_reactive, hcv_tests, hcv_reactive, referrals_made,
  referrals_linked)
SELECT gen_random_uuid(), %(org)s, s.first_site + floor(r.a * 40)::int,
       CASE WHEN r.b < 0.7 THEN p.first_p + floor(r.c * 20000)::int END,
       %(start)s::timestamptz + (r.d * interval '1095 days'),
       CASE WHEN r.b < 0.7 THEN 1 ELSE 1 + (r.e * 3)::int END,
       (r.e * 40)::int, '[]'::jsonb, '', 1, now(),
       (r.f * 50)::int, (r.g < 0.2)::int, (r.g < 0.2)::int * 2, (r.h * 10)::int, (r.h * 3)::int,
       (r.g < 0.05)::int, (r.g < 0.003)::int, (r.g < 0.04)::int, (r.g < 0.01)::int,
       (r.h < 0.06)::int, (r.h < 0.03)::int
FROM generate_series(1, %(n)s) n
CROSS JOIN LATERAL (SELECT random() a, random() b, random() c, random() d, random() e,
                           random() f, random() g, random() h, n AS k) r
CROSS JOIN (SELECT min(id) AS first_site FROM programs_site) s
CROSS JOIN (SELECT min(id) AS first_p FROM programs_participant) p;
UPDATE programs_participant p SET first_seen_at = f.at, first_site_id = f.site_id
FROM (SELECT DISTINCT ON (participant_id) participant_id, at, site_id FROM programs_encounter
      WHERE participant_id IS NOT NULL ORDER BY participant_id, at) f
WHERE f.participant_id = p.id;
INSERT INTO programs_reversal (id, organization_id, site_id, at, place, substances, naloxone_doses,
  rescue_breathing, called_911, outcome, recorded_at)
SELECT gen_random_uuid(), %(org)s, (SELECT min(id) FROM programs_site) + floor(random() * 40)::int,
       %(start)s::timestamptz + (random() * interval '1095 days'), 'outdoors', '[]'::jsonb, 2,
       false, false, 'recovered', now()
FROM generate_series(1, 2000);
"""

# One statement: every indicator per month and for the whole period (GROUPING SETS), joined
# with codes first seen and reversals, in the organization's time zone.
HAND_SQL = """
WITH e AS (
  SELECT date_trunc('month', at AT TIME ZONE %(tz)s) AS m, * FROM programs_encounter
  WHERE organization_id = %(org)s AND at >= %(start)s AND at < %(end)s),
enc AS (
  SELECT coalesce(m, '0001-01-01'::timestamp) AS k, count(*) AS encounters,
    count(DISTINCT participant_id) AS unique_participants,
    coalesce(sum(people) FILTER (WHERE participant_id IS NULL), 0) AS anonymous_contacts,
    sum(syringes_distributed) AS syringes_distributed,
    sum(syringes_collected) AS syringes_collected,
    sum(naloxone_kits) AS naloxone_kits_distributed,
    sum(naloxone_doses) AS naloxone_doses_distributed,
    sum(fentanyl_strips) AS fentanyl_test_strips_distributed,
    sum(xylazine_strips) AS xylazine_test_strips_distributed,
    sum(hiv_tests) AS hiv_tests, sum(hiv_reactive) AS hiv_reactive, sum(hcv_tests) AS hcv_tests,
    sum(hcv_reactive) AS hcv_reactive, sum(referrals_made) AS referrals_made,
    sum(referrals_linked) AS referrals_linked
  FROM e GROUP BY GROUPING SETS ((m), ())),
np AS (
  SELECT coalesce(date_trunc('month', first_seen_at AT TIME ZONE %(tz)s),
                  '0001-01-01'::timestamp) AS k,
    count(*) AS n
  FROM programs_participant WHERE organization_id = %(org)s
    AND first_seen_at >= %(start)s AND first_seen_at < %(end)s
  GROUP BY GROUPING SETS (
    (date_trunc('month', first_seen_at AT TIME ZONE %(tz)s)), ())),
rv AS (
  SELECT coalesce(date_trunc('month', at AT TIME ZONE %(tz)s), '0001-01-01'::timestamp) AS k,
    count(*) AS n
  FROM programs_reversal WHERE organization_id = %(org)s AND at >= %(start)s AND at < %(end)s
  GROUP BY GROUPING SETS ((date_trunc('month', at AT TIME ZONE %(tz)s)), ()))
SELECT enc.*, coalesce(np.n, 0) AS new_participants, coalesce(rv.n, 0) AS reversals
FROM enc LEFT JOIN np USING (k) LEFT JOIN rv USING (k)
ORDER BY k
"""


def hand_report(org_id: int, start: Any, end: Any) -> dict[str, Any]:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(HAND_SQL, {"tz": TZ, "org": org_id, "start": start, "end": end})
        names = [c.name for c in cursor.description]
        rows = [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]
    out: dict[str, Any] = {"monthly": {}}
    for row in rows:
        month = row.pop("k")
        row["overdose_reversals_reported"] = row.pop("reversals")
        values = {k: int(v or 0) for k, v in row.items()}
        if month.year < 1000:  # the whole period
            out["indicators"] = values
        else:
            out["monthly"][f"{month:%Y-%m}"] = values
    return out


def export_child(url: str) -> None:
    """In a child process: stream the whole CSV export to nowhere; print rows and peak RSS."""
    import resource

    configure(url)
    from django.test import RequestFactory

    from waypoint.accounts.models import User
    from waypoint.programs.views import encounters_csv

    request = RequestFactory().get(f"/programs/{SLUG}/encounters.csv")
    request.user = User.objects.get(username="bench-admin")
    # The process before the export (Django, every app's code, a connection): the export's own
    # cost is the peak above this.
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    started = time.perf_counter()
    response = encounters_csv(request, slug=SLUG)
    size = lines = 0
    for chunk in response.streaming_content:
        size += len(chunk)
        lines += 1
    seconds = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"{lines - 1} {size} {seconds:.1f} {peak:.1f} {before:.1f}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--encounters", type=int, default=1_000_000)
    parser.add_argument("--repeats", type=int, default=7)
    parser.add_argument("--keep", action="store_true")
    parser.add_argument("--export-child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    url = os.environ.get("BENCH_DATABASE_URL", DEFAULT_URL)
    if args.export_child:
        export_child(url)
        return
    recreate_database(url)
    configure(url)
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0)
    from waypoint.accounts.models import Membership, Organization, User
    from waypoint.programs.report import INDICATORS, report
    from waypoint.programs.selectors import day_bounds, program_for

    organization = Organization.objects.create(
        name="Bench program", slug=SLUG, kind=Organization.Kind.PROGRAM, time_zone=TZ
    )
    admin = User.objects.create_user("bench-admin", password=None, kind=User.Kind.STAFF)
    Membership.objects.create(user=admin, organization=organization, role=Membership.Role.ADMIN)
    access = program_for(admin, SLUG)
    start_of_data = date(2023, 1, 1)
    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute(
            GENERATE,
            {"org": organization.pk, "n": args.encounters, "start": f"{start_of_data} 00:00-06"},
        )
    connection.ensure_connection()
    connection.connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    print(f"made {args.encounters:,} encounters in {time.perf_counter() - started:.1f} s")
    first, last = date(2025, 1, 1), date(2025, 12, 31)
    start, end = day_bounds(access.tz, first, last)

    orm = report(access, first=first, last=last)
    hand = hand_report(organization.pk, start, end)
    assert orm.indicators == {k: hand["indicators"][k] for k in INDICATORS}, "totals differ"
    for month in orm.monthly:
        row = hand["monthly"][month["month"]]
        assert month["indicators"] == {k: row[k] for k in INDICATORS}, month["month"]
    print(f"both give the same numbers; {orm.indicators['encounters']:,} encounters in 2025")

    orm_times, hand_times = [], []
    for _ in range(args.repeats):
        t = time.perf_counter()
        report(access, first=first, last=last)
        orm_times.append(time.perf_counter() - t)
        t = time.perf_counter()
        hand_report(organization.pk, start, end)
        hand_times.append(time.perf_counter() - t)
    orm_median, hand_median = statistics.median(orm_times), statistics.median(hand_times)
    print(f"report (ORM, 4 queries):      median {orm_median * 1000:8.1f} ms")
    print(f"hand-written SQL (1 query):   median {hand_median * 1000:8.1f} ms")
    print(f"ratio report / hand SQL:      {orm_median / hand_median:.2f}x")

    child = subprocess.run(
        [sys.executable, __file__, "--export-child"],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "BENCH_DATABASE_URL": url},
    )
    rows, size, seconds, peak, before = child.stdout.split()
    print(
        f"CSV export: {int(rows):,} rows, {int(size) / 1e6:.0f} MB in {seconds} s, "
        f"peak RSS {peak} MB ({before} MB before the export began: "
        f"{float(peak) - float(before):.1f} MB for the export itself)"
    )
    if not args.keep:
        drop_database(url)


if __name__ == "__main__":
    main()
