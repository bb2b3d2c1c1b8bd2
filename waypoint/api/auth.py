"""How API requests authenticate, and the one gate every endpoint passes before anything else.

A request authenticates with a personal access token or the browser session (with CSRF). The
kind of account is then checked by `waypoint.accounts.gate` *inside authentication*, before
ninja reads the body, so the wrong kind of account gets the gate's 403 on every endpoint, even
with a body that would not validate. Routers pick one of:

- `PARTICIPANT_AUTH`: participant accounts (journal, goals, progress, sharing, questionnaires);
- `STAFF_AUTH`: staff accounts (organization checks inside answer 404 for another organization);
- `staff_auth(role, ...)`: staff holding one of these roles somewhere (404 otherwise);
- `API_AUTH` (the default): any signed-in account.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja.security import HttpBearer, SessionAuth

from waypoint.accounts.gate import require_participant, require_staff
from waypoint.accounts.models import User
from waypoint.accounts.services import token_user
from waypoint.accounts.zones import zone_for

Check = Callable[[User], object]


class TokenAuth(HttpBearer):
    """`Authorization: Bearer wp_…` with a token the person made in their settings."""

    def __init__(self, check: Check | None = None) -> None:
        super().__init__()
        self.check = check

    def authenticate(self, request: HttpRequest, token: str) -> User | None:
        user = token_user(raw=token)
        if user is None:
            return None
        request.user = user
        # The session's zone is activated by TimeZoneMiddleware; a token's account is only known
        # here. The middleware resets it when the request ends.
        timezone.activate(zone_for(user))
        if self.check is not None:
            self.check(user)  # raises WrongAccount (403) or NotFound (404)
        return user


class GatedSessionAuth(SessionAuth):
    """The browser session (CSRF checked on writes), then the same gate as tokens."""

    def __init__(self, check: Check | None = None) -> None:
        super().__init__(csrf=True)
        self.check = check

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        user = super().authenticate(request, key)
        if user is not None and self.check is not None:
            self.check(user)
        return user


def _auth(check: Check | None) -> list[Any]:
    # Token first: a script carries no session cookie and must not meet a CSRF check.
    return [TokenAuth(check), GatedSessionAuth(check)]


def staff_auth(*roles: str) -> list[Any]:
    """Staff accounts holding one of ``roles`` in some organization."""
    wanted = list(roles)
    return _auth(lambda user: require_staff(user, wanted))


API_AUTH = _auth(None)
PARTICIPANT_AUTH = _auth(require_participant)
STAFF_AUTH = _auth(require_staff)


def request_user(request: HttpRequest) -> User:
    """The person an authenticated API request acts for."""
    user = request.auth  # type: ignore[attr-defined]  # set by ninja after authentication
    assert isinstance(user, User)
    return user


def optional_user(request: HttpRequest) -> User | None:
    """Who is calling an endpoint open to everyone, when they say so (token or session)."""
    header = request.headers.get("Authorization", "")
    if header.startswith("Bearer "):
        return token_user(raw=header.removeprefix("Bearer ").strip())
    user = getattr(request, "user", None)
    return user if isinstance(user, User) and user.is_active else None


def participant(request: HttpRequest) -> User:
    """The caller, if a participant account; else 403 (WrongAccount) through the one handler."""
    return require_participant(request_user(request))


def staff(request: HttpRequest, roles: Iterable[str] | None = None) -> User:
    """The caller, if an active staff account (holding one of ``roles`` somewhere, when given)."""
    return require_staff(request_user(request), roles)
