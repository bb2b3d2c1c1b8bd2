"""Getting started: the steps, what applies to whom, and the writes each step makes."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from waypoint.accounts.models import User
from waypoint.core.errors import UNUSUAL
from waypoint.journal import attention
from waypoint.journal.models import BaselineDay, Profile, Stance, Substance, today
from waypoint.journal.services import (
    baseline_save,
    own_substance_create,
    profile_of,
    unusual_baseline_days,
    unusual_baseline_question,
)
from waypoint.journal.vocab import Category, Guideline, Readiness, Relationship

# In order. "drinks" and "audit" only apply when alcohol is chosen; "where" and "baseline"
# only when any substance is chosen. "done" is where the person lands at the end.
STEPS: tuple[str, ...] = ("substances", "drinks", "where", "baseline", "audit", "done")
DONE = "done"
BASELINE_DAYS = 30


def chosen_substances(profile: Profile) -> list[Substance]:
    """The substances the person said matter to them, alcohol first, then by name."""
    return sorted(profile.substances.all(), key=lambda s: (not s.is_alcohol, s.name.lower()))


def steps_for(substances: Iterable[Substance]) -> list[str]:
    """The steps that apply given the chosen substances."""
    chosen = list(substances)
    drinks = any(s.is_alcohol for s in chosen)
    skip = set()
    if not drinks:
        skip |= {"drinks", "audit"}
    if not chosen:
        skip |= {"where", "baseline"}
    return [step for step in STEPS if step not in skip]


def next_step(steps: list[str], step: str) -> str:
    """The step after `step` among those that apply (the last one is "done")."""
    later = [s for s in STEPS[STEPS.index(step) + 1 :] if s in steps]
    return later[0] if later else DONE


def previous_step(steps: list[str], step: str) -> str | None:
    """The step before `step` among those that apply, or None on the first."""
    earlier = [s for s in STEPS[: STEPS.index(step)] if s in steps]
    return earlier[-1] if earlier else None


def resume_step(profile: Profile, steps: list[str]) -> str:
    """Where to pick up: the remembered step if it still applies, else the first one."""
    remembered = profile.started_step
    if remembered and remembered != DONE and remembered in STEPS:
        if remembered in steps:
            return remembered
        # The remembered step no longer applies (e.g. alcohol was unticked): the next one does.
        return next_step(steps, remembered)
    return steps[0]


def start_advance(*, user: User, profile: Profile, to: str) -> None:
    """Remember the step to resume at; reaching "done" marks getting started as finished."""
    profile.started_step = to
    fields = ["started_step"]
    if to == DONE and profile.started_done_at is None:
        profile.started_done_at = timezone.now()
        fields.append("started_done_at")
    profile.save(update_fields=fields)


def start_skip_all(*, user: User) -> None:
    """The person does not want the getting-started steps now: mark them finished."""
    start_advance(user=user, profile=profile_of(user), to=DONE)


@transaction.atomic
def start_substances_set(
    *, user: User, substances: Iterable[Substance], own_name: str = "", own_unit: str = ""
) -> list[Substance]:
    """Set which substances matter to the person, adding one of their own if named."""
    profile = profile_of(user)
    chosen = list(substances)
    allowed = {s.pk for s in Substance.objects.filter(pk__in=[s.pk for s in chosen])}
    for substance in chosen:
        if substance.pk not in allowed or substance.owner_id not in (None, user.pk):
            raise ValidationError({"substances": _("Unknown substance.")})
    if own_name.strip():
        chosen.append(
            own_substance_create(
                user=user, name=own_name, category=Category.OTHER, unit=own_unit or "dose"
            )
        )
    profile.substances.set(chosen)
    return chosen


def start_drinks_set(*, user: User, country: str, guideline: str) -> Profile:
    """Set the person's standard drink and which drinking thresholds apply to them."""
    profile = profile_of(user)
    profile.country = country
    if guideline not in ("", *Guideline.values):
        raise ValidationError({"guideline": _("Choose one of the options.")})
    profile.guideline = guideline
    profile.full_clean(exclude=["user"], validate_unique=False)
    profile.save(update_fields=["country", "guideline"])
    attention.refresh_journal(user.pk)  # the WHO thresholds may have changed
    return profile


def latest_stances(*, user: User) -> dict[int, Stance]:
    """The person's most recent stance per substance, by substance id (one query)."""
    latest: dict[int, Stance] = {}
    for stance in Stance.objects.filter(user=user).order_by("-recorded_at", "-pk"):
        latest.setdefault(stance.substance_id, stance)
    return latest


@transaction.atomic
def stances_record(*, user: User, stances: Mapping[Substance, tuple[str, str]]) -> int:
    """Record where the person is with each substance; a row only when it changed, history kept.

    Returns how many new rows were written.
    """
    current = latest_stances(user=user)
    now = timezone.now()
    rows = []
    for substance, (relationship, readiness) in stances.items():
        if relationship not in Relationship.values or readiness not in Readiness.values:
            raise ValidationError(
                _("Choose one of the options for %(name)s.") % {"name": substance}
            )
        before = current.get(substance.pk)
        if before and (before.relationship, before.readiness) == (relationship, readiness):
            continue
        rows.append(
            Stance(
                user=user,
                substance=substance,
                relationship=relationship,
                readiness=readiness,
                recorded_at=now,
            )
        )
    Stance.objects.bulk_create(rows)
    return len(rows)


@dataclass(frozen=True)
class Window:
    start: date
    end: date

    @property
    def days(self) -> list[date]:
        return [self.start + timedelta(days=i) for i in range((self.end - self.start).days + 1)]


def baseline_window(profile: Profile) -> Window:
    """The person's baseline calendar: the one they filled in, else the 30 days to yesterday."""
    if profile.baseline_start and profile.baseline_end:
        return Window(profile.baseline_start, profile.baseline_end)
    end = today() - timedelta(days=1)
    return Window(end - timedelta(days=BASELINE_DAYS - 1), end)


def baseline_values(*, user: User) -> dict[tuple[int, date], float]:
    """What the person already put in their baseline calendar, by (substance id, day)."""
    return {
        (row.substance_id, row.day): row.amount for row in BaselineDay.objects.filter(user=user)
    }


@transaction.atomic
def baseline_save_all(
    *,
    user: User,
    window: Window,
    amounts: Mapping[Substance, Mapping[date, float]],
    confirm_unusual: bool = False,
) -> int:
    """Save the calendars of several substances together: all of them or none.

    Unless `confirm_unusual`, days far beyond a day's use are asked about first (one
    ValidationError with code UNUSUAL that names every such day of every substance).
    """
    if not confirm_unusual:
        profile = profile_of(user)
        questions = [
            unusual_baseline_question(substance=substance, amounts=dict(days), days=unusual)
            for substance, days in amounts.items()
            if (
                unusual := unusual_baseline_days(
                    substance=substance, amounts=dict(days), profile=profile
                )
            )
        ]
        if questions:
            raise ValidationError(
                {"amount": [ValidationError(text, code=UNUSUAL) for text in questions]}
            )
    had = set(
        BaselineDay.objects.filter(user=user).values_list("substance_id", flat=True).distinct()
    )
    stored = 0
    for substance, days in amounts.items():
        # An empty calendar for a substance that never had one stays untouched: nothing to say.
        if days or substance.pk in had:
            stored += baseline_save(
                user=user,
                substance=substance,
                start=window.start,
                end=window.end,
                amounts=dict(days),
                confirm_unusual=True,
            )
    return stored
