"""How API requests authenticate: a personal access token, or the browser session (with CSRF)."""

from __future__ import annotations

from collections.abc import Iterable

from django.http import HttpRequest
from ninja.security import HttpBearer, SessionAuth

from waypoint.accounts.gate import require_participant, require_staff
from waypoint.accounts.models import User
from waypoint.accounts.services import token_user


class TokenAuth(HttpBearer):
    """`Authorization: Bearer wp_…` with a token the person made in their settings."""

    def authenticate(self, request: HttpRequest, token: str) -> User | None:
        user = token_user(raw=token)
        if user is not None:
            request.user = user
        return user


# Token first: a script carries no session cookie and must not meet a CSRF check.
API_AUTH = [TokenAuth(), SessionAuth(csrf=True)]


def request_user(request: HttpRequest) -> User:
    """The person an authenticated API request acts for."""
    user = request.auth  # type: ignore[attr-defined]
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
