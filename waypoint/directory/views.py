"""Directory pages: public search, a service, meetings; saved services; hand editing; listing.

Search pages are public and need no sign-in. A location the browser gives (only when the person
taps the button) arrives as two numbers in the query string for that one search, and is never
written to the database or the session.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.forms import BaseForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from waypoint.accounts.gate import Role, organizations_where, participant_required, staff_required
from waypoint.accounts.models import User
from waypoint.core.errors import NotFound
from waypoint.core.forms import add_errors
from waypoint.directory import selectors, services
from waypoint.directory.forms import (
    ClosureForm,
    GroupListingForm,
    HoursForm,
    PlaceForm,
    SearchForm,
    ServiceForm,
    SuggestServiceForm,
    VisitForm,
)
from waypoint.directory.geo import Point
from waypoint.directory.taxonomy import MEETING_TYPES, TYPE_LABELS

# A phone screen shows a handful; "more" asks for the next ones.
PAGE_SIZE = 10


def _user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)
    return user


def _render(request: HttpRequest, template: str, context: dict[str, Any]) -> HttpResponse:
    form = context.get("form")
    status = 400 if isinstance(form, BaseForm) and form.is_bound and form.errors else 200
    context.setdefault("type_labels", TYPE_LABELS)
    return render(request, template, context, status=status)


def _may_ask_location(response: HttpResponse) -> HttpResponse:
    """The site denies geolocation everywhere; these pages may ask, and only on a tap."""
    from waypoint.core.middleware import PERMISSIONS_POLICY

    response["Permissions-Policy"] = PERMISSIONS_POLICY.replace(
        "geolocation=()", "geolocation=(self)"
    )
    return response


def _point_from(form: SearchForm) -> tuple[Point | None, str]:
    """The point a valid form gives (the browser's, or a gazetteer place) and how to name it;
    an unknown place becomes an error on the form."""
    point = form.point()
    if point is not None:
        return point, _("your location")
    if form.cleaned_data.get("place"):
        place = selectors.place_named(form.cleaned_data["place"])
        if place is None:
            form.add_error(
                "place", _("We don't know that place yet. Try a postcode or a neighbourhood name.")
            )
        else:
            return Point(place.latitude, place.longitude), place.name
    return None, ""


def search(request: HttpRequest) -> HttpResponse:
    form = SearchForm(request.GET or None)
    results: list[selectors.Result] | None = None
    point_label = ""
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        point, point_label = _point_from(form)
        if not form.errors:
            at = form.open_at()
            results = selectors.search_services(
                selectors.Search(
                    type=data.get("type") or None,
                    q=data.get("q") or "",
                    near=point,
                    open_at=at,
                    only_open=at is not None,
                    walk_in=data.get("walk_in") or False,
                    free=data.get("free") or False,
                    language=data.get("language") or "",
                    limit=data.get("n") or PAGE_SIZE,
                )
            )
    return _may_ask_location(
        _render(
            request,
            "directory/search.html",
            {
                "form": form,
                "results": results,
                "point_label": point_label,
                "saved": selectors.saved_ids(request.user),
                # The known places help before a search or after an unknown one, not beside results.
                "places": selectors.places() if results is None else [],
                "more_url": _more_url(request, form),
            },
        )
    )


def _more_url(request: HttpRequest, form: SearchForm) -> str:
    if not form.is_bound or form.errors:
        return ""
    shown = form.cleaned_data.get("n") or PAGE_SIZE
    if shown >= 50:
        return ""
    query = request.GET.copy()
    query["n"] = str(min(50, shown + 20))
    return "?" + query.urlencode()


def service_detail(request: HttpRequest, service_id: int) -> HttpResponse:
    results = selectors.service_results(service_id)
    service = results[0].service
    user = request.user
    context: dict[str, Any] = {
        "service": service,
        "results": results,
        "saved": service.pk in selectors.saved_ids(user),
        "visit_form": VisitForm(),
    }
    from waypoint.care.selectors import clients_of

    clients = [
        (c.participant.pk, c.participant.shown_name)
        for c in clients_of(user)
        if "referrals" in c.scopes
    ]
    if clients:
        context["suggest_form"] = SuggestServiceForm(clients=clients)
    if selectors.editable_organizations(user).filter(pk=service.organization_id).exists():
        context["can_edit"] = True
    return _render(request, "directory/service.html", context)


def meetings(request: HttpRequest) -> HttpResponse:
    """Meetings of every kind; two one-tap questions: next near me, online in two hours."""
    show = request.GET.get("show", "")
    kind = request.GET.get("kind", "")
    form = SearchForm(request.GET or None)
    point: Point | None = None
    point_label = ""
    if form.is_bound and form.is_valid():
        point, point_label = _point_from(form)
    if show == "online":
        found = selectors.next_meetings(online=True, hours=2, kind=kind or None)
        heading = _("Online in the next two hours")
    elif show == "near" and point is not None:
        found = selectors.next_meetings(near=point, online=False, hours=24 * 7, kind=kind or None)
        heading = _("Next meetings near %(place)s") % {"place": point_label}
    else:
        found = selectors.next_meetings(hours=24 * 2, kind=kind or None, limit=20)
        heading = _("Meetings in the next two days")
    return _may_ask_location(
        _render(
            request,
            "directory/meetings.html",
            {
                "form": form,
                "found": found,
                "heading": heading,
                "show": show,
                "kind": kind,
                "kinds": [(k, TYPE_LABELS[k]) for k in MEETING_TYPES],
            },
        )
    )


# --- A participant's own ---------------------------------------------------------------------


@participant_required
def saved(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    return _render(
        request,
        "directory/saved.html",
        {"favourites": selectors.favourites_of(user), "visits": selectors.visits_of(user)},
    )


@participant_required
@require_POST
def save_toggle(request: HttpRequest, service_id: int) -> HttpResponse:
    saved_now = request.POST.get("saved") == "1"
    services.favourite_set(user=_user(request), service_id=service_id, saved=saved_now)
    messages.success(
        request, _("Saved to your services.") if saved_now else _("Taken off your list.")
    )
    if request.POST.get("next"):
        return redirect(_safe_next(request))
    return redirect("directory:service", service_id=service_id)


def _safe_next(request: HttpRequest) -> str:
    nxt = request.POST.get("next", "")
    return nxt if nxt.startswith("/") and not nxt.startswith("//") else "/directory/"


@participant_required
@require_POST
def went(request: HttpRequest, service_id: int) -> HttpResponse:
    form = VisitForm(request.POST)
    if form.is_valid():
        try:
            services.visit_mark(
                user=_user(request), service_id=service_id, went_on=form.cleaned_data["went_on"]
            )
            messages.success(request, _("Noted. Only you see this, unless you share it."))
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
    return redirect("directory:service", service_id=service_id)


@participant_required
@require_POST
def visit_delete(request: HttpRequest, visit_id: int) -> HttpResponse:
    services.visit_remove(user=_user(request), visit_id=visit_id)
    messages.success(request, _("Removed."))
    return redirect("directory:saved")


# --- Counselors ------------------------------------------------------------------------------


@staff_required()
def client_referrals(request: HttpRequest, participant_id: int) -> HttpResponse:
    """A client's "I went" marks, under a consent covering `referrals` (logged by care)."""
    from waypoint.care.models import AccessRecord

    visits = selectors.referrals_for(request.user, participant_id, via=AccessRecord.Via.PAGE)
    client = User.objects.get(pk=participant_id)
    return _render(request, "directory/client.html", {"visits": visits, "client": client})


@staff_required()
@require_POST
def suggest(request: HttpRequest, service_id: int) -> HttpResponse:
    from waypoint.care.selectors import clients_of
    from waypoint.care.services import suggestion_create

    clients = [
        (c.participant.pk, c.participant.shown_name)
        for c in clients_of(request.user)
        if "referrals" in c.scopes
    ]
    form = SuggestServiceForm(request.POST, clients=clients)
    if not form.is_valid():
        raise NotFound()
    try:
        suggestion_create(
            author=_user(request),
            participant_id=form.cleaned_data["client"],
            kind="service",
            text="",
            service_id=service_id,
            message=form.cleaned_data["message"],
        )
        messages.success(request, _("Suggested. They decide whether to save it."))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("directory:service", service_id=service_id)


# --- Organization admins: hand editing -------------------------------------------------------


@staff_required()
def manage(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    accounts = organizations_where(user, [Role.ADMIN])
    if not accounts.exists():
        raise NotFound()
    return _render(
        request,
        "directory/manage.html",
        {"services": selectors.services_editable_by(user), "accounts": accounts},
    )


@staff_required()
def service_new(request: HttpRequest, account_slug: str) -> HttpResponse:
    user = _user(request)
    organization = services.directory_organization_for(user, account_slug)
    form = ServiceForm(request.POST or None, initial={"status": "active"})
    if request.method == "POST" and form.is_valid():
        try:
            service = services.service_save(
                user=user, organization=organization, fields=form.fields_value()
            )
            messages.success(request, _("Added to the directory."))
            return redirect("directory:service", service_id=service.pk)
        except ValidationError as error:
            add_errors(form, error)
    return _render(
        request, "directory/service_form.html", {"form": form, "organization": organization}
    )


@staff_required()
def service_edit(request: HttpRequest, service_id: int) -> HttpResponse:
    user = _user(request)
    service = selectors.editable_service(user, service_id)
    form = ServiceForm(request.POST or None, initial=services.fields_from_service(service))
    closure_form = ClosureForm(prefix="closure")
    simple = services.has_one_place_and_opening(service)
    if not simple:
        # Several places or openings: those are edited on their own page, never overwritten.
        for name in PLACE_AND_HOURS_FIELDS:
            del form.fields[name]
    if request.method == "POST" and form.is_valid():
        try:
            services.service_save(
                user=user,
                organization=service.organization,
                fields=form.fields_value(),
                service=service,
                place_and_hours=simple,
            )
            messages.success(request, _("Saved."))
            return redirect("directory:service", service_id=service.pk)
        except ValidationError as error:
            add_errors(form, error)
    return _render(
        request,
        "directory/service_form.html",
        {
            "form": form,
            "service": service,
            "organization": service.organization,
            "closure_form": closure_form,
            "simple": simple,
        },
    )


PLACE_AND_HOURS_FIELDS = (
    "online",
    "address_1",
    "city",
    "state_province",
    "postal_code",
    "latitude",
    "longitude",
    "time_zone",
    "byday",
    "opens_at",
    "closes_at",
)


@staff_required()
def service_places(request: HttpRequest, service_id: int) -> HttpResponse:
    """A service's places, weekly openings and closures: add, change, remove each.

    One page, one form per action (`action` says which); a refused form comes back with its
    messages and a 400."""
    user = _user(request)
    service = selectors.editable_service(user, service_id)
    current = selectors.places_and_hours(service)
    choices = [(loc.pk, loc.name or loc.address_line or str(loc.pk)) for loc in current.places]
    action = request.POST.get("action", "") if request.method == "POST" else ""
    place_forms = {
        loc.pk: PlaceForm(
            request.POST if action == f"place-{loc.pk}" else None,
            prefix=f"place-{loc.pk}",
            initial={
                "name": loc.name,
                "online": loc.location_type == "virtual",
                "url": loc.url,
                "address_1": loc.address_1,
                "city": loc.city,
                "state_province": loc.state_province,
                "postal_code": loc.postal_code,
                "latitude": loc.latitude,
                "longitude": loc.longitude,
                "time_zone": loc.time_zone,
            },
        )
        for loc in current.places
    }
    new_place = PlaceForm(request.POST if action == "place-new" else None, prefix="place-new")
    hours = HoursForm(
        request.POST if action == "hours-new" else None, prefix="hours", places=choices
    )
    closure_form = ClosureForm(request.POST if action == "closure-new" else None, prefix="closure")
    done = _places_action(
        request, user, service, action, place_forms, new_place, hours, closure_form
    )
    if done is not None:
        return done
    refused = any(
        f.is_bound and f.errors for f in [*place_forms.values(), new_place, hours, closure_form]
    )
    response = render(
        request,
        "directory/service_places.html",
        {
            "service": service,
            "current": current,
            "place_forms": [(loc, place_forms[loc.pk]) for loc in current.places],
            "new_place": new_place,
            "hours": hours,
            "closure_form": closure_form,
        },
        status=400 if refused else 200,
    )
    return response


def _places_action(
    request: HttpRequest,
    user: User,
    service: Any,
    action: str,
    place_forms: dict[int, PlaceForm],
    new_place: PlaceForm,
    hours: HoursForm,
    closure_form: ClosureForm,
) -> HttpResponse | None:
    """Carry out the posted action; a redirect when done, None to show the page again."""
    if not action:
        return None
    back = redirect("directory:service_places", service_id=service.pk)
    kind, _dash, target = action.partition("-")
    form: Any = None
    try:
        if kind == "place" and target == "new":
            form = new_place
            if form.is_valid():
                services.place_save(user=user, service=service, fields=form.fields_value())
                messages.success(request, _("Place added."))
                return back
        elif kind == "place" and target.isdigit() and int(target) in place_forms:
            form = place_forms[int(target)]
            if form.is_valid():
                services.place_save(
                    user=user, service=service, fields=form.fields_value(), location_id=int(target)
                )
                messages.success(request, _("Place saved."))
                return back
        elif kind == "unplace" and target.isdigit():
            services.place_remove(user=user, service=service, location_id=int(target))
            messages.success(request, _("Place removed."))
            return back
        elif kind == "hours" and target == "new":
            form = hours
            if form.is_valid():
                data = form.cleaned_data
                services.hours_add(
                    user=user,
                    service=service,
                    byday=tuple(data["byday"]),
                    opens_at=data["opens_at"],
                    closes_at=data["closes_at"],
                    location_id=data.get("place"),
                )
                messages.success(request, _("Opening hours added."))
                return back
        elif kind == "closure" and target == "new":
            form = closure_form
            if form.is_valid():
                services.closure_add(user=user, service=service, **form.cleaned_data)
                messages.success(request, _("Closure added."))
                return back
        elif kind == "unschedule" and target.isdigit():
            services.schedule_remove(user=user, service=service, schedule_id=int(target))
            messages.success(request, _("Removed."))
            return back
        else:
            raise NotFound()
    except ValidationError as error:
        add_errors(form, error)
    return None


@staff_required()
@require_POST
def closure_add(request: HttpRequest, service_id: int) -> HttpResponse:
    user = _user(request)
    service = selectors.editable_service(user, service_id)
    form = ClosureForm(request.POST, prefix="closure")
    if form.is_valid():
        try:
            services.closure_add(user=user, service=service, **form.cleaned_data)
            messages.success(request, _("Closure added."))
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
    else:
        messages.error(request, _("Give the first and last closed days."))
    return redirect("directory:service_edit", service_id=service.pk)


# --- Facilitators: listing a group -----------------------------------------------------------


@staff_required()
def group_listing(request: HttpRequest, group_id: int) -> HttpResponse:
    from waypoint.groups.selectors import groups_facilitated_by

    user = _user(request)
    group = groups_facilitated_by(user).filter(pk=group_id).first()
    if group is None:
        raise NotFound()
    listing = getattr(group, "directory_listing", None)
    initial: dict[str, Any] = {"name": group.name, "description": group.description}
    if listing is not None:
        initial = services.fields_from_service(listing)
    if request.method == "POST" and request.POST.get("unlist"):
        services.group_unlist(user=user, group_id=group.pk)
        messages.success(request, _("Taken out of the directory."))
        return redirect("groups:detail", group_id=group.pk)
    form = GroupListingForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            service = services.group_list(user=user, group_id=group.pk, fields=form.fields_value())
            messages.success(request, _("Listed. People can find the meeting in the directory."))
            return redirect("directory:service", service_id=service.pk)
        except ValidationError as error:
            add_errors(form, error)
    return _render(
        request, "directory/group_listing.html", {"form": form, "group": group, "listing": listing}
    )
