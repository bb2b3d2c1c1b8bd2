"""Safety pages: the checker and fact sheets for anyone, the overdose guide as one cacheable page,
and two small settings pages for participants."""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Mapping
from functools import cache
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.staticfiles import finders
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from waypoint.accounts.gate import participant_required
from waypoint.accounts.models import User
from waypoint.core.forms import add_errors
from waypoint.core.input import next_url
from waypoint.core.middleware import CSP
from waypoint.core.pwa import mark_offline_safe
from waypoint.safety import selectors, services
from waypoint.safety.forms import BodyForm, CheckerForm, OwnClassForm

# The guide changes only with a deploy; a day in any cache is fine.
OVERDOSE_MAX_AGE = 24 * 3600


def index(request: HttpRequest) -> HttpResponse:
    return render(request, "safety/index.html")


@require_http_methods(["GET"])
def combinations(request: HttpRequest) -> HttpResponse:
    """The checker: two to four substances from dropdowns, or ?substances=a,b from a link."""
    choices = selectors.checker_choices()
    asked = request.GET.get("substances", "")
    data: Mapping[str, Any] | None = (
        request.GET if any(k in request.GET for k in ("s1", "s2", "s3", "s4")) else None
    )
    if asked and data is None:
        parts = [p.strip() for p in asked.split(",") if p.strip()][:4]
        data = {f"s{i + 1}": slug for i, slug in enumerate(parts)}
    form = CheckerForm(data, choices=choices)
    pairs: list[selectors.PairView] = []
    if data is not None and form.is_valid():
        try:
            pairs = selectors.combination_pairs(selectors.resolve(form.slugs()))
        except ValidationError as error:
            form.add_error(None, error.message_dict.get("substances", error.messages))
    context = {
        "form": form,
        "pairs": pairs,
        "ratings": selectors.rating_order(),
        "offline": selectors.offline_checker(),
    }
    response = render(
        request, "safety/combinations.html", context, status=400 if form.errors else 200
    )
    if data is None:
        # The empty checker holds nothing of a person and carries the whole table: the
        # installed app keeps it and answers from it without a connection (issues 13, 14).
        mark_offline_safe(response)
    return response


def substances(request: HttpRequest) -> HttpResponse:
    return render(request, "safety/substances.html", {"groups": selectors.sheets_by_kind()})


def substance(request: HttpRequest, slug: str) -> HttpResponse:
    view = selectors.sheet_for(slug)
    context = {"view": view, "rows": selectors.pairs_with(view.sheet.slug)}
    return render(request, "safety/substance.html", context)


@cache
def _overdose_css() -> str:
    path = finders.find("safety/overdose.css")
    assert isinstance(path, str), "safety/overdose.css is missing"
    with open(path, encoding="utf-8") as handle:
        return handle.read()


@cache
def inline_svg(name: str) -> str:
    """An illustration's markup, to put inline so the guide is one self-contained file."""
    path = finders.find(f"safety/overdose/{name}.svg")
    assert isinstance(path, str), f"safety/overdose/{name}.svg is missing"
    with open(path, encoding="utf-8") as handle:
        return handle.read()


def overdose(request: HttpRequest) -> HttpResponse:
    """The overdose response guide: one page, no personal data, the same for everyone.

    It is rendered without the request (no session, no CSRF token, no name), carries its
    stylesheet and drawings inline, and may be cached by browsers and the offline worker.
    """
    css = _overdose_css()
    steps = ("check", "call", "naloxone", "breathe", "again", "recovery", "stay")
    context = {
        "css": css,
        "svg": {name: inline_svg(name) for name in steps},
        "emergency_number": settings.EMERGENCY_NUMBER,
        "quick_exit_url": settings.QUICK_EXIT_URL,
        "sources": [selectors.table().sources[k] for k in OVERDOSE_SOURCES],
    }
    response = HttpResponse(render_to_string("safety/overdose.html", context))
    digest = base64.b64encode(hashlib.sha256(css.encode()).digest()).decode()
    response.headers["Content-Security-Policy"] = CSP.replace(
        "style-src 'self'", f"style-src 'self' 'sha256-{digest}'"
    )
    response.headers["Cache-Control"] = f"public, max-age={OVERDOSE_MAX_AGE}"
    response.same_for_everyone = True  # type: ignore[attr-defined]  # read by the middleware
    return mark_offline_safe(response)  # the installed app keeps a copy (issue 13)


OVERDOSE_SOURCES = (
    "samhsa-toolkit",
    "who-community-overdose",
    "who-opioid-overdose",
    "nida-naloxone",
    "cdc-xylazine",
    "niaaa-overdose",
)


@participant_required
@require_http_methods(["GET", "POST"])
def body(request: HttpRequest) -> HttpResponse:
    """Weight and body-water average for the blood alcohol estimate (also shown in Settings)."""
    user = request.user
    assert isinstance(user, User)
    facts = selectors.body_facts_of(user)
    initial = {"weight_kg": facts.weight_kg, "body": facts.body} if facts else {}
    form = BodyForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.body_facts_set(
                user=user, weight_kg=form.cleaned_data["weight_kg"], body=form.cleaned_data["body"]
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("Saved. Today uses these for the estimate."))
            return redirect(next_url(request, "safety:body"))
    return render(request, "safety/body.html", {"form": form}, status=400 if form.errors else 200)


@participant_required
@require_http_methods(["GET", "POST"])
def own_classes(request: HttpRequest) -> HttpResponse:
    """Give each of your own substances a class, so combination notes can cover it."""
    user = request.user
    assert isinstance(user, User)
    rows = selectors.own_substances_with_classes(user)
    form = OwnClassForm(request.POST or None, substances=rows, classes=selectors.class_choices())
    if request.method == "POST" and form.is_valid():
        before = {s.pk: k for s, k in rows}
        try:
            for substance, name in form.rows:
                if form.cleaned_data[name] != before[substance.pk]:
                    services.own_class_set(
                        user=user, substance_id=substance.pk, klass=form.cleaned_data[name]
                    )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("Saved."))
            return redirect("safety:own_classes")
    return render(
        request, "safety/own_classes.html", {"form": form}, status=400 if form.errors else 200
    )
