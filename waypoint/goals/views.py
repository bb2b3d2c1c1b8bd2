"""Goal pages and the progress page: thin views over services, selectors and progress."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from waypoint.accounts.gate import participant_required, signed_in
from waypoint.goals import charts, services
from waypoint.goals.forms import KIND_HELP, GoalForm, StepForm
from waypoint.goals.models import Goal
from waypoint.goals.progress import GoalProgress, Progress, goals_overview, progress_for
from waypoint.goals.selectors import goal_for, step_for

DAY_CHOICES = (7, 28, 90, 365)


@participant_required
def goal_list(request: HttpRequest) -> HttpResponse:
    items = goals_overview(signed_in(request))
    return render(
        request,
        "goals/list.html",
        {
            "active": [i for i in items if i.goal.is_active],
            "earlier": [i for i in items if not i.goal.is_active],
        },
    )


def _form_page(
    request: HttpRequest, form: GoalForm, *, replacing: Goal | None = None, status: int = 200
) -> HttpResponse:
    return render(
        request,
        "goals/form.html",
        {"form": form, "replacing": replacing, "kind_help": KIND_HELP},
        status=status,
    )


@participant_required
def goal_new(request: HttpRequest) -> HttpResponse:
    person = signed_in(request)
    initial = {"kind": request.GET.get("kind")} if request.GET.get("kind") in Goal.Kind else {}
    form = GoalForm(request.POST or None, user=person, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            goal = services.goal_create(user=person, fields=form.goal_fields())
        except ValidationError as error:
            form.add_service_error(error)
        else:
            messages.success(request, _("Your goal is set."))
            return redirect("goals:detail", goal.pk)
    return _form_page(request, form, status=400 if form.errors else 200)


@participant_required
def goal_change(request: HttpRequest, goal_id: int) -> HttpResponse:
    person = signed_in(request)
    goal = goal_for(person, goal_id)
    if not goal.is_active:
        messages.info(request, _("This goal has ended. You can set a new one."))
        return redirect("goals:detail", goal.pk)
    form = GoalForm(request.POST or None, user=person, initial=GoalForm.initial_from(goal))
    if request.method == "POST" and form.is_valid():
        try:
            new = services.goal_change(goal=goal, fields=form.goal_fields())
        except ValidationError as error:
            form.add_service_error(error)
        else:
            messages.success(
                request, _("Your goal is changed. The days of the earlier goal stay with it.")
            )
            return redirect("goals:detail", new.pk)
    return _form_page(request, form, replacing=goal, status=400 if form.errors else 200)


def _chain(items: list[GoalProgress], goal: Goal) -> tuple[list[GoalProgress], list[GoalProgress]]:
    """The goals this one replaced (nearest first) and the ones that replaced it, in order."""
    by_id = {item.goal.pk: item for item in items}
    replaced_by = {item.goal.replaces_id: item for item in items if item.goal.replaces_id}
    before: list[GoalProgress] = []
    after: list[GoalProgress] = []
    current = goal
    while current.replaces_id in by_id and len(before) < len(items):
        current = by_id[current.replaces_id].goal
        before.append(by_id[current.pk])
    current = goal
    while current.pk in replaced_by and len(after) < len(items):
        current = replaced_by[current.pk].goal
        after.append(by_id[current.pk])
    return before, after


@participant_required
def goal_detail(request: HttpRequest, goal_id: int) -> HttpResponse:
    person = signed_in(request)
    goal = goal_for(person, goal_id)
    items = goals_overview(person)
    item = next(i for i in items if i.goal.pk == goal.pk)
    before, after = _chain(items, item.goal)
    return render(
        request,
        "goals/detail.html",
        {
            "item": item,
            "goal": item.goal,
            "steps": list(goal.steps.all()),  # read with the goal (goal_for)
            "before": before,
            "after": after,
            "step_form": StepForm(),
            "continuous_on": any(i.continuous is not None for i in items),
        },
    )


@participant_required
@require_POST
def goal_end(request: HttpRequest, goal_id: int) -> HttpResponse:
    goal = goal_for(signed_in(request), goal_id)
    try:
        services.goal_end(goal=goal)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The goal has ended. Its days stay in your history."))
    return redirect("goals:detail", goal.pk)


@participant_required
@require_POST
def step_add(request: HttpRequest, goal_id: int) -> HttpResponse:
    goal = goal_for(signed_in(request), goal_id)
    form = StepForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Write the step in a few words (up to 160 characters)."))
        return redirect("goals:detail", goal.pk)
    try:
        services.step_add(goal=goal, text=form.cleaned_data["text"])
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect(f"{goal_url(goal)}#steps")


@participant_required
@require_POST
def step_toggle(request: HttpRequest, goal_id: int, step_id: int) -> HttpResponse:
    step = step_for(signed_in(request), goal_id, step_id)
    services.step_set_done(step=step, done=step.done_on is None)
    return redirect(f"{goal_url(step.goal)}#steps")


@participant_required
@require_POST
def step_remove(request: HttpRequest, goal_id: int, step_id: int) -> HttpResponse:
    step = step_for(signed_in(request), goal_id, step_id)
    services.step_remove(step=step)
    return redirect(f"{goal_url(step.goal)}#steps")


@participant_required
@require_POST
def continuous_days(request: HttpRequest) -> HttpResponse:
    on = request.POST.get("on") == "1"
    services.continuous_days_set(user=signed_in(request), on=on)
    if on:
        messages.success(
            request, _("The days-in-a-row counter is on. Your totals stay as they are.")
        )
    else:
        messages.success(request, _("The days-in-a-row counter is off."))
    return redirect("goals:progress")


def goal_url(goal: Goal) -> str:
    return reverse("goals:detail", args=[goal.pk])


def _int_param(request: HttpRequest, name: str) -> int | None:
    raw = request.GET.get(name)
    if raw in (None, ""):
        return None
    try:
        return int(raw)
    except ValueError:
        return -1


def _legend(labels: dict[str, str], *, has_goal: bool, observe: bool) -> list[tuple[Any, str]]:
    """The heat map's key: only the states the chart can show."""
    legend = [
        (charts.swatch(charts.ON_TRACK[0]), labels["on_track"] + " · " + _("none used")),
        (charts.swatch(charts.ON_TRACK[3]), labels["on_track"] + " · " + _("more used")),
    ]
    if not observe:
        legend.append((charts.swatch(charts.OFF_PLAN[2], outline=charts.EDGE), labels["off_plan"]))
    legend.append(
        (
            charts.swatch(charts.NOT_REPORTED, outline=charts.NOT_REPORTED_EDGE),
            labels["not_reported"],
        )
    )
    if has_goal:
        legend.append((charts.swatch(charts.OUTSIDE), labels["outside"]))
    return legend


def _chart_context(progress: Progress) -> dict[str, Any]:
    selected = progress.selected
    observe = selected is None or selected.goal.kind == Goal.Kind.OBSERVE
    labels = {
        "on_track": _("logged") if observe else _("on track"),
        "off_plan": _("off plan"),
        "not_reported": _("not reported"),
        "outside": _("before or after this goal"),
    }
    scope = progress.scope.scope
    weeks = progress.weeks
    on = sum(w.on_track for w in weeks)
    off = sum(w.off_plan for w in weeks)
    none = sum(w.not_reported for w in weeks)
    heat_title = _(
        "The last %(weeks)s weeks, a square per day: %(on)s days %(on_label)s, %(off)s off plan, "
        "%(none)s not reported. Darker squares mean more used that day."
    ) % {"weeks": len(weeks), "on": on, "on_label": labels["on_track"], "off": off, "none": none}
    limit = None
    if selected is not None and selected.spec is not None and selected.spec.daily_limit:
        days = selected.spec.days_per_week or 7
        limit = selected.spec.daily_limit * days
    bars_title = _("%(unit)s each week for the last %(weeks)s weeks, oldest first.") % {
        "unit": str(scope.unit_words).capitalize(),
        "weeks": len(weeks),
    }
    return {
        "labels": labels,
        "heat_map": charts.heat_map(
            weeks, title=heat_title, labels=labels, unit_words=str(scope.unit_words)
        ),
        "bars": charts.weekly_bars(
            weeks, title=bars_title, unit_words=str(scope.unit_words), limit=limit
        ),
        "weekly_limit": limit,
        "legend": _legend(labels, has_goal=selected is not None, observe=observe),
        "week_rows": charts.week_rows(weeks),
    }


@participant_required
def progress_page(request: HttpRequest) -> HttpResponse:
    person = signed_in(request)
    days = _int_param(request, "days")
    problem = None
    if days is None:
        days = 28
    elif days not in DAY_CHOICES:
        problem = _("Choose one of the periods offered: 7, 28, 90 or 365 days.")
        days = 28
    selected_id = _int_param(request, "goal")
    progress = progress_for(person, days=days, selected_id=selected_id, every_scope=False)
    if selected_id is not None and (
        progress.selected is None or progress.selected.goal.pk != selected_id
    ):
        # Another person's goal, a missing one or a personal goal: all answer alike.
        raise Http404("No such goal.")
    context = {
        "progress": progress,
        "problem": problem,
        "day_choices": DAY_CHOICES,
        "use_goals": [g for g in progress.goals if g.goal.is_use_goal],
        **_chart_context(progress),
    }
    return render(request, "goals/progress.html", context, status=400 if problem else 200)
