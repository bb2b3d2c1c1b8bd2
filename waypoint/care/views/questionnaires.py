"""The participant's questionnaires: take any of them, see results and scores over time."""

from __future__ import annotations

import json

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from waypoint.accounts.gate import participant_required, signed_in
from waypoint.assessments.models import Assessment
from waypoint.assessments.questions import QUESTIONNAIRES
from waypoint.care import selectors, services
from waypoint.care.charts import charts_for, score_chart, shown_score
from waypoint.care.disclosure import crisis_resources
from waypoint.care.fhir import assessment_bundle
from waypoint.care.forms import QuestionnaireForm
from waypoint.care.models import OFFERED_INSTRUMENTS, Decision
from waypoint.care.readers import assessments_of
from waypoint.core.forms import add_errors
from waypoint.core.input import is_id
from waypoint.measures import INSTRUMENTS


@participant_required
def index(request: HttpRequest) -> HttpResponse:
    person = signed_in(request)
    mine = list(assessments_of(person.pk))
    latest: dict[str, Assessment] = {}
    for item in mine:
        latest.setdefault(item.instrument, item)
    offered = [
        {
            "questionnaire": QUESTIONNAIRES[key],
            "latest": latest.get(key),
            "score": shown_score(key, latest[key].total) if key in latest else None,
        }
        for key in OFFERED_INSTRUMENTS
    ]
    context = {
        "offered": offered,
        "requests": list(selectors.requests_for(person).filter(status=Decision.PENDING)),
        "charts": charts_for(mine),
    }
    return render(request, "care/questionnaires.html", context)


def _request_id(request: HttpRequest) -> int | None:
    raw = request.POST.get("request") or request.GET.get("request")
    return int(raw) if is_id(raw) else None


@participant_required
def take(request: HttpRequest, key: str) -> HttpResponse:
    person = signed_in(request)
    if key not in OFFERED_INSTRUMENTS:
        raise Http404
    questionnaire = QUESTIONNAIRES[key]
    request_id = _request_id(request)
    asked_by = None
    if request_id is not None:
        asked_by = (
            selectors.requests_for(person)
            .filter(pk=request_id, instrument=key, status=Decision.PENDING)
            .first()
        )
        if asked_by is None:
            request_id = None
    form = QuestionnaireForm(request.POST or None, questionnaire=questionnaire)
    if request.method == "POST" and form.is_valid():
        try:
            assessment = services.assessment_take(
                participant=person, instrument=key, answers=form.answers(), request_id=request_id
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            return redirect("care:questionnaire_result", assessment_id=assessment.pk)
    context = {"questionnaire": questionnaire, "form": form, "asked_by": asked_by}
    return render(
        request, "care/questionnaire_form.html", context, status=400 if form.errors else 200
    )


@participant_required
def result(request: HttpRequest, assessment_id: int) -> HttpResponse:
    """The score in plain words; crisis resources first whenever PHQ-9 item 9 was above 0."""
    person = signed_in(request)
    assessment = assessments_of(person.pk).filter(pk=assessment_id).first()
    if assessment is None:
        raise Http404
    history = list(assessments_of(person.pk).filter(instrument=assessment.instrument))
    context = {
        "assessment": assessment,
        "instrument": INSTRUMENTS[assessment.instrument],
        "questionnaire": QUESTIONNAIRES.get(assessment.instrument),
        "score": shown_score(assessment.instrument, assessment.total),
        "crisis": crisis_resources() if "self_harm" in (assessment.flags or []) else None,
        "chart": score_chart(assessment.instrument, history) if len(history) > 1 else None,
        "history": history,
    }
    return render(request, "care/questionnaire_result.html", context)


@participant_required
def fhir_export(request: HttpRequest) -> HttpResponse:
    """The person's own questionnaires as a FHIR R4 Bundle, to take to any clinic."""
    person = signed_in(request)
    bundle = assessment_bundle(person, assessments_of(person.pk).order_by("taken_at"))
    response = HttpResponse(
        json.dumps(bundle, indent=2, ensure_ascii=False), content_type="application/fhir+json"
    )
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="waypoint-questionnaires-{stamp}.json"'
    return response
