"""Program personas, on top of tests/conftest.py (what each may see):

- petra: admin of the Riverside program; everything of Riverside (sites, stock, reports).
- owen: outreach worker at Riverside; codes, encounters, reversals; no stock or reports.
- nora: admin of the Northside program; nothing of Riverside (404).
- carol: a counselor at Harbor (a clinic); no program at all (404).
- alice: a participant; sees only encounters of a card she linked herself.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from tests.conftest import _staff, client_for
from waypoint.accounts.models import Membership, Organization, User
from waypoint.programs import services
from waypoint.programs.models import Site
from waypoint.programs.selectors import ProgramAccess, program_for


@pytest.fixture(autouse=True)
def fast_password_hashing(settings: Any) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def riverside(db: None) -> Organization:
    return Organization.objects.create(
        name="Riverside Syringe Services", slug="riverside", kind=Organization.Kind.PROGRAM
    )


@pytest.fixture
def northside(db: None) -> Organization:
    return Organization.objects.create(
        name="Northside Outreach", slug="northside", kind=Organization.Kind.PROGRAM
    )


@pytest.fixture
def petra(riverside: Organization) -> User:
    return _staff("petra", riverside, Membership.Role.ADMIN)


@pytest.fixture
def owen(riverside: Organization) -> User:
    return _staff("owen", riverside, Membership.Role.OUTREACH)


@pytest.fixture
def nora(northside: Organization) -> User:
    return _staff("nora", northside, Membership.Role.ADMIN)


@pytest.fixture
def access(petra: User) -> ProgramAccess:
    return program_for(petra, "riverside")


@pytest.fixture
def north_access(nora: User) -> ProgramAccess:
    return program_for(nora, "northside")


@pytest.fixture
def van(access: ProgramAccess) -> Site:
    return services.site_create(access=access, name="Blue van", kind="mobile")


@pytest.fixture
def office(access: ProgramAccess) -> Site:
    return services.site_create(access=access, name="Main office", kind="fixed")


@pytest.fixture
def petra_client(petra: User) -> Client:
    return client_for(petra)


@pytest.fixture
def owen_client(owen: User) -> Client:
    return client_for(owen)


@pytest.fixture
def nora_client(nora: User) -> Client:
    return client_for(nora)


def ago(**delta: Any) -> datetime:
    return timezone.now() - timedelta(**delta)


def record(
    access: ProgramAccess, user: User, site: Site, *, code: str | None = None, **fields: Any
) -> Any:
    data = services.EncounterData(
        at=fields.pop("at", ago(hours=1)), site=site.pk, participant_code=code, **fields
    )
    encounter, _created = services.encounter_record(user=user, access=access, data=data)
    return encounter
