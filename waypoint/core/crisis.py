"""Crisis resources: where to get help now, per deployment (the questionnaires and Today use it).

Set `CRISIS_RESOURCES` in settings to a list of {"name", "detail", "links": [(label, href), …]}
for your country; the default is the US 988 Lifeline and 911.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _


def crisis_resources() -> list[dict[str, Any]]:
    """Where to get help now: the deployment's list, or the US 988 Lifeline and 911."""
    configured = getattr(settings, "CRISIS_RESOURCES", None)
    if configured:
        return list(configured)
    return [
        {
            "name": _("988 Suicide & Crisis Lifeline"),
            "detail": _("Free and confidential, any time of day or night. Call or text 988."),
            "links": [(_("Call 988"), "tel:988"), (_("Text 988"), "sms:988")],
        },
        {
            "name": _("Emergency"),
            "detail": _("If you might act on these thoughts now, or are in danger, call 911."),
            "links": [(_("Call 911"), "tel:911")],
        },
    ]
