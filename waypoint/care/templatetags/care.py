"""Template helpers for care: the navigation items a person's roles call for."""

from __future__ import annotations

from typing import Any

from django import template

from waypoint.accounts.gate import all_roles
from waypoint.accounts.models import Membership
from waypoint.care.charts import shown_score
from waypoint.care.models import CLIENT_ROLES
from waypoint.measures import INSTRUMENTS

register = template.Library()

_SECTIONS = {
    "questionnaires": ("questionnaire",),
    "org": ("org", "staff_remove", "join"),
    "caseload": ("caseload", "invite", "invitation_cancel", "client", "export"),
    "sharing": ("sharing", "connect", "consent", "access_log", "shared_notes", "suggestion"),
}


@register.simple_tag(takes_context=True)
def care_nav(context: dict[str, Any]) -> dict[str, Any]:
    """Which care items to show and which is current: one query for staff, none otherwise."""
    user = context.get("user")
    request = context.get("request")
    match = getattr(request, "resolver_match", None)
    section = ""
    if match is not None and match.app_name == "care":
        name = match.url_name or ""
        section = next((key for key, starts in _SECTIONS.items() if name.startswith(starts)), "")
    nav = {"counselor": False, "admin": False, "section": section}
    roles = all_roles(user)
    nav["counselor"] = bool(roles & set(CLIENT_ROLES))
    nav["admin"] = Membership.Role.ADMIN in roles
    return nav


@register.filter
def instrument_name(key: str) -> str:
    """AUDIT-C for audit_c: the name people know an instrument by."""
    instrument = INSTRUMENTS.get(key)
    return instrument.name if instrument else key


@register.filter
def score_shown(assessment: Any) -> int:
    """The score on the scale people read (WHO-5 as 0-100)."""
    return shown_score(assessment.instrument, assessment.total)
