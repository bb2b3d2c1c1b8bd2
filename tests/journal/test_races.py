"""Idempotent create under real concurrency: threads, each with its own database connection."""

from __future__ import annotations

import threading
import uuid
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
from django.db import connection, connections
from django.test import Client

from waypoint.accounts.models import User
from waypoint.accounts.services import token_create
from waypoint.journal.digest import as_tuples, fresh_digest, stored_totals, totals_of
from waypoint.journal.models import DayDigest, Entry

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="real concurrent writers need PostgreSQL; SQLite serializes every writer",
    ),
]

ROUNDS = 20
RACERS = 6


def body(entry_id: str, round_: int = 0) -> dict[str, Any]:
    # A day per round: twenty rounds of 2 drinks on one day would be an unusual amount to confirm.
    day = f"2026-10-{1 + round_ % 28:02d}"
    return {"id": entry_id, "substance": "alcohol", "day": day, "amount": 2}


def race(tokens: list[str], entry_id: str, round_: int) -> list[int]:
    """Send the same POST from every token at the same moment; the statuses, in token order."""
    start = threading.Barrier(len(tokens))

    def one(raw: str) -> int:
        client = Client(headers={"Authorization": f"Bearer {raw}"})
        try:
            start.wait()
            response = client.post(
                "/api/v1/entries", body(entry_id, round_), content_type="application/json"
            )
            return response.status_code
        finally:
            connections.close_all()

    with ThreadPoolExecutor(len(tokens)) as pool:
        return list(pool.map(one, tokens))


def token(username: str) -> str:
    user = User.objects.create_user(username=username, password="correct horse battery staple")
    return token_create(user=user, name="race")[1]


def test_the_owners_concurrent_retries_all_answer_with_the_one_stored_entry() -> None:
    raw = token("alice")
    seen: Counter[int] = Counter()
    for n in range(ROUNDS):
        statuses = race([raw] * RACERS, str(uuid.uuid4()), n)
        seen.update(statuses)
        assert statuses.count(201) == 1, statuses
        assert set(statuses) <= {200, 201}, statuses
    print(f"owner races: {ROUNDS * RACERS} requests, statuses {dict(seen)}")
    assert Entry.objects.count() == ROUNDS  # nothing lost, nothing duplicated


def test_two_accounts_racing_on_one_id_get_one_winner_and_a_conflict_never_a_500() -> None:
    alice, bob = token("alice"), token("bob")
    seen: Counter[int] = Counter()
    for n in range(ROUNDS):
        statuses = race([alice, bob] * (RACERS // 2), str(uuid.uuid4()), n)
        seen.update(statuses)
        assert 500 not in statuses
        assert statuses.count(201) == 1, statuses
        assert set(statuses) <= {200, 201, 409}, statuses
    print(f"two-account races: {ROUNDS * RACERS} requests, statuses {dict(seen)}")
    assert Entry.objects.count() == ROUNDS


def test_one_person_s_writes_at_the_same_moment_leave_the_digest_exact() -> None:
    """Entries and check-ins for one day, sent at once (several devices, an outbox replay):
    every one is saved, none answers 500, and the per-day digest and its totals equal a fresh
    computation (each person's digest writes take turns: none works from a stale day)."""
    raw = token("alice")
    alice = User.objects.get(username="alice")
    # One token per device, as on two phones (one token would make the requests take turns).
    tokens = [raw] + [token_create(user=alice, name=f"device {i}")[1] for i in range(RACERS - 1)]
    statuses: Counter[int] = Counter()
    for n in range(ROUNDS):
        start = threading.Barrier(RACERS)
        day = body("", n)["day"]

        def one(raw: str, day: str = day, start: threading.Barrier = start) -> int:
            client = Client(headers={"Authorization": f"Bearer {raw}"})
            try:
                start.wait()
                if tokens.index(raw) % 2:  # a check-in of the same day from another device
                    wellbeing = {"wellbeing": tokens.index(raw)}
                    response = client.put(
                        f"/api/v1/checkins/{day}", wellbeing, content_type="application/json"
                    )
                    return 201 if response.status_code == 200 else response.status_code
                payload = {**body(str(uuid.uuid4())), "day": day}
                response = client.post("/api/v1/entries", payload, content_type="application/json")
                return response.status_code
            finally:
                connections.close_all()

        with ThreadPoolExecutor(RACERS) as pool:
            statuses.update(pool.map(one, tokens))
    assert statuses == Counter({201: ROUNDS * RACERS}), statuses
    assert as_tuples(DayDigest.objects.filter(user=alice)) == as_tuples(fresh_digest(alice.pk))
    assert stored_totals(alice.pk) == {
        key: days for key, days in totals_of(fresh_digest(alice.pk)).items() if days
    }
