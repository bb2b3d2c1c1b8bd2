"""Demo worksheets for River (cutting down on drinking): a pinned change plan revised once, a
readiness ruler filled in four times, pros and cons, and what matters to River."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone

from waypoint.accounts.models import User
from waypoint.worksheets import sheets
from waypoint.worksheets.models import Worksheet, WorksheetVersion

PLAN_FIRST = {
    "direction": "cut_down",
    "changes": "No more than three drinks on a work night.",
    "reasons": "Sleeping properly. Being fresh for the early shift.",
    "steps": "Eat before going out. Alternate with water.",
    "helpers": "Dee: happy to leave the pub with me at ten.",
    "signs": "Fewer mornings feeling rough.",
    "obstacles": "Friday after a long week.",
    "responses": "Text Dee, and plan something for Saturday morning.",
}
PLAN_NOW = PLAN_FIRST | {
    "changes": "No more than three drinks on a work night, and two nights a week without.",
    "steps": "Eat before going out. Alternate with water. Leave the card at home on Fridays.",
    "signs": "Fewer mornings feeling rough; money left at the end of the month.",
}
RULER = [
    (56, 6, 3, "Work mornings are hard.", "Knowing what to say when someone buys a round."),
    (35, 7, 4, "My sister noticed.", "A plan for Fridays."),
    (14, 8, 6, "I sleep better on the nights I stop at three.", "Another good week."),
    (2, 8, 7, "Two quiet weeknights felt good.", "Keeping Saturday mornings busy."),
]
PROS_CONS = {
    "change": "Drinking less on work nights",
    "use_good_now": "Unwinding after work, time with friends.",
    "use_cost_now": "Poor sleep, spending more than I meant to.",
    "use_cost_later": "Feeling run down; my health.",
    "change_good_now": "Clear mornings.",
    "change_good_later": "Saving money; feeling better.",
    "change_cost_now": "Missing some of the fun; people asking why.",
}
VALUES = {
    "values": [
        {"value": "health", "own": "", "fit": "Heavy nights knock me out for a day."},
        {"value": "friendship", "own": "", "fit": "Most of my friends drink; I want to keep them."},
        {"value": "", "own": "Being good at my job", "fit": "Work mornings suffer."},
    ],
    "fits": "Having a drink with friends is part of how we spend time together.",
    "pulls": "Work nights that run late.",
}


def _make(
    user: User, kind: str, topic: str, versions: list[tuple[int, dict[str, Any]]]
) -> Worksheet:
    now = timezone.now()
    first_at = now - timedelta(days=versions[0][0])
    last_at = now - timedelta(days=versions[-1][0])
    worksheet = Worksheet.objects.create(
        user=user, kind=kind, topic=topic, created_at=first_at, revised_at=last_at
    )
    for number, (days_ago, content) in enumerate(versions, start=1):
        clean = sheets.clean_content(kind, content)
        WorksheetVersion.objects.create(
            worksheet=worksheet,
            number=number,
            content=json.dumps(clean, ensure_ascii=False),
            importance=clean.get("importance"),
            confidence=clean.get("confidence"),
            created_at=now - timedelta(days=days_ago),
        )
    return worksheet


@transaction.atomic
def worksheets_demo(people: dict[str, User]) -> None:
    """River's worksheets; does nothing the second time."""
    river = people["river"]
    if Worksheet.objects.filter(user=river).exists():
        return
    ruler = [
        (
            days,
            {
                "change": "Drinking less on work nights",
                "importance": imp,
                "confidence": conf,
                "why_not_lower": why,
                "next_point": nxt,
            },
        )
        for days, imp, conf, why, nxt in RULER
    ]
    _make(river, sheets.READINESS, "Alcohol", ruler)
    _make(river, sheets.COST_BENEFIT, "Alcohol", [(50, PROS_CONS)])
    _make(river, sheets.VALUES, "Alcohol", [(40, VALUES)])
    plan = _make(river, sheets.CHANGE_PLAN, "Alcohol", [(30, PLAN_FIRST), (3, PLAN_NOW)])
    Worksheet.objects.filter(pk=plan.pk).update(pinned_at=timezone.now())
