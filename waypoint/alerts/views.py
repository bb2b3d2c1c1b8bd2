"""Pages for check on me (/check-on-me/) and drug alerts (/alerts/): thin over services."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.forms import BaseForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from waypoint.accounts.gate import (
    is_participant,
    organization_for,
    participant_required,
    staff_required,
)
from waypoint.accounts.models import Organization, User
from waypoint.accounts.zones import organization_today
from waypoint.alerts import selectors, services
from waypoint.alerts.forms import (
    ContactForm,
    DrugAlertForm,
    ExtendForm,
    PlanForm,
    RegionForm,
    ReminderForm,
    ReportForm,
    SubscriptionForm,
    TimerForm,
)
from waypoint.alerts.messages import OVERDOSE_GUIDE_PATH, never_calls
from waypoint.alerts.models import Channel, DrugAlert, Evidence, Report
from waypoint.alerts.substances import label
from waypoint.core.errors import Conflict
from waypoint.core.forms import add_errors


def _user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)
    return user


def _render(request: HttpRequest, template: str, context: dict[str, Any]) -> HttpResponse:
    """Render, answering 400 when a submitted form has errors."""
    bad = any(
        isinstance(value, BaseForm) and value.is_bound and value.errors
        for value in context.values()
    )
    context.setdefault("overdose_guide", OVERDOSE_GUIDE_PATH)
    context.setdefault("never_calls", never_calls())
    return render(request, template, context, status=400 if bad else 200)


def _refusal(form: BaseForm, error: Exception) -> None:
    if isinstance(error, ValidationError):
        add_errors(form, error)
    else:
        form.add_error(None, str(error))


# --- Check on me ----------------------------------------------------------------------------


@participant_required
def home(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    contacts = list(selectors.contacts_of(user))
    running = selectors.running_timer(user)
    form = TimerForm(request.POST or None, contacts=contacts)
    if request.method == "POST" and running is None and form.is_valid():
        try:
            timer = services.timer_start(
                owner=user,
                seconds=form.cleaned_data["seconds"],
                note=form.cleaned_data["note"],
                contact_ids=form.cleaned_data["contacts"],
            )
        except (ValidationError, Conflict) as error:
            _refusal(form, error)
        else:
            return redirect("alerts:timer", timer.pk)
    context = {
        "form": form,
        "contacts": contacts,
        "confirmed": [c for c in contacts if c.is_confirmed],
        "running": running,
        "recent": list(selectors.timers_of(user).exclude(status="running")[:5]),
        "prefs": services.prefs_for(user),
    }
    return _render(request, "alerts/home.html", context)


@participant_required
def contacts(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    form = ContactForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            contact = services.contact_add(owner=user, **form.cleaned_data)
        except (ValidationError, Conflict) as error:
            _refusal(form, error)
        else:
            messages.success(
                request,
                _("%(name)s is invited. They can confirm from the message Waypoint sent.")
                % {"name": contact.name},
            )
            return redirect("alerts:contacts")
    context = {"form": form, "contacts": list(selectors.contacts_of(user))}
    return _render(request, "alerts/contacts.html", context)


@participant_required
@require_POST
def contact_remove(request: HttpRequest, contact_id: int) -> HttpResponse:
    services.contact_remove(owner=_user(request), contact_id=contact_id)
    messages.success(request, _("Removed. They were told they will get no more messages."))
    return redirect("alerts:contacts")


@participant_required
def plan(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    prefs = services.prefs_for(user)
    form = PlanForm.for_prefs(prefs, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.prefs_save(user=user, **form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("Your rescue plan is saved, encrypted."))
            return redirect("alerts:home")
    return _render(request, "alerts/plan.html", {"form": form})


@participant_required
def timer(request: HttpRequest, timer_id: int) -> HttpResponse:
    found = selectors.timer_for(_user(request), timer_id)
    context = {
        "timer": found,
        "extend_form": ExtendForm(),
        "contacts": list(found.contacts.all()),
    }
    return _render(request, "alerts/timer.html", context)


def _timer_action(request: HttpRequest, timer_id: int, action: str) -> HttpResponse:
    user = _user(request)
    try:
        if action == "ok":
            services.timer_ok(owner=user, timer_id=timer_id)
            messages.success(request, _("Timer ended. Nobody was contacted."))
        elif action == "help":
            services.timer_help(owner=user, timer_id=timer_id)
            messages.success(
                request,
                _(
                    "Your contacts are being sent your alert now. Waypoint does not call emergency "
                    "services: if you can, call them yourself."
                ),
            )
        else:
            form = ExtendForm(request.POST)
            if not form.is_valid():
                messages.error(request, _("Choose how much time to add."))
                return redirect("alerts:timer", timer_id)
            services.timer_extend(
                owner=user, timer_id=timer_id, seconds=form.cleaned_data["seconds"]
            )
            messages.success(request, _("More time added. Nobody was contacted."))
    except (Conflict, ValidationError) as error:
        text = "; ".join(error.messages) if isinstance(error, ValidationError) else str(error)
        messages.error(request, text)
    return redirect("alerts:timer", timer_id)


@participant_required
@require_POST
def timer_ok(request: HttpRequest, timer_id: int) -> HttpResponse:
    return _timer_action(request, timer_id, "ok")


@participant_required
@require_POST
def timer_extend(request: HttpRequest, timer_id: int) -> HttpResponse:
    return _timer_action(request, timer_id, "extend")


@participant_required
@require_POST
def timer_help(request: HttpRequest, timer_id: int) -> HttpResponse:
    return _timer_action(request, timer_id, "help")


@participant_required
@require_POST
def reminder(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    form = ReminderForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.reminder_set(
                user=user,
                at=data["at"] if data["on"] else None,
                channel=data["reminder_channel"],
                own_email=data["own_email"],
                own_phone=data["own_phone"],
            )
        except ValidationError as error:
            messages.error(request, "; ".join(error.messages))
        else:
            messages.success(
                request,
                _("Daily reminder on.") if data["on"] else _("Daily reminder off."),
            )
    else:
        messages.error(request, "; ".join(str(e) for errs in form.errors.values() for e in errs))
    return redirect("accounts:settings")


def contact_confirm(request: HttpRequest, token: str) -> HttpResponse:
    """A contact's one-time link: GET explains, POST agrees (mail scanners only GET)."""
    contact = services.contact_by_link(token)
    if request.method == "POST":
        services.contact_confirm(raw=token)
        return _render(request, "alerts/contact_done.html", {"contact": contact, "confirmed": True})
    if contact.status != contact.Status.INVITED:
        services.contact_confirm(raw=token)  # raises the right refusal
    return _render(request, "alerts/contact_confirm.html", {"contact": contact})


def contact_stop(request: HttpRequest, key: str) -> HttpResponse:
    if request.method == "POST":
        contact = services.contact_stop(stop_key=key)
        return _render(request, "alerts/contact_done.html", {"contact": contact, "stopped": True})
    return _render(request, "alerts/contact_stop.html", {"key": key})


@participant_required
def notifications(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    if request.method == "POST":
        selectors.notifications_of(user).filter(read_at__isnull=True).update(read_at=timezone.now())
        return redirect("alerts:notifications")
    items = list(selectors.notifications_of(user)[:50])
    return _render(request, "alerts/notifications.html", {"items": items})


# --- Drug alerts ----------------------------------------------------------------------------


def index(request: HttpRequest) -> HttpResponse:
    """Current alerts for anyone; a participant also sees which match their choices."""
    user = request.user
    context: dict[str, Any] = {
        "alerts": selectors.current_alerts(limit=50),
        "evidence_help": Evidence.choices,
        "is_participant": is_participant(user),
    }
    if is_participant(user):
        context["matching"] = selectors.alerts_matching(user, limit=20)
        context["subscription"] = selectors.subscription_of(user)
    context["organizations"] = list(selectors.alert_organizations(user))
    return _render(request, "alerts/index.html", context)


def detail(request: HttpRequest, alert_id: int) -> HttpResponse:
    alert = selectors.alert_for(request.user, alert_id)
    names = [label(s) for s in alert.substances]
    return _render(request, "alerts/detail.html", {"alert": alert, "names": names})


@participant_required
def subscribe(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    regions = list(selectors.all_regions())
    current = selectors.subscription_of(user)
    prefs = services.prefs_for(user)
    initial: dict[str, Any] = {
        "channel": Channel.IN_APP,
        "own_email": prefs.own_email,
        "own_phone": prefs.own_phone,
    }
    if current is not None:
        initial.update(
            regions=[r.pk for r in current.regions.all()],
            substances=current.substances,
            match_my_log=current.match_my_log,
            channel=current.channel,
        )
    form = SubscriptionForm(request.POST or None, regions=regions, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.subscription_save(
                user=user,
                region_ids=data["regions"],
                substances=data["substances"],
                match_my_log=data["match_my_log"],
                channel=data["channel"],
                own_email=data["own_email"],
                own_phone=data["own_phone"],
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("Your alert choices are saved."))
            return redirect("alerts:index")
    return _render(request, "alerts/subscribe.html", {"form": form, "regions": regions})


def report(request: HttpRequest) -> HttpResponse:
    """Anyone, signed in or not, reports a bad experience; nothing about them is kept."""
    regions = list(selectors.all_regions())
    form = ReportForm(request.POST or None, regions=regions)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        region = next((r for r in regions if r.pk == data["region"]), None)
        try:
            if region is None:
                raise ValidationError({"region": _("Choose a program and area.")})
            services.report_submit(
                organization=region.organization,
                region_id=region.pk,
                substances=data["substances"],
                what_happened=data["what_happened"],
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            return _render(request, "alerts/report_thanks.html", {})
    return _render(request, "alerts/report.html", {"form": form, "regions": regions})


# --- Staff ----------------------------------------------------------------------------------


def _org(request: HttpRequest, slug: str) -> Organization:
    return organization_for(request.user, slug, selectors.ALERT_ROLES)


@staff_required(role=selectors.ALERT_ROLES)
def org_index(request: HttpRequest) -> HttpResponse:
    organizations = list(selectors.alert_organizations(request.user))
    if len(organizations) == 1:
        return redirect("alerts:org", organizations[0].slug)
    return _render(request, "alerts/org_pick.html", {"organizations": organizations})


@staff_required(role=selectors.ALERT_ROLES)
def org(request: HttpRequest, slug: str) -> HttpResponse:
    organization = _org(request, slug)
    form = RegionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.region_add(organization=organization, name=form.cleaned_data["name"])
        except (ValidationError, Conflict) as error:
            _refusal(form, error)
        else:
            messages.success(request, _("Region added."))
            return redirect("alerts:org", slug)
    context = {
        "organization": organization,
        "form": form,
        "regions": list(selectors.regions_of(organization)),
        "alerts": list(
            DrugAlert.objects.filter(organization=organization).select_related("region")[:50]
        ),
        "reports": list(selectors.reports_for(organization).filter(status=Report.Status.NEW)),
    }
    return _render(request, "alerts/org.html", context)


@staff_required(role=selectors.ALERT_ROLES)
def publish(request: HttpRequest, slug: str) -> HttpResponse:
    organization = _org(request, slug)
    regions = list(selectors.regions_of(organization))
    report_id = request.GET.get("report") or request.POST.get("report")
    from_report = None
    if report_id and str(report_id).isdigit():
        from_report = selectors.reports_for(organization).filter(pk=int(report_id)).first()
    initial: dict[str, Any] = {}
    if from_report is not None:
        initial = {
            "substances": from_report.substances,
            "region": from_report.region_id,
            "evidence": "community",
        }
    form = DrugAlertForm(
        request.POST or None,
        regions=regions,
        initial=initial,
        today=organization_today(organization),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            alert = services.drug_alert_publish(
                author=_user(request),
                organization=organization,
                region_id=data["region"],
                title=data["title"],
                details=data["details"],
                substances=data["substances"],
                evidence=data["evidence"],
                found_on=data["found_on"],
                expires_on=data["expires_on"],
                report_id=from_report.pk if from_report else None,
            )
        except (ValidationError, Conflict) as error:
            _refusal(form, error)
        else:
            messages.success(request, _("Published. Subscribers whose choices match are told."))
            return redirect("alerts:detail", alert.pk)
    context = {
        "organization": organization,
        "form": form,
        "from_report": from_report,
        "no_regions": not regions,
    }
    return _render(request, "alerts/publish.html", context)


@staff_required(role=selectors.ALERT_ROLES)
@require_POST
def dismiss(request: HttpRequest, slug: str, report_id: int) -> HttpResponse:
    organization = _org(request, slug)
    try:
        services.report_dismiss(organization=organization, report_id=report_id)
    except Conflict as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Report reviewed and not published."))
    return redirect("alerts:org", slug)


@staff_required(role=selectors.ALERT_ROLES)
@require_POST
def withdraw(request: HttpRequest, slug: str, alert_id: int) -> HttpResponse:
    organization = _org(request, slug)
    services.drug_alert_withdraw(organization=organization, alert_id=alert_id)
    messages.success(request, _("Alert withdrawn."))
    return redirect("alerts:org", slug)
