"""The one gate: kinds of account and the answer each gets at the wrong door."""

from __future__ import annotations

import pytest

from waypoint.accounts import gate
from waypoint.accounts.models import Membership, Organization, User
from waypoint.core.errors import NotFound, WrongAccount


@pytest.fixture
def org(db: None) -> Organization:
    return Organization.objects.create(name="Harbor", slug="harbor", kind="program")


def _staff(username: str, org: Organization, role: str) -> User:
    user = User.objects.create_user(username, "long enough phrase", kind=User.Kind.STAFF)
    Membership.objects.create(user=user, organization=org, role=role)
    return user


def test_participant_passes_participant_gate_and_not_staff_gate(db: None) -> None:
    person = User.objects.create_user("sam", "long enough phrase")
    assert gate.is_participant(person) and not gate.is_active_staff(person)
    assert gate.require_participant(person) == person
    with pytest.raises(WrongAccount):
        gate.require_staff(person)


def test_staff_role_decides_organization_and_others_are_not_found(org: Organization) -> None:
    outreach = _staff("ola", org, Membership.Role.OUTREACH)
    with pytest.raises(WrongAccount):
        gate.require_participant(outreach)
    assert gate.organization_for(outreach, "harbor", [Membership.Role.OUTREACH]) == org
    with pytest.raises(NotFound):
        gate.organization_for(outreach, "harbor", [Membership.Role.ADMIN])
    with pytest.raises(NotFound):
        gate.organization_for(outreach, "elsewhere")
    assert gate.roles_in(outreach, org) == {"outreach"}


def test_inactive_staff_hold_no_roles(org: Organization) -> None:
    worker = _staff("ina", org, Membership.Role.ADMIN)
    worker.is_active = False
    assert gate.roles_in(worker, org) == set()
    assert not gate.organizations_where(worker).exists()
