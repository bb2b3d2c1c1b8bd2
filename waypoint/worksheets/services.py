"""Writing worksheets: start one, revise it (a new version, the old ones kept), pin a plan."""

from __future__ import annotations

import json
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from waypoint.accounts.gate import require_participant
from waypoint.accounts.models import User
from waypoint.core.errors import NotFound
from waypoint.worksheets import sheets
from waypoint.worksheets.models import Worksheet, WorksheetVersion


def _version(worksheet: Worksheet, number: int, content: dict[str, Any]) -> WorksheetVersion:
    return WorksheetVersion.objects.create(
        worksheet=worksheet,
        number=number,
        content=json.dumps(content, ensure_ascii=False),
        importance=content.get("importance") if worksheet.kind == sheets.READINESS else None,
        confidence=content.get("confidence") if worksheet.kind == sheets.READINESS else None,
        created_at=worksheet.revised_at,
    )


def worksheet_create(
    *, user: User, kind: str, topic: Any, content: Any
) -> tuple[Worksheet, WorksheetVersion]:
    """A new worksheet of `kind` about `topic`, with its first version."""
    require_participant(user)
    errors: dict[str, Any] = {}
    clean_topic = ""
    clean: dict[str, Any] = {}
    try:
        clean_topic = sheets.clean_topic(topic)
    except ValidationError as error:
        errors |= error.message_dict
    try:
        clean = sheets.clean_content(kind, content)
    except ValidationError as error:
        errors |= error.message_dict
    if errors:
        raise ValidationError(errors)
    now = timezone.now()
    with transaction.atomic():
        worksheet = Worksheet.objects.create(
            user=user, kind=kind, topic=clean_topic, created_at=now, revised_at=now
        )
        version = _version(worksheet, 1, clean)
    return worksheet, version


def _own(user: User, worksheet_id: int, *, lock: bool = False) -> Worksheet:
    require_participant(user)
    found = Worksheet.objects.filter(pk=worksheet_id, user=user)
    if lock:
        found = found.select_for_update()
    worksheet = found.first()
    if worksheet is None:
        raise NotFound()
    return worksheet


def worksheet_revise(*, user: User, worksheet_id: int, content: Any) -> WorksheetVersion:
    """The next version of the person's worksheet; every earlier version stays as it was."""
    with transaction.atomic():
        worksheet = _own(user, worksheet_id, lock=True)
        clean = sheets.clean_content(worksheet.kind, content)
        latest = worksheet.versions.aggregate(n=Max("number"))["n"] or 0
        worksheet.revised_at = timezone.now()
        worksheet.save(update_fields=["revised_at"])
        return _version(worksheet, latest + 1, clean)


def worksheet_pin(*, user: User, worksheet_id: int, pinned: bool) -> Worksheet:
    """Pin a change plan to Today (unpinning any other), or take it off Today."""
    with transaction.atomic():
        worksheet = _own(user, worksheet_id, lock=True)
        if pinned and not worksheet.can_pin:
            raise ValidationError({"pinned": _("Only a change plan can be pinned to Today.")})
        if pinned:
            Worksheet.objects.filter(user=user, pinned_at__isnull=False).exclude(
                pk=worksheet.pk
            ).update(pinned_at=None)
            if worksheet.pinned_at is None:
                worksheet.pinned_at = timezone.now()
        else:
            worksheet.pinned_at = None
        worksheet.save(update_fields=["pinned_at"])
    return worksheet


def worksheet_delete(*, user: User, worksheet_id: int) -> None:
    """Delete the person's worksheet and every version of it, for good."""
    with transaction.atomic():
        _own(user, worksheet_id, lock=True).delete()
