"""Demo data for safety: River (who is cutting down on drinking) has added a weight, so Today
shows the blood alcohol range after a logged drink."""

from __future__ import annotations

from decimal import Decimal

from waypoint.accounts.models import User
from waypoint.safety.models import BodyFacts


def demo_safety(people: dict[str, User]) -> None:
    river = people.get("river")
    if river is not None:
        BodyFacts.objects.get_or_create(user=river, defaults={"weight_kg": Decimal("72")})
