from __future__ import annotations

import json
from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.utils.translation import gettext as _

import waypoint


def waypoint_context(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    return {
        "quick_exit_url": settings.QUICK_EXIT_URL,
        "discreet": bool(user is not None and user.is_authenticated and user.discreet_mode),
        "version": waypoint.__version__,
        "device_words": device_words,
    }


def device_words() -> str:
    """The words the device script shows (offline.js), translated on the server, as JSON.

    A data attribute, not a script block: pages carry no inline script of any type.
    """
    return json.dumps(
        {
            "waiting": _("Waiting to send (%(n)s)"),
            "refused": _("Not saved, needs a look (%(n)s)"),
            "still_waiting": _("Still waiting to send (%(n)s): there is no connection right now."),
            "waiting_one": _("waiting to send"),
            "not_saved": _("not saved"),
            "entry": _("An entry"),
            "checkin": _("Check-in"),
            "encounter": _("An encounter"),
            "confirm": _("Yes, that's right"),
            "fix": _("Fix"),
            "discard": _("Discard"),
            "lock_on": _("On: asks for the PIN after %(m)s minutes away."),
            "lock_off": _("Off."),
            "pin_rule": _("Use 4 to 8 digits, the same twice."),
            "could_not_save": _("The server could not save this."),
        }
    )
