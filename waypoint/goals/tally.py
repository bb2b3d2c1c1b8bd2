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

from django.db.models import Exists, OuterRef

from waypoint.accounts.models import User
from waypoint.goals.models import GoalTally
from waypoint.goals.rules import GoalSpec
from waypoint.goals.selectors import counts_and_last_change
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


def settled_counts(
    person: User, specs: dict[int, GoalSpec], *, through: date, grams_per_drink: float
) -> dict[int, tuple[int, int]]:
    """(on track, off plan) per goal over [its start, `through` or its end], in a few queries.

    `through` must be a Sunday, so that a tally moved forward starts a whole week.
    """
    wanted: dict[int, tuple[GoalSpec, date]] = {}
    for pk, spec in specs.items():
        end = min(through, spec.end) if spec.end is not None else through
        if spec.start <= end:
            wanted[pk] = (spec, end)
    if not wanted:
        return {}
    # Each tally, with whether a day it counted changed since: one query.
    log = DigestChange.objects.filter(user=person)
    tallies = {
        tally.goal_id: tally
        for tally in GoalTally.objects.filter(goal_id__in=wanted).annotate(
            dirty=Exists(log.filter(id__gt=OuterRef("change_id"), day__lte=OuterRef("through"))),
        )
    }
    found: dict[int, tuple[int, int]] = {}
    to_count: dict[int, GoalSpec] = {}
    carried: dict[int, tuple[int, int]] = {}
    keys = {pk: rule_key(spec, grams_per_drink) for pk, (spec, _end) in wanted.items()}
    for pk, (spec, end) in wanted.items():
        tally = tallies.get(pk)
        valid = (
            tally is not None
            and tally.rule_key == keys[pk]
            and tally.through <= end
            and not tally.dirty
        )
        if valid and tally is not None and tally.through == end:
            found[pk] = (tally.on_track, tally.off_plan)
            continue
        if valid and tally is not None:
            start, carried[pk] = tally.through + timedelta(days=1), (tally.on_track, tally.off_plan)
        else:
            start, carried[pk] = spec.start, (0, 0)
        to_count[pk] = dataclasses.replace(spec, start=start, end=end)
    if to_count:
        # One query for every goal that needs counting: the new week, or all of it once.
        counted, latest = counts_and_last_change(
            person, to_count, on=through, grams_per_drink=grams_per_drink
        )
        for pk in to_count:
            found[pk] = (
                carried[pk][0] + counted[pk].on_track,
                carried[pk][1] + counted[pk].off_plan,
            )
        # One upsert for all of them; two requests racing store the same numbers.
        GoalTally.objects.bulk_create(
            [
                GoalTally(
                    goal_id=pk,
                    rule_key=keys[pk],
                    through=wanted[pk][1],
                    on_track=found[pk][0],
                    off_plan=found[pk][1],
                    change_id=latest,
                )
                for pk in to_count
            ],
            update_conflicts=True,
            unique_fields=["goal"],
            update_fields=["rule_key", "through", "on_track", "off_plan", "change_id"],
        )
    return found
