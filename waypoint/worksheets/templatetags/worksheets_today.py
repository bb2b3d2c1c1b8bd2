"""`{% pinned_plan user %}`: the change plan the person pinned, on Today (one query).

Today's template loads this tag; the journal app never imports worksheets.
"""

from __future__ import annotations

from typing import Any

from django import template

from waypoint.worksheets import selectors, sheets

register = template.Library()

# What Today shows of a pinned plan: enough to act on, the rest one tap away.
TODAY_KEYS = ("changes", "steps", "obstacles", "responses")


@register.inclusion_tag("worksheets/_today.html")
def pinned_plan(user: Any) -> dict[str, Any]:
    plan = selectors.pinned_plan(user)
    if plan is None:
        return {"plan": None}
    rows = [
        row
        for row in sheets.shown_answers(plan.worksheet.kind, plan.answers)
        if row.key in TODAY_KEYS
    ]
    return {"plan": plan, "rows": rows}
