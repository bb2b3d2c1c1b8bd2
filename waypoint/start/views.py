"""Getting started: skippable, resumable steps from 'what matters to you' to a first goal."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.dates import WEEKDAYS, WEEKDAYS_ABBR
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from waypoint.accounts.gate import participant_required, signed_in
from waypoint.accounts.models import User
from waypoint.assessments.questions import audit_c_feedback
from waypoint.assessments.services import audit_c_record, latest_assessment
from waypoint.journal.models import Profile, today
from waypoint.journal.services import is_unusual_error, profile_of
from waypoint.measures import STANDARD_DRINK_COUNTRIES, tlfb_summary
from waypoint.start.forms import (
    AuditCForm,
    DrinksForm,
    SubstancesForm,
    WhereForm,
    build_calendars,
    parse_baseline,
)
from waypoint.start.services import (
    DONE,
    STEPS,
    baseline_save_all,
    baseline_values,
    baseline_window,
    chosen_substances,
    latest_stances,
    next_step,
    previous_step,
    resume_step,
    stances_record,
    start_advance,
    start_drinks_set,
    start_skip_all,
    start_substances_set,
    steps_for,
)

TITLES: dict[str, Any] = {
    "substances": _("What matters to you"),
    "drinks": _("Your drinks"),
    "where": _("Where you are now"),
    "baseline": _("Your last 30 days"),
    "audit": _("A short drinking check"),
    "done": _("You're set up"),
}


def _skipping(request: HttpRequest) -> bool:
    return request.POST.get("action") == "skip"


def _go_on(user: User, profile: Profile, step: str) -> HttpResponse:
    """Remember and go to the step after `step`, for the substances chosen now."""
    to = next_step(steps_for(chosen_substances(profile)), step)
    start_advance(user=user, profile=profile, to=to)
    return redirect(f"start:{to}")


def _page(
    request: HttpRequest,
    step: str,
    steps: list[str],
    template: str,
    context: dict[str, Any],
    status: int = 200,
) -> HttpResponse:
    counted = [s for s in steps if s != DONE]
    # Before anything is chosen only the first step applies; count every step that could follow,
    # so the label is always "Step N of M".
    total = len(counted) if len(counted) > 1 else len(STEPS) - 1
    back = previous_step(steps, step)
    context |= {
        "step": step,
        "title": TITLES[step],
        "number": counted.index(step) + 1 if step in counted else None,
        "total": total,
        "back_url": reverse(f"start:{back}") if back else None,
    }
    return render(request, template, context, status=status)


def _not_applicable(steps: list[str], step: str) -> HttpResponse | None:
    """A step that does not apply (e.g. drinks without alcohol) sends the person on."""
    if step in steps:
        return None
    return redirect(f"start:{next_step(steps, step)}")


@participant_required
def begin(request: HttpRequest) -> HttpResponse:
    profile = profile_of(signed_in(request))
    return redirect(f"start:{resume_step(profile, steps_for(chosen_substances(profile)))}")


@participant_required
@require_POST
def skip_all(request: HttpRequest) -> HttpResponse:
    start_skip_all(user=signed_in(request))
    return redirect("core:home")


@participant_required
def substances(request: HttpRequest) -> HttpResponse:
    user = signed_in(request)
    profile = profile_of(user)
    chosen = chosen_substances(profile)
    if request.method == "POST" and _skipping(request):
        return _go_on(user, profile, "substances")
    form = SubstancesForm(request.POST or None, user=user)
    if request.method == "POST" and form.is_valid():
        try:
            start_substances_set(
                user=user,
                substances=form.cleaned_data["substances"],
                own_name=form.cleaned_data["own_name"],
                own_unit=form.cleaned_data["own_unit"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return _go_on(user, profile, "substances")
    context = {"form": form, "groups": form.groups({s.pk for s in chosen})}
    return _page(
        request,
        "substances",
        steps_for(chosen),
        "start/substances.html",
        context,
        status=400 if form.errors else 200,
    )


@participant_required
def drinks(request: HttpRequest) -> HttpResponse:
    user = signed_in(request)
    profile = profile_of(user)
    steps = steps_for(chosen_substances(profile))
    if moved := _not_applicable(steps, "drinks"):
        return moved
    if request.method == "POST" and _skipping(request):
        return _go_on(user, profile, "drinks")
    form = DrinksForm(
        request.POST or None,
        initial={"country": profile.country, "guideline": profile.guideline},
    )
    if request.method == "POST" and form.is_valid():
        start_drinks_set(
            user=user,
            country=form.cleaned_data["country"],
            guideline=form.cleaned_data["guideline"],
        )
        return _go_on(user, profile, "drinks")
    return _page(
        request,
        "drinks",
        steps,
        "start/drinks.html",
        {"form": form},
        status=400 if form.errors else 200,
    )


@participant_required
def where(request: HttpRequest) -> HttpResponse:
    user = signed_in(request)
    profile = profile_of(user)
    chosen = chosen_substances(profile)
    steps = steps_for(chosen)
    if moved := _not_applicable(steps, "where"):
        return moved
    if request.method == "POST" and _skipping(request):
        return _go_on(user, profile, "where")
    form = WhereForm(request.POST or None, substances=chosen, latest=latest_stances(user=user))
    if request.method == "POST" and form.is_valid():
        stances_record(user=user, stances=form.stances())
        return _go_on(user, profile, "where")
    return _page(
        request,
        "where",
        steps,
        "start/where.html",
        {"form": form},
        status=400 if form.errors else 200,
    )


@participant_required
def baseline(request: HttpRequest) -> HttpResponse:
    user = signed_in(request)
    profile = profile_of(user)
    chosen = chosen_substances(profile)
    steps = steps_for(chosen)
    if moved := _not_applicable(steps, "baseline"):
        return moved
    if request.method == "POST" and _skipping(request):
        return _go_on(user, profile, "baseline")
    window = baseline_window(profile)
    posted = None
    errors: dict[str, str] = {}
    unusual: list[str] = []
    if request.method == "POST":
        amounts, errors = parse_baseline(request.POST, substances=chosen, window=window)
        if not errors:
            try:
                baseline_save_all(
                    user=user,
                    window=window,
                    amounts=amounts,
                    confirm_unusual=request.POST.get("confirm_unusual") == "1",
                )
            except ValidationError as error:
                if not is_unusual_error(error):
                    raise
                # Not an error: a question, with the numbers kept as typed.
                unusual = error.messages
            else:
                return _go_on(user, profile, "baseline")
        posted = request.POST
    calendars = build_calendars(
        substances=chosen,
        window=window,
        today=today(),
        saved=baseline_values(user=user) if posted is None else {},
        posted=posted,
        errors=errors,
        grams_per_drink=profile.grams_per_drink,
        country_label=STANDARD_DRINK_COUNTRIES[profile.country],
    )
    weekdays = [(WEEKDAYS_ABBR[i], WEEKDAYS[i]) for i in range(7)]
    context = {
        "calendars": calendars,
        "window": window,
        "errors": errors,
        "weekdays": weekdays,
        "unusual": unusual,
    }
    return _page(
        request,
        "baseline",
        steps,
        "start/baseline.html",
        context,
        status=400 if errors else 200,
    )


@participant_required
def audit(request: HttpRequest) -> HttpResponse:
    user = signed_in(request)
    profile = profile_of(user)
    steps = steps_for(chosen_substances(profile))
    if moved := _not_applicable(steps, "audit"):
        return moved
    if request.method == "POST" and _skipping(request):
        return _go_on(user, profile, "audit")
    form = AuditCForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            audit_c_record(user=user, answers=form.answers())
            start_advance(user=user, profile=profile, to=next_step(steps, "audit"))
        return redirect("start:audit_result")
    return _page(
        request,
        "audit",
        steps,
        "start/audit.html",
        {"form": form},
        status=400 if form.errors else 200,
    )


@participant_required
def audit_result(request: HttpRequest) -> HttpResponse:
    user = signed_in(request)
    profile = profile_of(user)
    steps = steps_for(chosen_substances(profile))
    result = latest_assessment(user=user, instrument="audit_c")
    if result is None:
        return redirect("start:audit")
    feedback = audit_c_feedback(
        total=result.total,
        positive="positive" in result.flags,
        sex=profile.sex_for_measures,
        drinks=bool(result.answers) and result.answers[0] != 0,
    )
    context = {
        "result": result,
        "feedback": feedback,
        "next_url": reverse("start:done"),
        "finished": True,
    }
    if "audit" not in steps:
        steps = [*steps[:-1], "audit", DONE]
    return _page(request, "audit", steps, "start/audit_result.html", context)


@participant_required
def done(request: HttpRequest) -> HttpResponse:
    user = signed_in(request)
    profile = profile_of(user)
    chosen = chosen_substances(profile)
    steps = steps_for(chosen)
    if profile.started_done_at is None:
        start_advance(user=user, profile=profile, to=DONE)
    context: dict[str, Any] = {"goal_url": reverse("goals:new"), "summary": None, "chosen": chosen}
    alcohol = next((s for s in chosen if s.is_alcohol), None)
    if alcohol is not None and profile.baseline_start and profile.baseline_end:
        grams = {
            day: amount * profile.grams_per_drink
            for (substance_id, day), amount in baseline_values(user=user).items()
            if substance_id == alcohol.pk
        }
        if grams:
            context["summary"] = tlfb_summary(
                grams,
                start=profile.baseline_start,
                end=profile.baseline_end,
                sex=profile.sex_for_measures,
                grams_per_drink=profile.grams_per_drink,
            )
    return _page(request, "done", steps, "start/done.html", context)
