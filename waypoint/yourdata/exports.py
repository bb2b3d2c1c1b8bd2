"""Own your data: everything Waypoint holds about a person, as JSON or CSV.

Works on the signed-in person only: every query here is filtered by that user, and the number
of queries does not grow with the amount of data. Other apps add their part through
`EXPORT_SECTIONS` (registered in their AppConfig.ready()).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.utils import timezone

import waypoint
from waypoint.accounts.models import AccessToken, Membership, RecoveryCode, User
from waypoint.assessments.models import Assessment
from waypoint.core.csv import csv_lines
from waypoint.goals.models import Goal
from waypoint.journal.models import BaselineDay, CheckIn, Entry, Profile, Stance, Substance
from waypoint.measures import GRAMS_PER_STANDARD_DRINK

FORMAT = "waypoint-export"
FORMAT_VERSION = 1

# Other parts of Waypoint add what they hold about a person: name -> function(user) giving
# JSON-ready data with a constant number of queries. Register in AppConfig.ready().
ExportSection = Callable[[User], Any]
EXPORT_SECTIONS: dict[str, ExportSection] = {}


def _when(value: datetime | None) -> str | None:
    return timezone.localtime(value).isoformat() if value else None


def _day(value: date | None) -> str | None:
    return value.isoformat() if value else None


def _number(value: Decimal | float | None) -> float | None:
    return None if value is None else float(value)


def _drinks(grams: float | None, grams_per_drink: float) -> float | None:
    return None if grams is None else round(grams / grams_per_drink, 2)


def _profile(user: User) -> Profile | None:
    return Profile.objects.filter(user=user).prefetch_related("substances").first()


def _substance(substance: Substance | None) -> dict[str, Any] | None:
    if substance is None:
        return None
    return {"slug": substance.slug, "name": substance.name, "own": substance.owner_id is not None}


def entry_record(entry: Entry, grams_per_drink: float) -> dict[str, Any]:
    """One entry with every field, the substance named and alcohol in standard drinks."""
    return {
        "id": str(entry.id),
        "day": _day(entry.day),
        "used_at": _when(entry.used_at),
        "time_given": entry.time_given,
        "substance": entry.substance.name,
        "substance_slug": entry.substance.slug,
        "amount": _number(entry.amount),
        "unit": entry.unit,
        "preset": entry.preset,
        "preset_count": _number(entry.preset_count),
        "standard_drinks": _drinks(entry.alcohol_grams, grams_per_drink),
        "alcohol_grams": entry.alcohol_grams,
        "route": entry.route,
        "mood": entry.mood,
        "ate_before": entry.ate_before,
        "slept_well": entry.slept_well,
        "physical": entry.physical,
        "intention": entry.intention,
        "place": entry.place,
        "company": entry.company,
        "activity": entry.activity,
        "harms": list(entry.harms),
        "care_actions": list(entry.care_actions),
        "note": entry.note,
        "created_at": _when(entry.created_at),
        "updated_at": _when(entry.updated_at),
    }


def _entries(user: User) -> Iterator[Entry]:
    return (
        Entry.objects.filter(user=user)
        .select_related("substance")
        .order_by("day", "used_at", "created_at")
        .iterator(chunk_size=2000)
    )


def export_everything(user: User) -> dict[str, Any]:
    """Everything Waypoint holds about the person, as JSON-ready data (no secrets, no hashes)."""
    profile = _profile(user)
    grams_per_drink = profile.grams_per_drink if profile else GRAMS_PER_STANDARD_DRINK["US"]
    goals = (
        Goal.objects.filter(user=user)
        .select_related("substance")
        .prefetch_related("steps")
        .order_by("started_on", "created_at")
    )
    data: dict[str, Any] = {
        "format": FORMAT,
        "version": FORMAT_VERSION,
        "exported_at": _when(timezone.now()),
        "waypoint_version": waypoint.__version__,
        "account": {
            "username": user.username,
            "display_name": user.display_name,
            "email": user.email,
            "kind": user.kind,
            "discreet_mode": user.discreet_mode,
            "date_joined": _when(user.date_joined),
        },
        "profile": None
        if profile is None
        else {
            "standard_drink_country": profile.country,
            "grams_per_standard_drink": profile.grams_per_drink,
            "drinking_guideline": profile.guideline,
            "substances": [_substance(s) for s in profile.substances.all()],
            "continuous_days": profile.continuous_days,
            "baseline_start": _day(profile.baseline_start),
            "baseline_end": _day(profile.baseline_end),
            "getting_started_step": profile.started_step,
            "getting_started_done_at": _when(profile.started_done_at),
        },
        "own_substances": [
            {
                "slug": s.slug,
                "name": s.name,
                "category": s.category,
                "default_unit": s.default_unit,
                "units": s.units,
            }
            for s in sorted(Substance.objects.filter(owner=user), key=lambda s: s.name.casefold())
        ],
        "stances": [
            {
                "substance": s.substance.name,
                "relationship": s.relationship,
                "readiness": s.readiness,
                "recorded_at": _when(s.recorded_at),
            }
            for s in Stance.objects.filter(user=user)
            .select_related("substance")
            .order_by("recorded_at", "pk")
        ],
        "entries": [entry_record(e, grams_per_drink) for e in _entries(user)],
        "checkins": [
            {
                "day": _day(c.day),
                "no_use": c.no_use,
                "mood": c.mood,
                "wellbeing": c.wellbeing,
                "created_at": _when(c.created_at),
                "updated_at": _when(c.updated_at),
            }
            for c in CheckIn.objects.filter(user=user).order_by("day")
        ],
        "baseline": [
            {
                "day": _day(b.day),
                "substance": b.substance.name,
                "amount": b.amount,
                "alcohol_grams": b.alcohol_grams,
            }
            for b in BaselineDay.objects.filter(user=user)
            .select_related("substance")
            .order_by("substance__name", "day")
        ],
        "goals": [
            {
                "kind": g.kind,
                "substance": g.substance.name if g.substance else None,
                "title": g.title,
                "domain": g.domain,
                "daily_limit": _number(g.daily_limit),
                "limit_unit": g.limit_unit,
                "days_per_week": g.days_per_week,
                "avoid_harms": list(g.avoid_harms),
                "practice_care": list(g.practice_care),
                "started_on": _day(g.started_on),
                "ended_on": _day(g.ended_on),
                "created_at": _when(g.created_at),
                "steps": [
                    {"text": s.text, "position": s.position, "done_on": _day(s.done_on)}
                    for s in g.steps.all()
                ],
            }
            for g in goals
        ],
        "assessments": [
            {
                "instrument": a.instrument,
                "answers": a.answers,
                "total": a.total,
                "band": a.band,
                "flags": a.flags,
                "taken_at": _when(a.taken_at),
            }
            for a in Assessment.objects.filter(user=user).order_by("taken_at")
        ],
        "access_tokens": [
            {
                "name": t.name,
                "created_at": _when(t.created_at),
                "last_used_at": _when(t.last_used_at),
            }
            for t in AccessToken.objects.filter(user=user).order_by("created_at")
        ],
        "recovery_codes_unused": RecoveryCode.objects.filter(
            user=user, used_at__isnull=True
        ).count(),
        "memberships": [
            {"organization": m.organization.name, "role": m.role, "since": _when(m.created_at)}
            for m in Membership.objects.filter(user=user).select_related("organization")
        ],
    }
    for name, section in EXPORT_SECTIONS.items():
        data[name] = section(user)
    return data


CSV_COLUMNS: tuple[str, ...] = (
    "id",
    "day",
    "used_at",
    "time_given",
    "substance",
    "substance_slug",
    "amount",
    "unit",
    "preset",
    "preset_count",
    "standard_drinks",
    "alcohol_grams",
    "route",
    "mood",
    "ate_before",
    "slept_well",
    "physical",
    "intention",
    "place",
    "company",
    "activity",
    "harms",
    "care_actions",
    "note",
    "created_at",
    "updated_at",
)


def export_csv_rows(user: User) -> Iterator[str]:
    """The person's entries as CSV, one row per entry, produced as it is read (two queries)."""
    profile = Profile.objects.filter(user=user).first()
    grams_per_drink = profile.grams_per_drink if profile else GRAMS_PER_STANDARD_DRINK["US"]
    records = (entry_record(entry, grams_per_drink) for entry in _entries(user))
    rows = ([record[name] for name in CSV_COLUMNS] for record in records)
    return csv_lines(rows, header=CSV_COLUMNS, bom=True)


def export_filename(user: User, extension: str) -> str:
    """A file name with the day; in discreet mode it does not say Waypoint."""
    stem = "notes" if user.discreet_mode else "waypoint"
    return f"{stem}-export-{timezone.localdate().isoformat()}.{extension}"
