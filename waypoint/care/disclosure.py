"""The notice every disclosure carries, and the crisis resources shown after PHQ-9 item 9.

Crisis resources are per deployment: set `CRISIS_RESOURCES` in settings to a list of
{"name", "detail", "links": [(label, href), …]} for your country; the default is the US.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

# Our own plain wording of the 42 CFR § 2.32 notice on redisclosure.
REDISCLOSURE_NOTICE = gettext_lazy(
    "Confidential: protected by federal rules (42 CFR part 2). This information comes from "
    "substance use records and is shared with you under the person's written consent. You may "
    "not share it further unless the person agrees in writing, or unless 42 CFR part 2 "
    "otherwise allows it; a general permission to release medical information is not enough. "
    "It may not be used to investigate or prosecute the person for a crime."
)


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
