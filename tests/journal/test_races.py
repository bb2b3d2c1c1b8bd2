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
from waypoint.journal.models import Entry

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="real concurrent writers need PostgreSQL; SQLite serializes every writer",
    ),
]

ROUNDS = 20
RACERS = 6


def body(entry_id: str) -> dict[str, Any]:
    return {"id": entry_id, "substance": "alcohol", "day": "2026-11-02", "amount": 2}


def race(tokens: list[str], entry_id: str) -> list[int]:
    """Send the same POST from every token at the same moment; the statuses, in token order."""
    start = threading.Barrier(len(tokens))

    def one(raw: str) -> int:
        client = Client(headers={"Authorization": f"Bearer {raw}"})
        try:
            start.wait()
            response = client.post(
                "/api/v1/entries", body(entry_id), content_type="application/json"
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
    for _ in range(ROUNDS):
        statuses = race([raw] * RACERS, str(uuid.uuid4()))
        seen.update(statuses)
        assert statuses.count(201) == 1, statuses
        assert set(statuses) <= {200, 201}, statuses
    print(f"owner races: {ROUNDS * RACERS} requests, statuses {dict(seen)}")
    assert Entry.objects.count() == ROUNDS  # nothing lost, nothing duplicated


def test_two_accounts_racing_on_one_id_get_one_winner_and_a_conflict_never_a_500() -> None:
    alice, bob = token("alice"), token("bob")
    seen: Counter[int] = Counter()
    for _ in range(ROUNDS):
        statuses = race([alice, bob] * (RACERS // 2), str(uuid.uuid4()))
        seen.update(statuses)
        assert 500 not in statuses
        assert statuses.count(201) == 1, statuses
        assert set(statuses) <= {200, 201, 409}, statuses
    print(f"two-account races: {ROUNDS * RACERS} requests, statuses {dict(seen)}")
    assert Entry.objects.count() == ROUNDS
