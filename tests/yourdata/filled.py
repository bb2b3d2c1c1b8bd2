"""A person with something in every part of Waypoint, for export and delete tests."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from waypoint.accounts.models import LoginFailure, User
from waypoint.accounts.services import recovery_codes_replace, token_create
from waypoint.assessments.services import audit_c_record
from waypoint.goals.models import Goal, GoalStep
from waypoint.journal.models import today
from waypoint.journal.services import (
    baseline_save,
    checkin_set,
    entry_create,
    own_substance_create,
    profile_of,
    substance_for,
)
from waypoint.start.services import stances_record

DAY = date(2026, 3, 2)


def fill(user: User, tag: str, entries: int = 3) -> None:
    """Give `user` one of everything; `tag` marks their free text so leaks are easy to find."""
    alcohol = substance_for(user, "alcohol")
    own = own_substance_create(user=user, name=f"{tag} tea", category="other", unit="ml")
    profile = profile_of(user)
    profile.country = "UK"
    profile.save()
    profile.substances.set([alcohol, own])
    for i in range(entries):
        entry_create(
            user=user,
            substance=alcohol,
            day=DAY - timedelta(days=i),
            amount=Decimal("2.5"),
            ate_before=True,
            place="home",
            harms=["blackout"],
            care_actions=["water", "ate_first"],
            activity=f"{tag} activity",
            note=f"{tag} private note {i}",
        )
    entry_create(user=user, substance=own, day=DAY, amount=Decimal(200), note="=1+1")
    checkin_set(user=user, day=DAY + timedelta(days=1), no_use=True, mood=4, wellbeing=7)
    baseline_save(
        user=user,
        substance=alcohol,
        start=DAY - timedelta(days=40),
        end=DAY - timedelta(days=11),
        amounts={DAY - timedelta(days=20): 5.0},
    )
    stances_record(user=user, stances={alcohol: ("heavy", "preparing")})
    goal = Goal.objects.create(
        user=user, kind="cut_down", substance=own, daily_limit=Decimal(3), days_per_week=4
    )
    GoalStep.objects.create(goal=goal, text=f"{tag} first step", done_on=today())
    audit_c_record(user=user, answers=[4, 2, 3])
    token_create(user=user, name=f"{tag} phone")
    recovery_codes_replace(user=user)
    LoginFailure.objects.create(username=user.username.lower(), address="192.0.2.1")
