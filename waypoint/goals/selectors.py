"""Reads for goals and progress: who may see which goal, and a person's journal in few queries."""

from __future__ import annotations

from datetime import date

from django.db import connection
from django.db.models import IntegerField, Prefetch, QuerySet, TextField
from django.db.models.functions import Cast

from waypoint.accounts.gate import is_participant
from waypoint.accounts.models import User
from waypoint.core.errors import NotFound
from waypoint.goals.models import Goal, GoalStep
from waypoint.goals.rules import Journal, Use
from waypoint.journal.models import BaselineDay, CheckIn, Entry
from waypoint.journal.services import substances_for
from waypoint.journal.vocab import Category


def goals_visible_to(viewer: User) -> QuerySet[Goal]:
    """The goals a person may see: only their own. Every goal read goes through here."""
    if not is_participant(viewer):
        return Goal.objects.none()
    return Goal.objects.filter(user=viewer)


def goals_with_steps(viewer: User) -> QuerySet[Goal]:
    """The person's goals with substance and steps loaded (two queries, whatever the count)."""
    return (
        goals_visible_to(viewer)
        .select_related("substance")
        .prefetch_related(
            Prefetch("steps", queryset=GoalStep.objects.order_by("position", "created_at"))
        )
    )


def goal_for(viewer: User, goal_id: int) -> Goal:
    """One of the person's goals; NotFound for a missing id and for anyone else's alike."""
    goal = goals_with_steps(viewer).filter(pk=goal_id).first()
    if goal is None:
        raise NotFound()
    return goal


def step_for(viewer: User, goal_id: int, step_id: int) -> GoalStep:
    """A step of one of the person's goals; NotFound otherwise."""
    step = (
        GoalStep.objects.filter(goal__in=goals_visible_to(viewer), goal_id=goal_id, pk=step_id)
        .select_related("goal")
        .first()
    )
    if step is None:
        raise NotFound()
    return step


# The day as ISO text and yes/no as 0/1: date.fromisoformat and plain integers are far cheaper
# than the driver's own per-value conversions (measured in docs/benchmarks.md).
_DAY_TEXT = Cast("day", output_field=TextField())


def _as_int(name: str) -> Cast:
    return Cast(name, output_field=IntegerField())


# In the order of the fields of Use, then the day.
_ENTRY_COLUMNS = (
    "substance_id",
    "amount",
    "unit",
    "alcohol_grams",
    "harms",
    "care_actions",
    _as_int("ate_before"),
    _as_int("slept_well"),
    "mood",
    "physical",
    "intention",
    "place",
    "company",
    _DAY_TEXT,
)


def _day(value: date | str) -> date:
    # ISO text from the cast; a date should a driver hand one back anyway.
    return date.fromisoformat(value) if isinstance(value, str) else value


def journal_for(person: User, *, since: date | None = None) -> Journal:
    """The person's uses, 'no use' days and wellbeing, in three queries whatever their number.

    Only the columns the rules and insights read are fetched (never the encrypted note). The
    SQL is Django's own, but rows are read straight from the cursor into tuples: Django's
    per-value converters would cost more than everything the progress page computes from
    them (see docs/benchmarks.md).
    """
    entries = Entry.objects.filter(user=person)
    checkins = CheckIn.objects.filter(user=person)
    if since is not None:
        entries = entries.filter(day__gte=since)
        checkins = checkins.filter(day__gte=since)
    entry_sql, entry_params = (
        entries.order_by().values_list(*_ENTRY_COLUMNS).query.sql_with_params()
    )
    checkin_sql, checkin_params = (
        checkins.order_by()
        .values_list(_DAY_TEXT, _as_int("no_use"), "wellbeing")
        .query.sql_with_params()
    )
    uses: dict[date, list[Use]] = {}
    no_use: set[date] = set()
    wellbeing: dict[date, int] = {}
    days: dict[object, date] = {}  # one date object per distinct day
    make = Use._make
    with connection.cursor() as cursor:
        cursor.execute(entry_sql, entry_params)
        for row in cursor.fetchall():
            raw_day = row[-1]
            day = days.get(raw_day)
            if day is None:
                day = days[raw_day] = _day(raw_day)
            found = uses.get(day)
            if found is None:
                uses[day] = [make(row)]
            else:
                found.append(make(row))
        cursor.execute(checkin_sql, checkin_params)
        for raw_day, flag, score in cursor.fetchall():
            day = days.get(raw_day) or _day(raw_day)
            if flag:
                no_use.add(day)
            if score is not None:
                wellbeing[day] = score
    substances: dict[int, tuple[str, str]] = {}
    alcohol = set()
    rows = substances_for(person).order_by().values_list("pk", "name", "default_unit", "category")
    for pk, name, unit, category in rows:
        substances[pk] = (name, unit)
        if category == Category.ALCOHOL:
            alcohol.add(pk)
    return Journal(
        uses=uses,
        no_use=no_use,
        wellbeing=wellbeing,
        alcohol_ids=frozenset(alcohol),
        substances=substances,
    )


def baseline_days_for(person: User) -> list[tuple[date, int, float, float | None]]:
    """The getting-started calendar: (day, substance id, amount, grams of ethanol) rows."""
    return list(
        BaselineDay.objects.filter(user=person)
        .order_by()
        .values_list("day", "substance_id", "amount", "alcohol_grams")
    )
