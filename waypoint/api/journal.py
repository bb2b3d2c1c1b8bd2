"""The journal over the API: entries, daily check-ins and substances, each person's own only.

Writes go through `waypoint.journal.services` (the same functions the pages call) and reads
through `waypoint.journal.selectors`, so another person's record answers 404 like a missing one.
"""

from __future__ import annotations

import datetime as dt
from datetime import date
from decimal import Decimal
from typing import Any
from uuid import UUID

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status

from waypoint.accounts.models import User
from waypoint.api.auth import PARTICIPANT_AUTH, participant
from waypoint.core.errors import NotFound
from waypoint.core.input import IsoDate, IsoTime
from waypoint.journal import hardmoments, services
from waypoint.journal.models import CheckIn, Entry, Profile, Substance
from waypoint.journal.selectors import checkins_visible_to, entries_visible_to
from waypoint.journal.vocab import (
    CareAction,
    Category,
    Company,
    Harm,
    Intention,
    Physical,
    Place,
    Route,
    Unit,
)
from waypoint.start.services import baseline_values, baseline_window

router = Router(tags=["journal"], auth=PARTICIPANT_AUTH)


class Problem(Schema):
    detail: str


# --- Substances ------------------------------------------------------------------------------


class SubstanceOut(Schema):
    id: int
    slug: str
    name: str
    category: str
    default_unit: str
    units: list[str]
    own: bool = Field(description="true for a substance the person added themselves")

    @staticmethod
    def resolve_own(obj: Substance) -> bool:
        return obj.owner_id is not None


class SubstanceIn(Schema):
    name: str = Field(min_length=1, max_length=60)
    category: Category = Category.OTHER
    unit: Unit = Field(Unit.DOSE, description="the unit it is logged in")


@router.get("/substances", response=list[SubstanceOut])
def list_substances(request: HttpRequest) -> Any:
    """The built-in catalogue and the person's own substances, with the units each fits."""
    return services.by_name(services.substances_for(participant(request)))


@router.post("/substances", response={200: SubstanceOut, 201: SubstanceOut})
def create_substance(request: HttpRequest, payload: SubstanceIn) -> Status[Any]:
    """Add a substance of one's own (201); the same name again returns it (200)."""
    user = participant(request)
    substance, created = services.own_substance_get_or_create(
        user=user, name=payload.name, category=payload.category.value, unit=payload.unit.value
    )
    return Status(201 if created else 200, substance)


# --- Entries ---------------------------------------------------------------------------------


class EntryChange(Schema):
    """The fields of an entry as a client sends them; on PATCH every field is optional."""

    substance: str | int = Field(description="a substance slug (e.g. 'alcohol') or id")
    day: IsoDate = Field(description="the calendar day of the use; earlier days are fine")
    time: IsoTime | None = Field(
        None, description="local time of day; now (today) or noon if empty"
    )
    amount: Decimal | None = Field(
        None, description="how much, in `unit`; for a drink `preset`, use `count` instead"
    )
    unit: Unit | None = Field(None, description="one of the substance's units; default its own")
    preset: str | None = Field(
        None, description="alcohol only: beer, pint, wine, large_wine, shot, wine_bottle"
    )
    count: Decimal = Field(Decimal(1), description="how many drinks of the `preset`")
    abv_percent: float | None = Field(None, description="strength, for alcohol in mL")
    route: Route | None = None
    mood: int | None = Field(None, description="1 (very low) to 5 (very good)")
    ate_before: bool | None = None
    slept_well: bool | None = None
    physical: Physical | None = None
    intention: Intention | None = None
    place: Place | None = None
    company: Company | None = None
    activity: str | None = Field(None, max_length=80)
    harms: list[Harm] | None = None
    care_actions: list[CareAction] | None = None
    note: str | None = Field(None, description="private; stored encrypted")
    confirm_unusual: bool = Field(
        False,
        description="true saves an amount far beyond what a person could use in a day; without "
        "it such an amount answers 422 with the question 'Is that right?' (see docs/api.md)",
    )


class EntryIn(EntryChange):
    id: UUID | None = Field(
        None,
        description="the client's own id: sending the same id again returns the first entry "
        "(200) instead of creating a second, so an offline phone can retry safely",
    )


class EntryPatch(EntryChange):
    substance: str | int | None = None  # type: ignore[assignment]  # PATCH makes the parent schema's required field optional
    day: date | None = None  # type: ignore[assignment]  # PATCH makes the parent schema's required field optional
    count: Decimal | None = None  # type: ignore[assignment]  # PATCH makes the parent schema's required field optional


class EntryOut(Schema):
    id: UUID
    day: date
    time: dt.time | None = Field(description="the time the person gave; null when none was")
    time_given: bool | None = Field(
        description="false: no time was given (used_at only orders the day); null: not known, "
        "for entries saved before Waypoint kept this"
    )
    used_at: dt.datetime
    substance: str = Field(description="the substance's slug")
    substance_id: int
    substance_name: str
    amount: float
    unit: str
    preset: str | None = Field(description="the drink as logged (e.g. 'pint'); amount is its mL")
    count: float | None = Field(description="how many drinks of the `preset`")
    amount_text: str = Field(description="the amount in words as logged, e.g. '3 pints'")
    abv_percent: float | None
    alcohol_grams: float | None
    standard_drinks: float | None = Field(
        description="in the standard drink of the person's own country (see their settings)"
    )
    route: str | None
    mood: int | None
    ate_before: bool | None
    slept_well: bool | None
    physical: str | None
    intention: str | None
    place: str | None
    company: str | None
    activity: str
    harms: list[str]
    care_actions: list[str]
    note: str
    created_at: dt.datetime
    updated_at: dt.datetime


class HardMomentOptionOut(Schema):
    key: str = Field(description="check_on_me, never_use_alone, crisis, overdose_guide, …")
    text: str
    url: str = Field(description="a path in Waypoint, or a tel:, sms: or https: link")


class EntryCreatedOut(EntryOut):
    hard_moment_options: list[HardMomentOptionOut] = Field(
        description="after an entry that records using alone, mixing depressants, a very low "
        "mood, a blackout or an overdose: one or two places to turn (empty otherwise, or when "
        "the person turned them off)"
    )


def hard_moment_options(entry: Entry, profile: Profile) -> list[HardMomentOptionOut]:
    return [
        HardMomentOptionOut(key=o.key, text=o.text, url=o.url)
        for o in hardmoments.options_for(entry, profile=profile)
    ]


class EntryPage(Schema):
    count: int = Field(description="entries in the whole range")
    items: list[EntryOut]


class EntryFilters(Schema):
    from_: IsoDate | None = Field(None, alias="from", description="first day, inclusive")
    to: IsoDate | None = Field(None, description="last day, inclusive")
    limit: int = Field(100, ge=1, le=1000)
    offset: int = Field(0, ge=0)


def entry_out(entry: Entry, country: str) -> EntryOut:
    """An entry as the API shows it; empty choices are null."""
    return EntryOut(
        id=entry.pk,
        day=entry.day,
        time=timezone.localtime(entry.used_at).time() if entry.shows_time else None,
        time_given=entry.time_given,
        used_at=entry.used_at,
        substance=entry.substance.slug,
        substance_id=entry.substance_id,
        substance_name=entry.substance.name,
        amount=float(entry.amount),
        unit=entry.unit,
        preset=entry.preset or None,
        count=float(entry.preset_count) if entry.preset_count is not None else None,
        amount_text=entry.amount_text,
        abv_percent=entry.abv_percent,
        alcohol_grams=_rounded(entry.alcohol_grams),
        standard_drinks=_rounded(entry.standard_drinks(country)),
        route=entry.route or None,
        mood=entry.mood,
        ate_before=entry.ate_before,
        slept_well=entry.slept_well,
        physical=entry.physical or None,
        intention=entry.intention or None,
        place=entry.place or None,
        company=entry.company or None,
        activity=entry.activity,
        harms=list(entry.harms),
        care_actions=list(entry.care_actions),
        note=entry.note,
        created_at=entry.created_at,
        updated_at=entry.updated_at,
    )


def _rounded(value: float | None) -> float | None:
    # Two decimals: a hundredth of a drink is below anything a person can pour or recall.
    return None if value is None else round(value, 2)


def _plain(value: Any) -> Any:
    """Enum members to their codes, so the services see the same values as from a page."""
    if isinstance(value, list):
        return [_plain(item) for item in value]
    return value.value if hasattr(value, "value") else value


def service_values(user: User, sent: dict[str, Any]) -> dict[str, Any]:
    """What a client sent, as keyword arguments for entry_create / entry_update."""
    values = {name: _plain(value) for name, value in sent.items() if name != "id"}
    if values.get("substance") is not None:
        values["substance"] = services.substance_for(user, values["substance"])
    else:
        values.pop("substance", None)
    if "time" in values:
        values["at"] = values.pop("time")
    if values.get("count") is None:
        values.pop("count", None)
    return values


def _own_entry(user: User, entry_id: UUID) -> Entry:
    entry = entries_visible_to(user).filter(pk=entry_id).first()
    if entry is None:
        raise NotFound()
    return entry


def _date_range(start: date | None, end: date | None) -> None:
    if start and end and start > end:
        raise ValidationError({"from": _("must be on or before 'to'.")})


@router.get("/entries", response=EntryPage)
def list_entries(request: HttpRequest, filters: Query[EntryFilters]) -> EntryPage:
    """The person's entries, newest first, optionally from/to a day (both inclusive)."""
    user = participant(request)
    _date_range(filters.from_, filters.to)
    entries = entries_visible_to(user)
    if filters.from_:
        entries = entries.filter(day__gte=filters.from_)
    if filters.to:
        entries = entries.filter(day__lte=filters.to)
    country = services.profile_of(user).country
    page = entries.order_by("-day", "-used_at")[filters.offset : filters.offset + filters.limit]
    return EntryPage(count=entries.count(), items=[entry_out(e, country) for e in page])


@router.post(
    "/entries",
    response={200: EntryCreatedOut, 201: EntryCreatedOut, 409: Problem, 422: Problem},
)
def create_entry(request: HttpRequest, payload: EntryIn) -> Status[Any]:
    """Log a use (201). With the client's own `id`, a retry returns the stored entry (200).

    `hard_moment_options` offers one or two places to turn after a hard moment; never a gate.
    """
    user = participant(request)
    values = service_values(user, payload.dict(exclude_unset=True))
    entry, created = services.entry_create(user=user, entry_id=payload.id, **values)
    profile = services.profile_of(user)
    return Status(201 if created else 200, entry_created_out(entry, profile))


def entry_created_out(entry: Entry, profile: Profile) -> EntryCreatedOut:
    """An entry just logged, with the options for a hard moment it records."""
    return EntryCreatedOut(
        **entry_out(entry, profile.country).dict(),
        hard_moment_options=hard_moment_options(entry, profile),
    )


@router.get("/entries/{uuid:id}", response={200: EntryOut, 404: Problem})
def get_entry(request: HttpRequest, id: UUID) -> EntryOut:
    """One entry of the person's own; anyone else's answers 404, like a missing one."""
    user = participant(request)
    return entry_out(_own_entry(user, id), services.profile_of(user).country)


def _update(
    request: HttpRequest, entry_id: UUID, sent: dict[str, Any], *, replace: bool = False
) -> EntryOut:
    user = participant(request)
    entry = _own_entry(user, entry_id)
    values = service_values(user, sent)
    if replace and not values.get("preset") and not values.get("unit"):
        # A replacement without a unit means the substance's own, not the old entry's.
        values["unit"] = values["substance"].default_unit
    services.entry_update(entry=entry, **values)
    entry.refresh_from_db()
    return entry_out(entry, services.profile_of(user).country)


@router.put("/entries/{uuid:id}", response={200: EntryOut, 404: Problem, 422: Problem})
def replace_entry(request: HttpRequest, id: UUID, payload: EntryChange) -> EntryOut:
    """Replace an entry: fields left out are emptied (time is kept when not sent)."""
    sent = payload.dict()
    if sent.get("time") is None:
        sent.pop("time")
    if sent.get("preset") is None:
        sent.pop("preset", None)
        sent.pop("count", None)
    return _update(request, id, sent, replace=True)


@router.patch("/entries/{uuid:id}", response={200: EntryOut, 404: Problem, 422: Problem})
def change_entry(request: HttpRequest, id: UUID, payload: EntryPatch) -> EntryOut:
    """Change some fields of an entry; the others keep their values."""
    return _update(request, id, payload.dict(exclude_unset=True))


@router.delete("/entries/{uuid:id}", response={204: None, 404: Problem})
def delete_entry(request: HttpRequest, id: UUID) -> Status[None]:
    """Delete an entry for good."""
    entry = _own_entry(participant(request), id)
    services.entry_delete(entry=entry)
    return Status(204, None)


# --- Check-ins -------------------------------------------------------------------------------


class CheckInOut(Schema):
    day: date
    no_use: bool = Field(description="true: the person reported no use on this day")
    mood: int | None
    wellbeing: int | None
    updated_at: dt.datetime


class CheckInIn(Schema):
    """Fields left out stay as they were; null empties mood or wellbeing."""

    no_use: bool | None = Field(None, description="no use on this day (not allowed with entries)")
    mood: int | None = Field(None, description="1 (very low) to 5 (very good)")
    wellbeing: int | None = Field(None, description="0 (worst) to 10 (best)")


class DayRange(Schema):
    from_: IsoDate | None = Field(None, alias="from", description="first day, inclusive")
    to: IsoDate | None = Field(None, description="last day, inclusive")


@router.get("/checkins", response=list[CheckInOut])
def list_checkins(request: HttpRequest, filters: Query[DayRange]) -> Any:
    """The person's check-ins, newest first. A day without one is not reported."""
    user = participant(request)
    _date_range(filters.from_, filters.to)
    checkins = checkins_visible_to(user).order_by("-day")
    if filters.from_:
        checkins = checkins.filter(day__gte=filters.from_)
    if filters.to:
        checkins = checkins.filter(day__lte=filters.to)
    return checkins


@router.get("/checkins/{day}", response={200: CheckInOut, 404: Problem})
def get_checkin(request: HttpRequest, day: IsoDate) -> CheckIn:
    """One day's check-in; 404 when that day has none."""
    checkin = checkins_visible_to(participant(request)).filter(day=day).first()
    if checkin is None:
        raise NotFound()
    return checkin


@router.put("/checkins/{day}", response={200: CheckInOut, 422: Problem})
def set_checkin(request: HttpRequest, day: IsoDate, payload: CheckInIn) -> CheckIn:
    """Record a day's check-in: 'no use', mood, wellbeing. Sending it again changes nothing."""
    user = participant(request)
    sent = payload.dict(exclude_unset=True)
    clear = [name for name in ("mood", "wellbeing") if name in sent and sent[name] is None]
    return services.checkin_set(
        user=user,
        day=day,
        no_use=bool(sent["no_use"]) if "no_use" in sent else None,
        mood=sent.get("mood"),
        wellbeing=sent.get("wellbeing"),
        clear=clear,
    )


# --- Baseline calendar (Timeline Followback) ------------------------------------------------


class BaselineDayValue(Schema):
    day: IsoDate
    amount: float = Field(description="standard drinks for alcohol, else the substance's unit")


class BaselineCalendarOut(Schema):
    substance: str = Field(description="the substance's slug")
    substance_id: int
    unit: str = Field(description="'drink' (standard drinks) for alcohol, else its default unit")
    days: list[BaselineDayValue] = Field(description="days left out are not reported")


class BaselineOut(Schema):
    start: date = Field(description="first day of the calendar")
    end: date = Field(description="last day of the calendar")
    calendars: list[BaselineCalendarOut]


class BaselineIn(Schema):
    days: list[BaselineDayValue] = Field(
        description="the whole calendar of this substance: it replaces what was there"
    )
    confirm_unusual: bool = Field(
        False,
        description="true saves days far beyond what a person could use in a day; without it "
        "they answer 422 with the question 'Is that right?'",
    )


def _baseline_out(user: User) -> BaselineOut:
    profile = services.profile_of(user)
    window = baseline_window(profile)
    by_substance: dict[int, BaselineCalendarOut] = {}
    substances = {s.pk: s for s in services.substances_for(user)}
    for (substance_id, day), amount in sorted(baseline_values(user=user).items()):
        substance = substances.get(substance_id)
        if substance is None:
            continue
        calendar = by_substance.setdefault(
            substance_id,
            BaselineCalendarOut(
                substance=substance.slug,
                substance_id=substance_id,
                unit=Unit.DRINK if substance.is_alcohol else substance.default_unit,
                days=[],
            ),
        )
        calendar.days.append(BaselineDayValue(day=day, amount=amount))
    return BaselineOut(start=window.start, end=window.end, calendars=list(by_substance.values()))


@router.get("/baseline", response=BaselineOut)
def get_baseline(request: HttpRequest) -> BaselineOut:
    """The person's baseline calendar: its window and what they filled in, per substance."""
    return _baseline_out(participant(request))


@router.put("/baseline/{substance}", response={200: BaselineOut, 422: Problem})
def set_baseline(request: HttpRequest, substance: str, payload: BaselineIn) -> BaselineOut:
    """Replace one substance's baseline calendar (the same window as the getting-started page).

    An amount far beyond a day's use answers 422 unless `confirm_unusual` is true.
    """
    user = participant(request)
    found = services.substance_for(user, substance)
    window = baseline_window(services.profile_of(user))
    amounts: dict[date, float] = {}
    for item in payload.days:
        if item.day in amounts:
            raise ValidationError(
                {"days": _("%(day)s is there twice.") % {"day": item.day.isoformat()}}
            )
        amounts[item.day] = item.amount
    services.baseline_save(
        user=user,
        substance=found,
        start=window.start,
        end=window.end,
        amounts=amounts,
        confirm_unusual=payload.confirm_unusual,
    )
    return _baseline_out(user)
