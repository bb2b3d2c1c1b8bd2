"""Group personas, on top of tests/conftest.py (what each may see):

- frank: a facilitator at Harbor; manages Harbor's groups, sees attendance, shared check-ins
  and feedback only as aggregates.
- olga: a facilitator at Northside; sees nothing of Harbor's groups (404).
- alice: a participant who joined Harbor's group; sees the group page, display names, and
  check-ins of meetings she was marked present at; never feedback.
- bob: a participant who has not joined; sees nothing but the join form (404).
- carol: a counselor at Harbor without the facilitator role; sees no groups (404).
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from tests.conftest import _staff, client_for, make_user
from waypoint.accounts.models import Membership, Organization, User
from waypoint.groups import services
from waypoint.groups.models import Group, GroupMember, Meeting, Topic


@pytest.fixture(autouse=True)
def fast_password_hashing(settings: Any) -> None:
    """Argon2 is slow on purpose; these tests make many people and never test hashing."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def frank(harbor: Organization) -> User:
    return _staff("frank", harbor, Membership.Role.FACILITATOR)


@pytest.fixture
def northside(db: None) -> Organization:
    return Organization.objects.create(name="Northside Drop-in", slug="northside")


@pytest.fixture
def olga(northside: Organization) -> User:
    return _staff("olga", northside, Membership.Role.FACILITATOR)


@pytest.fixture
def group(frank: User, harbor: Organization) -> Group:
    return services.group_create(
        user=frank,
        organization=harbor,
        name="Thursday drop-in",
        place="Room 2",
        schedule="Thursdays 6 pm",
        agreements="Everyone is welcome.\nWhat is said here stays here.",
    )


@pytest.fixture
def topic(db: None) -> Topic:
    return Topic.objects.get(slug="drug-set-setting", organization=None)


def started(minutes: int = 30) -> datetime:
    """A start time a little in the past, so attendance, check-ins and feedback are open."""
    return timezone.now() - timedelta(minutes=minutes)


@pytest.fixture
def meeting(frank: User, group: Group, topic: Topic) -> Meeting:
    return services.meeting_schedule(user=frank, group=group, starts_at=started(), topic=topic)


@pytest.fixture
def alice_member(alice: User, group: Group) -> GroupMember:
    return services.group_join(user=alice, code=group.join_code)


def member(username: str, group: Group, **extra: object) -> GroupMember:
    user = make_user(username, **extra)
    return services.group_join(user=user, code=group.join_code)


@pytest.fixture
def frank_client(frank: User) -> Client:
    return client_for(frank)


@pytest.fixture
def olga_client(olga: User) -> Client:
    return client_for(olga)
