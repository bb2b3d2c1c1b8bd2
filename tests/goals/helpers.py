"""Shared helpers for the goals tests: fixed days, setting goals, reading a goal's progress."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from waypoint.accounts.models import User
from waypoint.goals.models import Goal
from waypoint.goals.progress import GoalProgress, progress_for
from waypoint.goals.services import GoalFields, goal_create

# A Monday in the past, and the day the tests treat as "today" (a Saturday, four weeks on).
MON = date(2026, 10, 5)
ON = date(2026, 10, 31)


def day(n: int) -> date:
    """The n-th day after MON (0 is MON itself)."""
    return MON + timedelta(days=n)


def set_goal(user: User, kind: str, *, start: date = MON, **fields: Any) -> Goal:
    return goal_create(user=user, fields=GoalFields(kind=kind, started_on=start, **fields))


def progress_of(user: User, goal: Goal, *, on: date = ON, days: int = 28) -> GoalProgress:
    progress = progress_for(user, on=on, days=days)
    return next(item for item in progress.goals if item.goal.pk == goal.pk)


def statuses(user: User, goal: Goal, *, on: date = ON) -> dict[date, bool]:
    return progress_of(user, goal, on=on).statuses
