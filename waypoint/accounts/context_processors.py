"""What templates may know about the signed-in account: its kind, decided by the one gate, and
which places of the menu sit in the compact bar for it."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from waypoint.accounts import gate
from waypoint.accounts.models import Membership, Organization

Role = Membership.Role

# The bar holds at most this many places; every other place is under "More".
BAR_SIZE = 4
# The most used places of each kind of account, most used first (keys of the items in nav.html).
PARTICIPANT_BAR = ("today", "journal", "goals", "progress")
SIGNED_OUT_BAR = ("services", "safety", "sign_up", "sign_in")


class NavPart:
    """One part of the menu (the bar, or "More"): ``{% if "today" in nav_part %}`` in nav.html."""

    def __init__(self, bar: frozenset[str], *, is_bar: bool) -> None:
        self.bar = bar
        self.is_bar = is_bar

    def __contains__(self, key: object) -> bool:
        return (key in self.bar) == self.is_bar


def staff_bar(user: Any) -> tuple[str, ...]:
    """A staff member's most used places, from the roles they hold (the gate's one query)."""
    memberships = gate.memberships_of(user)
    roles = {role for role, _organization, _kind in memberships}
    program_worker = any(
        role in (Role.OUTREACH, Role.ADMIN) and kind == Organization.Kind.PROGRAM
        for role, _organization, kind in memberships
    )
    wanted = [
        ("caseload", Role.COUNSELOR in roles),
        ("program", program_worker),
        ("groups", Role.FACILITATOR in roles),
        ("staff", Role.ADMIN in roles),
        ("services", True),
        ("alerts", bool(roles & {Role.ADMIN, Role.OUTREACH})),
        ("settings", True),
    ]
    return tuple(key for key, shown in wanted if shown)[:BAR_SIZE]


def bar_for(user: Any) -> tuple[str, ...]:
    """The keys of the places in the compact bar for this account."""
    if user is None or not user.is_authenticated:
        return SIGNED_OUT_BAR
    if gate.is_participant(user):
        return PARTICIPANT_BAR
    return staff_bar(user)


def account_kind(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    bar = frozenset(bar_for(user))
    return {
        "is_participant": gate.is_participant(user),
        "is_staff_account": gate.is_active_staff(user),
        "nav_bar": NavPart(bar, is_bar=True),
        "nav_more": NavPart(bar, is_bar=False),
    }
