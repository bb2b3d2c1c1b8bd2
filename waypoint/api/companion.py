"""Urges, usuals, prices, money and health, and the hard-moments setting over the API.

Each person's own only: another person's urge or usual answers 404, like a missing one. Writes go
through `waypoint.companion.services`, the same functions the pages call.
"""

from __future__ import annotations

import datetime as dt
from datetime import date
from decimal import Decimal
from typing import Any
from uuid import UUID

from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Query, Router, Schema, Status

from waypoint.accounts.models import User
from waypoint.api.auth import PARTICIPANT_AUTH, participant
from waypoint.api.journal import EntryCreatedOut, entry_created_out
from waypoint.companion import selectors, services
from waypoint.companion.models import Price, Urge, Usual
from waypoint.core.input import IsoDate, IsoTime
from waypoint.journal import services as journal
from waypoint.journal.vocab import Route, Unit

router = Router(tags=["companion"], auth=PARTICIPANT_AUTH)


class CompanionProblem(Schema):
    detail: str


# --- Urges -------------------------------------------------------------------------------------


class UrgeChange(Schema):
    strength: int = Field(description="1 (faint) to 10 (very strong)")
    day: IsoDate | None = Field(None, description="the calendar day; today when left out")
    time: IsoTime | None = Field(None, description="local time of day; now (today) or noon")
    substance: str | int | None = Field(None, description="optional: a substance slug or id")
    situation: str | None = Field(None, description="what was going on; stored encrypted")
    helped: str | None = Field(None, description="what helped; stored encrypted")
    used: bool | None = Field(None, description="used afterwards (null: not said)")
    lasted_minutes: int | None = Field(None, description="minutes until it passed, 0 to 1440")


class UrgeIn(UrgeChange):
    id: UUID | None = Field(
        None, description="the client's own id: the same id again returns the first urge (200)"
    )


class UrgePatch(UrgeChange):
    strength: int | None = None  # type: ignore[assignment]  # PATCH makes every field optional


class UrgeOut(Schema):
    id: UUID
    day: date
    time: dt.time
    felt_at: dt.datetime
    strength: int
    substance: str | None = Field(description="the substance's slug, if one was named")
    situation: str
    helped: str
    used: bool | None
    lasted_minutes: int | None
    created_at: dt.datetime
    updated_at: dt.datetime


class UrgePage(Schema):
    count: int
    items: list[UrgeOut]
    insights: list[str] = Field(
        description="what the person's urges of the last 90 days show, in words with counts"
    )


class UrgeFilters(Schema):
    from_: IsoDate | None = Field(None, alias="from", description="first day, inclusive")
    to: IsoDate | None = Field(None, description="last day, inclusive")
    limit: int = Field(100, ge=1, le=1000)
    offset: int = Field(0, ge=0)


def urge_out(urge: Urge) -> UrgeOut:
    return UrgeOut(
        id=urge.pk,
        day=urge.day,
        time=timezone.localtime(urge.felt_at).time(),
        felt_at=urge.felt_at,
        strength=urge.strength,
        substance=urge.substance.slug if urge.substance else None,
        situation=urge.situation,
        helped=urge.helped,
        used=urge.used,
        lasted_minutes=urge.lasted_minutes,
        created_at=urge.created_at,
        updated_at=urge.updated_at,
    )


def _urge_values(user: User, sent: dict[str, Any]) -> dict[str, Any]:
    values = {name: value for name, value in sent.items() if name != "id"}
    if "time" in values:
        values["at"] = values.pop("time")
    if values.get("day", "missing") is None:
        values.pop("day")
    if values.get("substance") is not None:
        values["substance"] = journal.substance_for(user, values["substance"])
    return values


@router.get("/urges", response=UrgePage)
def list_urges(request: HttpRequest, filters: Query[UrgeFilters]) -> UrgePage:
    """The person's urges, newest first, with what they show."""
    user = participant(request)
    urges = selectors.urges_visible_to(user)
    if filters.from_:
        urges = urges.filter(day__gte=filters.from_)
    if filters.to:
        urges = urges.filter(day__lte=filters.to)
    page = urges.order_by("-felt_at")[filters.offset : filters.offset + filters.limit]
    return UrgePage(
        count=urges.count(),
        items=[urge_out(u) for u in page],
        insights=selectors.urge_insight_lines(user),
    )


@router.post(
    "/urges", response={200: UrgeOut, 201: UrgeOut, 409: CompanionProblem, 422: CompanionProblem}
)
def create_urge(request: HttpRequest, payload: UrgeIn) -> Status[Any]:
    """Note an urge (201); with the client's own `id`, a retry returns the stored one (200)."""
    user = participant(request)
    values = _urge_values(user, payload.dict(exclude_unset=True))
    urge, created = services.urge_create(user=user, urge_id=payload.id, **values)
    return Status(201 if created else 200, urge_out(urge))


@router.get("/urges/{uuid:id}", response={200: UrgeOut, 404: CompanionProblem})
def get_urge(request: HttpRequest, id: UUID) -> UrgeOut:
    """One urge of the person's own."""
    return urge_out(services.own_urge(participant(request), id))


@router.patch(
    "/urges/{uuid:id}", response={200: UrgeOut, 404: CompanionProblem, 422: CompanionProblem}
)
def change_urge(request: HttpRequest, id: UUID, payload: UrgePatch) -> UrgeOut:
    """Change some fields of an urge; the others keep their values."""
    user = participant(request)
    urge = services.own_urge(user, id)
    services.urge_update(urge=urge, **_urge_values(user, payload.dict(exclude_unset=True)))
    return urge_out(services.own_urge(user, id))


@router.delete("/urges/{uuid:id}", response={204: None, 404: CompanionProblem})
def delete_urge(request: HttpRequest, id: UUID) -> Status[None]:
    """Delete an urge for good."""
    services.urge_delete(urge=services.own_urge(participant(request), id))
    return Status(204, None)


# --- My usual ----------------------------------------------------------------------------------


class UsualIn(Schema):
    name: str = Field(min_length=1, max_length=60, description="e.g. 'my IPA'; stored encrypted")
    substance: str | int = Field(description="a substance slug or id")
    amount: Decimal
    unit: Unit | None = Field(None, description="one of the substance's units; default its own")
    abv_percent: float | None = Field(None, description="strength, for alcohol in mL")
    route: Route | None = None


class UsualPatch(Schema):
    name: str | None = Field(None, min_length=1, max_length=60)
    substance: str | int | None = Field(None, description="a substance slug or id")
    amount: Decimal | None = None
    unit: Unit | None = None
    abv_percent: float | None = Field(None, description="strength, for alcohol in mL")
    route: Route | None = Field(None, description="null removes it")


class UsualOut(Schema):
    id: int
    name: str
    substance: str
    substance_name: str
    amount: float
    unit: str
    abv_percent: float | None
    route: str | None
    text: str = Field(description="the amount in words: '473 mL at 6.8%'")


class UsualLogIn(Schema):
    id: UUID | None = Field(None, description="the new entry's id, for safe retries")
    day: IsoDate | None = Field(None, description="today when left out")
    confirm_unusual: bool = Field(
        False,
        description="true logs it even when it takes the day far beyond what a person could use "
        "in a day; without it such a day answers 422 with the question 'Is that right?'",
    )


def usual_out(usual: Usual) -> UsualOut:
    return UsualOut(
        id=usual.pk,
        name=usual.name,
        substance=usual.substance.slug,
        substance_name=usual.substance.name,
        amount=float(usual.amount),
        unit=usual.unit,
        abv_percent=usual.abv_percent,
        route=usual.route or None,
        text=usual.amount_text,
    )


@router.get("/usuals", response=list[UsualOut])
def list_usuals(request: HttpRequest) -> list[UsualOut]:
    """The person's saved drinks and doses."""
    return [usual_out(u) for u in selectors.usuals_visible_to(participant(request))]


@router.post("/usuals", response={201: UsualOut, 422: CompanionProblem})
def create_usual(request: HttpRequest, payload: UsualIn) -> Status[UsualOut]:
    """Save a usual drink or dose."""
    user = participant(request)
    usual = services.usual_create(
        user=user,
        name=payload.name,
        substance=journal.substance_for(user, payload.substance),
        amount=payload.amount,
        unit=payload.unit.value if payload.unit else None,
        abv_percent=payload.abv_percent,
        route=payload.route.value if payload.route else "",
    )
    return Status(201, usual_out(usual))


@router.patch(
    "/usuals/{usual_id}", response={200: UsualOut, 404: CompanionProblem, 422: CompanionProblem}
)
def change_usual(request: HttpRequest, usual_id: int, payload: UsualPatch) -> UsualOut:
    """Change some fields of a usual; the others keep their values. Entries already logged with
    it stay as they were logged."""
    user = participant(request)
    usual = services.own_usual(user, usual_id)
    values: dict[str, Any] = {
        "name": usual.name,
        "substance": usual.substance,
        "amount": usual.amount,
        "unit": usual.unit,
        "abv_percent": usual.abv_percent,
        "route": usual.route,
    }
    for name, value in payload.dict(exclude_unset=True).items():
        if value is None and name not in ("abv_percent", "route"):
            continue  # only the strength and the route can be taken away
        if name == "substance":
            value = journal.substance_for(user, value)
            values["unit"] = None  # a new substance is in its own unit unless one is sent
        values[name] = value.value if isinstance(value, (Unit, Route)) else value
    values["route"] = values["route"] or ""
    return usual_out(services.usual_update(usual=usual, **values))


@router.delete("/usuals/{usual_id}", response={204: None, 404: CompanionProblem})
def delete_usual(request: HttpRequest, usual_id: int) -> Status[None]:
    """Remove a usual; entries logged with it stay."""
    services.usual_delete(usual=services.own_usual(participant(request), usual_id))
    return Status(204, None)


@router.post(
    "/usuals/{usual_id}/log",
    response={
        200: EntryCreatedOut,
        201: EntryCreatedOut,
        404: CompanionProblem,
        409: CompanionProblem,
        422: CompanionProblem,
    },
)
def log_usual(request: HttpRequest, usual_id: int, payload: UsualLogIn) -> Status[Any]:
    """Log a usual in one call: the entry it makes (201), or the stored one on a retry (200)."""
    user = participant(request)
    usual = services.own_usual(user, usual_id)
    entry, created = services.usual_log(
        usual=usual, day=payload.day, entry_id=payload.id, confirm_unusual=payload.confirm_unusual
    )
    return Status(201 if created else 200, entry_created_out(entry, journal.profile_of(user)))


# --- Prices, money and health ------------------------------------------------------------------


class PriceOut(Schema):
    substance: str
    substance_name: str
    unit: str = Field(description="what one price buys: 'drink' (a standard drink) for alcohol")
    price: float


class PriceIn(Schema):
    price: Decimal | None = Field(description="in the person's own money; null removes it")


def price_out(price: Price) -> PriceOut:
    return PriceOut(
        substance=price.substance.slug,
        substance_name=price.substance.name,
        unit=price.unit,
        price=float(price.price),
    )


@router.get("/prices", response=list[PriceOut])
def list_prices(request: HttpRequest) -> list[PriceOut]:
    """The person's own prices, per substance."""
    return [price_out(p) for p in selectors.prices_visible_to(participant(request))]


@router.put("/prices/{substance}", response={200: PriceOut, 204: None, 422: CompanionProblem})
def set_price(request: HttpRequest, substance: str, payload: PriceIn) -> Status[Any]:
    """Set what one unit of a substance costs the person (200), or remove it with null (204)."""
    user = participant(request)
    found = services.price_set(
        user=user, substance=journal.substance_for(user, substance), price=payload.price
    )
    return Status(204, None) if found is None else Status(200, price_out(found))


class SpendingOut(Schema):
    substance: str
    price: float
    unit: str
    month_amount: float
    month_spent: float
    baseline_for_month: float | None = Field(
        description="the baseline calendar's pace over as many days as this month so far"
    )


class MoneyAndHealthOut(Schema):
    month_start: date
    month_end: date
    month_days: int
    reported_days: int = Field(
        description="days this month with an entry or 'no use'; unreported days add nothing"
    )
    spending: list[SpendingOut]
    total_spent: float
    total_baseline_for_month: float | None
    alcohol_grams: float
    alcohol_kcal: float = Field(description="from the alcohol alone: 7 kcal per gram; mixers add")
    baseline_kcal_for_month: float | None


def _float(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


@router.get("/money-and-health", response=MoneyAndHealthOut)
def money_and_health(request: HttpRequest) -> MoneyAndHealthOut:
    """Spent this month at the person's own prices beside the baseline; alcohol calories."""
    user = participant(request)
    found = selectors.money_and_health(user, journal.profile_of(user))
    return MoneyAndHealthOut(
        month_start=found.month_start,
        month_end=found.month_end,
        month_days=found.month_days,
        reported_days=found.reported_days,
        spending=[
            SpendingOut(
                substance=s.substance,
                price=float(s.price),
                unit=s.unit_label,
                month_amount=s.month_amount,
                month_spent=float(s.month_spent),
                baseline_for_month=_float(s.baseline_for_month),
            )
            for s in found.spending
        ],
        total_spent=float(found.total_spent),
        total_baseline_for_month=_float(found.total_baseline_for_month),
        alcohol_grams=found.alcohol_grams,
        alcohol_kcal=found.alcohol_kcal,
        baseline_kcal_for_month=found.baseline_kcal_for_month,
    )


# --- The hard-moments setting ------------------------------------------------------------------


class HardMomentsSetting(Schema):
    on: bool = Field(description="offer one or two places to turn after a hard moment")


@router.get("/settings/hard-moments", response=HardMomentsSetting)
def get_hard_moments(request: HttpRequest) -> HardMomentsSetting:
    return HardMomentsSetting(on=journal.profile_of(participant(request)).hard_moments)


@router.put("/settings/hard-moments", response=HardMomentsSetting)
def set_hard_moments(request: HttpRequest, payload: HardMomentsSetting) -> HardMomentsSetting:
    profile = journal.hard_moments_set(user=participant(request), on=payload.on)
    return HardMomentsSetting(on=profile.hard_moments)
