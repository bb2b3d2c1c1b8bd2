"""A participant's questionnaires as a FHIR R4 Bundle: QuestionnaireResponses and Observations.

Follows the shape of US Core's "Observation Screening Assessment": each answer set is a
QuestionnaireResponse; its scores are `survey` Observations: a panel with `hasMember` pointing
at the total and at one Observation per item, each `derivedFrom` the response. LOINC codes come
from waypoint.measures.INSTRUMENTS; where LOINC has no code (WHO-5, the readiness ruler, most
single items), a Waypoint code system is used. The bundle is plain R4 JSON; the tests validate
it with fhir.resources' R4B models, which match R4 for every resource used here.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from datetime import datetime
from typing import Any

from django.utils import timezone

from waypoint.accounts.models import User
from waypoint.assessments.models import Assessment
from waypoint.assessments.questions import QUESTIONNAIRES
from waypoint.care.disclosure import REDISCLOSURE_NOTICE
from waypoint.measures import INSTRUMENTS

LOINC = "http://loinc.org"
WAYPOINT_CODES = "urn:waypoint:questionnaire"
NOTICE_EXTENSION = "urn:waypoint:fhir:redisclosure-notice"
CATEGORY = {
    "coding": [
        {
            "system": "http://terminology.hl7.org/CodeSystem/observation-category",
            "code": "survey",
            "display": "Survey",
        }
    ]
}
# The HL7 security label for records under 42 CFR Part 2.
PART2_LABEL = {
    "system": "http://terminology.hl7.org/CodeSystem/v3-ActCode",
    "code": "42CFRPart2",
    "display": "42 CFR Part2",
}
# Stable ids: the same assessment exports to the same resource ids every time.
_NAMESPACE = uuid.UUID("6f1c1f1e-6c57-4f0e-9b8f-6f9a4b7e2d10")


def _urn(*parts: object) -> str:
    return f"urn:uuid:{uuid.uuid5(_NAMESPACE, ':'.join(map(str, parts)))}"


def _when(moment: datetime) -> str:
    return timezone.localtime(moment).isoformat(timespec="seconds")


def _code(code: str | None, fallback: str, display: str) -> dict[str, Any]:
    coding = (
        {"system": LOINC, "code": code, "display": display}
        if code
        else {"system": WAYPOINT_CODES, "code": fallback, "display": display}
    )
    return {"coding": [coding], "text": display}


def _value(answer: object) -> dict[str, Any]:
    if isinstance(answer, bool):
        return {"valueBoolean": answer}
    return {"valueInteger": int(answer)}  # type: ignore[call-overload]  # an answer is an int here (bool handled above); int() of object is untyped


def _item_names(key: str) -> list[str]:
    """Question texts where Waypoint asks the questionnaire, else 'item N'."""
    questionnaire = QUESTIONNAIRES.get(key)
    count = INSTRUMENTS[key].item_count
    if questionnaire is None:
        return [f"item {n}" for n in range(1, count + 1)]
    return [str(q.text) for q in questionnaire.questions]


def _entries(assessment: Assessment, subject: dict[str, str]) -> list[dict[str, Any]]:
    """The response, then the panel, the total (when scored) and one Observation per item."""
    instrument = INSTRUMENTS[assessment.instrument]
    item_codes = dict(instrument.loinc_items)
    names = _item_names(assessment.instrument)
    when = _when(assessment.taken_at)
    response_url = _urn("assessment", assessment.pk, "response")
    link_ids = [
        item_codes.get(n) or f"{assessment.instrument}-{n}"
        for n in range(1, len(assessment.answers) + 1)
    ]
    response = {
        "resourceType": "QuestionnaireResponse",
        "status": "completed",
        "questionnaire": f"{LOINC}/q/{instrument.loinc_panel}"
        if instrument.loinc_panel
        else f"{WAYPOINT_CODES}:{assessment.instrument}",
        "subject": subject,
        "authored": when,
        "item": [
            {"linkId": link_id, "text": name, "answer": [_value(answer)]}
            for link_id, name, answer in zip(link_ids, names, assessment.answers, strict=False)
        ],
    }
    common = {
        "status": "final",
        "category": [CATEGORY],
        "subject": subject,
        "effectiveDateTime": when,
        "derivedFrom": [{"reference": response_url}],
    }
    members: list[tuple[str, dict[str, Any]]] = []
    if assessment.instrument != "readiness":
        total = {
            "resourceType": "Observation",
            **common,
            "code": _code(
                instrument.loinc_total,
                f"{assessment.instrument}-total",
                f"{instrument.name} total score",
            ),
            "valueInteger": assessment.total,
        }
        if assessment.band:
            total["interpretation"] = [{"text": assessment.band}]
        members.append((_urn("assessment", assessment.pk, "total"), total))
    for number, (link_id, name, answer) in enumerate(
        zip(link_ids, names, assessment.answers, strict=False), 1
    ):
        members.append(
            (
                _urn("assessment", assessment.pk, "item", number),
                {
                    "resourceType": "Observation",
                    **common,
                    "code": _code(item_codes.get(number), link_id, name),
                    **_value(answer),
                },
            )
        )
    panel = {
        "resourceType": "Observation",
        **common,
        "code": _code(instrument.loinc_panel, assessment.instrument, instrument.name),
        "hasMember": [{"reference": url} for url, _resource in members],
    }
    return [
        {"fullUrl": response_url, "resource": response},
        {"fullUrl": _urn("assessment", assessment.pk, "panel"), "resource": panel},
        *({"fullUrl": url, "resource": resource} for url, resource in members),
    ]


def assessment_bundle(participant: User, assessments: Iterable[Assessment]) -> dict[str, Any]:
    """A `collection` Bundle of the assessments, labelled as 42 CFR Part 2 with the notice."""
    patient_url = _urn("participant", participant.pk)
    subject = {"reference": patient_url, "display": participant.shown_name}
    entries: list[dict[str, Any]] = [
        {
            "fullUrl": patient_url,
            "resource": {
                "resourceType": "Patient",
                "identifier": [
                    {"system": "urn:waypoint:participant", "value": str(participant.pk)}
                ],
                "name": [{"text": participant.shown_name}],
            },
        }
    ]
    for assessment in assessments:
        entries.extend(_entries(assessment, subject))
    return {
        "resourceType": "Bundle",
        "type": "collection",
        "timestamp": _when(timezone.now()),
        "meta": {
            "security": [PART2_LABEL],
            "extension": [{"url": NOTICE_EXTENSION, "valueString": str(REDISCLOSURE_NOTICE)}],
        },
        "entry": entries,
    }
