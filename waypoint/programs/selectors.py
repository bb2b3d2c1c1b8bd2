"""Reads for programs. Every permission decision is `program_for` (staff) or `cards_of`
(a participant's own linked cards); the rest take what those return."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.db import transaction
from django.db.models import Count, Q, QuerySet, Sum
from django.utils import timezone

from waypoint.accounts.gate import Role, organization_for, organizations_where
from waypoint.accounts.models import Organization, User
from waypoint.core.errors import NotFound
from waypoint.directory.selectors import referral_choices
from waypoint.directory.taxonomy import TYPE_CODES
from waypoint.programs.catalogue import REFERRALS, SEED_ITEMS
from waypoint.programs.models import (
    Encounter,
    Item,
    Participant,
    Program,
    Referral,
    Site,
    StockMovement,
)

WORKERS = (Role.OUTREACH, Role.ADMIN)
ADMINS = (Role.ADMIN,)
RECENT_DAYS = 14
EXPIRY_WARNING_DAYS = 60
RATE_DAYS = 28


@dataclass(frozen=True)
class ProgramAccess:
    organization: Organization
    program: Program
    is_admin: bool

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.organization.time_zone)


def ensure_program(organization: Organization) -> Program:
    """The program's settings row and seeded catalogue, made on first use."""
    program = Program.objects.filter(organization=organization).first()
    if program is not None:
        return program
    with transaction.atomic():
        program, created = Program.objects.get_or_create(organization=organization)
        if created:
            Item.objects.bulk_create(
                [
                    Item(
                        organization=organization,
                        slug=slug,
                        category=category,
                        doses_per_kit=doses,
                        position=position,
                    )
                    for position, (slug, _name, category, doses) in enumerate(SEED_ITEMS)
                ],
                ignore_conflicts=True,
            )
    return program


def programs_of(user: Any) -> QuerySet[Organization]:
    return organizations_where(user, WORKERS).filter(kind=Organization.Kind.PROGRAM)


def program_for(user: Any, slug: str, roles: Iterable[str] = WORKERS) -> ProgramAccess:
    """The program with this slug where the user holds one of ``roles``; else NotFound."""
    organization = organization_for(user, slug, roles)
    if organization.kind != Organization.Kind.PROGRAM:
        raise NotFound()
    mine = set(
        organizations_where(user, ADMINS).filter(pk=organization.pk).values_list("pk", flat=True)
    )
    return ProgramAccess(organization, ensure_program(organization), bool(mine))


def sites_of(access: ProgramAccess, *, active_only: bool = False) -> QuerySet[Site]:
    sites = Site.objects.filter(organization=access.organization)
    return sites.filter(active=True) if active_only else sites


def items_of(access: ProgramAccess, *, active_only: bool = False) -> QuerySet[Item]:
    items = Item.objects.filter(organization=access.organization)
    return items.filter(active=True) if active_only else items


def site_of(access: ProgramAccess, site_id: int) -> Site:
    site = sites_of(access).filter(pk=site_id).first()
    if site is None:
        raise NotFound()
    return site


def encounters_of(access: ProgramAccess) -> QuerySet[Encounter]:
    return Encounter.objects.filter(organization=access.organization)


def encounter_of(access: ProgramAccess, encounter_id: Any) -> Encounter:
    encounter = (
        encounters_of(access)
        .select_related("site", "participant", "recorded_by")
        .filter(pk=encounter_id)
        .first()
    )
    if encounter is None:
        raise NotFound()
    return encounter


# Days asked for beyond these are moved to them (no encounter is that old or that far ahead), so
# that the bounds stay within Python's calendar in every time zone.
_FIRST_DAY = date(1, 1, 2)
_LAST_DAY = date(9999, 12, 29)


def day_bounds(tz: ZoneInfo, first: date, last: date) -> tuple[datetime, datetime]:
    """[start of first, start of the day after last) in the organization's time zone."""
    first = min(max(first, _FIRST_DAY), _LAST_DAY)
    last = min(max(last, _FIRST_DAY), _LAST_DAY)
    start = datetime.combine(first, time.min, tzinfo=tz)
    end = datetime.combine(last + timedelta(days=1), time.min, tzinfo=tz)
    return start, end


def encounters_between(
    access: ProgramAccess, first: date | None, last: date | None
) -> QuerySet[Encounter]:
    encounters = encounters_of(access)
    if first is not None:
        encounters = encounters.filter(at__gte=day_bounds(access.tz, first, first)[0])
    if last is not None:
        encounters = encounters.filter(at__lt=day_bounds(access.tz, last, last)[1])
    return encounters


def referrals_between(
    access: ProgramAccess,
    first: date | None = None,
    last: date | None = None,
    *,
    status: str | None = Referral.Status.MADE,
) -> QuerySet[Referral]:
    """The program's referrals made from `first` to `last` (days in its time zone, inclusive),
    oldest first: by default the open ones (made, not yet linked), the follow-up list."""
    encounters = encounters_between(access, first, last)
    referrals = Referral.objects.filter(encounter__in=encounters.values("pk"))
    if status:
        referrals = referrals.filter(status=status)
    return referrals.select_related("encounter__site", "participant", "service").order_by(
        "encounter__at", "id"
    )


REFERRAL_CHOICES_SHOWN = 25


def referral_service_choices(to: str, q: str = "") -> list[tuple[int, str]]:
    """Directory services a referral to `to` may name, by name (one query, at most 25).

    Slugs that are also directory types narrow the list to that type; the others (mental
    health, medical, legal, other) search every service."""
    if to not in REFERRALS:
        return []
    kind = to if to in TYPE_CODES else None
    rows = referral_choices(type=kind, q=q.strip()[:80])[:REFERRAL_CHOICES_SHOWN]
    return [(s.pk, f"{s.name} ({s.organization.name})") for s in rows]


def referral_service_choices_all() -> dict[str, list[tuple[int, str]]]:
    """The first choices for every referral slug: one query per directory type, one for the
    slugs that are not a directory type (they share it)."""
    general: list[tuple[int, str]] | None = None
    choices: dict[str, list[tuple[int, str]]] = {}
    for to in REFERRALS:
        if to in TYPE_CODES:
            choices[to] = referral_service_choices(to)
        else:
            if general is None:
                general = referral_service_choices(to)
            choices[to] = list(general)
    return choices


def recent_encounters(access: ProgramAccess, limit: int = 30) -> list[Encounter]:
    since = timezone.now() - timedelta(days=RECENT_DAYS)
    return list(
        encounters_of(access)
        .filter(at__gte=since)
        .select_related("site", "participant")
        .order_by("-at")[:limit]
    )


def last_encounter_of(participant: Participant) -> Encounter | None:
    return (
        Encounter.objects.filter(participant=participant)
        .prefetch_related("supplies__item")
        .order_by("-at")
        .first()
    )


@dataclass
class StockLine:
    site: Site
    item: Item
    on_hand: int
    used_last_period: int
    days_left: int | None  # None: nothing handed out lately, so no rate to go by

    @property
    def negative(self) -> bool:
        return self.on_hand < 0

    @property
    def low(self) -> bool:
        return self.days_left is not None and self.days_left < 14


def stock(access: ProgramAccess) -> list[StockLine]:
    """Stock on hand per site and item, with days left at the rate of the last 28 days."""
    since = timezone.now() - timedelta(days=RATE_DAYS)
    rows = (
        StockMovement.objects.filter(organization=access.organization)
        .values("site_id", "item_id")
        .annotate(
            on_hand=Sum("quantity"),
            used=Sum(
                "quantity",
                filter=Q(
                    kind__in=[StockMovement.Kind.ENCOUNTER, StockMovement.Kind.REVERSAL],
                    at__gte=since,
                ),
            ),
        )
    )
    sites = {s.pk: s for s in sites_of(access)}
    items = {i.pk: i for i in items_of(access)}
    lines = []
    for row in rows:
        used = -(row["used"] or 0)
        on_hand = row["on_hand"] or 0
        days_left = None
        if used > 0:
            days_left = max(0, int(on_hand / (used / RATE_DAYS)))
        lines.append(
            StockLine(sites[row["site_id"]], items[row["item_id"]], on_hand, used, days_left)
        )
    lines.sort(key=lambda line: (line.site.name, line.item.position, line.item.shown_name))
    return lines


def expiring(access: ProgramAccess) -> QuerySet[StockMovement]:
    """Receipts whose lot expires within 60 days (or has expired)."""
    soon = timezone.localdate() + timedelta(days=EXPIRY_WARNING_DAYS)
    return (
        StockMovement.objects.filter(
            organization=access.organization,
            kind=StockMovement.Kind.RECEIPT,
            expires_on__isnull=False,
            expires_on__lte=soon,
        )
        .select_related("site", "item")
        .order_by("expires_on")
    )


def on_hand(access: ProgramAccess, site: Site, item: Item) -> int:
    return (
        StockMovement.objects.filter(
            organization=access.organization, site=site, item=item
        ).aggregate(total=Sum("quantity"))["total"]
        or 0
    )


def cards_of(user: User) -> QuerySet[Participant]:
    """A participant's own linked cards: the only way a participant sees program records."""
    return Participant.objects.filter(user=user).select_related("organization")


def own_encounters(user: User) -> QuerySet[Encounter]:
    return (
        Encounter.objects.filter(participant__user=user)
        .select_related("site", "organization", "participant")
        .prefetch_related("supplies__item", "tests", "referrals__service")
        .order_by("-at")
    )


def counts_by_site(access: ProgramAccess) -> dict[int, int]:
    return dict(
        encounters_of(access).values("site_id").annotate(n=Count("id")).values_list("site_id", "n")
    )


def own_export(user: User) -> dict[str, Any]:
    """A participant's linked cards and their encounters, for their own export (never notes)."""
    cards = list(cards_of(user))
    if not cards:
        return {"cards": [], "encounters": []}  # one query for the many with no card
    return {
        "cards": [
            {
                "code": c.shown_code,
                "program": c.organization.name,
                "linked_at": c.linked_at.isoformat() if c.linked_at else None,
            }
            for c in cards
        ],
        "encounters": [
            {
                "program": e.organization.name,
                "at": e.at.isoformat(),
                "site": e.site.name,
                "supplies": [
                    {"item": s.item.slug, "quantity": s.quantity} for s in e.supplies.all()
                ],
                "syringes_collected": e.syringes_collected,
                "services": list(e.services),
                "tests": [{"kind": t.kind, "result": t.result} for t in e.tests.all()],
                "referrals": [
                    {
                        "to": r.to,
                        "status": r.status,
                        "linked_on": r.linked_on.isoformat() if r.linked_on else None,
                        "service": r.service.name if r.service is not None else None,
                    }
                    for r in e.referrals.all()
                ],
            }
            for e in own_encounters(user)
        ],
    }
