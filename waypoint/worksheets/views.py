"""Worksheet pages: the participant's own (list, start, read, revise, versions, compare, pin,
CSV), and a counselor's read-only view of a client's worksheets under consent."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from waypoint.accounts.gate import participant_required, staff_required
from waypoint.accounts.models import User
from waypoint.care.models import AccessRecord, Scope
from waypoint.care.views.staff import client_page_context
from waypoint.core.errors import NotFound
from waypoint.core.forms import add_errors
from waypoint.journal.models import Profile
from waypoint.worksheets import charts, data, selectors, services, sheets
from waypoint.worksheets.forms import VALUE_ALIASES, WorksheetForm
from waypoint.worksheets.models import Worksheet, WorksheetVersion


def _me(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)
    return user


def _sheet(kind: str) -> sheets.Sheet:
    sheet = sheets.SHEETS.get(kind)
    if sheet is None:
        raise NotFound()
    return sheet


def _topic_ideas(user: User) -> list[str]:
    profile = Profile.objects.filter(user=user).prefetch_related("substances").first()
    return [s.name for s in profile.substances.all()] if profile else []


@participant_required
def worksheet_list(request: HttpRequest) -> HttpResponse:
    items = selectors.worksheets_of(_me(request))
    return render(
        request,
        "worksheets/list.html",
        {"items": items, "sheets": list(sheets.SHEETS.values())},
    )


def _form_page(
    request: HttpRequest, form: WorksheetForm, worksheet: Worksheet | None
) -> HttpResponse:
    return render(
        request,
        "worksheets/form.html",
        {"form": form, "sheet": form.sheet, "worksheet": worksheet},
        status=400 if form.errors else 200,
    )


@participant_required
def worksheet_new(request: HttpRequest, kind: str) -> HttpResponse:
    person = _me(request)
    sheet = _sheet(kind)
    initial = {"topic": request.GET.get("topic", "")[: sheets.TOPIC_MAX]}
    form = WorksheetForm(
        request.POST or None,
        sheet=sheet,
        with_topic=True,
        topics=_topic_ideas(person),
        initial=initial,
    )
    if request.method == "POST" and form.is_valid():
        try:
            worksheet, _version = services.worksheet_create(
                user=person, kind=kind, topic=form.cleaned_data["topic"], content=form.content()
            )
        except ValidationError as error:
            add_errors(form, error, VALUE_ALIASES)
        else:
            messages.success(request, _("Your worksheet is saved."))
            return redirect("worksheets:detail", worksheet.pk)
    return _form_page(request, form, None)


def _readings(versions: list[WorksheetVersion]) -> list[charts.Reading]:
    return [charts.Reading(v.created_at, v.importance, v.confidence, v.number) for v in versions]


def sheet_context(worksheet: Worksheet, versions: list[WorksheetVersion]) -> dict[str, Any]:
    """What the detail page and the counselor's page show of one worksheet."""
    latest = versions[-1]
    context: dict[str, Any] = {
        "worksheet": worksheet,
        "versions": versions,
        "latest": latest,
        "answers": sheets.shown_answers(worksheet.kind, latest.answers),
    }
    if worksheet.kind == sheets.READINESS:
        readings = _readings(versions)
        context["readings"] = readings
        context["chart"] = charts.readiness_chart(
            readings,
            title=_("Importance and confidence, 0 to 10, at each time it was filled in"),
            chart_id=f"ruler-{worksheet.pk}",
        )
        context["legend"] = {
            "importance": charts.legend_mark("importance"),
            "confidence": charts.legend_mark("confidence"),
        }
    return context


@participant_required
def worksheet_detail(request: HttpRequest, worksheet_id: int) -> HttpResponse:
    worksheet = selectors.worksheet_for(_me(request), worksheet_id)
    context = sheet_context(worksheet, selectors.versions_of(worksheet))
    return render(request, "worksheets/detail.html", context)


@participant_required
def worksheet_revise(request: HttpRequest, worksheet_id: int) -> HttpResponse:
    person = _me(request)
    worksheet = selectors.worksheet_for(person, worksheet_id)
    latest = selectors.versions_of(worksheet)[-1]
    form = WorksheetForm(
        request.POST or None,
        sheet=worksheet.sheet,
        with_topic=False,
        initial=WorksheetForm.initial_from(latest.answers),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.worksheet_revise(
                user=person, worksheet_id=worksheet.pk, content=form.content()
            )
        except ValidationError as error:
            add_errors(form, error, VALUE_ALIASES)
        else:
            messages.success(request, _("Saved as a new version. Earlier versions are kept."))
            return redirect("worksheets:detail", worksheet.pk)
    return _form_page(request, form, worksheet)


@participant_required
def worksheet_version(request: HttpRequest, worksheet_id: int, number: int) -> HttpResponse:
    worksheet = selectors.worksheet_for(_me(request), worksheet_id)
    version = selectors.version_of(worksheet, number)
    return render(
        request,
        "worksheets/version.html",
        {
            "worksheet": worksheet,
            "version": version,
            "newest": selectors.versions_of(worksheet)[-1].number,
            "answers": sheets.shown_answers(worksheet.kind, version.answers),
        },
    )


def _number(value: str | None, default: int) -> int:
    try:
        return int(value) if value else default
    except ValueError:
        return -1


@participant_required
def worksheet_compare(request: HttpRequest, worksheet_id: int) -> HttpResponse:
    worksheet = selectors.worksheet_for(_me(request), worksheet_id)
    versions = selectors.versions_of(worksheet)
    newest = versions[-1].number
    first = _number(request.GET.get("a"), max(1, newest - 1))
    second = _number(request.GET.get("b"), newest)
    numbers = {v.number for v in versions}
    if first not in numbers or second not in numbers:
        messages.error(request, _("Choose two versions of this worksheet to compare."))
        first, second = max(1, newest - 1), newest
    before, after = selectors.version_of(worksheet, first), selectors.version_of(worksheet, second)
    rows = sheets.compare(worksheet.kind, before.answers, after.answers)
    return render(
        request,
        "worksheets/compare.html",
        {
            "worksheet": worksheet,
            "versions": versions,
            "before": before,
            "after": after,
            "rows": rows,
            "changed": sum(row.changed for row in rows),
        },
    )


@participant_required
@require_POST
def worksheet_pin(request: HttpRequest, worksheet_id: int) -> HttpResponse:
    pinned = request.POST.get("pinned") == "1"
    try:
        worksheet = services.worksheet_pin(
            user=_me(request), worksheet_id=worksheet_id, pinned=pinned
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("worksheets:detail", worksheet_id)
    if worksheet.pinned:
        messages.success(request, _("Pinned to Today."))
    else:
        messages.success(request, _("Taken off Today."))
    return redirect("worksheets:detail", worksheet.pk)


@participant_required
def worksheet_delete(request: HttpRequest, worksheet_id: int) -> HttpResponse:
    """Ask first (GET); delete the worksheet with all its versions on POST."""
    person = _me(request)
    worksheet = selectors.worksheet_for(person, worksheet_id)
    if request.method == "POST":
        services.worksheet_delete(user=person, worksheet_id=worksheet.pk)
        messages.success(request, _("The worksheet and all its versions are deleted."))
        return redirect("worksheets:list")
    count = len(selectors.versions_of(worksheet))
    return render(request, "worksheets/delete.html", {"worksheet": worksheet, "count": count})


@participant_required
def export_csv(request: HttpRequest) -> StreamingHttpResponse:
    person = _me(request)
    response = StreamingHttpResponse(
        data.export_csv_rows(person), content_type="text/csv; charset=utf-8"
    )
    stem = "notes" if person.discreet_mode else "waypoint"
    response["Content-Disposition"] = f'attachment; filename="{stem}-worksheets.csv"'
    return response


# --- A counselor's view of a client's worksheets ------------------------------------------------


@staff_required()
def client_worksheets(request: HttpRequest, participant_id: int) -> HttpResponse:
    context = client_page_context(request, participant_id, Scope.WORKSHEETS)
    found = selectors.shared_worksheets(_me(request), participant_id, via=AccessRecord.Via.PAGE)
    context["sheets"] = [
        sheet_context(w, versions)
        | {
            "earlier": [
                (v, sheets.shown_answers(w.kind, v.answers)) for v in reversed(versions[:-1])
            ]
        }
        for w, versions in found
    ]
    return render(request, "worksheets/client.html", context)
