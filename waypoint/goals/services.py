"""Writing goals: set one, change it (the old goal and its progress stay), end it, tick steps."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from waypoint.accounts.gate import require_participant
from waypoint.accounts.models import User
from waypoint.goals.models import Goal, GoalStep
from waypoint.journal.models import Substance, today
from waypoint.journal.services import profile_of, substance_for
from waypoint.journal.vocab import CareAction, Harm, Unit

MAX_LIMIT = Decimal("100000")
EARLIEST_START = date(1900, 1, 1)
# A goal may start on a day ahead ("from Monday"), within a year.
LATEST_START_AHEAD = timedelta(days=366)
MAX_STEPS = 50
USE_KINDS = (Goal.Kind.ABSTAIN, Goal.Kind.CUT_DOWN, Goal.Kind.SAFER, Goal.Kind.OBSERVE)


@dataclass
class GoalFields:
    """What a person chooses for a goal, before it is checked."""

    kind: str
    substance: Substance | int | str | None = None
    title: str = ""
    domain: str = ""
    daily_limit: Decimal | float | str | None = None
    limit_unit: str = ""
    days_per_week: int | None = None
    avoid_harms: Iterable[str] = ()
    practice_care: Iterable[str] = ()
    started_on: date | None = None


def _codes(values: Iterable[str], allowed: list[str], field: str) -> list[str]:
    codes = list(dict.fromkeys(values))
    unknown = [code for code in codes if code not in allowed]
    if unknown:
        raise ValidationError(
            {field: _("Unknown value(s): %(codes)s.") % {"codes": ", ".join(unknown)}}
        )
    return codes


def _limit(value: Decimal | float | str | None) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        limit = Decimal(str(value))
    except InvalidOperation:
        raise ValidationError({"daily_limit": _("The daily limit must be a number.")}) from None
    if not limit.is_finite() or limit <= 0 or limit > MAX_LIMIT:
        raise ValidationError(
            {"daily_limit": _("The daily limit must be more than 0 and at most 100000.")}
        )
    return limit.quantize(Decimal("0.01"))


def _build(user: User, fields: GoalFields) -> Goal:
    """A new, unsaved Goal from checked fields; ValidationError naming the field otherwise."""
    require_participant(user)  # staff accounts keep no goals
    kind = fields.kind
    if kind not in Goal.Kind.values:
        raise ValidationError({"kind": _("Choose a kind of goal.")})
    goal = Goal(user=user, kind=kind, title=(fields.title or "").strip())
    if len(goal.title) > 120:
        raise ValidationError({"title": _("Keep it to 120 characters or fewer.")})
    start = fields.started_on or today()
    if start < EARLIEST_START or start > today() + LATEST_START_AHEAD:
        raise ValidationError({"started_on": _("Choose a start day within the next year.")})
    goal.started_on = start

    if kind == Goal.Kind.LIFE:
        if fields.substance not in (None, ""):
            raise ValidationError({"substance": _("A personal goal is not about a substance.")})
        if fields.domain not in Goal.Domain.values:
            raise ValidationError({"domain": _("Choose an area of life.")})
        if not goal.title:
            raise ValidationError({"title": _("Say what the goal is, in your words.")})
        goal.domain = fields.domain
        return goal

    if fields.domain:
        raise ValidationError({"domain": _("An area of life goes with a personal goal.")})
    substance: Substance | None = None
    if isinstance(fields.substance, Substance):
        substance = substance_for(user, fields.substance.pk)
    elif fields.substance not in (None, ""):
        substance = substance_for(user, fields.substance)
    goal.substance = substance
    limit = _limit(fields.daily_limit)
    days = fields.days_per_week
    harms = _codes(fields.avoid_harms or (), Harm.values, "avoid_harms")
    care = _codes(fields.practice_care or (), CareAction.values, "practice_care")

    if kind != Goal.Kind.CUT_DOWN and (limit is not None or days is not None):
        raise ValidationError({"daily_limit": _("Limits go with a cut-down goal.")})
    if kind != Goal.Kind.SAFER and (harms or care):
        raise ValidationError(
            {"avoid_harms": _("Harms and care actions go with a safer-use goal.")}
        )

    if kind == Goal.Kind.CUT_DOWN:
        if limit is None and days is None:
            raise ValidationError(
                {"daily_limit": _("Set a limit per day, a number of days a week, or both.")}
            )
        if days is not None and not 1 <= days <= 6:
            raise ValidationError(
                {
                    "days_per_week": _(
                        "Days a week is from 1 to 6. For no days at all, choose 'Not use'; "
                        "for any day, leave it empty."
                    )
                }
            )
        if limit is not None:
            if substance is None:
                raise ValidationError(
                    {"substance": _("A limit per day needs one substance to count.")}
                )
            unit = fields.limit_unit or (
                Unit.DRINK if substance.is_alcohol else substance.default_unit
            )
            if substance.is_alcohol and unit != Unit.DRINK:
                raise ValidationError(
                    {"limit_unit": _("For alcohol the limit is in standard drinks.")}
                )
            if not substance.is_alcohol and unit not in (
                substance.units or [substance.default_unit]
            ):
                raise ValidationError(
                    {
                        "limit_unit": _("%(unit)s does not fit %(substance)s.")
                        % {"unit": unit, "substance": substance.name}
                    }
                )
            goal.limit_unit = unit
        goal.daily_limit, goal.days_per_week = limit, days
    elif kind == Goal.Kind.SAFER:
        if not harms and not care:
            raise ValidationError(
                {"avoid_harms": _("Choose at least one harm to avoid or one care action.")}
            )
        goal.avoid_harms, goal.practice_care = harms, care
    return goal


@transaction.atomic
def goal_create(*, user: User, fields: GoalFields) -> Goal:
    """Set a new goal. Goals run side by side: one per substance, and any life goals."""
    goal = _build(user, fields)
    goal.save()
    return goal


@transaction.atomic
def goal_change(*, goal: Goal, fields: GoalFields) -> Goal:
    """Replace a current goal with a new one; the old goal keeps its days and stays listed.

    The new goal starts today unless another day is given; the old one ends the day before,
    so no day counts for both. Changing a goal on the day it started leaves the old one with
    no days of its own, and still listed.
    """
    old = Goal.objects.select_for_update().get(pk=goal.pk)
    if old.ended_on is not None:
        raise ValidationError({"goal": _("This goal has ended already; set a new one instead.")})
    new = _build(old.user, fields)
    old.ended_on = new.started_on - timedelta(days=1)
    old.save(update_fields=["ended_on"])
    new.replaces = old
    new.save()
    # Steps still to do carry over, so a change of plan does not mean writing them again.
    carried = [
        GoalStep(goal=new, text=step.text, position=step.position)
        for step in old.steps.filter(done_on__isnull=True)
    ]
    GoalStep.objects.bulk_create(carried)
    return new


def goal_end(*, goal: Goal, on: date | None = None) -> Goal:
    """End a goal (today by default); its days and progress stay visible."""
    if goal.ended_on is not None:
        raise ValidationError({"goal": _("This goal has ended already.")})
    if on is None:
        # A goal set to start later and ended before then simply never had a day of its own.
        day = today() if today() >= goal.started_on else goal.started_on - timedelta(days=1)
    else:
        day = on
        if day < goal.started_on - timedelta(days=1) or day > today():
            raise ValidationError({"ended_on": _("Choose a day between its start and today.")})
    goal.ended_on = day
    goal.save(update_fields=["ended_on"])
    return goal


def step_add(*, goal: Goal, text: str) -> GoalStep:
    """Add an intermediate step at the end of the goal's list."""
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": _("Write the step in a few words.")})
    if len(text) > 160:
        raise ValidationError({"text": _("Keep a step to 160 characters or fewer.")})
    existing = list(goal.steps.values_list("position", flat=True))
    if len(existing) >= MAX_STEPS:
        raise ValidationError({"text": _("A goal can have up to 50 steps.")})
    return GoalStep.objects.create(goal=goal, text=text, position=max(existing, default=-1) + 1)


def step_set_done(*, step: GoalStep, done: bool, on: date | None = None) -> GoalStep:
    """Tick a step off (on a given day, today by default), or untick it."""
    day = on or today()
    if done and day > today():
        raise ValidationError({"done_on": _("That day is in the future.")})
    step.done_on = day if done else None
    step.save(update_fields=["done_on"])
    return step


def step_remove(*, step: GoalStep) -> None:
    step.delete()


def continuous_days_set(*, user: User, on: bool) -> None:
    """Show or hide the days-in-a-row counter; totals and history are the same either way."""
    profile = profile_of(user)
    profile.continuous_days = on
    profile.save(update_fields=["continuous_days"])
