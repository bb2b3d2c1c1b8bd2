"""Reading the journal: who sees which entries and check-ins, and the journal by day."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.db import connection
from django.db.models import Min, QuerySet

from waypoint.accounts.gate import is_participant
from waypoint.accounts.models import User
from waypoint.journal.catalogue import DRINK_PRESETS
from waypoint.journal.models import CheckIn, Entry, Profile, Substance
from waypoint.journal.services import SUBSTANCES_FOR_SQL


def entries_visible_to(viewer: Any) -> QuerySet[Entry]:
    """The one rule for reading entries: a person sees their own, and nobody else's."""
    if not is_participant(viewer):
        return Entry.objects.none()
    return Entry.objects.filter(user=viewer).select_related("substance")


def checkins_visible_to(viewer: Any) -> QuerySet[CheckIn]:
    """The same rule for check-ins: only the person's own."""
    if not is_participant(viewer):
        return CheckIn.objects.none()
    return CheckIn.objects.filter(user=viewer)


def first_record_day(viewer: Any) -> date | None:
    """The earliest day with an entry or a check-in, or None when there is nothing yet."""
    days = [
        entries_visible_to(viewer).aggregate(first=Min("day"))["first"],
        checkins_visible_to(viewer).aggregate(first=Min("day"))["first"],
    ]
    known = [d for d in days if d is not None]
    return min(known) if known else None


@dataclass
class JournalDay:
    """One calendar day of the journal: its entries and its check-in, if any."""

    day: date
    entries: list[Entry] = field(default_factory=list)
    checkin: CheckIn | None = None

    @property
    def state(self) -> str:
        """'use', 'no_use' or 'not_reported': a day with nothing is never assumed use-free."""
        if self.entries:
            return "use"
        if self.checkin is not None and self.checkin.no_use:
            return "no_use"
        return "not_reported"


def with_drinks(entries: list[Entry], country: str) -> list[Entry]:
    """Put each entry's standard drinks (in the person's own country's drink) on `drinks`."""
    for entry in entries:
        entry.drinks = entry.standard_drinks(country)  # type: ignore[attr-defined]  # a display value for the template, set on the instance
    return entries


def journal_days(viewer: Any, *, days: list[date], country: str) -> list[JournalDay]:
    """The given calendar days, newest first, each with its entries and check-in (2 queries)."""
    if not days:
        return []
    start, end = min(days), max(days)
    by_day = {d: JournalDay(day=d) for d in sorted(days, reverse=True)}
    entries = with_drinks(
        list(entries_visible_to(viewer).filter(day__range=(start, end)).order_by("-used_at")),
        country,
    )
    for entry in entries:
        if entry.day in by_day:
            by_day[entry.day].entries.append(entry)
    for checkin in checkins_visible_to(viewer).filter(day__range=(start, end)):
        if checkin.day in by_day:
            by_day[checkin.day].checkin = checkin
    return list(by_day.values())


def calendar_days(start: date, end: date) -> list[date]:
    """Every day from end back to start, newest first."""
    return [end - timedelta(days=i) for i in range((end - start).days + 1)]


@dataclass
class SubstanceChoices:
    """The substances a person can log, in the order the log form offers them."""

    chosen: list[Substance]
    catalogue: list[Substance]
    own: list[Substance]

    @property
    def all(self) -> list[Substance]:
        return self.chosen + self.catalogue + self.own


def substance_choices(user: User, profile: Profile) -> SubstanceChoices:
    """The person's chosen substances first, then the catalogue, then their own (1 query).

    Written as SQL (`substances_for`'s rule, with whether the profile chose each): on Today,
    building the two ORM queries cost more than reading them.
    """
    quote = connection.ops.quote_name
    through = Profile.substances.through._meta
    profile_column = through.get_field("profile").column
    substance_column = through.get_field("substance").column
    rows = Substance.objects.raw(
        f"SELECT s.*, EXISTS (SELECT 1 FROM {quote(through.db_table)} c "  # noqa: S608 (names from Django)
        f"WHERE c.{quote(profile_column)} = %s AND c.{quote(substance_column)} = s.id) AS chosen "
        f"FROM {quote(Substance._meta.db_table)} s WHERE {SUBSTANCES_FOR_SQL}",
        [profile.pk, user.pk],
    )
    everything = sorted(rows, key=lambda s: s.name.casefold())
    chosen = [s for s in everything if s.chosen]  # type: ignore[attr-defined]  # from the SQL
    others = [s for s in everything if not s.chosen]  # type: ignore[attr-defined]
    return SubstanceChoices(
        chosen=chosen,
        catalogue=[s for s in others if s.owner_id is None],
        own=[s for s in others if s.owner_id is not None],
    )


def last_substance_id(viewer: Any) -> int | None:
    """The id of the substance of the person's latest entry, offered first on the next log.

    Only the id: reading the entry itself would decrypt its note and read its substance too.
    """
    found: int | None = (
        entries_visible_to(viewer).order_by("-created_at").values_list("substance_id", flat=True)
    ).first()
    return found


# The remembered values the log form may fill in: all of them visible without "More details".
SHOWN_REMEMBERED = ("amount", "unit", "preset", "count", "abv_percent")


def substance_meta(choices: SubstanceChoices, profile: Profile) -> dict[str, Any]:
    """What the log form's script needs to switch units and fill in remembered values."""
    return {
        str(s.pk): {
            "units": s.units,
            "default": s.default_unit,
            "alcohol": s.is_alcohol,
            # Only what the form shows before Save; details are never filled in unseen.
            "remembered": {
                name: value
                for name, value in profile.remembered.get(str(s.pk), {}).items()
                if name in SHOWN_REMEMBERED
            },
        }
        for s in choices.all
    }


def preset_tiles() -> list[dict[str, Any]]:
    """The drink presets as the log form shows them."""
    return [
        {"code": p.code, "label": p.label, "volume_ml": p.volume_ml, "abv": p.abv_percent}
        for p in DRINK_PRESETS
    ]
