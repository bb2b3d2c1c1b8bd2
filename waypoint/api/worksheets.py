"""Worksheets API: the participant's own worksheets, their versions, revising and pinning.

Participants only (403 for staff accounts). Another person's worksheet answers 404, exactly like
one that does not exist. A revision adds a version and never changes an earlier one.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.http import HttpRequest
from ninja import Field, Router, Schema, Status

from waypoint.api.auth import PARTICIPANT_AUTH, participant
from waypoint.worksheets import selectors, services, sheets
from waypoint.worksheets.models import Worksheet, WorksheetVersion

router = Router(tags=["worksheets"], auth=PARTICIPANT_AUTH)


class WorksheetVersionOut(Schema):
    number: int
    created_at: datetime
    answers: dict[str, Any] = Field(
        description="the answers, keyed by question (see GET /worksheets/kinds)"
    )


class WorksheetBaseOut(Schema):
    id: int
    kind: str
    kind_label: str
    topic: str
    pinned: bool
    created_at: datetime
    revised_at: datetime


class WorksheetSummaryOut(WorksheetBaseOut):
    version_count: int
    latest: WorksheetVersionOut


class WorksheetOut(WorksheetBaseOut):
    versions: list[WorksheetVersionOut] = Field(description="every version, oldest first")


class WorksheetIn(Schema):
    kind: str = Field(description=f"one of: {', '.join(sheets.SHEETS)}")
    topic: str = Field(description="the substance or behaviour, in your words")
    content: dict[str, Any] = Field(description="answers keyed by question key")


class WorksheetReviseIn(Schema):
    content: dict[str, Any] = Field(description="the whole new version's answers")


class WorksheetPinIn(Schema):
    pinned: bool = Field(description="true pins this change plan to Today (unpinning others)")


class WorksheetQuestionOut(Schema):
    key: str
    label: str
    shape: str = Field(description="text, line, choice or scale (an integer 0-10, required)")
    choices: list[str]


class WorksheetKindOut(Schema):
    kind: str
    name: str
    about: str
    questions: list[WorksheetQuestionOut]
    values: list[str] | None = Field(
        None,
        description=(
            "for `values`: codes for content.values, a list of up to 5 "
            '{"value": code, "own": your words, "fit": note}, most important first'
        ),
    )


def _version_out(version: WorksheetVersion) -> WorksheetVersionOut:
    return WorksheetVersionOut(
        number=version.number, created_at=version.created_at, answers=version.answers
    )


def _worksheet_out(worksheet: Worksheet) -> WorksheetOut:
    return WorksheetOut(
        id=worksheet.pk,
        kind=worksheet.kind,
        kind_label=str(worksheet.get_kind_display()),
        topic=worksheet.topic,
        pinned=worksheet.pinned,
        created_at=worksheet.created_at,
        revised_at=worksheet.revised_at,
        versions=[_version_out(v) for v in selectors.versions_of(worksheet)],
    )


@router.get("/worksheets/kinds", response=list[WorksheetKindOut])
def worksheet_kinds(request: HttpRequest) -> list[WorksheetKindOut]:
    """What each kind of worksheet asks."""
    participant(request)
    return [
        WorksheetKindOut(
            kind=sheet.kind,
            name=str(sheet.name),
            about=str(sheet.about),
            questions=[
                WorksheetQuestionOut(
                    key=q.key,
                    label=str(q.label),
                    shape=q.shape,
                    choices=[code for code, _label in q.choices],
                )
                for q in sheet.questions
            ],
            values=[code for code, _label in sheets.VALUE_CHOICES] if sheet.ranks_values else None,
        )
        for sheet in sheets.SHEETS.values()
    ]


@router.get("/worksheets", response=list[WorksheetSummaryOut])
def worksheet_list(request: HttpRequest) -> list[WorksheetSummaryOut]:
    """Your worksheets, most recently revised first, each with its newest version."""
    return [
        WorksheetSummaryOut(
            id=item.worksheet.pk,
            kind=item.worksheet.kind,
            kind_label=str(item.worksheet.get_kind_display()),
            topic=item.worksheet.topic,
            pinned=item.worksheet.pinned,
            created_at=item.worksheet.created_at,
            revised_at=item.worksheet.revised_at,
            version_count=item.version_count,
            latest=_version_out(item.latest),
        )
        for item in selectors.worksheets_of(participant(request))
    ]


@router.post("/worksheets", response={201: WorksheetOut})
def worksheet_create(request: HttpRequest, payload: WorksheetIn) -> Status[WorksheetOut]:
    """Start a worksheet: its first version."""
    person = participant(request)
    worksheet, _version = services.worksheet_create(
        user=person, kind=payload.kind, topic=payload.topic, content=payload.content
    )
    return Status(201, _worksheet_out(selectors.worksheet_for(person, worksheet.pk)))


@router.get("/worksheets/{worksheet_id}", response=WorksheetOut)
def worksheet_get(request: HttpRequest, worksheet_id: int) -> WorksheetOut:
    """One worksheet with every version."""
    return _worksheet_out(selectors.worksheet_for(participant(request), worksheet_id))


@router.post("/worksheets/{worksheet_id}/versions", response={201: WorksheetVersionOut})
def worksheet_revise(
    request: HttpRequest, worksheet_id: int, payload: WorksheetReviseIn
) -> Status[WorksheetVersionOut]:
    """Revise: the answers become the next version; earlier versions stay as they were."""
    version = services.worksheet_revise(
        user=participant(request), worksheet_id=worksheet_id, content=payload.content
    )
    return Status(201, _version_out(version))


@router.post("/worksheets/{worksheet_id}/pin", response=WorksheetOut)
def worksheet_pin(request: HttpRequest, worksheet_id: int, payload: WorksheetPinIn) -> WorksheetOut:
    """Pin a change plan to Today, or take it off (only change plans can be pinned: 422)."""
    person = participant(request)
    services.worksheet_pin(user=person, worksheet_id=worksheet_id, pinned=payload.pinned)
    return _worksheet_out(selectors.worksheet_for(person, worksheet_id))


@router.delete("/worksheets/{worksheet_id}", response={204: None})
def worksheet_delete(request: HttpRequest, worksheet_id: int) -> Status[None]:
    """Delete the worksheet and every version of it, for good."""
    services.worksheet_delete(user=participant(request), worksheet_id=worksheet_id)
    return Status(204, None)
