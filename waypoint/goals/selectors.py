"""Reads for goals and progress: who may see which goal, and a person's journal in few queries."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import connection
from django.db.models import IntegerField, Prefetch, Q, QuerySet, TextField
from django.db.models.functions import Cast

from waypoint.accounts.gate import is_participant
from waypoint.accounts.models import User
from waypoint.core.crypto import decrypt
from waypoint.core.errors import NotFound
from waypoint.goals.models import Goal, GoalStep
from waypoint.goals.rules import _TO_GRAMS, LIMIT_TOLERANCE, Counts, GoalSpec, Journal, Use
from waypoint.journal.bits import CARE_BITS, HARM_BITS, mask
from waypoint.journal.models import (
    BaselineDay,
    CheckIn,
    DayDigest,
    DigestChange,
    Entry,
    Substance,
)
from waypoint.journal.services import SUBSTANCES_FOR_SQL
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


def goals_with_substance(viewer: User) -> QuerySet[Goal]:
    """The person's goals with their substance (one query); `step_counts` counts their steps."""
    return goals_visible_to(viewer).select_related("substance")


def step_counts(goals: list[Goal]) -> dict[int, tuple[int, int]]:
    """(steps done, steps) for each goal that has steps, in one query.

    Counted in SQL: the steps themselves (their encrypted text decrypted) are not read.
    """
    if not goals:
        return {}
    table = connection.ops.quote_name(GoalStep._meta.db_table)
    marks = ", ".join(["%s"] * len(goals))
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT goal_id, COUNT(done_on), COUNT(*) FROM {table} "  # noqa: S608
            f"WHERE goal_id IN ({marks}) GROUP BY goal_id",
            [goal.pk for goal in goals],
        )
        return {pk: (int(done), int(total)) for pk, done, total in cursor.fetchall()}


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
    """The person's uses, 'no use' days and wellbeing, in two queries whatever their number.

    Only the columns the rules and insights read are fetched (never the encrypted note). The
    SQL is Django's own, but rows are read straight from the cursor into tuples: Django's
    per-value converters would cost more than everything the progress page computes from
    them (see docs/benchmarks.md).
    """
    uses, no_use, wellbeing = journal_days(person, None if since is None else [(since, None)])
    substances, alcohol = substance_facts(person)
    return Journal(
        uses=uses,
        no_use=no_use,
        wellbeing=wellbeing,
        alcohol_ids=alcohol,
        substances=substances,
    )


def journal_days(
    person: User, ranges: list[tuple[date, date | None]] | None
) -> tuple[dict[date, list[Use]], set[date], dict[date, int]]:
    """Uses by day, 'no use' days and wellbeing on the days in `ranges` (all days: None).

    Each range is (first, last or None for no end). One query: entries and check-ins are read
    together (UNION ALL, the check-in's three columns after the entry's fourteen).
    """
    entries = Entry.objects.filter(user=person)
    checkins = CheckIn.objects.filter(user=person)
    if ranges is not None:
        if not ranges:
            return {}, set(), {}
        where = Q()
        for first, last in ranges:
            where |= Q(day__gte=first) if last is None else Q(day__gte=first, day__lte=last)
        entries, checkins = entries.filter(where), checkins.filter(where)
    entry_sql, entry_params = (
        entries.order_by().values_list(*_ENTRY_COLUMNS).query.sql_with_params()
    )
    checkin_sql, checkin_params = (
        checkins.order_by()
        .values_list(_DAY_TEXT, _as_int("no_use"), "wellbeing")
        .query.sql_with_params()
    )
    padding = ", ".join(["NULL"] * (len(_ENTRY_COLUMNS) - 1))
    sql = (
        f"SELECT 0, e.*, NULL, NULL FROM ({entry_sql}) e "  # noqa: S608 (Django's own SQL)
        f"UNION ALL SELECT 1, {padding}, c.* FROM ({checkin_sql}) c"
    )
    uses: dict[date, list[Use]] = {}
    no_use: set[date] = set()
    wellbeing: dict[date, int] = {}
    days: dict[object, date] = {}  # one date object per distinct day
    make = Use._make
    last_column = len(_ENTRY_COLUMNS)
    with connection.cursor() as cursor:
        cursor.execute(sql, (*entry_params, *checkin_params))
        for row in cursor.fetchall():
            if row[0]:  # a check-in: (1, NULL..., day, no_use, wellbeing)
                raw_day, flag, score = row[last_column:]
                day = days.get(raw_day) or _day(raw_day)
                if flag:
                    no_use.add(day)
                if score is not None:
                    wellbeing[day] = score
                continue
            raw_day = row[last_column]
            known = days.get(raw_day)
            if known is None:
                known = days[raw_day] = _day(raw_day)
            day = known
            use = make(row[1 : last_column + 1])
            found = uses.get(day)
            if found is None:
                uses[day] = [use]
            else:
                found.append(use)
    return uses, no_use, wellbeing


def substance_facts(person: User) -> tuple[dict[int, tuple[str, str]], frozenset[int]]:
    """(id → (name, default unit)) for every substance the person can log, and the alcohol ids.

    The catalogue of `journal.services.substances_for` (the built-in ones and the person's
    own), read as SQL: the ORM cost more to build the query than the read. Names are as stored,
    encrypted: `shown_name` decrypts the one a page shows (decrypting the whole catalogue on
    every view cost more than the rest of the read).
    """
    substances: dict[int, tuple[str, str]] = {}
    alcohol = set()
    table = connection.ops.quote_name(Substance._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT id, name, default_unit, category FROM {table} "  # noqa: S608
            f"WHERE {SUBSTANCES_FOR_SQL}",
            [person.pk],
        )
        for pk, name, unit, category in cursor.fetchall():
            substances[pk] = (name, unit)
            if category == Category.ALCOHOL:
                alcohol.add(pk)
    return substances, frozenset(alcohol)


def shown_name(stored: str) -> str:
    """A substance name from `substance_facts`, decrypted."""
    return decrypt(stored) if stored else stored


def baseline_days_for(person: User) -> list[tuple[date, int, float, float | None]]:
    """The getting-started calendar: (day, substance id, amount, grams of ethanol) rows."""
    table = connection.ops.quote_name(BaselineDay._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT day, substance_id, amount, alcohol_grams FROM {table} WHERE user_id = %s",  # noqa: S608
            [person.pk],
        )
        return [
            (_day(day), substance_id, amount, grams)
            for day, substance_id, amount, grams in cursor.fetchall()
        ]


# --- All-time counts from the journal's per-day digest ---------------------------------------
#
# The day rules of `rules.day_statuses`, written once more as SQL over the digest so that a
# goal's all-time days on track and off plan cost one aggregate in the database, not a read of
# every entry ever logged. A property test holds the two to the same answers.

_TOLERANCE = LIMIT_TOLERANCE


def _off_plan_sql(
    user_id: int, spec: GoalSpec, period: tuple[date, date], grams_per_drink: float
) -> tuple[str, list[Any]]:
    """A scalar subquery counting the goal's days off plan in the period, and its parameters."""
    table = connection.ops.quote_name(DayDigest._meta.db_table)
    if spec.kind == "observe":
        return "0", []
    if spec.kind == "abstain":
        if spec.substance_id is None:
            sql = (
                f"SELECT COUNT(*) FROM {table} WHERE user_id = %s AND substance_id IS NULL "  # noqa: S608
                "AND entries > 0 AND day >= %s AND day <= %s"
            )
            return f"({sql})", [user_id, period[0], period[1]]
        sql = (
            f"SELECT COUNT(DISTINCT day) FROM {table} WHERE user_id = %s "  # noqa: S608
            "AND substance_id = %s AND day >= %s AND day <= %s"
        )
        return f"({sql})", [user_id, spec.substance_id, period[0], period[1]]
    unit = spec.limit_unit
    to_unit = _TO_GRAMS.get(unit)
    scope = "substance_id IS NOT NULL" if spec.substance_id is None else "substance_id = %s"
    scope_params = [] if spec.substance_id is None else [spec.substance_id]
    inner = (
        "SELECT day, week, SUM(COALESCE(grams, 0)) AS g, "  # noqa: S608 (names, not values)
        "SUM(CASE WHEN unit = %s THEN amount "
        "WHEN unit = 'g' THEN amount * %s / %s WHEN unit = 'mg' THEN amount * %s / %s "
        "ELSE 0 END) AS a, "
        "MAX(CASE WHEN (harm_mask & %s) <> 0 THEN 1 ELSE 0 END) AS hurt, "
        "MAX(CASE WHEN (care_mask & %s) <> 0 THEN 1 ELSE 0 END) AS cared "
        f"FROM {table} WHERE user_id = %s AND {scope} AND day >= %s AND day <= %s "
        "GROUP BY day, week"
    )
    inner_params: list[Any] = [
        unit,
        _TO_GRAMS["g"] if to_unit else 0.0,
        to_unit or 1.0,
        _TO_GRAMS["mg"] if to_unit else 0.0,
        to_unit or 1.0,
        mask(spec.avoid_harms, HARM_BITS),
        mask(spec.practice_care, CARE_BITS),
        user_id,
        *scope_params,
        period[0],
        period[1],
    ]
    conditions: list[str] = []
    params: list[Any] = []
    if spec.kind == "cut_down":
        if spec.daily_limit is not None:
            if spec.is_alcohol and unit == "drink":
                conditions.append("g / %s > %s")
                params += [grams_per_drink, spec.daily_limit + _TOLERANCE]
            else:
                conditions.append("a > %s")
                params.append(spec.daily_limit + _TOLERANCE)
        if spec.days_per_week is not None:
            conditions.append("n > %s")
            params.append(spec.days_per_week)
    elif spec.kind == "safer":
        if spec.avoid_harms:
            conditions.append("hurt = 1")
        if spec.practice_care:
            conditions.append("cared = 0")
    else:
        raise ValueError(f"unknown kind of goal: {spec.kind!r}")
    if not conditions:
        return "0", []
    sql = (
        "(SELECT COUNT(*) FROM (SELECT d.*, ROW_NUMBER() OVER (PARTITION BY week ORDER BY day) "  # noqa: S608
        f"AS n FROM ({inner}) d) r WHERE {' OR '.join(conditions)})"
    )
    return sql, inner_params + params


def all_time_counts(
    person: User, specs: dict[int, GoalSpec], *, on: date, grams_per_drink: float
) -> dict[int, Counts]:
    """Each use goal's all-time days on track, off plan and not reported, in one query."""
    return counts_and_last_change(person, specs, on=on, grams_per_drink=grams_per_drink)[0]


def counts_and_last_change(
    person: User, specs: dict[int, GoalSpec], *, on: date, grams_per_drink: float
) -> tuple[dict[int, Counts], int]:
    """all_time_counts, and the id of the journal's latest change they saw (same query)."""
    table = connection.ops.quote_name(DayDigest._meta.db_table)
    log = connection.ops.quote_name(DigestChange._meta.db_table)
    parts: list[str] = []
    params: list[Any] = []
    lengths: dict[int, int] = {}
    for pk, spec in specs.items():
        period = spec.period(on)
        if period is None:
            continue
        lengths[pk] = (period[1] - period[0]).days + 1
        reported = (
            f"(SELECT COUNT(*) FROM {table} WHERE user_id = %s AND substance_id IS NULL "  # noqa: S608
            "AND reported = %s AND day >= %s AND day <= %s)"
        )
        latest = f"(SELECT MAX(id) FROM {log} WHERE user_id = %s)"  # noqa: S608
        off_sql, off_params = _off_plan_sql(person.pk, spec, period, grams_per_drink)
        parts.append(f"SELECT %s, {reported}, {off_sql}, {latest}")
        params += [pk, person.pk, True, period[0], period[1], *off_params, person.pk]
    found = {pk: Counts() for pk in specs}
    last_change = 0
    if not parts:
        return found, last_change
    with connection.cursor() as cursor:
        cursor.execute(" UNION ALL ".join(parts), params)
        for pk, reported, off, change in cursor.fetchall():
            on_track = int(reported) - int(off)
            found[pk] = Counts(on_track, int(off), lengths[pk] - int(reported))
            last_change = int(change or 0)
    return found, last_change
