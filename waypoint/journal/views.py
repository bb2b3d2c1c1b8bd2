"""The participant's journal pages: Today, the Journal by day, edit, check-in, own substances."""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable
from datetime import date
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from waypoint.accounts.gate import is_participant, participant_required, signed_in
from waypoint.core.errors import Conflict
from waypoint.core.forms import add_errors
from waypoint.core.input import is_id, next_url
from waypoint.core.pwa import asks_to_confirm, mark_offline_safe
from waypoint.journal import hardmoments, services
from waypoint.journal.forms import (
    CheckInForm,
    EntryForm,
    RangeForm,
    SubstanceForm,
    entry_initial,
    remembered_initial,
)
from waypoint.journal.models import Entry, Profile, Substance, amount_word_forms, today
from waypoint.journal.plausible import EARLIEST_DAY
from waypoint.journal.selectors import (
    SubstanceChoices,
    calendar_days,
    checkins_visible_to,
    entries_visible_to,
    first_record_day,
    journal_days,
    last_substance_id,
    substance_choices,
    substance_meta,
    with_drinks,
)
from waypoint.journal.vocab import Unit

DAYS_PER_PAGE = 14
# Today lists the latest entries of the day; the Journal has the whole day.
TODAY_ENTRIES = 20
# The log form's fields that Today folds away; an error in one opens the fold.
MORE_FIELDS = ("day", "time", *services.OPTIONAL_FIELDS)
View = Callable[..., HttpResponse]


def _entry_form(
    data: Any, *, profile: Profile, choices: SubstanceChoices, initial: dict[str, Any]
) -> EntryForm:
    groups = [
        (_("Yours"), choices.chosen),
        (_("All substances"), choices.catalogue),
        (_("Added by you"), choices.own),
    ]
    return EntryForm(
        data, initial=initial, substances=groups, grams_per_drink=profile.grams_per_drink
    )


def _first_substance(request: HttpRequest, choices: SubstanceChoices) -> Substance | None:
    """Which substance the log form starts on: asked for, last logged, chosen, or alcohol."""
    by_id = {s.pk: s for s in choices.all}
    asked = request.GET.get("substance", "")
    if is_id(asked) and int(asked) in by_id:
        return by_id[int(asked)]
    last = last_substance_id(request.user)
    if last is not None and last in by_id:
        return by_id[last]
    if choices.chosen:
        return choices.chosen[0]
    return next((s for s in choices.all if s.slug == "alcohol" and s.owner_id is None), None)


def _saved_message(request: HttpRequest, entry: Entry, created: bool) -> None:
    if created:
        messages.success(
            request,
            _("Saved: %(substance)s, %(amount)s.")
            % {"substance": entry.substance.name, "amount": entry.amount_text},
        )
    else:
        messages.info(request, _("That entry was already saved."))


def _hard_moments(request: HttpRequest, profile: Profile) -> list[hardmoments.HardMomentOption]:
    """The options for an entry just saved (shown once), when it recorded a hard moment."""
    if request.method != "GET":
        return []
    return hardmoments.options_to_show(
        request.session, entries_visible_to(request.user), profile=profile
    )


def _confirmed(request: HttpRequest) -> bool:
    """The person answered "Yes, that's right" to the question about an unusual amount."""
    return request.POST.get("confirm_unusual") == "1"


def _refused(form: EntryForm, error: ValidationError | Conflict) -> list[str]:
    """Put a refusal on the form; the question about an unusual amount is returned instead."""
    if isinstance(error, ValidationError) and services.is_unusual_error(error):
        return list(error.messages)
    form.add_service_errors(error)
    return []


def _asked(response: HttpResponse, unusual: list[str]) -> HttpResponse:
    """A log form's answer; when it asks "Is that right?", the outbox can answer it in one tap."""
    return asks_to_confirm(response, "confirm_unusual") if unusual else response


def _log_context(form: EntryForm, profile: Profile, choices: SubstanceChoices) -> dict[str, Any]:
    return {
        "form": form,
        "meta": substance_meta(choices, profile),
        # Every unit's label: the script switches units when the substance changes.
        "unit_labels": {code: str(label) for code, label in Unit.choices},
        "shown": form.shown_substance,
        "more_errors": any(name in form.errors for name in MORE_FIELDS),
    }


@participant_required
@require_http_methods(["GET", "POST"])
def today_page(request: HttpRequest) -> HttpResponse:
    """The participant's home: log in a few taps, check in, see today's entries."""
    user = signed_in(request)
    profile = services.profile_of(user)
    choices = substance_choices(user, profile)
    day = today()
    unusual: list[str] = []
    if request.method == "POST":
        form = _entry_form(request.POST, profile=profile, choices=choices, initial={})
        if form.is_valid():
            try:
                entry, created = services.entry_create(
                    user=user,
                    entry_id=form.cleaned_data["entry_id"],
                    confirm_unusual=_confirmed(request),
                    **form.entry_values(),
                )
            except (ValidationError, Conflict) as error:
                unusual = _refused(form, error)
            else:
                _saved_message(request, entry, created)
                if created:
                    hardmoments.offer_after(request.session, entry)
                return redirect("journal:today")
    else:
        first = _first_substance(request, choices)
        initial = (
            remembered_initial(first, profile.remembered.get(str(first.pk), {})) if first else {}
        )
        initial |= {"day": day, "entry_id": uuid.uuid4()}
        form = _entry_form(None, profile=profile, choices=choices, initial=initial)
    # One more than shown tells whether the day has more; the page's cost stays bounded.
    latest = list(
        entries_visible_to(user).filter(day=day).order_by("-used_at")[: TODAY_ENTRIES + 1]
    )
    entries = with_drinks(latest[:TODAY_ENTRIES], profile.country)
    context = _log_context(form, profile, choices) | {
        "day": day,
        "getting_started": profile.started_done_at is None,
        "entries": entries,
        "more_entries": len(latest) > TODAY_ENTRIES,
        "whole_day_url": _journal_url_for(day),
        "checkin": checkins_visible_to(user).filter(day=day).first(),
        "checkin_form": CheckInForm(),
        "hard_moments": _hard_moments(request, profile),
        "unusual": unusual,
    }
    # A question is not an error, but nothing was saved: 400 keeps an offline copy waiting.
    status = 400 if form.errors or unusual else 200
    return _asked(render(request, "journal/today.html", context, status=status), unusual)


@require_safe
def offline_page(request: HttpRequest) -> HttpResponse:
    """What the installed app opens without a signal: forms that wait on the device, and the list.

    It holds nothing about the person (catalogue substances, default settings, no entries), so
    the service worker may keep a copy; entries are sent with the person's own settings later.
    """
    choices = SubstanceChoices(
        chosen=[],
        catalogue=sorted(Substance.objects.filter(owner=None), key=lambda s: s.name.casefold()),
        own=[],
    )
    profile = Profile()
    initial = {"day": today(), "amount": 1}
    form = _entry_form(None, profile=profile, choices=choices, initial=initial)
    context = _log_context(form, profile, choices) | {
        "checkin_form": CheckInForm(),
        "day": today(),
        "journal_form": is_participant(request.user),
        # The waiting list (offline.js) says each amount with its unit, in this language.
        "amount_words": json.dumps(amount_word_forms()),
    }
    response = render(request, "journal/offline.html", context)
    # Signed-in pages are no-store for the browser's cache; the service worker's copy is explicit.
    return mark_offline_safe(response)


def _entry_page(
    request: HttpRequest, *, entry: Entry | None, initial: dict[str, Any]
) -> HttpResponse:
    """The complete log form, for a new entry on any day or for editing one."""
    user = signed_in(request)
    profile = services.profile_of(user)
    choices = substance_choices(user, profile)
    data = request.POST if request.method == "POST" else None
    form = _entry_form(data, profile=profile, choices=choices, initial=initial)
    unusual: list[str] = []
    if data is not None and form.is_valid():
        try:
            if entry is None:
                entry, created = services.entry_create(
                    user=user,
                    entry_id=form.cleaned_data["entry_id"],
                    confirm_unusual=_confirmed(request),
                    **form.entry_values(),
                )
                _saved_message(request, entry, created)
                if created:
                    hardmoments.offer_after(request.session, entry)
            else:
                services.entry_update(
                    entry=entry, confirm_unusual=_confirmed(request), **form.entry_values()
                )
                messages.success(request, _("Your changes are saved."))
        except (ValidationError, Conflict) as error:
            unusual = _refused(form, error)
        else:
            return redirect(next_url(request, _journal_url_for(entry.day)))
    context = _log_context(form, profile, choices) | {
        "entry": entry,
        "next": next_url(request, ""),
        "unusual": unusual,
    }
    status = 400 if form.errors or unusual else 200
    return _asked(render(request, "journal/entry_form.html", context, status=status), unusual)


def _journal_url_for(day: date) -> str:
    """The Journal page that shows a given day at the top."""
    return f"{reverse('journal:entries')}?to={day.isoformat()}"


@participant_required
@require_http_methods(["GET", "POST"])
def entry_new(request: HttpRequest) -> HttpResponse:
    """Log use on any day (backdating is normal), with every field in view."""
    try:
        day = date.fromisoformat(request.GET.get("day", ""))
    except ValueError:
        day = today()
    profile = services.profile_of(signed_in(request))
    choices = substance_choices(signed_in(request), profile)
    first = _first_substance(request, choices)
    initial = remembered_initial(first, profile.remembered.get(str(first.pk), {})) if first else {}
    initial |= {"day": min(day, today()), "entry_id": uuid.uuid4()}
    return _entry_page(request, entry=None, initial=initial)


@participant_required
@require_http_methods(["GET", "POST"])
def entry_edit(request: HttpRequest, entry_id: uuid.UUID) -> HttpResponse:
    entry = get_object_or_404(entries_visible_to(request.user), pk=entry_id)
    return _entry_page(request, entry=entry, initial=entry_initial(entry))


@participant_required
@require_http_methods(["GET", "POST"])
def entry_delete(request: HttpRequest, entry_id: uuid.UUID) -> HttpResponse:
    """Ask first; delete on POST."""
    entry = get_object_or_404(entries_visible_to(request.user), pk=entry_id)
    if request.method == "POST":
        day = entry.day
        services.entry_delete(entry=entry)
        messages.success(request, _("The entry is deleted."))
        return redirect(next_url(request, _journal_url_for(day)))
    return render(request, "journal/entry_delete.html", {"entry": entry})


@participant_required
def entries_page(request: HttpRequest) -> HttpResponse:
    """The journal by calendar day, newest first; days with nothing say 'not reported'."""
    user = signed_in(request)
    profile = services.profile_of(user)
    form = RangeForm(request.GET or None)
    start = end = None
    if form.is_bound and form.is_valid():
        start, end = form.cleaned_data["from"], form.cleaned_data["to"]
    end = min(end or today(), today())
    if start is None:
        first = first_record_day(user)
        start = min(first, end) if first else end
    start = max(min(start, end), EARLIEST_DAY)
    if not form.is_bound:
        form = RangeForm(initial={"from": start, "to": end})
    paginator = Paginator(calendar_days(start, end), DAYS_PER_PAGE)
    page = paginator.get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "form": form,
        "days": journal_days(user, days=list(page.object_list), country=profile.country),
        "page": page,
        "query": query.urlencode(),
        "start": start,
        "end": end,
        "hard_moments": _hard_moments(request, profile),
    }
    return render(request, "journal/entries.html", context, status=400 if form.errors else 200)


def _day_from(text: str) -> date:
    try:
        day = date.fromisoformat(text)
    except ValueError as error:
        raise Http404("not a day") from error
    if day > today():
        raise Http404("a future day")
    return day


@participant_required
@require_http_methods(["GET", "POST"])
def checkin_page(request: HttpRequest, day: str) -> HttpResponse:
    """A day's check-in: 'no use' in one tap, and mood and wellbeing if the person likes."""
    user = signed_in(request)
    the_day = _day_from(day)
    form = CheckInForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            checkin = services.checkin_set(user=user, day=the_day, **form.checkin_values())
        except ValidationError as error:
            # 'No use' is a button, with no place of its own for a message.
            add_errors(form, error, {"no_use": ""})
        else:
            if request.POST.get("no_use") == "1" and checkin.no_use:
                messages.success(request, _("Noted: no use on this day."))
            else:
                messages.success(request, _("Your check-in is saved."))
            return redirect(next_url(request, _journal_url_for(the_day)))
    context = {
        "day": the_day,
        "checkin": checkins_visible_to(user).filter(day=the_day).first(),
        "has_entries": entries_visible_to(user).filter(day=the_day).exists(),
        "is_today": the_day == today(),
        "checkin_form": form,
        "next": next_url(request, ""),
    }
    return render(request, "journal/checkin.html", context, status=400 if form.errors else 200)


@participant_required
@require_http_methods(["GET", "POST"])
def substance_new(request: HttpRequest) -> HttpResponse:
    """Add a substance of one's own; it is offered in the log form from then on."""
    form = SubstanceForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            substance, created = services.own_substance_get_or_create(
                user=signed_in(request), **form.cleaned_data
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            if created:
                messages.success(request, _("%(name)s is in your list.") % {"name": substance})
            else:
                messages.info(
                    request, _("%(name)s was already in your list.") % {"name": substance}
                )
            return redirect(f"{reverse('journal:today')}?substance={substance.pk}")
    return render(
        request, "journal/substance_form.html", {"form": form}, status=400 if form.errors else 200
    )
