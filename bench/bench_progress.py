"""Time the progress page for a person with 3 years of daily entries, against a trivial page.

Run from the repository root: .venv/bin/python bench/bench_progress.py [--repeats N] [--years Y]

Both pages are asked for in the same run, alternately, through django.test.Client with the
same signed-in session, on a fresh SQLite database in a temporary directory (migrated at the
start, deleted at the end). The trivial page is /settings/: signed in, a form and two small
queries. Prints both medians and the ratio, and the ratio against a fixed light page,
/settings/passphrase/ (see bench_pages.py: /settings/ grows as apps add settings).
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
import uuid
from datetime import UTC, date, datetime, timedelta
from datetime import time as clock
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

DAYS = 3 * 365  # --years changes it


def configure(data_dir: str, database_url: str | None = None) -> None:
    """Production-like settings (DEBUG off, cached templates) on a throwaway database (SQLite
    in `data_dir`, or the test database of `database_url`'s: see `bench_export`)."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "waypoint.settings")
    os.environ["DEBUG"] = "0"
    os.environ["SECRET_KEY"] = "bench-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz-0123"  # noqa: S105
    os.environ["ENCRYPTION_KEYS"] = "m0TuWm6Z0dEYqcsmvq3Dp1y2Yx0WLiJt7Hl3m2bFQ6w="
    os.environ["SECURE_HTTPS"] = "0"
    os.environ["STATIC_MANIFEST"] = "0"
    os.environ["ALLOWED_HOSTS"] = "testserver"
    os.environ["WAYPOINT_DATA_DIR"] = data_dir
    if database_url:
        os.environ["DATABASE_URL"] = database_url
    else:
        os.environ.pop("DATABASE_URL", None)
    import django

    django.setup()


def make_person(today: date) -> object:
    """One participant: 1095 days, a use entry on most, a 'no use' check-in on the rest."""
    from waypoint.accounts.models import User
    from waypoint.goals.models import Goal, GoalStep
    from waypoint.journal.models import BaselineDay, CheckIn, Entry, Profile, Substance

    rng = random.Random(20261123)
    person = User.objects.create_user(username="long-history", password=None)
    alcohol = Substance.objects.get(slug="alcohol", owner=None)
    first = today - timedelta(days=DAYS - 1)
    profile = Profile.objects.create(
        user=person,
        baseline_start=first - timedelta(days=30),
        baseline_end=first - timedelta(days=1),
    )
    BaselineDay.objects.bulk_create(
        BaselineDay(
            user=person,
            substance=alcohol,
            day=profile.baseline_start + timedelta(days=i),
            amount=drinks,
            alcohol_grams=drinks * 14.0,
        )
        for i, drinks in enumerate(rng.choice((0, 4, 6, 8)) for _ in range(30))
    )
    entries, checkins = [], []
    for i in range(DAYS):
        day = first + timedelta(days=i)
        # Every day logged: a check-in with wellbeing, and an entry (some days several).
        checkins.append(CheckIn(user=person, day=day, wellbeing=rng.randint(3, 9)))
        for _ in range(1 if rng.random() < 0.85 else 2):
            drinks = rng.choice((1, 1, 2, 2, 3, 3, 4, 5, 6))
            entries.append(
                Entry(
                    id=uuid.uuid4(),
                    user=person,
                    substance=alcohol,
                    day=day,
                    used_at=datetime.combine(day, clock(19, 0), tzinfo=UTC),
                    amount=Decimal(drinks),
                    unit="drink",
                    alcohol_grams=drinks * 14.0,
                    ate_before=rng.random() < 0.6,
                    slept_well=rng.random() < 0.5,
                    mood=rng.randint(1, 5),
                    place=rng.choice(("home", "bar", "friends")),
                    company=rng.choice(("alone", "friends", "partner")),
                    harms=["blackout"] if drinks >= 6 and rng.random() < 0.3 else [],
                    care_actions=["ate_first", "water"] if rng.random() < 0.4 else [],
                )
            )
    Entry.objects.bulk_create(entries, batch_size=500)
    CheckIn.objects.bulk_create(checkins, batch_size=500)
    from waypoint.journal.digest import rebuild

    rebuild(person.pk)  # bulk writes skip the services that keep the digest
    observe = Goal.objects.create(
        user=person,
        kind="observe",
        substance=alcohol,
        started_on=first,
        ended_on=first + timedelta(days=89),
    )
    Goal.objects.create(
        user=person,
        kind="cut_down",
        substance=alcohol,
        daily_limit=Decimal(3),
        limit_unit="drink",
        days_per_week=4,
        started_on=first + timedelta(days=90),
        replaces=observe,
    )
    life = Goal.objects.create(
        user=person, kind="life", domain="health", title="Sleep better", started_on=first
    )
    GoalStep.objects.bulk_create(
        GoalStep(goal=life, text=f"Step {n}", position=n, done_on=first if n < 2 else None)
        for n in range(4)
    )
    return person


def median_ms(samples: list[float]) -> float:
    return statistics.median(samples) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=60)
    parser.add_argument("--profile", action="store_true", help="print a cProfile of the page")
    parser.add_argument("--years", type=int, default=3, help="years of daily history")
    parser.add_argument("--api", action="store_true", help="also time /api/v1/progress")
    parser.add_argument(
        "--after-write",
        action="store_true",
        help="log an entry for today (untimed) before each round: the first view after logging",
    )
    parser.add_argument(
        "--cold",
        action="store_true",
        help="forget the kept recent journals before each request (a cold or evicted copy)",
    )
    args = parser.parse_args()
    global DAYS
    DAYS = args.years * 365
    with tempfile.TemporaryDirectory(prefix="waypoint-bench-") as data_dir:
        configure(data_dir)
        from django.core.management import call_command
        from django.db import connection
        from django.test import Client
        from django.test.utils import CaptureQueriesContext

        from waypoint.journal.models import Entry, today

        call_command("migrate", verbosity=0)
        started = time.perf_counter()
        person = make_person(today())
        print(
            f"person with {DAYS} days ({Entry.objects.count()} entries) made in "
            f"{time.perf_counter() - started:.1f} s"
        )
        client = Client()
        client.force_login(person)
        from bench_pages import FIXED, TRIVIAL, ratios

        pages = {
            TRIVIAL: "/settings/",
            FIXED: "/settings/passphrase/",
            "progress (/goals/progress/)": "/goals/progress/",
        }
        if args.api:
            pages["progress API (/api/v1/progress)"] = "/api/v1/progress"
        for url in pages.values():  # warm up: template compilation, first connection
            for _ in range(3):
                response = client.get(url)
                assert response.status_code == 200, (url, response.status_code)
        for name, url in pages.items():
            with CaptureQueriesContext(connection) as queries:
                client.get(url)
            print(f"{name}: {len(queries)} queries, {len(client.get(url).content) // 1024} KiB")
        if args.profile:
            import cProfile
            import pstats

            profiler = cProfile.Profile()
            profiler.enable()
            for _ in range(10):
                client.get("/goals/progress/")
            profiler.disable()
            stats = pstats.Stats(profiler)
            stats.sort_stats("cumulative").print_stats(30)
            stats.sort_stats("tottime").print_stats(25)
            return
        # Wall time and this process's CPU time: on a shared machine the CPU time moves less.
        wall: dict[str, list[float]] = {name: [] for name in pages}
        cpu: dict[str, list[float]] = {name: [] for name in pages}
        from waypoint.goals.recent import forget_all
        from waypoint.journal.models import Substance
        from waypoint.journal.services import entry_create

        alcohol = Substance.objects.get(slug="alcohol", owner=None)
        for _ in range(args.repeats):
            if args.after_write:
                entry_create(user=person, substance=alcohol, day=today(), amount=Decimal(1))
            for name, url in pages.items():  # alternate, so load on the machine hits both alike
                if args.cold:
                    forget_all()
                start, start_cpu = time.perf_counter(), time.process_time()
                client.get(url)
                wall[name].append(time.perf_counter() - start)
                cpu[name].append(time.process_time() - start_cpu)
        for label, samples in (("wall", wall), ("cpu", cpu)):
            ratios(
                label, {name: median_ms(values) for name, values in samples.items()}, args.repeats
            )


if __name__ == "__main__":
    main()
