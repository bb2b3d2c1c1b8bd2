"""Safety on other apps' pages, without those apps importing safety (journal stays below it).

`{% safety_today %}` on Today: combination notes, time since last dose, the blood alcohol range.
`{% safety_settings %}` in Settings: the two figures the estimate uses, and own substances' classes.
"""

from __future__ import annotations

from typing import Any

from django import template
from django.utils import timezone
from django.utils.safestring import SafeString

from waypoint.accounts.gate import is_participant
from waypoint.safety import selectors
from waypoint.safety.forms import BodyForm
from waypoint.safety.today_html import bac_percent, duration_words, today_panel

register = template.Library()


@register.simple_tag(takes_context=True)
def safety_today(context: template.Context) -> SafeString:
    """The "Staying safer" panel, written in Python (see waypoint/safety/today_html.py)."""
    user = context.get("user")
    if user is None or not is_participant(user):
        return today_panel(None)
    return today_panel(selectors.today_for(user, timezone.now()))


@register.inclusion_tag("safety/_settings.html", takes_context=True)
def safety_settings(context: template.Context) -> dict[str, Any]:
    user = context.get("user")
    if user is None or not is_participant(user):
        return {"show": False}
    facts = selectors.body_facts_of(user)
    initial = {"weight_kg": facts.weight_kg, "body": facts.body} if facts else {}
    return {
        "show": True,
        "form": BodyForm(initial=initial),
        "request": context.get("request"),
        "csrf_token": context.get("csrf_token"),
    }


# The two filters the safety panel's figures go through, kept beside the panel that uses them.
register.filter(duration_words)
register.filter(bac_percent)
