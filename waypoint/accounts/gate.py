"""The one gate: which kind of account this is, and what it may do in which organization.

Every page decorator, API helper and selector asks here; nothing else reads ``User.kind`` or
``Membership.role`` to decide access. Wrong kind of account: ``WrongAccount`` (403 everywhere,
with a message saying which account fits). A role the person lacks in an organization, or an
organization they are not in: ``NotFound`` (404), so staff cannot probe other organizations.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import wraps
from typing import Any, TypeVar

from django.contrib.auth.decorators import login_required
from django.db.models import QuerySet
from django.http import HttpRequest
from django.http.response import HttpResponseBase
from django.utils.translation import gettext_lazy as _

from waypoint.accounts.models import Membership, Organization, User
from waypoint.core.errors import NotFound, WrongAccount

Role = Membership.Role
View = TypeVar("View", bound=Callable[..., HttpResponseBase])

PARTICIPANTS_ONLY = _(
    "This is for participant accounts. Staff accounts are for work; use a personal account "
    "for your own journal."
)
STAFF_ONLY = _("This is for staff accounts of an organization.")


def is_participant(user: Any) -> bool:
    """A signed-in, active participant: keeps a journal, goals, progress; joins groups."""
    return bool(
        getattr(user, "is_authenticated", False)
        and user.is_active
        and user.kind == User.Kind.PARTICIPANT
    )


def is_active_staff(user: Any) -> bool:
    """A signed-in, active staff account: works for organizations, keeps no journal."""
    return bool(
        getattr(user, "is_authenticated", False) and user.is_active and user.kind == User.Kind.STAFF
    )


def organizations_where(user: Any, roles: Iterable[str] | None = None) -> QuerySet[Organization]:
    """Organizations where this staff member holds any of ``roles`` (any role when None)."""
    if not is_active_staff(user):
        return Organization.objects.none()
    memberships = Membership.objects.filter(user=user)
    if roles is not None:
        memberships = memberships.filter(role__in=list(roles))
    return Organization.objects.filter(pk__in=memberships.values("organization_id")).order_by(
        "name"
    )


def roles_in(user: Any, organization: Organization | int) -> set[str]:
    """The person's current roles in the organization (empty for participants and strangers)."""
    if not is_active_staff(user):
        return set()
    org_id = organization if isinstance(organization, int) else organization.pk
    return set(
        Membership.objects.filter(user=user, organization_id=org_id).values_list("role", flat=True)
    )


def memberships_of(user: Any) -> list[tuple[str, int, str]]:
    """(role, organization id, organization kind) for every role the person holds.

    One query, remembered on the user object for the rest of the request, so the menu items of
    several apps cost one query together.
    """
    if not is_active_staff(user):
        return []
    cached = getattr(user, "_waypoint_memberships", None)
    if cached is None:
        cached = list(
            Membership.objects.filter(user=user).values_list(
                "role", "organization_id", "organization__kind"
            )
        )
        user._waypoint_memberships = cached
    return cached


def all_roles(user: Any) -> set[str]:
    """Every role the person holds in any organization (one query, shared with memberships_of;
    empty for participants)."""
    return {role for role, _organization, _kind in memberships_of(user)}


def has_role(user: Any, roles: Iterable[str]) -> bool:
    """Whether the person holds any of ``roles`` in any organization."""
    return organizations_where(user, roles).exists()


def require_participant(user: Any) -> User:
    """The user, if a participant; else ``WrongAccount``."""
    if not is_participant(user):
        raise WrongAccount(PARTICIPANTS_ONLY)
    return user  # type: ignore[no-any-return]  # narrowed by is_participant


def require_staff(user: Any, roles: Iterable[str] | None = None) -> User:
    """The user, if active staff (holding one of ``roles`` somewhere, when given)."""
    if not is_active_staff(user):
        raise WrongAccount(STAFF_ONLY)
    if roles is not None and not has_role(user, roles):
        raise NotFound()
    return user  # type: ignore[no-any-return]  # narrowed by is_active_staff


def organization_for(user: Any, slug: str, roles: Iterable[str] | None = None) -> Organization:
    """The organization with this slug where the user holds one of ``roles``; else ``NotFound``."""
    organization = organizations_where(user, roles).filter(slug=slug).first()
    if organization is None:
        raise NotFound()
    return organization


def signed_in(request: HttpRequest) -> User:
    """The signed-in person a page acts for (after ``login_required`` or a gate decorator)."""
    user = request.user
    assert isinstance(user, User)
    return user


def participant_required(view: View) -> View:
    """Pages for participants: sign-in first, then 403 (WrongAccount) for staff accounts."""

    @login_required
    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        require_participant(request.user)
        return view(request, *args, **kwargs)

    return wrapped  # type: ignore[return-value]  # same signature as view


def staff_required(role: str | Iterable[str] | None = None) -> Callable[[View], View]:
    """Pages for staff (optionally holding ``role``): sign-in first, then 403 or 404."""
    roles = [role] if isinstance(role, str) else (list(role) if role is not None else None)

    def decorate(view: View) -> View:
        @login_required
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            require_staff(request.user, roles)
            return view(request, *args, **kwargs)

        return wrapped  # type: ignore[return-value]  # same signature as view

    return decorate
