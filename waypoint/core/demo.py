"""Demo data: clearly fictional people who show what Waypoint is for, and volume for benchmarks."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from io import TextIOBase
from typing import TextIO

from django.contrib.auth.hashers import make_password
from django.db import transaction

from waypoint.accounts.models import Membership, Organization, User
from waypoint.core.progress import progress

DEMO_PASSPHRASE = "waypoint demo"  # noqa: S105 (printed to every demo visitor)
DEMO_ORGANIZATION = "Harbor Street Health (fictional)"


@dataclass(frozen=True)
class DemoPerson:
    username: str
    display_name: str
    role: str | None  # a Membership.Role for staff, None for a participant
    about: str


PEOPLE: tuple[DemoPerson, ...] = (
    DemoPerson("river", "River", None, "participant cutting down on drinking"),
    DemoPerson("sam", "Sam", None, "participant using opioids more safely"),
    DemoPerson("dr-okafor", "Dr. Okafor", Membership.Role.COUNSELOR, "counselor"),
    DemoPerson("jules", "Jules", Membership.Role.FACILITATOR, "group facilitator"),
    DemoPerson("marisol", "Marisol", Membership.Role.OUTREACH, "outreach worker"),
    DemoPerson("admin", "Harbor admin", Membership.Role.ADMIN, "organization admin"),
)

# Later parts of Waypoint add their own demo content here: each step receives the demo people
# by username and must be idempotent.
DemoStep = Callable[[dict[str, User]], None]
DEMO_STEPS: list[DemoStep] = []
# Logins that later parts add outside Harbor (username, what they show), printed after PEOPLE.
MORE_LOGINS: list[tuple[str, str]] = []


@transaction.atomic
def ensure_demo() -> dict[str, User]:
    """Create the demo organization and people if missing; safe to run any number of times."""
    organization, _created = Organization.objects.get_or_create(
        slug="harbor-street", defaults={"name": DEMO_ORGANIZATION}
    )
    people: dict[str, User] = {}
    for person in PEOPLE:
        kind = User.Kind.PARTICIPANT if person.role is None else User.Kind.STAFF
        user, created = User.objects.get_or_create(
            username=person.username, defaults={"display_name": person.display_name, "kind": kind}
        )
        if created:
            user.set_password(DEMO_PASSPHRASE)
            user.save(update_fields=["password"])
        if person.role is not None:
            Membership.objects.get_or_create(user=user, organization=organization, role=person.role)
        people[person.username] = user
    for step in DEMO_STEPS:
        step(people)
    return people


# Volume for benchmarks: participants and their days, added by later parts of Waypoint.
VolumeStep = Callable[[list[User], int], None]
VOLUME_STEPS: list[VolumeStep] = []


def generate_volume(*, participants: int, days: int, stream: TextIO | TextIOBase) -> list[User]:
    """Create `participants` synthetic people, each with `days` days of history."""
    password = make_password(DEMO_PASSPHRASE)  # hash once: Argon2 per person would dominate
    start = User.objects.filter(username__startswith="load-").count()
    created: list[User] = []
    batch = 100
    for offset in progress(
        range(0, participants, batch),
        total=-(-participants // batch),
        label="participants",
        stream=stream,
    ):
        with transaction.atomic():
            users = User.objects.bulk_create(
                User(username=f"load-{start + i:06d}", password=password)
                for i in range(offset, min(offset + batch, participants))
            )
            for step in VOLUME_STEPS:
                step(users, days)
        created.extend(users)
    return created
