"""Logging doses at a given time ago, through the journal's own service."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from waypoint.accounts.models import User
from waypoint.journal.models import Entry
from waypoint.journal.services import entry_create, substance_for


def dose(user: User, slug: str, hours_ago: float, amount: str = "1") -> Entry:
    """Log one use of a substance (catalogue slug or own substance) `hours_ago` hours ago."""
    when = timezone.localtime() - timedelta(hours=hours_ago)
    entry, _created = entry_create(
        user=user,
        substance=substance_for(user, slug),
        day=when.date(),
        at=when.time(),
        amount=Decimal(amount),
    )
    return entry
