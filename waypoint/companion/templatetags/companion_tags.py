"""Template tags other pages use without importing this app: Today, progress, Settings."""

from __future__ import annotations

import uuid
from typing import Any

from django import template
from django.utils.safestring import SafeString, mark_safe

from waypoint.accounts.gate import is_participant
from waypoint.companion import selectors
from waypoint.companion.forms import HardMomentsForm
from waypoint.companion.today_html import today_panels
from waypoint.journal.models import Profile
from waypoint.journal.services import profile_of

register = template.Library()


@register.simple_tag(takes_context=True)
def companion_today(context: template.Context) -> SafeString:
    """My usuals (one tap to log) and a quick urge note, for Today (written in Python)."""
    user = context["request"].user
    if not is_participant(user):
        return mark_safe("\n")
    return today_panels(
        usuals=selectors.usuals_on_today(user),
        urge_id=uuid.uuid4(),
        csrf_token=context.get("csrf_token"),
    )


@register.inclusion_tag("companion/_money_and_health.html", takes_context=True)
def money_and_health(context: template.Context, profile: Profile | None = None) -> dict[str, Any]:
    """Spent this month beside the baseline, at the person's own prices; alcohol calories.

    A page that has read the person's profile already (progress) passes it: one read, not two.
    """
    user = context["request"].user
    if not is_participant(user):
        return {"summary": None}
    if profile is None or profile.user_id != user.pk:
        profile = profile_of(user)
    summary = selectors.money_and_health(user, profile)
    return {"summary": summary}


@register.inclusion_tag("companion/_settings.html", takes_context=True)
def companion_settings(context: template.Context) -> dict[str, Any]:
    """The hard-moments switch and links to usuals, prices and the urge log, on Settings."""
    user = context["request"].user
    if not is_participant(user):
        return {"hard_form": None}
    profile = profile_of(user)
    return {
        "hard_form": HardMomentsForm(initial={"on": profile.hard_moments}, prefix="hard"),
        "csrf_token": context.get("csrf_token"),
    }
