"""The notice every disclosure carries, and the crisis resources shown after PHQ-9 item 9.

Crisis resources are per deployment: set `CRISIS_RESOURCES` in settings to a list of
{"name", "detail", "links": [(label, href), …]} for your country; the default is the US.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy

from waypoint.core.crisis import crisis_resources

__all__ = ["REDISCLOSURE_NOTICE", "crisis_resources"]

# Our own plain wording of the 42 CFR § 2.32 notice on redisclosure.
REDISCLOSURE_NOTICE = gettext_lazy(
    "Confidential: protected by federal rules (42 CFR part 2). This information comes from "
    "substance use records and is shared with you under the person's written consent. You may "
    "not share it further unless the person agrees in writing, or unless 42 CFR part 2 "
    "otherwise allows it; a general permission to release medical information is not enough. "
    "It may not be used to investigate or prosecute the person for a crime."
)
