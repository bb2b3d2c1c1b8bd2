"""Demo urges, a usual and a price for River (cutting down on drinking); idempotent."""

from __future__ import annotations

from datetime import time, timedelta
from decimal import Decimal

from django.db import transaction

from waypoint.accounts.models import User
from waypoint.companion.models import Price, Urge, Usual
from waypoint.companion.services import price_set, urge_create, usual_create
from waypoint.journal.models import today
from waypoint.journal.services import substance_for

# (days back, hour, strength, minutes until it passed, used afterwards, going on, what helped)
URGES = [
    (1, 18, 7, 15, False, "Home after a long shift", "A shower and dinner first"),
    (2, 21, 5, 10, False, "Friends texting from the pub", "Texted Dee"),
    (4, 19, 8, 40, True, "Friday, tired", ""),
    (5, 17, 4, 5, False, "Walking past the shop", "Texted Dee"),
    (8, 20, 6, 20, False, "Argument on the phone", "A walk"),
]


@transaction.atomic
def companion_demo(people: dict[str, User]) -> None:
    river = people.get("river")
    if river is None:
        return
    if not Urge.objects.filter(user=river).exists():
        for back, hour, strength, minutes, used, situation, helped in URGES:
            urge_create(
                user=river,
                day=today(river) - timedelta(days=back),
                at=time(hour, 0),
                strength=strength,
                lasted_minutes=minutes,
                used=used,
                situation=situation,
                helped=helped,
            )
    alcohol = substance_for(river, "alcohol")
    if not Usual.objects.filter(user=river).exists():
        usual_create(
            user=river,
            name="My IPA",
            substance=alcohol,
            amount=Decimal("473"),
            unit="ml",
            abv_percent=6.8,
        )
    if not Price.objects.filter(user=river).exists():
        price_set(user=river, substance=alcohol, price="4.50")
