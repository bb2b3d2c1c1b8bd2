"""`{% programs_nav user as show %}`: whether the main menu offers Programs to this person."""

from __future__ import annotations

from django import template

from waypoint.accounts.gate import is_participant, memberships_of
from waypoint.accounts.models import Organization
from waypoint.programs import selectors

register = template.Library()


@register.simple_tag
def programs_nav(user: object) -> str:
    """ "staff" for program workers, "mine" for participants (their linked cards), else ""."""
    workers = set(selectors.WORKERS)
    if any(
        role in workers and kind == Organization.Kind.PROGRAM
        for role, _org, kind in memberships_of(user)
    ):
        return "staff"
    if is_participant(user):
        return "mine"
    return ""
