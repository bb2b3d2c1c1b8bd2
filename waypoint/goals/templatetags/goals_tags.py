"""A goal's card, dates and tally in templates (written in Python: waypoint.goals.cards)."""

from __future__ import annotations

from django import template
from django.utils.safestring import SafeString

from waypoint.goals import cards
from waypoint.goals.models import Goal
from waypoint.goals.progress import GoalProgress

register = template.Library()


@register.simple_tag
def goal_cards(items: list[GoalProgress]) -> SafeString:
    return cards.cards_html(items)


@register.simple_tag
def goal_period(goal: Goal) -> SafeString:
    return cards.period_html(goal)


@register.simple_tag
def goal_tally(item: GoalProgress) -> SafeString:
    return cards.tally_html(item)
