from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest

import waypoint


def waypoint_context(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    return {
        "quick_exit_url": settings.QUICK_EXIT_URL,
        "discreet": bool(user is not None and user.is_authenticated and user.discreet_mode),
        "version": waypoint.__version__,
    }
