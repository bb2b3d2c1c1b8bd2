"""The person's urges, usuals and prices in their export (JSON and the urges CSV)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.utils import timezone

from waypoint.accounts.models import User
from waypoint.companion.models import Price, Urge, Usual
from waypoint.core.csv import csv_lines


def urge_record(urge: Urge) -> dict[str, Any]:
    """One urge with every field."""
    return {
        "id": str(urge.id),
        "day": urge.day.isoformat(),
        "felt_at": timezone.localtime(urge.felt_at).isoformat(),
        "strength": urge.strength,
        "substance": urge.substance.name if urge.substance else None,
        "situation": urge.situation,
        "helped": urge.helped,
        "used": urge.used,
        "lasted_minutes": urge.lasted_minutes,
        "created_at": timezone.localtime(urge.created_at).isoformat(),
        "updated_at": timezone.localtime(urge.updated_at).isoformat(),
    }


def _urges(user: User) -> Iterator[Urge]:
    return (
        Urge.objects.filter(user=user)
        .select_related("substance")
        .order_by("felt_at", "created_at")
        .iterator(chunk_size=2000)
    )


def own_export(user: User) -> dict[str, Any]:
    """Urges, saved usuals and prices, for the person's own export (three queries)."""
    return {
        "urges": [urge_record(u) for u in _urges(user)],
        "usuals": [
            {
                "name": u.name,
                "substance": u.substance.name,
                "substance_slug": u.substance.slug,
                "amount": float(u.amount),
                "unit": u.unit,
                "abv_percent": u.abv_percent,
                "route": u.route,
                "created_at": timezone.localtime(u.created_at).isoformat(),
            }
            for u in Usual.objects.filter(user=user).select_related("substance")
        ],
        "prices": [
            {
                "substance": p.substance.name,
                "substance_slug": p.substance.slug,
                "unit": p.unit,
                "price": float(p.price),
            }
            for p in Price.objects.filter(user=user).select_related("substance").order_by("id")
        ],
    }


URGE_CSV_COLUMNS: tuple[str, ...] = (
    "id",
    "day",
    "felt_at",
    "strength",
    "substance",
    "situation",
    "helped",
    "used",
    "lasted_minutes",
    "created_at",
    "updated_at",
)


def urge_csv_rows(user: User) -> Iterator[str]:
    """The person's urges as CSV, one row each, produced as it is read."""
    rows = ([urge_record(u)[name] for name in URGE_CSV_COLUMNS] for u in _urges(user))
    return csv_lines(rows, header=URGE_CSV_COLUMNS, bom=True)
