"""Safety on other apps' pages, without those apps importing safety (journal stays below it).

`{% safety_today %}` on Today: combination notes, time since last dose, the blood alcohol range.
`{% safety_settings %}` in Settings: the two figures the estimate uses, and own substances' classes.
"""

from __future__ import annotations

from typing import Any

from django import template
from django.utils import timezone
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from waypoint.accounts.gate import is_participant
from waypoint.safety import selectors
from waypoint.safety.forms import BodyForm
from waypoint.safety.today_html import today_panel

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


@register.filter
def duration_words(minutes: int) -> str:
    """ "45 min", "2 h 10 min": short, for a list of times since a dose."""
    minutes = max(0, int(minutes))
    hours, rest = divmod(minutes, 60)
    if hours == 0:
        return ngettext("%(m)d minute", "%(m)d minutes", rest) % {"m": rest}
    if rest == 0:
        return ngettext("%(h)d hour", "%(h)d hours", hours) % {"h": hours}
    return _("%(h)d h %(m)d min") % {"h": hours, "m": rest}


@register.filter
def bac_percent(value: float) -> str:
    """A blood alcohol figure in %, to three decimals (0.062%)."""
    return f"{value:.3f}"
