"""Worksheet fixtures: answers for each kind, and worksheets written through the services.

Personas (tests/conftest.py): alice owns the worksheets; bob is another participant; carol is a
counselor alice shares with (under `worksheets_shared`); dave a counselor she never shared with;
frank (here) a group facilitator at Harbor.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from tests.conftest import make_user
from waypoint.accounts.models import Membership, Organization, User
from waypoint.worksheets import services
from waypoint.worksheets.models import Worksheet

PLAN = {
    "direction": "safer",
    "changes": "Never use alone; test what I buy.",
    "reasons": "Staying alive for my kids.",
    "steps": "Carry naloxone. Text Jo before I use.",
    "helpers": "Jo, who can check on me.",
    "signs": "I always have naloxone on me.",
    "obstacles": "Jo is away some weekends.",
    "responses": "Use the spotting line instead.",
}
RULER = {"change": "Fewer nights out", "importance": 7, "confidence": 4}


def plan_for(user: User, topic: str = "Opioids", **changes: Any) -> Worksheet:
    worksheet, _version = services.worksheet_create(
        user=user, kind="change_plan", topic=topic, content=PLAN | changes
    )
    return worksheet


@pytest.fixture(autouse=True)
def fast_passwords(settings: Any) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def plan(alice: User) -> Worksheet:
    return plan_for(alice)


@pytest.fixture
def frank(harbor: Organization) -> User:
    """A group facilitator at Harbor: no access to anyone's worksheets."""
    user = make_user("frank", kind=User.Kind.STAFF)
    Membership.objects.create(user=user, organization=harbor, role=Membership.Role.FACILITATOR)
    return user


def many_worksheets(user: User, count: int) -> None:
    """`count` change plans, each revised three times."""
    for n in range(count):
        worksheet = plan_for(user, topic=f"Topic {n}")
        for m in range(3):
            services.worksheet_revise(
                user=user, worksheet_id=worksheet.pk, content=PLAN | {"steps": f"step {m}"}
            )


def queries_for(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)
