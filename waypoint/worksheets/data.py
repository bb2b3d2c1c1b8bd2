"""Worksheets as plain data: the person's own export (JSON section and CSV) and what a
counselor's export carries under the `worksheets` scope. Two queries, whatever the amount."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from typing import Any

from django.utils import timezone

from waypoint.accounts.models import User
from waypoint.core.csv import csv_lines
from waypoint.worksheets import sheets
from waypoint.worksheets.models import Worksheet, WorksheetVersion
from waypoint.worksheets.selectors import all_with_versions


def _when(value: datetime | None) -> str | None:
    return timezone.localtime(value).isoformat() if value else None


def version_data(version: WorksheetVersion) -> dict[str, Any]:
    return {
        "number": version.number,
        "created_at": _when(version.created_at),
        "answers": version.answers,
    }


def worksheet_data(worksheet: Worksheet, versions: list[WorksheetVersion]) -> dict[str, Any]:
    return {
        "id": worksheet.pk,
        "kind": worksheet.kind,
        "topic": worksheet.topic,
        "pinned_to_today": worksheet.pinned,
        "created_at": _when(worksheet.created_at),
        "revised_at": _when(worksheet.revised_at),
        "versions": [version_data(v) for v in versions],
    }


def own_export(user: User) -> list[dict[str, Any]]:
    """The person's worksheets with every version, for their JSON export."""
    return [worksheet_data(w, versions) for w, versions in all_with_versions(user.pk)]


def shared_export(participant_id: int) -> list[dict[str, Any]]:
    """A client's worksheets for a counselor's export; the caller holds the consent already."""
    return [worksheet_data(w, versions) for w, versions in all_with_versions(participant_id)]


CSV_COLUMNS = (
    "worksheet_id",
    "kind",
    "topic",
    "version",
    "version_created_at",
    "question",
    "question_key",
    "answer",
)


def export_csv_rows(user: User) -> Iterator[str]:
    """One row per answer of every version: worksheet, version, question, answer."""
    rows = (
        [
            worksheet.pk,
            worksheet.kind,
            worksheet.topic,
            version.number,
            _when(version.created_at),
            str(row.label),
            row.key,
            row.text,
        ]
        for worksheet, versions in all_with_versions(user.pk)
        for version in versions
        for row in sheets.shown_answers(worksheet.kind, version.answers)
        if row.text
    )
    # The one CSV writer: formula escaping in every cell, a byte order mark for spreadsheets.
    return csv_lines(rows, header=CSV_COLUMNS, bom=True)
