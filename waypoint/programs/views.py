"""Program pages under /programs/: thin views over `selectors` (who sees what) and `services`."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from functools import wraps
from typing import Any, cast
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.forms import BaseForm
from django.http import HttpRequest, HttpResponse, JsonResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.dateparse import parse_date
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from waypoint.accounts.gate import participant_required, staff_required
from waypoint.accounts.models import Organization, User
from waypoint.core.csv import csv_lines
from waypoint.core.errors import Conflict, NotFound, unusual_questions
from waypoint.core.forms import add_errors
from waypoint.core.pwa import asks_to_confirm, mark_offline_safe
from waypoint.directory.selectors import referral_service
from waypoint.programs import selectors, services
from waypoint.programs.catalogue import REFERRALS
from waypoint.programs.charts import monthly_charts
from waypoint.programs.forms import (
    AnswersForm,
    CodeForm,
    DosesForm,
    EncounterForm,
    ImportForm,
    ItemForm,
    LinkCardForm,
    ReferralFilterForm,
    ReportForm,
    ReversalForm,
    SettingsForm,
    SiteForm,
    stock_forms,
)
from waypoint.programs.models import EncounterVersion, Item, Referral, Reversal
from waypoint.programs.report import INDICATORS, report
from waypoint.programs.selectors import ADMINS, ProgramAccess, program_for


def in_program_time_zone(view: Any) -> Any:
    """Pages of a program show and read times in the organization's time zone."""

    @wraps(view)
    def wrapped(request: HttpRequest, slug: str, *args: Any, **kwargs: Any) -> HttpResponse:
        zone = Organization.objects.filter(slug=slug).values_list("time_zone", flat=True).first()
        try:
            tz = ZoneInfo(zone) if zone else None
        except (ValueError, KeyError):
            tz = None
        if tz is None:
            return cast(HttpResponse, view(request, slug, *args, **kwargs))
        with timezone.override(tz):
            return cast(HttpResponse, view(request, slug, *args, **kwargs))

    return wrapped


_SITE_KEY = "programs_last_site"
_SHOW_ONCE = "programs_show_once"


def _user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)
    return user


def _render(request: HttpRequest, template: str, context: dict[str, Any]) -> HttpResponse:
    """Render, answering 400 when a submitted form has errors."""
    bad = any(isinstance(v, BaseForm) and v.is_bound and v.errors for v in context.values())
    return render(request, template, context, status=400 if bad else 200)


def _ctx(access: ProgramAccess, **extra: Any) -> dict[str, Any]:
    return {"access": access, "organization": access.organization, **extra}


@staff_required()
def index(request: HttpRequest) -> HttpResponse:
    programs = list(selectors.programs_of(_user(request)))
    if not programs:
        raise NotFound()
    if len(programs) == 1:
        return redirect("programs:home", slug=programs[0].slug)
    return render(request, "programs/index.html", {"programs": programs})


@staff_required()
@in_program_time_zone
def home(request: HttpRequest, slug: str) -> HttpResponse:
    access = program_for(_user(request), slug)
    context = _ctx(
        access,
        recent=selectors.recent_encounters(access, limit=15),
        has_sites=selectors.sites_of(access).exists(),
        warnings=[line for line in selectors.stock(access) if line.negative or line.low]
        if access.is_admin
        else [],
        expiring=list(selectors.expiring(access)[:10]) if access.is_admin else [],
        shown=request.session.pop(_SHOW_ONCE, None),
    )
    return render(request, "programs/home.html", context)


# --- Encounters ----------------------------------------------------------------------------


def _encounter_form(
    request: HttpRequest, access: ProgramAccess, data: Any = None, **kw: Any
) -> EncounterForm:
    sites = selectors.sites_of(access, active_only=True)
    items = list(selectors.items_of(access, active_only=True))
    return EncounterForm(
        data, sites=sites, items=items, service_choices=_service_choices(data, kw), **kw
    )


def _service_choices(data: Any, kw: dict[str, Any]) -> dict[str, list[tuple[int, str]]]:
    """The first directory services for each referral kind, plus any already chosen (sent
    back with the form, or stored on the encounter being corrected)."""
    choices = selectors.referral_service_choices_all()
    initial = kw.get("initial") or {}
    for to in REFERRALS:
        chosen = (data or {}).get(f"service_{to}") or initial.get(f"service_{to}")
        if not chosen or not str(chosen).isdigit():
            continue
        if int(chosen) in {pk for pk, _label in choices[to]}:
            continue
        try:
            service = referral_service(int(chosen))
        except NotFound:
            continue
        choices[to].insert(0, (service.pk, f"{service.name} ({service.organization.name})"))
    return choices


def _data_from(form: EncounterForm) -> services.EncounterData:
    d = form.cleaned_data
    tests = [(kind, d[kind]) for kind in ("hiv", "hcv") if d.get(kind)]
    referrals = [(to, "made") for to in d["referrals"]] + [(to, "linked") for to in d["linked"]]
    return services.EncounterData(
        at=d.get("at") or timezone.now(),
        site=d["site"].pk,
        participant_code=d.get("code") or None,
        people=d.get("people") or 1,
        supplies=form.supplies(),
        syringes_collected=d.get("syringes_collected"),
        syringes_collected_lb=d.get("syringes_collected_lb"),
        services=d["services"],
        tests=tests,
        referrals=referrals,
        referral_services=form.referral_services(),
        note=d.get("note") or "",
    )


def _same_as_last_time(access: ProgramAccess, code: str) -> dict[str, Any]:
    participant = services.resolve_code(access, code, field_name="code")
    last = selectors.last_encounter_of(participant)
    if last is None:
        raise ValidationError({"code": _("This code has no earlier encounter yet.")})
    initial: dict[str, Any] = {
        "code": participant.shown_code,
        "site": last.site_id,
        "syringes_collected": last.syringes_collected or None,
        "services": list(last.services),
    }
    for supply in last.supplies.all():
        initial[f"qty_{supply.item.slug}"] = supply.quantity
    return initial


@staff_required()
@in_program_time_zone
def encounter_new(request: HttpRequest, slug: str) -> HttpResponse:
    """The encounter form: a code (or anonymous), supplies, syringes collected, more if needed."""
    access = program_for(_user(request), slug)
    if not selectors.sites_of(access, active_only=True).exists():
        messages.info(request, _("This program has no site yet. An admin adds sites first."))
        return redirect("programs:home", slug=slug)
    last_site = request.session.get(_SITE_KEY)
    initial = {"people": 1, "site": last_site, "code": request.GET.get("code", "")}
    needs_confirm = only_unusual = False
    if request.method == "POST" and request.POST.get("action") == "same":
        form = _encounter_form(request, access, initial=initial)
        try:
            filled = _same_as_last_time(access, request.POST.get("code", ""))
        except (ValidationError, NotFound) as error:
            form = _encounter_form(request, access, request.POST)
            form.is_valid()
            if isinstance(error, NotFound):
                form.add_error("code", str(error.message))
            else:
                add_errors(form, error)
        else:
            form = _encounter_form(request, access, initial={**initial, **filled})
            messages.info(request, _("Filled in from last time. Change what differs, then save."))
        return _render(request, "programs/encounter_form.html", _ctx(access, form=form))
    form = _encounter_form(request, access, request.POST or None, initial=initial)
    if request.method == "GET" and not initial["code"]:
        # The code comes first: the form opens ready to type it.
        form.fields["code"].widget.attrs["autofocus"] = True
    if request.method == "POST" and form.is_valid():
        try:
            encounter, _created = services.encounter_record(
                user=_user(request),
                access=access,
                data=_data_from(form),
                encounter_id=form.cleaned_data.get("encounter_id"),
                confirm=bool(request.POST.get("confirm")),
            )
        except NotFound as error:
            form.add_error("code", str(error.message))
        except ValidationError as error:
            add_errors(form, error, aliases={"participant_code": "code"})
            needs_confirm, only_unusual = unusual_questions(error)
        else:
            request.session[_SITE_KEY] = encounter.site_id
            messages.success(request, _("Saved."))
            return redirect("programs:encounter_new", slug=slug)
    response = _render(
        request,
        "programs/encounter_form.html",
        _ctx(access, form=form, needs_confirm=needs_confirm),
    )
    if only_unusual:
        # Only a question: the device's waiting list answers it in one tap (`confirm=1`).
        asks_to_confirm(response, "confirm")
    if request.method == "GET" and not initial["code"]:
        # Sites and the supply catalogue, nothing of a person: the installed app keeps a copy
        # so outreach can record encounters without a signal (issue 13).
        mark_offline_safe(response)
    return response


@staff_required()
@in_program_time_zone
def encounters(request: HttpRequest, slug: str) -> HttpResponse:
    access = program_for(_user(request), slug)
    return render(
        request,
        "programs/encounters.html",
        _ctx(access, recent=selectors.recent_encounters(access, limit=200)),
    )


@staff_required()
@in_program_time_zone
def encounter_detail(request: HttpRequest, slug: str, encounter_id: str) -> HttpResponse:
    access = program_for(_user(request), slug)
    encounter = selectors.encounter_of(access, encounter_id)
    context = _ctx(
        access,
        encounter=encounter,
        supplies=list(encounter.supplies.select_related("item")),
        tests=list(encounter.tests.all()),
        referrals=list(encounter.referrals.select_related("service__organization")),
        versions=list(
            EncounterVersion.objects.filter(encounter=encounter).select_related("replaced_by")
        ),
        today=timezone.localdate(),
    )
    return render(request, "programs/encounter_detail.html", context)


@staff_required()
@in_program_time_zone
def encounter_edit(request: HttpRequest, slug: str, encounter_id: str) -> HttpResponse:
    access = program_for(_user(request), slug)
    encounter = selectors.encounter_of(access, encounter_id)
    initial: dict[str, Any] = {
        "code": encounter.participant.shown_code if encounter.participant else "",
        "people": encounter.people,
        "site": encounter.site_id,
        "at": timezone.localtime(encounter.at),
        "syringes_collected": encounter.syringes_collected or None,
        "services": encounter.services,
        "referrals": [r.to for r in encounter.referrals.all() if r.status == Referral.Status.MADE],
        "note": encounter.note,
    }
    for referral in encounter.referrals.all():
        if referral.service_id is not None and referral.status == Referral.Status.MADE:
            initial[f"service_{referral.to}"] = referral.service_id
    for test in encounter.tests.all():
        initial[test.kind] = test.result
    for supply in encounter.supplies.select_related("item"):
        initial[f"qty_{supply.item.slug}"] = supply.quantity
    form = _encounter_form(request, access, request.POST or None, initial=initial)
    needs_confirm = False
    if request.method == "POST" and form.is_valid():
        try:
            services.encounter_correct(
                user=_user(request),
                access=access,
                encounter_id=encounter.pk,
                data=_data_from(form),
                confirm=bool(request.POST.get("confirm")),
            )
        except NotFound as error:
            form.add_error("code", str(error.message))
        except ValidationError as error:
            add_errors(form, error, aliases={"participant_code": "code"})
            needs_confirm = unusual_questions(error)[0]
        else:
            messages.success(request, _("Corrected. The earlier version is kept."))
            return redirect("programs:encounter", slug=slug, encounter_id=encounter.pk)
    context = _ctx(access, form=form, encounter=encounter, needs_confirm=needs_confirm)
    return _render(request, "programs/encounter_form.html", context)


@staff_required()
@require_POST
@in_program_time_zone
def referral_link(request: HttpRequest, slug: str, referral_id: int) -> HttpResponse:
    access = program_for(_user(request), slug)
    try:
        referral = services.referral_link(
            access=access, referral_id=referral_id, on=timezone.localdate()
        )
    except (Conflict, ValidationError) as error:
        messages.error(request, str(getattr(error, "message", error)))
        found = Referral.objects.filter(
            pk=referral_id, encounter__organization=access.organization
        ).first()
        if found is None:
            raise NotFound() from error
        referral = found
    else:
        messages.success(request, _("Marked linked."))
    if request.POST.get("next") == "referrals":
        return redirect("programs:referrals", slug=slug)
    return redirect("programs:encounter", slug=slug, encounter_id=referral.encounter_id)


@staff_required()
@in_program_time_zone
def referrals(request: HttpRequest, slug: str) -> HttpResponse:
    """The follow-up list: referrals still open (or linked, or all) for a period."""
    access = program_for(_user(request), slug)
    form = ReferralFilterForm(request.GET or None)
    status, first, last = Referral.Status.MADE, None, None
    if form.is_valid():
        status = form.cleaned_data.get("status") or Referral.Status.MADE
        first, last = form.cleaned_data.get("from_"), form.cleaned_data.get("to")
    shown = selectors.referrals_between(
        access, first, last, status=None if status == "all" else status
    )
    rows = list(shown.select_related("service__organization")[:REFERRALS_SHOWN])
    context = _ctx(
        access,
        form=form,
        rows=rows,
        more=len(rows) == REFERRALS_SHOWN,
        shown=REFERRALS_SHOWN,
        status=status,
        query=request.GET.urlencode(),
    )
    return _render(request, "programs/referrals.html", context)


REFERRALS_SHOWN = 300
REFERRAL_CSV_COLUMNS = (
    "id",
    "made_at",
    "site",
    "participant_code",
    "to",
    "status",
    "linked_on",
    "encounter",
    "service_id",
    "service_name",
)


def referral_rows(
    access: ProgramAccess, first: date | None, last: date | None, status: str | None
) -> Iterator[list[Any]]:
    """The follow-up list as CSV rows (header first), streamed in chunks."""
    yield list(REFERRAL_CSV_COLUMNS)
    tz = access.tz
    rows = selectors.referrals_between(access, first, last, status=status)
    for r in rows.iterator(chunk_size=2000):
        yield [
            r.pk,
            r.encounter.at.astimezone(tz).isoformat(),
            r.encounter.site.name,
            r.participant.shown_code if r.participant else "",
            r.to,
            r.status,
            r.linked_on.isoformat() if r.linked_on else "",
            str(r.encounter_id),
            r.service_id or "",
            r.service.name if r.service is not None else "",
        ]


@staff_required()
@in_program_time_zone
def referrals_csv(request: HttpRequest, slug: str) -> HttpResponse | StreamingHttpResponse:
    access = program_for(_user(request), slug)
    form = ReferralFilterForm(request.GET or None)
    if request.GET and not form.is_valid():
        return _bad_download(form.errors.as_text())
    data = form.cleaned_data if request.GET else {}
    status = data.get("status") or Referral.Status.MADE
    rows = referral_rows(
        access, data.get("from_"), data.get("to"), None if status == "all" else status
    )
    return _csv_response(rows, f"{slug}-referrals-{status}.csv")


@staff_required()
def referral_services_json(request: HttpRequest, slug: str) -> JsonResponse:
    """Directory services a referral may name, for the encounter page's search box."""
    program_for(_user(request), slug)
    to = request.GET.get("to", "")
    if to not in REFERRALS:
        detail = _("Unknown referral: %(to)s.") % {"to": to[:30]}
        return JsonResponse({"detail": detail}, status=400)
    q = request.GET.get("q", "")[:80]
    found = selectors.referral_service_choices(to, q)
    return JsonResponse({"results": [{"id": pk, "name": name} for pk, name in found]})


# --- Codes ---------------------------------------------------------------------------------


@staff_required()
@in_program_time_zone
def codes(request: HttpRequest, slug: str) -> HttpResponse:
    """Issue a code (random, or from the person's answers), find a lost one, make a link code."""
    access = program_for(_user(request), slug)
    questions = access.program.code_questions
    action = request.POST.get("action") if request.method == "POST" else None
    answers_form = AnswersForm(
        request.POST if action in ("derive", "rederive") else None, questions=questions, prefix="a"
    )
    link_form = CodeForm(request.POST if action == "link" else None, prefix="l")
    shown: dict[str, str] | None = None
    try:
        if action == "issue":
            participant = services.participant_issue(user=_user(request), access=access)
            shown = {"code": participant.shown_code}
        elif action in ("derive", "rederive") and answers_form.is_valid():
            if action == "derive":
                participant = services.participant_issue(
                    user=_user(request), access=access, answers=answers_form.answers()
                )
            else:
                participant = services.participant_rederive(
                    access=access, answers=answers_form.answers()
                )
            shown = {"code": participant.shown_code}
        elif action == "link" and link_form.is_valid():
            raw = services.link_code_create(
                user=_user(request), access=access, participant_code=link_form.cleaned_data["code"]
            )
            shown = {"link_code": raw, "for_code": link_form.cleaned_data["code"].upper()}
    except ValidationError as error:
        add_errors(
            link_form if action == "link" else answers_form,
            error,
            aliases={"participant_code": "code"},
        )
    except (Conflict, NotFound) as error:
        answers_form.add_error(None, str(error.message))
    context = _ctx(
        access, answers_form=answers_form, link_form=link_form, shown=shown, questions=questions
    )
    return _render(request, "programs/codes.html", context)


# --- Reversals -----------------------------------------------------------------------------


@staff_required()
@in_program_time_zone
def reversal_new(request: HttpRequest, slug: str) -> HttpResponse:
    access = program_for(_user(request), slug)
    naloxone = list(
        selectors.items_of(access, active_only=True).filter(category=Item.Category.NALOXONE)
    )
    form = ReversalForm(
        request.POST or None,
        sites=selectors.sites_of(access, active_only=True),
        naloxone=naloxone,
        initial={"site": request.session.get(_SITE_KEY)},
    )
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            services.reversal_record(
                user=_user(request),
                access=access,
                reversal_id=None,
                at=d["at"],
                site=d["site"].pk if d["site"] else None,
                participant_code=d["code"] or None,
                place=d["place"],
                substances=d["substances"],
                naloxone_doses=d["naloxone_doses"],
                naloxone_product=d["naloxone_product"] or None,
                rescue_breathing=d["rescue_breathing"],
                called_911=d["called_911"],
                outcome=d["outcome"],
                replacement_kit=d["replacement_kit"] or None,
            )
        except NotFound as error:
            form.add_error("code", str(error.message))
        except ValidationError as error:
            add_errors(form, error, aliases={"participant_code": "code"})
        else:
            messages.success(request, _("Reversal recorded. Thank you for reporting it."))
            return redirect("programs:home", slug=slug)
    recent = Reversal.objects.filter(organization=access.organization).select_related("site")[:10]
    return _render(request, "programs/reversal_form.html", _ctx(access, form=form, recent=recent))


# --- Admin: sites, catalogue, stock, settings ----------------------------------------------


@staff_required()
@in_program_time_zone
def sites(request: HttpRequest, slug: str) -> HttpResponse:
    access = program_for(_user(request), slug, ADMINS)
    form = SiteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.site_create(access=access, **form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
        except Conflict as error:
            form.add_error("name", str(error.message))
        else:
            messages.success(request, _("Site added."))
            return redirect("programs:sites", slug=slug)
    context = _ctx(
        access, form=form, sites=selectors.sites_of(access), counts=selectors.counts_by_site(access)
    )
    return _render(request, "programs/sites.html", context)


@staff_required()
@in_program_time_zone
def catalogue(request: HttpRequest, slug: str) -> HttpResponse:
    access = program_for(_user(request), slug, ADMINS)
    form = ItemForm(request.POST or None)
    action = request.POST.get("action") if request.method == "POST" else None
    settings_form = SettingsForm(
        request.POST if action == "settings" else None,
        initial={
            "time_zone": access.organization.time_zone,
            "syringes_per_pound": access.program.syringes_per_pound,
            "code_questions": "\n".join(access.program.code_questions),
        },
    )
    doses_form = DosesForm(request.POST if action == "doses" else None, prefix="d")
    doses_form.fields["item"].choices = [  # type: ignore[attr-defined]
        (i.slug, i.shown_name)
        for i in selectors.items_of(access).filter(category=Item.Category.NALOXONE)
    ]
    if action == "doses":
        form = ItemForm()
        if doses_form.is_valid():
            try:
                services.item_doses_set(
                    access=access,
                    slug=doses_form.cleaned_data["item"],
                    doses_per_kit=doses_form.cleaned_data["doses_per_kit"],
                )
            except ValidationError as error:
                add_errors(doses_form, error)
            else:
                messages.success(request, _("Saved."))
                return redirect("programs:catalogue", slug=slug)
    elif action == "settings":
        form = ItemForm()
        if settings_form.is_valid():
            try:
                services.program_settings_set(
                    access=access,
                    questions=settings_form.cleaned_data["code_questions"].splitlines(),
                    syringes_per_pound=settings_form.cleaned_data["syringes_per_pound"],
                    time_zone=settings_form.cleaned_data["time_zone"].strip(),
                )
            except ValidationError as error:
                add_errors(settings_form, error)
            else:
                messages.success(request, _("Saved."))
                return redirect("programs:catalogue", slug=slug)
    elif request.method == "POST" and form.is_valid():
        try:
            services.item_create(access=access, slug="", **form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
        except Conflict as error:
            form.add_error("name", str(error.message))
        else:
            messages.success(request, _("Item added."))
            return redirect("programs:catalogue", slug=slug)
    context = _ctx(
        access,
        form=form,
        settings_form=settings_form,
        doses_form=doses_form,
        items=selectors.items_of(access),
    )
    return _render(request, "programs/catalogue.html", context)


@staff_required()
@in_program_time_zone
def stock(request: HttpRequest, slug: str) -> HttpResponse:
    access = program_for(_user(request), slug, ADMINS)
    which = request.POST.get("action") if request.method == "POST" else None
    sites_qs = selectors.sites_of(access)
    items = list(selectors.items_of(access))
    forms = stock_forms(request.POST, sites_qs, items, which)
    form = forms.get(which or "")
    if form is not None and form.is_valid():
        d = form.cleaned_data
        user = _user(request)
        try:
            if which == "receipt":
                services.stock_receive(
                    user=user,
                    access=access,
                    site=d["site"].pk,
                    item=d["item"],
                    quantity=d["quantity"],
                    lot=d["lot"],
                    expires_on=d["expires_on"],
                )
            elif which == "transfer":
                services.stock_transfer(
                    user=user,
                    access=access,
                    from_site=d["from_site"].pk,
                    to_site=d["to_site"].pk,
                    item=d["item"],
                    quantity=d["quantity"],
                )
            else:
                services.stock_count(
                    user=user,
                    access=access,
                    site=d["site"].pk,
                    item=d["item"],
                    counted=d["counted"],
                )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("Stock updated."))
            return redirect("programs:stock", slug=slug)
    context = _ctx(
        access,
        lines=selectors.stock(access),
        expiring=selectors.expiring(access),
        today=timezone.localdate(),
        **forms,
    )
    return _render(request, "programs/stock.html", context)


# --- Reports -------------------------------------------------------------------------------


def _period(request: HttpRequest, access: ProgramAccess) -> tuple[ReportForm, Any]:
    today = timezone.localdate()
    data = request.GET if "start" in request.GET else None
    form = ReportForm(
        data,
        initial={"start": today.replace(month=1, day=1), "end": today},
        threshold=settings.PROGRAMS_SUPPRESS_UP_TO,
    )
    form.fields["site"].queryset = selectors.sites_of(access)  # type: ignore[attr-defined]
    if data is None:
        return form, report(access, first=today.replace(month=1, day=1), last=today)
    if not form.is_valid():
        return form, None
    d = form.cleaned_data
    return form, report(
        access,
        first=d["start"],
        last=d["end"],
        site=d["site"].pk if d["site"] else None,
        shared=d["shared"],
        threshold=settings.PROGRAMS_SUPPRESS_UP_TO,
    )


@staff_required()
@in_program_time_zone
def report_page(request: HttpRequest, slug: str) -> HttpResponse:
    access = program_for(_user(request), slug, ADMINS)
    form, result = _period(request, access)
    rows, months = [], []
    if result is not None:
        months = [date.fromisoformat(f"{m['month']}-01") for m in result.monthly]
        rows = [
            (
                key,
                # The key may wrap after each underscore, so a year of months fits beside it.
                mark_safe("_<wbr>".join(escape(part) for part in key.split("_"))),  # noqa: S308 (escaped)
                result.indicators[key],
                list(zip(months, [m["indicators"][key] for m in result.monthly], strict=True)),
            )
            for key in INDICATORS
        ]
    context = _ctx(
        access,
        form=form,
        result=result,
        rows=rows,
        months=months,
        charts=monthly_charts(result) if result is not None else [],
        threshold=settings.PROGRAMS_SUPPRESS_UP_TO,
        small=settings.PROGRAMS_SUPPRESS_UP_TO + 1,
        query=request.GET.urlencode(),
    )
    return _render(request, "programs/report.html", context)


def _csv_response(rows: Iterator[list[Any]], filename: str) -> StreamingHttpResponse:
    # The header is the first row; every cell goes through the one writer (formula-safe).
    response = StreamingHttpResponse(csv_lines(rows, bom=True))
    response["Content-Type"] = "text/csv; charset=utf-8"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@staff_required()
@in_program_time_zone
def report_csv(request: HttpRequest, slug: str) -> HttpResponse | StreamingHttpResponse:
    access = program_for(_user(request), slug, ADMINS)
    form, result = _period(request, access)
    if result is None:
        return _bad_download(form.errors.as_text())

    def rows() -> Iterator[list[Any]]:
        small = f"<{settings.PROGRAMS_SUPPRESS_UP_TO + 1}"
        yield ["indicator", "total"] + [m["month"] for m in result.monthly]
        for key in INDICATORS:
            values = [result.indicators[key]] + [m["indicators"][key] for m in result.monthly]
            yield [key] + [small if v is None else v for v in values]

    return _csv_response(rows(), f"{slug}-report-{result.first}-{result.last}.csv")


def _bad_download(problem: str) -> HttpResponse:
    """A download asked for with bad input: 400 and what was wrong, as plain text."""
    return HttpResponse(problem, status=400, content_type="text/plain; charset=utf-8")


ENCOUNTER_CSV_COLUMNS = (
    "id",
    "at",
    "site",
    "participant_code",
    "people",
    "syringes_distributed",
    "syringes_collected",
    "naloxone_kits",
    "naloxone_doses",
    "fentanyl_strips",
    "xylazine_strips",
    "hiv_tests",
    "hiv_reactive",
    "hcv_tests",
    "hcv_reactive",
    "referrals_made",
    "referrals_linked",
    "services",
)


def encounter_rows(
    access: ProgramAccess, first: date | None, last: date | None
) -> Iterator[list[Any]]:
    """Every encounter of the period as CSV rows, streamed from the database in chunks."""
    yield list(ENCOUNTER_CSV_COLUMNS)
    fields = [c for c in ENCOUNTER_CSV_COLUMNS if c not in ("site", "participant_code")]
    rows = (
        selectors.encounters_between(access, first, last)
        .order_by("at")
        .values_list(*fields, "site__name", "participant__code")
    )
    tz = access.tz
    for row in rows.iterator(chunk_size=2000):
        values = dict(zip(fields, row[: len(fields)], strict=True))
        code = row[-1]
        yield (
            [
                values["id"],
                values["at"].astimezone(tz).isoformat(),
                row[-2],
                f"{code[:3]}-{code[3:]}" if code else "",
            ]
            + [values[c] for c in ENCOUNTER_CSV_COLUMNS[4:-1]]
            + [";".join(values["services"])]
        )


@staff_required()
@in_program_time_zone
def encounters_csv(request: HttpRequest, slug: str) -> HttpResponse | StreamingHttpResponse:
    access = program_for(_user(request), slug, ADMINS)
    days: dict[str, date | None] = {}
    for name in ("from", "to"):
        raw = request.GET.get(name, "")
        try:
            days[name] = parse_date(raw) if raw else None
        except ValueError:  # well formed, but no such day (2025-02-30)
            days[name] = None
        if raw and days[name] is None:
            problem = _("%(name)s: “%(value)s” is not a day (YYYY-MM-DD).") % {
                "name": name,
                "value": raw[:20],
            }
            return _bad_download(problem)
    rows = encounter_rows(access, days["from"], days["to"])
    return _csv_response(rows, f"{slug}-encounters.csv")


# --- Import --------------------------------------------------------------------------------


def _import_text(form: ImportForm) -> str | None:
    upload = form.cleaned_data["file"]
    if upload.size > 10 * 1024 * 1024:
        form.add_error("file", _("At most 10 MB per file."))
        return None
    try:
        return str(upload.read().decode("utf-8"))
    except UnicodeDecodeError:
        form.add_error("file", _("Save the file as CSV in UTF-8 and try again."))
        return None


@staff_required()
@in_program_time_zone
def import_page(request: HttpRequest, slug: str) -> HttpResponse | StreamingHttpResponse:
    """Without JavaScript: upload, then the result page. With it (X-Import-Progress): a stream of
    "progress DONE TOTAL" lines while rows are checked, then "page" and the result page."""
    access = program_for(_user(request), slug, ADMINS)
    form = ImportForm(request.POST or None, request.FILES or None)
    result = None
    context = _ctx(access, form=form, result=None, columns=services.IMPORT_COLUMNS)
    text = _import_text(form) if request.method == "POST" and form.is_valid() else None
    if text is not None and request.headers.get("X-Import-Progress") == "1":
        user = _user(request)

        def stream() -> Iterator[str]:
            report = None
            for report in services.import_csv_steps(user=user, access=access, text=text):
                yield f"progress {report.checked} {report.rows}\n"
            page = render(request, "programs/import.html", {**context, "result": report})
            yield "page\n" + page.content.decode()

        response = StreamingHttpResponse(stream(), content_type="text/plain; charset=utf-8")
        response["Cache-Control"] = "no-store"
        response["X-Accel-Buffering"] = "no"
        return response
    if text is not None:
        result = services.import_csv(user=_user(request), access=access, text=text)
    status = 400 if (form.errors or (result is not None and not result.ok)) else 200
    context["result"] = result
    return render(request, "programs/import.html", context, status=status)


# --- The participant's own cards -----------------------------------------------------------


@participant_required
def mine(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    form = LinkCardForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            participant = services.card_link(user=user, code=form.cleaned_data["code"])
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(
                request,
                _("Your card %(code)s is linked. You can unlink it at any time.")
                % {"code": participant.shown_code},
            )
            return redirect("programs:mine")
    context = {
        "form": form,
        "cards": list(selectors.cards_of(user)),
        "encounters": list(selectors.own_encounters(user)[:100]),
    }
    return _render(request, "programs/mine.html", context)


@participant_required
@require_POST
def unlink(request: HttpRequest, participant_id: int) -> HttpResponse:
    services.card_unlink(user=_user(request), participant_id=participant_id)
    messages.success(request, _("Unlinked. The program's records stay with the program."))
    return redirect("programs:mine")
