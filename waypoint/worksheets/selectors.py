"""Reading worksheets: the person's own, or a client's under a consent covering `worksheets`.

The one permission decision: a participant reads only their own worksheets (another person's
id is NotFound, like a missing one); staff read only through `care.selectors.consent_for`,
which also writes the access record the participant can see.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, OuterRef, Prefetch, Subquery

from waypoint.accounts.gate import require_participant, require_staff
from waypoint.care.models import Scope
from waypoint.care.selectors import consent_for
from waypoint.core.errors import NotFound
from waypoint.worksheets.models import Worksheet, WorksheetVersion


@dataclass
class Listed:
    """A worksheet with its newest version and how many versions it has."""

    worksheet: Worksheet
    latest: WorksheetVersion
    version_count: int


def _latest_number() -> Subquery:
    return Subquery(
        WorksheetVersion.objects.filter(worksheet=OuterRef("worksheet"))
        .order_by("-number")
        .values("number")[:1]
    )


def _listed(owner_id: int) -> list[Listed]:
    """Every worksheet of one person with its newest version, in two queries."""
    worksheets = list(
        Worksheet.objects.filter(user_id=owner_id)
        .annotate(version_count=Count("versions"))
        .order_by("-revised_at", "-pk")  # Meta.ordering does not apply to GROUP BY queries
    )
    latest = {
        v.worksheet_id: v
        for v in WorksheetVersion.objects.filter(
            worksheet__user_id=owner_id, number=_latest_number()
        )
    }
    return [Listed(w, latest[w.pk], w.version_count) for w in worksheets if w.pk in latest]


def worksheets_of(user: Any) -> list[Listed]:
    """The participant's own worksheets, most recently revised first."""
    return _listed(require_participant(user).pk)


def worksheet_for(user: Any, worksheet_id: int) -> Worksheet:
    """One of the participant's own worksheets with every version (oldest first); else NotFound."""
    person = require_participant(user)
    worksheet = (
        Worksheet.objects.filter(pk=worksheet_id, user=person)
        .prefetch_related(
            Prefetch("versions", queryset=WorksheetVersion.objects.order_by("number"))
        )
        .first()
    )
    if worksheet is None:
        raise NotFound()
    return worksheet


def versions_of(worksheet: Worksheet) -> list[WorksheetVersion]:
    """The versions fetched with `worksheet_for`, oldest first."""
    return list(worksheet.versions.all())


def version_of(worksheet: Worksheet, number: int) -> WorksheetVersion:
    for version in versions_of(worksheet):
        if version.number == number:
            return version
    raise NotFound()


def pinned_plan(user: Any) -> WorksheetVersion | None:
    """The newest version of the change plan the person pinned to Today, in one query."""
    if not getattr(user, "is_authenticated", False):
        return None
    return (
        WorksheetVersion.objects.filter(worksheet__user=user, worksheet__pinned_at__isnull=False)
        .select_related("worksheet")
        .order_by("-number")
        .first()
    )


def all_with_versions(owner_id: int) -> list[tuple[Worksheet, list[WorksheetVersion]]]:
    """Every worksheet of one person with all its versions (oldest first), in one query."""
    found: dict[int, tuple[Worksheet, list[WorksheetVersion]]] = {}
    versions = (
        WorksheetVersion.objects.filter(worksheet__user_id=owner_id)
        .select_related("worksheet")
        .order_by("worksheet__created_at", "worksheet_id", "number")
    )
    for version in versions:
        found.setdefault(version.worksheet_id, (version.worksheet, []))[1].append(version)
    return list(found.values())


def shared_worksheets(
    viewer: Any, participant_id: int, *, via: str
) -> list[tuple[Worksheet, list[WorksheetVersion]]]:
    """A client's worksheets with every version, only under a live consent covering worksheets.

    `consent_for` decides and writes the access record; without a consent: NotFound, whether or
    not the person exists.
    """
    require_staff(viewer)
    if consent_for(viewer, participant_id, Scope.WORKSHEETS, via=via) is None:
        raise NotFound()
    found = all_with_versions(participant_id)
    return sorted(found, key=lambda pair: (pair[0].revised_at, pair[0].pk), reverse=True)
