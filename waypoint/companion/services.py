"""Writing urges, usuals and prices; logging a usual in one tap through the journal."""

from __future__ import annotations

import uuid
from datetime import date, datetime, time
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from waypoint.accounts.models import User
from waypoint.accounts.zones import local_now
from waypoint.companion.models import Price, Urge, Usual
from waypoint.core.errors import Conflict, NotFound
from waypoint.journal import services as journal
from waypoint.journal.models import Entry, Substance, today
from waypoint.journal.plausible import EARLIEST_DAY
from waypoint.journal.vocab import Route, Unit

MAX_TEXT = 2000
MAX_MINUTES = 24 * 60
MAX_PRICE = Decimal("100000")
URGE_FIELDS = (
    "day",
    "at",
    "strength",
    "substance",
    "situation",
    "helped",
    "used",
    "lasted_minutes",
)


def person_now(user: User) -> datetime:
    """The person's own "now", on their own clock (`accounts.zones`): every default time here
    goes through this one function, whether a page, the API or a command asks."""
    return local_now(user)


def _check_urge(urge: Urge, values: dict[str, Any]) -> None:
    unknown = set(values) - set(URGE_FIELDS)
    if unknown:
        raise ValidationError({sorted(unknown)[0]: _("Unknown field.")})
    day = values.get("day", urge.day if urge.day else today())
    if day is None:
        day = today()
    if day > today():
        raise ValidationError({"day": _("That day is in the future.")})
    if day < EARLIEST_DAY:
        raise ValidationError({"day": _("That day is too long ago.")})
    at: time | None = values.get("at")
    if (at is None and "at" in values) or (at is None and urge.felt_at is None):
        at = person_now(urge.user).time() if day == today() else time(12, 0)
    if at is not None:
        urge.felt_at = timezone.make_aware(datetime.combine(day, at))
    elif urge.felt_at is not None and day != urge.day:
        urge.felt_at = timezone.make_aware(
            datetime.combine(day, timezone.localtime(urge.felt_at).time())
        )
    urge.day = day
    if "strength" in values or urge.strength is None:
        strength = values.get("strength")
        if strength is None or not 1 <= int(strength) <= 10:
            raise ValidationError({"strength": _("Strength is from 1 to 10.")})
        urge.strength = int(strength)
    if "substance" in values:
        urge.substance = values["substance"]
    for name in ("situation", "helped"):
        if name in values:
            text = (values[name] or "").strip()
            if len(text) > MAX_TEXT:
                raise ValidationError({name: _("Keep it to 2000 characters or fewer.")})
            setattr(urge, name, text)
    if "used" in values:
        urge.used = values["used"]
    if "lasted_minutes" in values:
        minutes = values["lasted_minutes"]
        if minutes is not None and not 0 <= int(minutes) <= MAX_MINUTES:
            raise ValidationError(
                {"lasted_minutes": _("Minutes are from 0 to 1440 (a whole day).")}
            )
        urge.lasted_minutes = minutes


@transaction.atomic
def urge_create(
    *, user: User, urge_id: uuid.UUID | None = None, **values: Any
) -> tuple[Urge, bool]:
    """Note an urge; with a client-chosen id, a retry returns the first one unchanged."""
    if urge_id is not None:
        existing = Urge.objects.filter(pk=urge_id).first()
        if existing is not None:
            if existing.user_id != user.pk:
                raise Conflict(_("That id is already in use; choose another."), field="id")
            return existing, False
    urge = Urge(user=user, id=urge_id or uuid.uuid4())
    urge.felt_at = None  # type: ignore[assignment]  # set by _check_urge
    urge.strength = None  # type: ignore[assignment]  # set by _check_urge
    _check_urge(urge, values)
    try:
        with transaction.atomic():
            urge.save(force_insert=True)
    except IntegrityError as error:
        raise Conflict(_("That id is already in use; choose another."), field="id") from error
    return urge, True


@transaction.atomic
def urge_update(*, urge: Urge, **values: Any) -> Urge:
    """Change an urge; fields not given keep their values."""
    _check_urge(urge, values)
    urge.save()
    return urge


def urge_delete(*, urge: Urge) -> None:
    urge.delete()


def own_urge(user: User, urge_id: uuid.UUID | str) -> Urge:
    """The person's own urge; NotFound for anyone else's, like a missing one."""
    try:
        key = uuid.UUID(str(urge_id))
    except ValueError as error:
        raise NotFound() from error
    urge = Urge.objects.filter(user=user, pk=key).select_related("substance").first()
    if urge is None:
        raise NotFound()
    return urge


# --- My usual ----------------------------------------------------------------------------------


def _check_amount(value: Any, field: str = "amount") -> Decimal:
    try:
        amount = Decimal(str(value))
    except (InvalidOperation, ValueError) as error:
        raise ValidationError({field: _("Give a number.")}) from error
    if not amount.is_finite() or amount <= 0 or amount > journal.MAX_AMOUNT:
        raise ValidationError({field: _("The amount must be more than 0 and at most 100000.")})
    return amount.quantize(Decimal("0.01"))


def _usual_values(
    *,
    name: str,
    substance: Substance,
    amount: Any,
    unit: str | None,
    abv_percent: float | None,
    route: str,
) -> dict[str, Any]:
    """A usual's fields, checked the way a log entry is."""
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": _("Give it a name, e.g. “my IPA”.")})
    if len(name) > 60:
        raise ValidationError({"name": _("Keep the name to 60 characters or fewer.")})
    unit = unit or substance.default_unit
    amount = _check_amount(amount)
    if unit not in Unit.values or (substance.units and unit not in substance.units):
        raise ValidationError(
            {
                "unit": _("%(substance)s is logged in %(units)s.")
                % {"substance": substance.name, "units": journal.units_text(substance)}
            }
        )
    if route and route not in Route.values:
        raise ValidationError({"route": _("Unknown value(s): %(codes)s.") % {"codes": route}})
    if substance.is_alcohol:
        # The same check as logging: mL needs a strength.
        journal.alcohol_grams_for(
            amount=amount, unit=unit, grams_per_drink=14.0, abv_percent=abv_percent
        )
    if unit != Unit.ML:
        abv_percent = None
    return {
        "name": name,
        "substance": substance,
        "amount": amount,
        "unit": unit,
        "abv_percent": abv_percent,
        "route": route,
    }


@transaction.atomic
def usual_create(
    *,
    user: User,
    name: str,
    substance: Substance,
    amount: Any,
    unit: str | None = None,
    abv_percent: float | None = None,
    route: str = "",
) -> Usual:
    """Save a drink or dose the person logs often, checked the way a log entry is."""
    values = _usual_values(
        name=name,
        substance=substance,
        amount=amount,
        unit=unit,
        abv_percent=abv_percent,
        route=route,
    )
    return Usual.objects.create(user=user, **values)


@transaction.atomic
def usual_update(*, usual: Usual, **fields: Any) -> Usual:
    """Change a usual, with the same checks as saving one (the fields of `usual_create`);
    entries logged with it stay as they were logged."""
    for field, value in _usual_values(**fields).items():
        setattr(usual, field, value)
    usual.save()
    return usual


def usual_from_entry(*, user: User, entry: Entry, name: str) -> Usual:
    """Save what an entry logged as a usual (the log form's "save as my usual")."""
    return usual_create(
        user=user,
        name=name,
        substance=entry.substance,
        amount=entry.amount,
        unit=entry.unit,
        abv_percent=entry.abv_percent,
        route=entry.route,
    )


def own_usual(user: User, usual_id: int) -> Usual:
    usual = Usual.objects.filter(user=user, pk=usual_id).select_related("substance").first()
    if usual is None:
        raise NotFound()
    return usual


def usual_delete(*, usual: Usual) -> None:
    usual.delete()


def usual_log(
    *,
    usual: Usual,
    day: date | None = None,
    entry_id: uuid.UUID | None = None,
    confirm_unusual: bool = False,
) -> tuple[Entry, bool]:
    """Log a usual now (or on a day): the same entry the log form would make, asked about in
    the same way when it takes the day far beyond a day's use (unless `confirm_unusual`)."""
    extra: dict[str, Any] = {"route": usual.route} if usual.route else {}
    return journal.entry_create(
        user=usual.user,
        substance=usual.substance,
        day=day or today(),
        amount=usual.amount,
        unit=usual.unit,
        abv_percent=usual.abv_percent,
        entry_id=entry_id,
        confirm_unusual=confirm_unusual,
        **extra,
    )


# --- Prices ------------------------------------------------------------------------------------


def price_unit_for(substance: Substance) -> str:
    """Alcohol is priced per standard drink (every alcohol entry has its grams); others per the
    substance's own unit."""
    return Unit.DRINK if substance.is_alcohol else substance.default_unit


@transaction.atomic
def price_set(
    *, user: User, substance: Substance, price: Any, unit: str | None = None
) -> Price | None:
    """Set (or, with an empty price, remove) what one unit of a substance costs the person."""
    if price is None or str(price).strip() == "":
        Price.objects.filter(user=user, substance=substance).delete()
        return None
    try:
        value = Decimal(str(price))
    except (InvalidOperation, ValueError) as error:
        raise ValidationError({"price": _("Give a number.")}) from error
    if not value.is_finite() or value < 0 or value > MAX_PRICE:
        raise ValidationError({"price": _("A price is from 0 to 100000.")})
    unit = unit or price_unit_for(substance)
    allowed = {price_unit_for(substance), *substance.units}
    if substance.is_alcohol:
        allowed = {Unit.DRINK}
    if unit not in allowed:
        raise ValidationError(
            {
                "unit": _("%(substance)s is priced per %(unit)s.")
                % {"substance": substance.name, "unit": Unit(price_unit_for(substance)).label}
            }
        )
    found, _created = Price.objects.update_or_create(
        user=user,
        substance=substance,
        defaults={"unit": unit, "price": value.quantize(Decimal("0.01"))},
    )
    return found
