"""Small helpers that write test data through the real services."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from typing import Any

from waypoint.accounts.models import User
from waypoint.journal.models import CheckIn, Entry
from waypoint.journal.services import checkin_set, entry_create, substance_for


def log(
    user: User, day: date, amount: float | str, substance: str = "alcohol", **fields: Any
) -> Entry:
    """Log `amount` of a substance (standard drinks for alcohol) on a day.

    Test data is not a person typing: an unusual amount is saved without the question unless
    the test asks for it (confirm_unusual=False).
    """
    fields.setdefault("confirm_unusual", True)
    entry, _created = entry_create(
        user=user,
        substance=substance_for(user, substance),
        day=day,
        amount=Decimal(str(amount)),
        **fields,
    )
    return entry


def no_use(user: User, day: date, **fields: Any) -> CheckIn:
    return checkin_set(user=user, day=day, no_use=True, **fields)


def body(response: Any) -> bytes:
    """A response's bytes, whether it was streamed (the exports) or not."""
    if response.streaming:
        return b"".join(response.streaming_content)
    return bytes(response.content)


def own_export(client: Any, url: str = "/settings/export.json") -> Any:
    """The signed-in person's JSON export, downloaded and parsed."""
    response = client.get(url)
    assert response.status_code == 200, response
    return json.loads(body(response))
