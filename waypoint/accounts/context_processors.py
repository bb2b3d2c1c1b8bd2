"""What templates may know about the signed-in account: its kind, decided by the one gate."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from waypoint.accounts import gate


def account_kind(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    return {
        "is_participant": gate.is_participant(user),
        "is_staff_account": gate.is_active_staff(user),
    }
