"""`{% groups_nav_visible user as show %}`: whether the main menu offers Groups to this person."""

from __future__ import annotations

from django import template

from waypoint.accounts.gate import is_participant
from waypoint.groups import selectors

register = template.Library()


@register.simple_tag
def groups_nav_visible(user: object) -> bool:
    """Participants (who can join groups) and facilitators see Groups; other staff do not."""
    return is_participant(user) or selectors.is_facilitator(user)
