"""Template tags other pages use without importing this app: nav, Today, Settings."""

from __future__ import annotations

from typing import Any

from django import template

from waypoint.accounts.gate import all_roles, is_participant
from waypoint.alerts import selectors, services
from waypoint.alerts.forms import ReminderForm

register = template.Library()


@register.simple_tag(takes_context=True)
def alerts_nav(context: template.Context) -> dict[str, Any]:
    request = context.get("request")
    user = getattr(request, "user", None)
    match = getattr(request, "resolver_match", None)
    section = ""
    if request is not None and match is not None and match.app_name == "alerts":
        section = "check" if request.path.startswith("/check-on-me/") else "alerts"
    participant = is_participant(user)
    # No query of its own: the roles come from the gate's per-request answer the care nav
    # already asked for.
    staff = bool(all_roles(user) & set(selectors.ALERT_ROLES))
    return {"participant": participant, "staff": staff, "section": section}


@register.inclusion_tag("alerts/_today.html", takes_context=True)
def alerts_today(context: template.Context) -> dict[str, Any]:
    """Current drug alerts that match the participant's choices, for Today."""
    user = context["request"].user
    return {
        "today_alerts": selectors.alerts_matching(user, limit=3) if is_participant(user) else []
    }


@register.inclusion_tag("alerts/_settings_reminder.html", takes_context=True)
def alerts_reminder_settings(context: template.Context) -> dict[str, Any]:
    """The daily check-in reminder (opt-in, off by default) on the participant's Settings."""
    user = context["request"].user
    if not is_participant(user):
        return {"reminder_form": None}
    prefs = services.prefs_for(user)
    form = ReminderForm(
        initial={
            "on": prefs.reminder_time is not None,
            "at": prefs.reminder_time,
            "reminder_channel": prefs.reminder_channel,
            "own_email": prefs.own_email,
            "own_phone": prefs.own_phone,
        }
    )
    return {
        "reminder_form": form,
        "csrf_token": context.get("csrf_token"),
        "time_zone": user.time_zone,
    }
