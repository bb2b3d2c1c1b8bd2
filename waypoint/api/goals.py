"""Goals, their steps, and progress: /goals, /goals/{id}, /goals/{id}/change, /progress."""

from __future__ import annotations

import dataclasses
from datetime import date
from decimal import Decimal
from typing import Any, overload

from django.core.exceptions import ObjectDoesNotExist
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from pydantic import BaseModel

from waypoint.api.auth import PARTICIPANT_AUTH, participant
from waypoint.core.input import IsoDate
from waypoint.goals import services
from waypoint.goals.models import Goal, GoalStep
from waypoint.goals.progress import MAX_DAYS, Comparison, GoalProgress, ScopeProgress, progress_for
from waypoint.goals.selectors import goal_for, goals_with_steps, step_for

router = Router(tags=["goals"], auth=PARTICIPANT_AUTH)


def _goal(request: HttpRequest, goal_id: int) -> Goal:
    return goal_for(participant(request), goal_id)


# Answers built here from keyword arguments are plain pydantic models, not ninja Schemas: a
# Schema reads every field through ninja's DjangoGetter (for ORM objects), which cost about a
# quarter of /api/v1/progress. The JSON and the OpenAPI description are the same.
class StepOut(BaseModel):
    id: int
    text: str
    position: int
    done: bool
    done_on: date | None


class GoalOut(BaseModel):
    id: int
    kind: str
    kind_label: str
    title: str
    description: str
    substance: str | None = Field(description="slug of the substance; null means everything")
    substance_id: int | None
    domain: str
    daily_limit: float | None = Field(description="in limit_unit; standard drinks for alcohol")
    limit_unit: str
    days_per_week: int | None
    avoid_harms: list[str]
    practice_care: list[str]
    started_on: date
    ended_on: date | None
    active: bool
    replaces: int | None
    replaced_by: int | None
    steps: list[StepOut]


class GoalIn(Schema):
    kind: str = Field(description="abstain, cut_down, safer, observe or life")
    substance: int | str | None = Field(None, description="id or slug; null for everything")
    title: str = ""
    domain: str = Field("", description="for life goals: health, housing, work, money, …")
    daily_limit: Decimal | None = None
    limit_unit: str = ""
    days_per_week: int | None = None
    avoid_harms: list[str] = []
    practice_care: list[str] = []
    started_on: IsoDate | None = None

    def fields(self) -> services.GoalFields:
        return services.GoalFields(**self.model_dump())


class EndIn(Schema):
    ended_on: IsoDate | None = None


class StepIn(Schema):
    text: str


class StepPatch(Schema):
    done: bool | None = None
    done_on: IsoDate | None = None
    text: str | None = None


def _step_out(step: GoalStep) -> StepOut:
    return StepOut(
        id=step.pk,
        text=step.text,
        position=step.position,
        done=step.done_on is not None,
        done_on=step.done_on,
    )


def goal_out(goal: Goal, successors: dict[int, int] | None = None) -> GoalOut:
    """A goal as JSON; `successors` (replaced goal id → new id) saves a query per goal."""
    if successors is not None:
        replaced_by = successors.get(goal.pk)
    else:
        try:
            replaced_by = goal.replaced_by.pk
        except ObjectDoesNotExist:
            replaced_by = None
    return GoalOut(
        id=goal.pk,
        kind=goal.kind,
        kind_label=str(goal.get_kind_display()),
        title=goal.title,
        description=goal.describe(),
        substance=goal.substance.slug if goal.substance else None,
        substance_id=goal.substance_id,
        domain=goal.domain,
        daily_limit=float(goal.daily_limit) if goal.daily_limit is not None else None,
        limit_unit=goal.limit_unit,
        days_per_week=goal.days_per_week,
        avoid_harms=list(goal.avoid_harms or []),
        practice_care=list(goal.practice_care or []),
        started_on=goal.started_on,
        ended_on=goal.ended_on,
        active=goal.is_active,
        replaces=goal.replaces_id,
        replaced_by=replaced_by,
        steps=[_step_out(step) for step in goal.steps.all()],
    )


def _fresh(request: HttpRequest, goal_id: int) -> GoalOut:
    return goal_out(_goal(request, goal_id))


@router.get("/goals", response=list[GoalOut])
def list_goals(request: HttpRequest) -> list[GoalOut]:
    """Your goals, current and earlier; a changed goal stays listed with `replaced_by`."""
    goals = list(goals_with_steps(participant(request)))
    successors = {goal.replaces_id: goal.pk for goal in goals if goal.replaces_id}
    return [goal_out(goal, successors) for goal in goals]


@router.post("/goals", response={201: GoalOut})
def create_goal(request: HttpRequest, payload: GoalIn) -> Status[GoalOut]:
    """Set a goal. Kinds: abstain, cut_down (daily_limit and/or days_per_week), safer
    (avoid_harms and/or practice_care), observe, life (title and domain)."""
    goal = services.goal_create(user=participant(request), fields=payload.fields())
    return Status(201, _fresh(request, goal.pk))


@router.get("/goals/{goal_id}", response=GoalOut)
def get_goal(request: HttpRequest, goal_id: int) -> GoalOut:
    """One of your goals; another person's id answers 404."""
    return _fresh(request, goal_id)


@router.post("/goals/{goal_id}/change", response={201: GoalOut})
def change_goal(request: HttpRequest, goal_id: int, payload: GoalIn) -> Status[GoalOut]:
    """Replace a current goal with a new one; the old goal ends the day before and is kept."""
    goal = _goal(request, goal_id)
    new = services.goal_change(goal=goal, fields=payload.fields())
    return Status(201, _fresh(request, new.pk))


@router.post("/goals/{goal_id}/end", response=GoalOut)
def end_goal(request: HttpRequest, goal_id: int, payload: EndIn | None = None) -> GoalOut:
    """End a goal (today unless `ended_on` is given); its days stay in the history."""
    goal = _goal(request, goal_id)
    services.goal_end(goal=goal, on=payload.ended_on if payload else None)
    return _fresh(request, goal_id)


@router.post("/goals/{goal_id}/steps", response={201: StepOut})
def add_step(request: HttpRequest, goal_id: int, payload: StepIn) -> Status[StepOut]:
    """Add an intermediate step to a goal."""
    goal = _goal(request, goal_id)
    step = services.step_add(goal=goal, text=payload.text)
    return Status(201, _step_out(step))


def _step(request: HttpRequest, goal_id: int, step_id: int) -> GoalStep:
    return step_for(participant(request), goal_id, step_id)


@router.patch("/goals/{goal_id}/steps/{step_id}", response=StepOut)
def update_step(request: HttpRequest, goal_id: int, step_id: int, payload: StepPatch) -> StepOut:
    """Tick a step off (`done: true`, optionally `done_on`), untick it, or reword it."""
    step = _step(request, goal_id, step_id)
    if payload.text is not None:
        text = payload.text.strip()
        if not text or len(text) > 160:
            raise DjangoValidationError({"text": _("A step is 1 to 160 characters.")})
        step.text = text
        step.save(update_fields=["text"])
    if payload.done is not None:
        services.step_set_done(step=step, done=payload.done, on=payload.done_on)
    return _step_out(step)


@router.delete("/goals/{goal_id}/steps/{step_id}", response={204: None})
def delete_step(request: HttpRequest, goal_id: int, step_id: int) -> Status[None]:
    """Remove a step."""
    services.step_remove(step=_step(request, goal_id, step_id))
    return Status(204, None)


# --- Progress ------------------------------------------------------------------------------


class CountsOut(BaseModel):
    on_track: int
    off_plan: int
    not_reported: int


class ChangeOut(BaseModel):
    measure: str
    label: str
    before: float | None
    after: float | None
    direction: str = Field(description="better, same, worse or unknown")
    levels_down: int | None
    shade: str | None = Field(description="the shade of improvement, named, when better")
    sentence: str


class ComparisonOut(BaseModel):
    before_start: date
    before_end: date
    after_start: date
    after_end: date
    better: list[str] = Field(description="each shade of improvement, named")
    changes: list[ChangeOut]
    before: dict[str, Any]
    after: dict[str, Any]
    days_before: int = Field(description="reported days in the earlier period")
    days_after: int = Field(description="reported days in the recent period")
    enough_days: int = Field(
        description="changes are named only when both periods have at least this many "
        "reported days; below it every direction is 'unknown'"
    )


class InsightOut(BaseModel):
    factor: str
    value: str
    days_with: int
    days_without: int
    amount_with: float
    amount_without: float
    harms_with: float
    harms_without: float
    sentence: str
    harms_sentence: str | None


class ScopeOut(BaseModel):
    substance_id: int | None
    name: str
    unit: str
    against_baseline: ComparisonOut | None
    against_previous: ComparisonOut
    insights_about: str | None
    insights: list[InsightOut]


class GoalProgressOut(BaseModel):
    goal: GoalOut
    week: CountsOut
    month: CountsOut
    all_time: CountsOut
    window: CountsOut = Field(description="the last `days` days")
    continuous_days: int | None = Field(description="only when the person switched it on")
    longest_run: int | None
    milestone: int | None
    next_milestone: int | None
    steps_done: int
    steps_total: int
    against_baseline: ComparisonOut | None
    against_previous: ComparisonOut | None


class BaselineContradictionOut(BaseModel):
    day: date
    substance_id: int
    calendar_amount: float
    calendar_unit: str
    journal_says: str = Field(description="'no_use' (a check-in) or 'used' (an entry)")


class ProgressOut(BaseModel):
    today: date
    days: int
    window_start: date
    previous_start: date
    previous_end: date
    baseline_start: date | None
    baseline_end: date | None
    continuous_days_on: bool
    goals: list[GoalProgressOut]
    scopes: list[ScopeOut]
    contradictions: list[BaselineContradictionOut] = Field(
        description="days the baseline calendar and the journal tell differently; they are "
        "left out of the comparison with the calendar until the person changes one of them"
    )


def _summary(value: Any) -> dict[str, Any]:
    data = dataclasses.asdict(value)
    return {key: int(v) if hasattr(v, "label") else v for key, v in data.items()}


@overload
def _comparison(comparison: Comparison) -> ComparisonOut: ...
@overload
def _comparison(comparison: None) -> None: ...
@overload
def _comparison(comparison: Comparison | None) -> ComparisonOut | None: ...
def _comparison(comparison: Comparison | None) -> ComparisonOut | None:
    if comparison is None:
        return None
    return ComparisonOut(
        before_start=comparison.before_start,
        before_end=comparison.before_end,
        after_start=comparison.after_start,
        after_end=comparison.after_end,
        days_before=comparison.days_before,
        days_after=comparison.days_after,
        enough_days=comparison.enough_days,
        better=[text.shade for text in comparison.better if text.shade],
        changes=[
            ChangeOut(
                measure=text.change.measure,
                label=text.label,
                before=float(text.change.before) if text.change.before is not None else None,
                after=float(text.change.after) if text.change.after is not None else None,
                direction=text.change.direction,
                levels_down=text.change.levels_down,
                shade=text.shade,
                sentence=text.sentence,
            )
            for text in comparison.texts
        ],
        before={name: _summary(s) for name, s in comparison.before.items()},
        after={name: _summary(s) for name, s in comparison.after.items()},
    )


def _counts(counts: Any) -> CountsOut:
    return CountsOut(
        on_track=counts.on_track, off_plan=counts.off_plan, not_reported=counts.not_reported
    )


def _goal_progress(
    item: GoalProgress, scope: ScopeProgress | None, successors: dict[int, int]
) -> GoalProgressOut:
    return GoalProgressOut(
        goal=goal_out(item.goal, successors),
        week=_counts(item.week),
        month=_counts(item.month),
        all_time=_counts(item.all_time),
        window=_counts(item.window),
        continuous_days=item.continuous,
        longest_run=item.longest,
        milestone=item.milestone,
        next_milestone=item.next_milestone,
        steps_done=item.steps_done,
        steps_total=item.steps_total,
        against_baseline=_comparison(scope.against_baseline) if scope else None,
        against_previous=_comparison(scope.against_previous) if scope else None,
    )


class ProgressQuery(Schema):
    days: int = Field(28, ge=1, le=MAX_DAYS, description="the window to summarise, in days")


@router.get("/progress", response=ProgressOut)
def progress(request: HttpRequest, params: Query[ProgressQuery]) -> ProgressOut:
    """Per goal: days on track this week, this month and all time (they never reset), days
    off plan and not reported as plain information, the continuous-days counter if switched
    on, and the changes against the baseline calendar and the previous `days` days."""
    result = progress_for(participant(request), days=params.days, with_steps=True)
    successors = {
        item.goal.replaces_id: item.goal.pk for item in result.goals if item.goal.replaces_id
    }
    return ProgressOut(
        today=result.today,
        days=result.days,
        window_start=result.window_start,
        previous_start=result.previous_start,
        previous_end=result.previous_end,
        baseline_start=result.baseline[0] if result.baseline else None,
        baseline_end=result.baseline[1] if result.baseline else None,
        continuous_days_on=result.profile.continuous_days,
        goals=[_goal_progress(item, result.scope_of(item), successors) for item in result.goals],
        scopes=[
            ScopeOut(
                substance_id=scope.scope.substance_id,
                name=str(scope.scope.name),
                unit=str(scope.scope.unit_words),
                against_baseline=_comparison(scope.against_baseline),
                against_previous=_comparison(scope.against_previous),
                insights_about=str(scope.insight_scope.name) if scope.insight_scope else None,
                insights=[
                    InsightOut(
                        factor=i.factor,
                        value=i.value,
                        days_with=i.days_with,
                        days_without=i.days_without,
                        amount_with=round(i.amount_with, 3),
                        amount_without=round(i.amount_without, 3),
                        harms_with=round(i.harms_with, 3),
                        harms_without=round(i.harms_without, 3),
                        sentence=i.amount_sentence,
                        harms_sentence=i.harms_sentence,
                    )
                    for i in scope.insights
                ],
            )
            for scope in result.scopes.values()
        ],
        contradictions=[
            BaselineContradictionOut(
                day=item.day,
                substance_id=item.substance_id,
                calendar_amount=item.calendar_amount,
                calendar_unit=item.unit,
                journal_says=item.journal_says,
            )
            for item in result.contradictions
        ],
    )
