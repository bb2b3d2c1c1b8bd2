"""Writes: a class for a person's own substance, and the figures for the blood alcohol estimate."""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from waypoint.accounts.gate import require_participant
from waypoint.accounts.models import User
from waypoint.core.errors import NotFound
from waypoint.journal.models import Substance
from waypoint.safety.models import Body, BodyFacts, OwnSubstanceClass
from waypoint.safety.table import load

MIN_WEIGHT_KG = Decimal("25")
MAX_WEIGHT_KG = Decimal("350")


@transaction.atomic
def own_class_set(*, user: User, substance_id: int, klass: str) -> OwnSubstanceClass | None:
    """Give one of the person's own substances a class ('' removes it)."""
    require_participant(user)
    substance = Substance.objects.filter(owner=user, pk=substance_id).first()
    if substance is None:
        raise NotFound(_("That substance is not one of yours."))
    if not klass:
        OwnSubstanceClass.objects.filter(substance=substance).delete()
        return None
    if klass not in load().sheets:
        raise ValidationError({"klass": _("Choose one of the classes in the list.")})
    chosen, _created = OwnSubstanceClass.objects.update_or_create(
        substance=substance, defaults={"klass": klass}
    )
    return chosen


@transaction.atomic
def body_facts_set(*, user: User, weight_kg: Decimal | None, body: str) -> BodyFacts:
    """Save (or clear) the weight and body-water average the estimate uses."""
    require_participant(user)
    if weight_kg is not None and not MIN_WEIGHT_KG <= weight_kg <= MAX_WEIGHT_KG:
        raise ValidationError(
            {
                "weight_kg": _("Enter a weight between %(low)s and %(high)s kg.")
                % {"low": MIN_WEIGHT_KG, "high": MAX_WEIGHT_KG}
            }
        )
    if body and body not in Body.values:
        raise ValidationError({"body": _("Choose one of the options, or leave it empty.")})
    facts, _created = BodyFacts.objects.update_or_create(
        user=user, defaults={"weight_kg": weight_kg, "body": body}
    )
    return facts
