"""Check-on-me alert latency: from deadline plus grace to the SMTP server having the message.

Run from the repository root: .venv/bin/python bench/bench_checkonme.py [--timers N] [--workers W]

A throwaway SQLite database (migrated at the start, deleted at the end; or PostgreSQL with
--database-url, which must be an empty database), a local aiosmtpd server, N participants each
with a confirmed contact and a running timer, all due within the same minute (spread over
it, plus a burst of a fifth of them at the same instant), and W real `manage.py run_worker`
processes with the default poll interval. Prints p50, p95, p99 and the worst delay, and
checks that every contact got exactly one alert.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.alerts.servers import SmtpSink  # noqa: E402 (after sys.path)


def environment(data_dir: str, database_url: str | None, smtp: SmtpSink) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "waypoint.settings",
            "DEBUG": "0",
            "SECRET_KEY": "bench-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz-0123",
            "ENCRYPTION_KEYS": "m0TuWm6Z0dEYqcsmvq3Dp1y2Yx0WLiJt7Hl3m2bFQ6w=",
            "SECURE_HTTPS": "0",
            "STATIC_MANIFEST": "0",
            "ALLOWED_HOSTS": "testserver",
            "WAYPOINT_DATA_DIR": data_dir,
            "CHECK_ON_ME_GRACE_SECONDS": "120",
            "SITE_URL": "https://waypoint.example.org",
            "LOG_LEVEL": "WARNING",
            **smtp.env(),
        }
    )
    env.pop("DATABASE_URL", None)
    if database_url:
        env["DATABASE_URL"] = database_url
    return env


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(p / 100 * len(ordered) + 0.5) - 1))
    return ordered[index]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--timers", type=int, default=250)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--lead", type=float, default=20, help="seconds until the minute starts")
    parser.add_argument("--database-url", default=None)
    args = parser.parse_args()

    data_dir = tempfile.mkdtemp(prefix="wp-bench-checkonme-")
    smtp = SmtpSink().start()
    env = environment(data_dir, args.database_url, smtp)
    os.environ.update(env)
    if not args.database_url:
        os.environ.pop("DATABASE_URL", None)
    import django

    django.setup()
    from django.core.management import call_command
    from django.utils import timezone

    from waypoint.accounts.models import User
    from waypoint.alerts import services
    from waypoint.alerts.models import Contact, Outbox, Timer

    procs: list[subprocess.Popen[bytes]] = []
    try:
        call_command("migrate", verbosity=0)
        rng = random.Random(15)
        print(f"Making {args.timers} participants, contacts and timers…", flush=True)
        timers: list[tuple[int, str]] = []
        for i in range(args.timers):
            person = User.objects.create_user(f"bench{i}", password=None)
            address = f"contact{i}@example.org"
            contact = services.contact_add(owner=person, name=f"Contact {i}", email=address)
            Contact.objects.filter(pk=contact.pk).update(status=Contact.Status.CONFIRMED)
            services.prefs_save(
                user=person,
                rescue_plan="Flat 3, door code 4321. Naloxone in the kitchen drawer.",
                ask_channel="in_app",
                own_email="",
                own_phone="",
            )
            timer = services.timer_start(
                owner=person, seconds=3600, note="At home", contact_ids=[contact.pk]
            )
            timers.append((timer.pk, address))
        Outbox.objects.update(status=Outbox.Status.SENT)  # the invitations are not measured

        for _ in range(args.workers):
            proc = subprocess.Popen(
                [sys.executable, str(ROOT / "manage.py"), "run_worker"],
                cwd=ROOT,
                env=env,
                stdout=subprocess.DEVNULL,
            )
            procs.append(proc)

        # Every alert falls due within one minute starting `lead` seconds from now: a fifth of
        # them at the same instant (the burst), the rest spread over the minute.
        start = timezone.now() + timedelta(seconds=args.lead)
        burst = args.timers // 5
        grace = timedelta(seconds=120)
        for n, (timer_id, _address) in enumerate(timers):
            offset = 0.0 if n < burst else rng.uniform(0, 60)
            alert_at = start + timedelta(seconds=offset)
            Timer.objects.filter(pk=timer_id).update(deadline=alert_at - grace, alert_at=alert_at)
        due = {address: Timer.objects.get(pk=tid).alert_at.timestamp() for tid, address in timers}
        print(
            f"{args.workers} workers; alerts due from {start:%H:%M:%S} over one minute", flush=True
        )

        end = time.time() + args.lead + 60 + 60
        while time.time() < end and len({m.to[0] for m in smtp.messages}) < len(timers):
            time.sleep(0.2)
        time.sleep(3)  # duplicates would show up now

        first: dict[str, float] = {}
        counts: dict[str, int] = {}
        for message in smtp.messages:
            address = message.to[0]
            counts[address] = counts.get(address, 0) + 1
            first.setdefault(address, message.at)
        delays = [first[a] - due[a] for a in due if a in first]
        missed = len(due) - len(first)
        duplicates = sum(c - 1 for c in counts.values())
        print(f"alerts: {len(delays)} received, {missed} missed, {duplicates} duplicates")
        print(
            "delay from deadline+grace to SMTP receipt (s): "
            f"p50 {statistics.median(delays):.2f}, p95 {percentile(delays, 95):.2f}, "
            f"p99 {percentile(delays, 99):.2f}, max {max(delays):.2f} (bound: p99 <= 5 s)"
        )
        ok = missed == 0 and duplicates == 0 and percentile(delays, 99) <= 5
        print("OK" if ok else "NOT MET")
        if not ok:
            raise SystemExit(1)
    finally:
        for proc in procs:
            proc.terminate()
        for proc in procs:
            proc.wait(20)
        smtp.stop()
        shutil.rmtree(data_dir, ignore_errors=True)


if __name__ == "__main__":
    main()
