"""Goals' all-time counts over settled history, kept as tallies so reading them costs the same
whatever the length of that history.

The counts themselves come from the journal's digest (`selectors.all_time_counts`, the day
rules written as SQL). A tally stores them up to a Sunday; it stays valid while the goal's rule
is the same and the journal's change log shows no write to a day it counted, and it moves
forward a week at a time by counting only the new week. Anything else recomputes it.
"""

from __future__ import annotations

import dataclasses
from datetime import date, timedelta
from typing import NamedTuple

from django.db import connection

from waypoint.accounts.models import User
from waypoint.goals.models import GoalTally
from waypoint.goals.rules import GoalSpec, Journal, RunState, day_statuses, run_state
from waypoint.goals.selectors import counts_and_last_change, journal_days
from waypoint.journal.models import DigestChange


def rule_key(spec: GoalSpec, grams_per_drink: float) -> str:
    """Everything a goal's day rule depends on, as text: a tally counts for this rule only."""
    return "|".join(
        str(value)
        for value in (
            spec.kind,
            spec.substance_id,
            spec.start,
            spec.end,
            spec.is_alcohol,
            spec.daily_limit,
            spec.limit_unit,
            spec.days_per_week,
            ",".join(sorted(spec.avoid_harms)),
            ",".join(sorted(spec.practice_care)),
            grams_per_drink,
        )
    )


class Settled(NamedTuple):
    """A goal's settled history: days on track and off plan, and (when asked) its runs."""

    on_track: int
    off_plan: int
    runs: RunState | None = None  # as seen from the day after `through`


def settled_counts(
    person: User,
    specs: dict[int, GoalSpec],
    *,
    through: date,
    grams_per_drink: float,
    runs: bool = False,
) -> dict[int, Settled]:
    """Counts per goal over [its start, `through` or its end], in a few queries.

    `through` must be a Sunday, so that a tally moved forward starts a whole week. With `runs`
    (the opt-in days-in-a-row counter) each goal's run state is given too: kept with the tally,
    it is worked out from the raw journal only when the tally is recounted (the whole period,
    one query) or moved forward (the new week, one query).
    """
    wanted: dict[int, tuple[GoalSpec, date]] = {}
    for pk, spec in specs.items():
        end = min(through, spec.end) if spec.end is not None else through
        if spec.start <= end:
            wanted[pk] = (spec, end)
    if not wanted:
        return {}
    tallies = _tallies(person, list(wanted))
    found: dict[int, Settled] = {}
    to_count: dict[int, GoalSpec] = {}
    carried: dict[int, Settled] = {}
    keys = {pk: rule_key(spec, grams_per_drink) for pk, (spec, _end) in wanted.items()}
    for pk, (spec, end) in wanted.items():
        tally = tallies.get(pk)
        valid = (
            tally is not None
            and tally.rule_key == keys[pk]
            and tally.through <= end
            and not tally.dirty
            and (tally.runs_known or not runs)
        )
        if valid and tally is not None:
            state = None
            if runs:
                last = tally.through if tally.run_current else None
                state = RunState(tally.run_current, tally.run_longest, last)
            settled = Settled(tally.on_track, tally.off_plan, state)
            if tally.through == end:
                found[pk] = settled
                continue
            start, carried[pk] = tally.through + timedelta(days=1), settled
        else:
            start, carried[pk] = spec.start, Settled(0, 0, RunState() if runs else None)
        to_count[pk] = dataclasses.replace(spec, start=start, end=end)
    if to_count:
        # One query for every goal that needs counting: the new week, or all of it once.
        counted, latest = counts_and_last_change(
            person, to_count, on=through, grams_per_drink=grams_per_drink
        )
        states = _run_states(person, to_count, carried, grams_per_drink) if runs else {}
        for pk in to_count:
            found[pk] = Settled(
                carried[pk].on_track + counted[pk].on_track,
                carried[pk].off_plan + counted[pk].off_plan,
                states.get(pk),
            )
        # One upsert for all of them; two requests racing store the same numbers.
        GoalTally.objects.bulk_create(
            [
                GoalTally(
                    goal_id=pk,
                    rule_key=keys[pk],
                    through=wanted[pk][1],
                    on_track=found[pk].on_track,
                    off_plan=found[pk].off_plan,
                    change_id=latest,
                    runs_known=runs,
                    run_current=states[pk].current if runs else 0,
                    run_longest=states[pk].longest if runs else 0,
                )
                for pk in to_count
            ],
            update_conflicts=True,
            unique_fields=["goal"],
            update_fields=[
                "rule_key",
                "through",
                "on_track",
                "off_plan",
                "change_id",
                "runs_known",
                "run_current",
                "run_longest",
            ],
        )
    return found


class _Tally(NamedTuple):
    rule_key: str
    through: date
    on_track: int
    off_plan: int
    runs_known: bool
    run_current: int
    run_longest: int
    dirty: bool  # a day it counted changed after it was counted


def _tallies(person: User, goal_ids: list[int]) -> dict[int, _Tally]:
    """The goals' stored tallies, each with whether a day it counted changed since: one query.

    Written as SQL (the ORM's Exists annotation cost more to build than the whole read).
    """
    table = connection.ops.quote_name(GoalTally._meta.db_table)
    log = connection.ops.quote_name(DigestChange._meta.db_table)
    marks = ", ".join(["%s"] * len(goal_ids))
    sql = (
        "SELECT t.goal_id, t.rule_key, t.through, t.on_track, t.off_plan, t.runs_known, "  # noqa: S608
        f"t.run_current, t.run_longest, EXISTS(SELECT 1 FROM {log} c WHERE c.user_id = %s "
        f"AND c.id > t.change_id AND c.day <= t.through) "
        f"FROM {table} t WHERE t.goal_id IN ({marks})"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [person.pk, *goal_ids])
        rows = cursor.fetchall()
    return {
        pk: _Tally(
            key,
            through if isinstance(through, date) else date.fromisoformat(through),
            int(on_track),
            int(off_plan),
            bool(runs_known),
            int(current),
            int(longest),
            bool(dirty),
        )
        for pk, key, through, on_track, off_plan, runs_known, current, longest, dirty in rows
    }


def _run_states(
    person: User,
    stretches: dict[int, GoalSpec],
    carried: dict[int, Settled],
    grams_per_drink: float,
) -> dict[int, RunState]:
    """Each goal's run state at the end of its stretch, from the raw days of the stretches.

    One query for all the goals (their stretches share most days): a week each when tallies
    move forward, the whole period when one is recounted.
    """
    first = min(spec.start for spec in stretches.values())
    last = max(spec.end for spec in stretches.values() if spec.end is not None)
    uses, no_use, _wellbeing = journal_days(person, [(first, last)])
    journal = Journal(uses=uses, no_use=no_use)
    states: dict[int, RunState] = {}
    for pk, spec in stretches.items():
        assert spec.end is not None  # a stretch always has its end
        statuses = day_statuses(spec, journal, today=spec.end, grams_per_drink=grams_per_drink)
        state = run_state(statuses, carried=carried[pk].runs)
        states[pk] = state.through(spec.end)
    return states
