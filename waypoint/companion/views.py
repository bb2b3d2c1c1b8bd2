"""Pages: the urge log and its insights, my usuals (one tap to log), prices, hard moments."""

from __future__ import annotations

import uuid
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from waypoint.accounts.gate import participant_required, signed_in
from waypoint.companion import selectors, services
from waypoint.companion.forms import (
    HardMomentsForm,
    PriceForm,
    UrgeForm,
    UsualForm,
    UsualNameForm,
)
from waypoint.core.errors import Conflict, NotFound
from waypoint.core.forms import add_errors
from waypoint.core.input import next_url
from waypoint.journal import hardmoments
from waypoint.journal import services as journal
from waypoint.journal.models import today
from waypoint.journal.selectors import entries_visible_to

URGES_PER_PAGE = 30


@participant_required
@require_http_methods(["GET", "POST"])
def urges(request: HttpRequest) -> HttpResponse:
    """The urge log: note one in a few taps, see the last ones and what they show."""
    user = signed_in(request)
    form = UrgeForm(
        request.POST if request.method == "POST" else None,
        initial={"urge_id": uuid.uuid4(), "day": today()},
    )
    if request.method == "POST" and form.is_valid():
        try:
            _urge, created = services.urge_create(
                user=user, urge_id=form.cleaned_data["urge_id"], **form.urge_values()
            )
        except (ValidationError, Conflict) as error:
            add_errors(form, error, {"at": "at"})
        else:
            messages.success(request, _("Noted.") if created else _("That urge was already noted."))
            return redirect(next_url(request, reverse("companion:urges")))
    page = Paginator(selectors.urges_visible_to(user), URGES_PER_PAGE).get_page(
        request.GET.get("page")
    )
    context = {
        "form": form,
        "page": page,
        "insights": selectors.urge_insight_lines(user),
    }
    return render(request, "companion/urges.html", context, status=400 if form.errors else 200)


@participant_required
@require_http_methods(["GET", "POST"])
def urge_edit(request: HttpRequest, urge_id: uuid.UUID) -> HttpResponse:
    user = signed_in(request)
    urge = services.own_urge(user, urge_id)
    initial = {
        "strength": urge.strength,
        "day": urge.day,
        "at": urge.felt_at and urge.felt_at.astimezone().time().replace(second=0, microsecond=0),
        "situation": urge.situation,
        "helped": urge.helped,
        "lasted_minutes": urge.lasted_minutes,
        "used": {True: "true", False: "false"}.get(urge.used, ""),  # type: ignore[arg-type]
    }
    form = UrgeForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.urge_update(urge=urge, **form.urge_values())
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("Your changes are saved."))
            return redirect("companion:urges")
    status = 400 if form.errors else 200
    return render(request, "companion/urge_edit.html", {"form": form, "urge": urge}, status=status)


@participant_required
@require_http_methods(["GET", "POST"])
def urge_delete(request: HttpRequest, urge_id: uuid.UUID) -> HttpResponse:
    urge = services.own_urge(signed_in(request), urge_id)
    if request.method == "POST":
        services.urge_delete(urge=urge)
        messages.success(request, _("The urge is deleted."))
        return redirect("companion:urges")
    return render(request, "companion/urge_delete.html", {"urge": urge})


def _substances(request: HttpRequest) -> list[Any]:
    user = signed_in(request)
    return journal.by_name(journal.substances_for(user))


def _usual_values(form: UsualForm) -> dict[str, Any]:
    """The form's usual, with its substance from the person's own list."""
    data = form.cleaned_data
    substance = form.substances.get(data["substance"])
    if substance is None:
        raise ValidationError({"substance": _("Choose a substance from the list.")})
    return {
        "name": data["name"],
        "substance": substance,
        "amount": data["amount"],
        "unit": data["unit"],
        "abv_percent": data["abv_percent"],
        "route": data["route"],
    }


@participant_required
@require_http_methods(["GET", "POST"])
def usuals(request: HttpRequest) -> HttpResponse:
    """Saved drinks and doses: add one, change or remove one, log one in a tap."""
    user = signed_in(request)
    substances = _substances(request)
    form = UsualForm(request.POST if request.method == "POST" else None, substances=substances)
    if request.method == "POST" and form.is_valid():
        try:
            services.usual_create(user=user, **_usual_values(form))
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("Saved. It is on Today, ready to log in one tap."))
            return redirect("companion:usuals")
    context = {"form": form, "usuals": selectors.usuals_visible_to(user)}
    return render(request, "companion/usuals.html", context, status=400 if form.errors else 200)


@participant_required
@require_http_methods(["GET", "POST"])
def usual_edit(request: HttpRequest, usual_id: int) -> HttpResponse:
    """Change a usual; what was logged with it before stays as it was logged."""
    user = signed_in(request)
    usual = services.own_usual(user, usual_id)
    initial = {
        "name": usual.name,
        "substance": usual.substance_id,
        "amount": usual.amount.normalize(),
        "unit": usual.unit,
        "abv_percent": usual.abv_percent,
        "route": usual.route,
    }
    form = UsualForm(
        request.POST if request.method == "POST" else None,
        initial=initial,
        substances=_substances(request),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.usual_update(usual=usual, **_usual_values(form))
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("Your changes are saved."))
            return redirect("companion:usuals")
    status = 400 if form.errors else 200
    return render(
        request, "companion/usual_edit.html", {"form": form, "usual": usual}, status=status
    )


@participant_required
@require_http_methods(["GET", "POST"])
def usual_from_entry(request: HttpRequest, entry_id: uuid.UUID) -> HttpResponse:
    """Save what an entry logged as a usual, with a name of the person's choosing."""
    user = signed_in(request)
    entry = entries_visible_to(user).filter(pk=entry_id).first()
    if entry is None:
        raise NotFound()
    form = UsualNameForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.usual_from_entry(user=user, entry=entry, name=form.cleaned_data["name"])
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("Saved. It is on Today, ready to log in one tap."))
            return redirect(next_url(request, reverse("journal:today")))
    context = {"form": form, "entry": entry, "next": next_url(request, "")}
    status = 400 if form.errors else 200
    return render(request, "companion/usual_from_entry.html", context, status=status)


@participant_required
@require_POST
def usual_log(request: HttpRequest, usual_id: int) -> HttpResponse:
    """One tap: log a usual now, with the same confirmation as the log form."""
    user = signed_in(request)
    usual = services.own_usual(user, usual_id)
    entry_id = None
    try:
        entry_id = uuid.UUID(request.POST.get("entry_id", ""))
    except ValueError:
        entry_id = None
    try:
        entry, created = services.usual_log(
            usual=usual,
            entry_id=entry_id,
            confirm_unusual=request.POST.get("confirm_unusual") == "1",
        )
    except (ValidationError, Conflict) as error:
        if isinstance(error, ValidationError) and journal.is_unusual_error(error):
            # Asked, never refused: the same tap again (the same entry id) answers yes.
            context = {
                "usual": usual,
                "questions": error.messages,
                "entry_id": entry_id or uuid.uuid4(),
                "next": next_url(request, ""),
            }
            return render(request, "companion/usual_confirm.html", context, status=400)
        text = "; ".join(getattr(error, "messages", [str(error)]))
        messages.error(request, _("Not saved: %(reason)s") % {"reason": text})
        return redirect("journal:today")
    if created:
        messages.success(
            request,
            _("Saved: %(substance)s, %(amount)s.")
            % {"substance": entry.substance.name, "amount": entry.amount_text},
        )
        hardmoments.offer_after(request.session, entry)
    else:
        messages.info(request, _("That entry was already saved."))
    return redirect(next_url(request, reverse("journal:today")))


@participant_required
@require_POST
def usual_delete(request: HttpRequest, usual_id: int) -> HttpResponse:
    usual = services.own_usual(signed_in(request), usual_id)
    services.usual_delete(usual=usual)
    messages.success(request, _("Removed from your usuals. Entries logged with it stay."))
    return redirect("companion:usuals")


@participant_required
@require_http_methods(["GET", "POST"])
def prices(request: HttpRequest) -> HttpResponse:
    """The person's own prices, per substance (optional), for "spent this month"."""
    user = signed_in(request)
    profile = journal.profile_of(user)
    substances = _substances(request)
    form = PriceForm(request.POST if request.method == "POST" else None, substances=substances)
    if request.method == "POST" and form.is_valid():
        substance = form.substances.get(form.cleaned_data["substance"])
        try:
            if substance is None:
                raise ValidationError({"substance": _("Choose a substance from the list.")})
            services.price_set(user=user, substance=substance, price=form.cleaned_data["price"])
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("Your prices are saved."))
            return redirect("companion:prices")
    context = {
        "form": form,
        "prices": selectors.prices_visible_to(user),
        "summary": selectors.money_and_health(user, profile),
    }
    return render(request, "companion/prices.html", context, status=400 if form.errors else 200)


@participant_required
@require_POST
def hard_moments(request: HttpRequest) -> HttpResponse:
    """Turn the options after a hard moment on or off."""
    form = HardMomentsForm(request.POST, prefix="hard")
    form.is_valid()
    on = bool(form.cleaned_data.get("on"))
    journal.hard_moments_set(user=signed_in(request), on=on)
    if on:
        messages.success(request, _("After a hard moment, Waypoint offers a place or two to turn."))
    else:
        messages.success(request, _("Turned off: nothing extra is shown after an entry."))
    return redirect(f"{reverse('accounts:settings')}#hard-moments")
