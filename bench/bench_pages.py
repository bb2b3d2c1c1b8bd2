"""Time pages against the trivial signed-in page (/settings/), in one run, for issue 17's table.

Run from the repository root:

    .venv/bin/python bench/bench_pages.py today            # Today, a participant with a year
    .venv/bin/python bench/bench_pages.py caseload [--clients 1000]
    .venv/bin/python bench/bench_pages.py groups [--meetings 5000]
    .venv/bin/python bench/bench_pages.py post             # POST /api/v1/entries

(The own-data exports have their own script, bench/bench_export.py.)

Each scenario builds its data in bulk on a fresh SQLite database in a temporary directory
(production settings: DEBUG off, cached templates), signs in with django.test.Client and asks
alternately for /settings/ and the pages measured, printing medians of wall and CPU time and
the ratio of each page to the trivial one. Absolute times are for scale only.

A second ratio is printed against a fixed light page, /settings/passphrase/ (signed in, the
base layout and a three-field form): /settings/ grows as apps add settings (12 KiB in session 9,
50 KiB in session 10), so a ratio against it alone flatters every page measured by it.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from datetime import time as clock
from decimal import Decimal
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT.parent))

from bench_progress import configure  # noqa: E402


def year_of_entries(
    person: Any, alcohol: Any, first: date, days: int, rng: random.Random
) -> tuple[list[Any], list[Any]]:
    """A use entry on about two days in three, a 'no use' check-in on the rest."""
    from waypoint.journal.models import CheckIn, Entry

    entries, checkins = [], []
    for i in range(days):
        day = first + timedelta(days=i)
        if rng.random() < 0.35:
            checkins.append(CheckIn(user=person, day=day, no_use=True, wellbeing=rng.randint(3, 9)))
            continue
        drinks = rng.choice((1, 2, 2, 3, 4, 6))
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
                place=rng.choice(("home", "bar", "friends")),
                harms=["blackout"] if drinks >= 6 and rng.random() < 0.2 else [],
                care_actions=["water"] if rng.random() < 0.4 else [],
            )
        )
    return entries, checkins


def participant(username: str = "pat", years: int = 1) -> Any:
    from waypoint.accounts.models import User
    from waypoint.journal.digest import rebuild
    from waypoint.journal.models import CheckIn, Entry, Profile, Substance, today

    person = User.objects.create_user(username=username, password=None)
    Profile.objects.create(user=person, started_done_at=datetime.now(UTC))
    alcohol = Substance.objects.get(slug="alcohol", owner=None)
    days = 365 * years
    entries, checkins = year_of_entries(
        person, alcohol, today() - timedelta(days=days - 1), days, random.Random(17)
    )
    Entry.objects.bulk_create(entries, batch_size=1000)
    CheckIn.objects.bulk_create(checkins, batch_size=1000)
    rebuild(person.pk)
    return person


def run(
    pages: dict[str, str], login: Any, repeats: int, post: Callable[[Any], Any] | None = None
) -> None:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client()
    client.force_login(login)
    pages = {TRIVIAL: "/settings/", FIXED: "/settings/passphrase/", **pages}
    for url in pages.values():
        for _ in range(3):
            response = client.get(url)
            assert response.status_code == 200, (url, response.status_code)
    for name, url in pages.items():
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        size = (
            len(response.content)
            if not getattr(response, "streaming", False)
            else len(b"".join(response.streaming_content))
        )
        print(f"{name}: {len(queries)} queries, {size / 1024:.0f} KiB")
    wall: dict[str, list[float]] = {name: [] for name in pages}
    cpu: dict[str, list[float]] = {name: [] for name in pages}
    for _ in range(repeats):
        for name, url in pages.items():
            start, start_cpu = time.perf_counter(), time.process_time()
            response = client.get(url)
            if getattr(response, "streaming", False):
                for _chunk in response.streaming_content:
                    pass
            wall[name].append(time.perf_counter() - start)
            cpu[name].append(time.process_time() - start_cpu)
    for label, samples in (("wall", wall), ("cpu", cpu)):
        medians = {name: statistics.median(values) * 1000 for name, values in samples.items()}
        ratios(label, medians, repeats)


TRIVIAL = "trivial (/settings/)"
FIXED = "fixed light page (/settings/passphrase/)"


def ratios(label: str, medians: dict[str, float], repeats: int) -> None:
    """Each page's median against /settings/ and against the fixed light page."""
    medians = dict(medians)
    trivial, fixed = medians.pop(TRIVIAL), medians.pop(FIXED)
    print(f"{label}: trivial {trivial:.1f} ms, fixed {fixed:.1f} ms (medians of {repeats})")
    for name, value in medians.items():
        print(
            f"  {name}: {value:.1f} ms, {value / trivial:.2f}x the trivial page, "
            f"{value / fixed:.2f}x the fixed page"
        )


def today_scenario(args: argparse.Namespace) -> None:
    person = participant(years=1)
    run({"Today (/today/)": "/today/"}, person, args.repeats)


def staff(username: str, role: str) -> tuple[Any, Any]:
    from waypoint.accounts.models import Membership, Organization, User

    organization, _created = Organization.objects.get_or_create(slug="harbor", name="Harbor")
    person = User.objects.create_user(username=username, password=None, kind=User.Kind.STAFF)
    Membership.objects.create(user=person, organization=organization, role=role)
    return person, organization


def caseload_scenario(args: argparse.Namespace) -> None:
    """`--clients` people sharing everything with one counselor, each with a year of data."""
    started = time.perf_counter()
    counselor = load_caseload(args.clients, raw=False)
    print(f"{args.clients} clients with a year each made in {time.perf_counter() - started:.0f} s")
    run(
        {
            "caseload (/care/), needs attention first": "/care/",
            "caseload by name, page 10": "/care/?sort=name&page=10",
            "caseload searched": "/care/?q=client-04",
        },
        counselor,
        args.repeats,
    )


PATTERNS = 40  # clients whose year is computed; the rest copy one of them (see load_caseload)


def copy_rows(source: int, target: int, models: tuple[Any, ...]) -> None:
    """Copy one person's rows of each model to another, in SQL (INSERT ... SELECT)."""
    from django.db import connection

    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        for model in models:
            columns = [
                f.column
                for f in model._meta.concrete_fields
                if not (f.primary_key and f.column == "id")
            ]
            chosen = ", ".join("%s" if c == "user_id" else quote(c) for c in columns)
            cursor.execute(
                f"INSERT INTO {quote(model._meta.db_table)} ({', '.join(map(quote, columns))}) "  # noqa: S608
                f"SELECT {chosen} FROM {quote(model._meta.db_table)} WHERE user_id = %s",
                [target, source],
            )


def load_caseload(clients: int, raw: bool = True) -> Any:
    """A counselor and `clients` people sharing everything with them, each with a year.

    With `raw` off only the journal digest is written (what the caseload reads), not the raw
    entries and check-ins it is computed from, and only the first PATTERNS clients' years are
    computed: everyone after them gets a copy of one of those (digest, totals, baseline calendar
    and attention state), made in SQL, so 1,000 clients take about a minute rather than ten.
    """
    from waypoint.accounts.models import Membership, User
    from waypoint.care.models import Consent, Scope
    from waypoint.journal import attention
    from waypoint.journal.digest import digest_rows, totals_of
    from waypoint.journal.models import (
        Attention,
        BaselineDay,
        CheckIn,
        DayDigest,
        DigestTotal,
        Entry,
        Profile,
        Substance,
        today,
    )

    counselor, harbor = staff("carol", Membership.Role.COUNSELOR)
    alcohol = Substance.objects.get(slug="alcohol", owner=None)
    rng = random.Random(1000)
    people = User.objects.bulk_create(
        User(username=f"client-{n:04d}", display_name=f"Client {n:04d}") for n in range(clients)
    )
    first = today() - timedelta(days=364)
    Profile.objects.bulk_create(
        Profile(
            user=u,
            baseline_start=first - timedelta(days=30),
            baseline_end=first - timedelta(days=1),
        )
        for u in people
    )
    made = people if raw else people[:PATTERNS]
    BaselineDay.objects.bulk_create(
        (
            BaselineDay(
                user=u,
                substance=alcohol,
                day=first - timedelta(days=d + 1),
                amount=4,
                alcohol_grams=56,
            )
            for u in made
            for d in range(30)
        ),
        batch_size=5000,
    )
    for n, person in enumerate(made):
        entries, checkins = year_of_entries(person, alcohol, first, 365, rng)
        if raw:
            Entry.objects.bulk_create(entries, batch_size=1000)
            CheckIn.objects.bulk_create(checkins, batch_size=1000)
        # The digest straight from the rows just made (what the services would have kept).
        from waypoint.journal.digest import RawCheckIn, RawUse

        uses = [
            RawUse(e.day, alcohol.pk, e.unit, e.amount, e.alcohol_grams, e.harms, e.care_actions)
            for e in entries
        ]
        rows = digest_rows(
            person.pk, uses, [RawCheckIn(c.day, c.no_use, c.wellbeing) for c in checkins]
        )
        DayDigest.objects.bulk_create(rows, batch_size=2000)
        DigestTotal.objects.bulk_create(
            DigestTotal(user=person, substance_id=k, days=v) for k, v in totals_of(rows).items()
        )
        attention.refresh(person.pk)  # what the digest's writes keep (journal.attention)
        if n % 100 == 99:
            print(f"  {n + 1} clients made", flush=True)
    for n, person in enumerate(people[len(made) :]):
        copy_rows(
            made[n % len(made)].pk, person.pk, (DayDigest, DigestTotal, BaselineDay, Attention)
        )
    now = datetime.now(UTC)
    consents = []
    for person in people:
        consent = Consent(
            participant=person,
            organization=harbor,
            counselor=counselor,
            purpose="Counseling",
            signature=person.display_name,
            discloser="x",
            recipient="carol",
            information="x",
            revocation_terms="x",
            given_at=now,
        )
        consent.set_scopes(list(Scope.values))
        consents.append(consent)
    Consent.objects.bulk_create(consents, batch_size=1000)
    return counselor


def groups_scenario(args: argparse.Namespace) -> None:
    """A group with `--meetings` weekly meetings (oldest first), 12 members, attendance at each."""
    from waypoint.accounts.models import Membership
    from waypoint.groups.models import Attendance, Group, GroupMember, Meeting

    facilitator, harbor = staff("frank", Membership.Role.FACILITATOR)
    from waypoint.accounts.models import User

    group = Group.objects.create(organization=harbor, name="Tuesday circle", created_by=facilitator)
    members = [
        GroupMember.objects.create(group=group, user=User.objects.create_user(username=f"m{n}"))
        for n in range(12)
    ]
    rng = random.Random(5)
    now = datetime.now(UTC)
    started = time.perf_counter()
    meetings = Meeting.objects.bulk_create(
        (
            Meeting(
                group=group, starts_at=now - timedelta(days=7 * n + 1), walk_ins=rng.randint(0, 4)
            )
            for n in range(args.meetings)
        ),
        batch_size=2000,
    )
    Attendance.objects.bulk_create(
        (
            Attendance(meeting=meeting, member=member, member_key=member.key)
            for meeting in meetings
            for member in members
            if rng.random() < 0.6
        ),
        batch_size=5000,
    )
    print(f"{args.meetings} meetings made in {time.perf_counter() - started:.0f} s")
    run(
        {
            "group page": f"/groups/{group.pk}/",
            "group picture (charts)": f"/groups/{group.pk}/picture/",
        },
        facilitator,
        args.repeats,
    )


def post_scenario(args: argparse.Namespace) -> None:
    """POST an entry through the API (a token), alternating with the trivial page."""
    import json

    from django.test import Client

    from waypoint.accounts.services import token_create
    from waypoint.journal.models import today

    person = participant(years=1)
    _token, raw = token_create(user=person, name="bench")
    api, page = Client(), Client()
    page.force_login(person)
    headers = {"HTTP_AUTHORIZATION": f"Bearer {raw}"}
    # Each POST goes to a day of its own in the past year, as load.py's do: one day would soon
    # hold an unusual amount, answered with a question (422) instead of a saved entry.
    days = (today() - timedelta(days=back) for back in range(1, args.repeats + 4))

    def post_one() -> None:
        body = json.dumps({"substance": "alcohol", "day": next(days).isoformat(), "amount": "1"})
        response = api.post("/api/v1/entries", body, "application/json", **headers)
        assert response.status_code == 201, response.content

    for _ in range(3):
        post_one()
        page.get("/settings/")
    wall: dict[str, list[float]] = {"trivial": [], "post": []}
    cpu: dict[str, list[float]] = {"trivial": [], "post": []}
    for _ in range(args.repeats):
        for name in ("trivial", "post"):
            start, start_cpu = time.perf_counter(), time.process_time()
            if name == "post":
                post_one()
            else:
                page.get("/settings/")
            wall[name].append(time.perf_counter() - start)
            cpu[name].append(time.process_time() - start_cpu)
    for label, samples in (("wall", wall), ("cpu", cpu)):
        trivial = statistics.median(samples["trivial"]) * 1000
        post = statistics.median(samples["post"]) * 1000
        print(
            f"{label}: trivial {trivial:.1f} ms, POST an entry {post:.1f} ms, {post / trivial:.2f}x"
        )


SCENARIOS = {
    "post": post_scenario,
    "today": today_scenario,
    "caseload": caseload_scenario,
    "groups": groups_scenario,
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("scenario", nargs="?", default="today", choices=sorted(SCENARIOS))
    parser.add_argument("--repeats", type=int, default=40)
    parser.add_argument("--clients", type=int, default=1000)
    parser.add_argument("--meetings", type=int, default=5000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="waypoint-bench-") as data_dir:
        configure(data_dir)
        from django.core.management import call_command

        call_command("migrate", verbosity=0)
        SCENARIOS[args.scenario](args)


if __name__ == "__main__":
    main()
