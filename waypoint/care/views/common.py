"""Who may open which kind of care page; everyone else gets the same 404."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse

from waypoint.accounts.models import User
from waypoint.care.selectors import is_active_staff

View = Callable[..., HttpResponse]


def participant_only(view: View) -> View:
    """Signed-in participants only; staff accounts get 404 (their work is elsewhere)."""

    @login_required
    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.user.kind != User.Kind.PARTICIPANT:  # type: ignore[union-attr]
            raise Http404
        return view(request, *args, **kwargs)

    return wrapped


def staff_only(view: View) -> View:
    """Signed-in, active staff only; participants get 404, never a hint of what is here."""

    @login_required
    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not is_active_staff(request.user):
            raise Http404
        return view(request, *args, **kwargs)

    return wrapped


def me(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)
    return user
