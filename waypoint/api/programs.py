"""Programs API under /api/v1/programs/{org}/ (org = the organization's slug).

Outreach workers and admins record codes, encounters and reversals; admins also manage sites,
the catalogue and stock. Another organization's program, site or code answers 404, and so does
an admin-only endpoint for an outreach worker (a role missing, as the gate answers everywhere).
Creating an encounter or a reversal is idempotent with the client's own UUID `id` (a retry
answers 200 with the stored one).
"""

from __future__ import annotations

import uuid
from datetime import date, datetime
from decimal import Decimal
from typing import Any, Literal

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status

from waypoint.api import auth
from waypoint.api.auth import staff
from waypoint.core.errors import NotFound
from waypoint.programs import selectors
from waypoint.programs import services as actions
from waypoint.programs.forms import MAX_REPORT_DAYS
from waypoint.programs.models import Encounter, Item, Referral, Reversal, Site
from waypoint.programs.report import INDICATORS, report
from waypoint.programs.selectors import ADMINS, ProgramAccess

# Staff accounts only, checked before the body is read; another organization answers 404 inside.
router = Router(tags=["programs"], auth=auth.STAFF_AUTH)


class ProgramProblem(Schema):
    detail: str


def _access(
    request: HttpRequest, org: str, roles: tuple[str, ...] = selectors.WORKERS
) -> ProgramAccess:
    return selectors.program_for(staff(request), org, roles)


# --- Codes ---------------------------------------------------------------------------------


class ProgramCodeIn(Schema):
    answers: list[str] | None = Field(
        None, max_length=6, description="answers to the program's questions: a re-derivable code"
    )


class ProgramCodeOut(Schema):
    code: str


class ProgramLinkCodeOut(Schema):
    link_code: str
    expires_in_minutes: int


@router.post(
    "/programs/{org}/participants",
    response={201: ProgramCodeOut, 404: ProgramProblem, 409: ProgramProblem, 422: ProgramProblem},
)
def issue_code(request: HttpRequest, org: str, payload: ProgramCodeIn | None = None) -> Status[Any]:
    """Issue a card code (`K7M-4QX`); with `answers`, the code those answers always give."""
    access = _access(request, org)
    answers = payload.answers if payload is not None else None
    participant = actions.participant_issue(user=staff(request), access=access, answers=answers)
    return Status(201, {"code": participant.shown_code})


@router.post(
    "/programs/{org}/participants/rederive",
    response={200: ProgramCodeOut, 404: ProgramProblem, 422: ProgramProblem},
)
def rederive_code(request: HttpRequest, org: str, payload: ProgramCodeIn) -> dict[str, str]:
    """The code a person's answers gave before (404 when they match none)."""
    access = _access(request, org)
    participant = actions.participant_rederive(access=access, answers=payload.answers or [])
    return {"code": participant.shown_code}


@router.post(
    "/programs/{org}/participants/{code}/link-code",
    response={201: ProgramLinkCodeOut, 404: ProgramProblem, 422: ProgramProblem},
)
def make_link_code(request: HttpRequest, org: str, code: str) -> Status[Any]:
    """A one-time code the person enters in their own Waypoint to link this card."""
    access = _access(request, org)
    raw = actions.link_code_create(user=staff(request), access=access, participant_code=code)
    return Status(201, {"link_code": raw, "expires_in_minutes": actions.LINK_CODE_MINUTES})


# --- Sites ---------------------------------------------------------------------------------

SiteKind = Literal["fixed", "mobile", "street", "mail", "secondary"]


class ProgramSiteIn(Schema):
    name: str = Field(min_length=1, max_length=80)
    kind: SiteKind


class ProgramSiteOut(Schema):
    id: int
    name: str
    kind: str
    active: bool


def _site_out(site: Site) -> dict[str, Any]:
    return {"id": site.pk, "name": site.name, "kind": site.kind, "active": site.active}


@router.get("/programs/{org}/sites", response={200: list[ProgramSiteOut], 404: ProgramProblem})
def list_sites(request: HttpRequest, org: str) -> list[dict[str, Any]]:
    return [_site_out(s) for s in selectors.sites_of(_access(request, org))]


@router.post(
    "/programs/{org}/sites",
    response={
        201: ProgramSiteOut,
        403: ProgramProblem,
        404: ProgramProblem,
        409: ProgramProblem,
        422: ProgramProblem,
    },
)
def create_site(request: HttpRequest, org: str, payload: ProgramSiteIn) -> Status[Any]:
    """Admins add a site."""
    access = _access(request, org, ADMINS)
    site = actions.site_create(access=access, name=payload.name, kind=payload.kind)
    return Status(201, _site_out(site))


# --- Catalogue -----------------------------------------------------------------------------


class ProgramItemIn(Schema):
    slug: str = Field("", max_length=60)
    name: str = Field(min_length=1, max_length=80)
    category: str
    doses_per_kit: int | None = None


class ProgramItemOut(Schema):
    slug: str
    name: str
    category: str
    doses_per_kit: int | None
    active: bool


def _item_out(item: Item) -> dict[str, Any]:
    return {
        "slug": item.slug,
        "name": item.shown_name,
        "category": item.category,
        "doses_per_kit": item.doses_per_kit,
        "active": item.active,
    }


@router.get("/programs/{org}/catalogue", response={200: list[ProgramItemOut], 404: ProgramProblem})
def list_catalogue(request: HttpRequest, org: str) -> list[dict[str, Any]]:
    return [_item_out(i) for i in selectors.items_of(_access(request, org))]


@router.post(
    "/programs/{org}/catalogue",
    response={
        201: ProgramItemOut,
        403: ProgramProblem,
        404: ProgramProblem,
        409: ProgramProblem,
        422: ProgramProblem,
    },
)
def create_item(request: HttpRequest, org: str, payload: ProgramItemIn) -> Status[Any]:
    """Admins add their own items."""
    access = _access(request, org, ADMINS)
    item = actions.item_create(access=access, **payload.dict())
    return Status(201, _item_out(item))


class ProgramItemPatch(Schema):
    doses_per_kit: int = Field(ge=1, le=10)


@router.patch(
    "/programs/{org}/catalogue/{slug}",
    response={200: ProgramItemOut, 403: ProgramProblem, 404: ProgramProblem, 422: ProgramProblem},
)
def update_item(
    request: HttpRequest, org: str, slug: str, payload: ProgramItemPatch
) -> dict[str, Any]:
    """Admins set the doses per kit of a naloxone item (e.g. `naloxone-im`)."""
    access = _access(request, org, ADMINS)
    return _item_out(
        actions.item_doses_set(access=access, slug=slug, doses_per_kit=payload.doses_per_kit)
    )


# --- Encounters ----------------------------------------------------------------------------


class ProgramSupplyIn(Schema):
    item: str
    quantity: int = Field(ge=0, le=actions.MAX_QUANTITY)


class ProgramTestIn(Schema):
    kind: Literal["hiv", "hcv"]
    result: Literal["reactive", "non_reactive", "invalid", "not_given"]


class ProgramReferralIn(Schema):
    to: str
    status: Literal["made", "linked"] = "made"
    service: int | None = Field(
        None, description="id of the directory service referred to (GET /directory/services)"
    )


class ProgramEncounterIn(Schema):
    id: uuid.UUID
    at: datetime
    site: int
    participant_code: str | None = None
    people: int = Field(1, ge=1, le=actions.MAX_PEOPLE)
    supplies: list[ProgramSupplyIn] = Field(default_factory=list, max_length=50)
    syringes_collected: int | None = Field(None, ge=0, le=actions.MAX_COLLECTED)
    syringes_collected_lb: Decimal | None = Field(None, ge=0, le=actions.MAX_POUNDS)
    services: list[str] = Field(default_factory=list, max_length=10)
    tests: list[ProgramTestIn] = Field(default_factory=list, max_length=4)
    referrals: list[ProgramReferralIn] = Field(default_factory=list, max_length=11)
    note: str = Field("", max_length=actions.MAX_NOTE)


class ProgramReferredServiceOut(Schema):
    id: int
    name: str


class ProgramReferralOut(Schema):
    id: int
    to: str
    status: str
    linked_on: date | None
    service: ProgramReferredServiceOut | None = None


class ProgramEncounterOut(Schema):
    id: uuid.UUID
    at: datetime
    site: int
    participant_code: str | None
    people: int
    supplies: list[dict[str, Any]]
    syringes_collected: int
    services: list[str]
    tests: list[dict[str, str]]
    referrals: list[ProgramReferralOut]
    note: str
    version: int
    recorded_at: datetime


def _referral_services(payload: ProgramEncounterIn) -> dict[str, int]:
    named: dict[str, int] = {}
    for r in payload.referrals:
        if r.service is None:
            continue
        if named.get(r.to, r.service) != r.service:
            message = _("Name one directory service per kind of referral (%(to)s).")
            raise ValidationError({"referrals": message % {"to": r.to}})
        named[r.to] = r.service
    return named


def _data(payload: ProgramEncounterIn) -> actions.EncounterData:
    return actions.EncounterData(
        at=payload.at,
        site=payload.site,
        participant_code=payload.participant_code,
        people=payload.people,
        supplies=[(s.item, s.quantity) for s in payload.supplies],
        syringes_collected=payload.syringes_collected,
        syringes_collected_lb=payload.syringes_collected_lb,
        services=payload.services,
        tests=[(t.kind, t.result) for t in payload.tests],
        referrals=[(r.to, r.status) for r in payload.referrals],
        referral_services=_referral_services(payload),
        note=payload.note,
    )


def referral_out(r: Referral) -> dict[str, Any]:
    service = r.service
    return {
        "id": r.pk,
        "to": r.to,
        "status": r.status,
        "linked_on": r.linked_on,
        "service": {"id": service.pk, "name": service.name} if service is not None else None,
    }


def encounter_out(encounter: Encounter) -> dict[str, Any]:
    return {
        "id": encounter.pk,
        "at": encounter.at,
        "site": encounter.site_id,
        "participant_code": encounter.participant.shown_code if encounter.participant else None,
        "people": encounter.people,
        "supplies": [
            {"item": s.item.slug, "quantity": s.quantity} for s in encounter.supplies.all()
        ],
        "syringes_collected": encounter.syringes_collected,
        "services": encounter.services,
        "tests": [{"kind": t.kind, "result": t.result} for t in encounter.tests.all()],
        "referrals": [referral_out(r) for r in encounter.referrals.all()],
        "note": encounter.note,
        "version": encounter.version,
        "recorded_at": encounter.recorded_at,
    }


def _with_children(queryset: Any) -> Any:
    return queryset.select_related("participant").prefetch_related(
        "supplies__item", "tests", "referrals__service"
    )


@router.post(
    "/programs/{org}/encounters",
    response={
        200: ProgramEncounterOut,
        201: ProgramEncounterOut,
        404: ProgramProblem,
        409: ProgramProblem,
        422: ProgramProblem,
    },
)
def create_encounter(request: HttpRequest, org: str, payload: ProgramEncounterIn) -> Status[Any]:
    """Record an encounter (201); a retry with the same `id` answers 200 with the stored one."""
    access = _access(request, org)
    encounter, created = actions.encounter_record(
        user=staff(request), access=access, data=_data(payload), encounter_id=payload.id
    )
    stored = _with_children(selectors.encounters_of(access)).get(pk=encounter.pk)
    return Status(201 if created else 200, encounter_out(stored))


class ProgramPeriod(Schema):
    from_: date | None = Field(None, alias="from")
    to: date | None = None
    limit: int = Field(500, ge=1, le=5000)
    offset: int = Field(0, ge=0)


@router.get(
    "/programs/{org}/encounters", response={200: list[ProgramEncounterOut], 404: ProgramProblem}
)
def list_encounters(
    request: HttpRequest, org: str, period: Query[ProgramPeriod]
) -> list[dict[str, Any]]:
    """Encounters from `from` to `to` (both inclusive, days in the organization's time zone)."""
    access = _access(request, org)
    rows = _with_children(selectors.encounters_between(access, period.from_, period.to)).order_by(
        "at", "id"
    )[period.offset : period.offset + period.limit]
    return [encounter_out(e) for e in rows]


@router.get(
    "/programs/{org}/encounters/{uuid:encounter_id}",
    response={200: ProgramEncounterOut, 404: ProgramProblem},
)
def get_encounter(request: HttpRequest, org: str, encounter_id: uuid.UUID) -> dict[str, Any]:
    access = _access(request, org)
    encounter = _with_children(selectors.encounters_of(access)).filter(pk=encounter_id).first()
    if encounter is None:
        raise NotFound()
    return encounter_out(encounter)


@router.put(
    "/programs/{org}/encounters/{uuid:encounter_id}",
    response={200: ProgramEncounterOut, 404: ProgramProblem, 422: ProgramProblem},
)
def correct_encounter(
    request: HttpRequest, org: str, encounter_id: uuid.UUID, payload: ProgramEncounterIn
) -> dict[str, Any]:
    """A correction: a new version; the previous one is kept with who and when."""
    access = _access(request, org)
    actions.encounter_correct(
        user=staff(request), access=access, encounter_id=encounter_id, data=_data(payload)
    )
    return encounter_out(_with_children(selectors.encounters_of(access)).get(pk=encounter_id))


class ProgramLinkIn(Schema):
    on: date


@router.post(
    "/programs/{org}/referrals/{referral_id}/link",
    response={
        200: ProgramReferralOut,
        404: ProgramProblem,
        409: ProgramProblem,
        422: ProgramProblem,
    },
)
def link_referral(
    request: HttpRequest, org: str, referral_id: int, payload: ProgramLinkIn
) -> dict[str, Any]:
    """Mark a referral linked: the person got there, on this date."""
    access = _access(request, org)
    return referral_out(
        actions.referral_link(access=access, referral_id=referral_id, on=payload.on)
    )


class ProgramReferralQuery(Schema):
    status: Literal["made", "linked", "all"] = "made"
    from_: date | None = Field(None, alias="from")
    to: date | None = None
    limit: int = Field(500, ge=1, le=5000)
    offset: int = Field(0, ge=0)


class ProgramReferralListOut(Schema):
    id: int
    encounter: uuid.UUID
    made_at: datetime
    site: int
    participant_code: str | None
    to: str
    status: str
    linked_on: date | None
    service: ProgramReferredServiceOut | None


@router.get(
    "/programs/{org}/referrals",
    response={200: list[ProgramReferralListOut], 404: ProgramProblem, 422: ProgramProblem},
)
def list_referrals(
    request: HttpRequest, org: str, params: Query[ProgramReferralQuery]
) -> list[dict[str, Any]]:
    """The follow-up list: referrals made from `from` to `to` (both inclusive, days in the
    organization's time zone), oldest first; `status=made` (default) lists the open ones."""
    access = _access(request, org)
    if params.from_ and params.to and params.to < params.from_:
        raise ValidationError({"to": _("The end comes before the start.")})
    status = None if params.status == "all" else params.status
    rows = selectors.referrals_between(access, params.from_, params.to, status=status)
    return [
        {
            **referral_out(r),
            "encounter": r.encounter_id,
            "made_at": r.encounter.at,
            "site": r.encounter.site_id,
            "participant_code": r.participant.shown_code if r.participant else None,
        }
        for r in rows[params.offset : params.offset + params.limit]
    ]


# --- Reversals -----------------------------------------------------------------------------


class ProgramReversalIn(Schema):
    id: uuid.UUID
    at: datetime
    site: int | None = None
    participant_code: str | None = None
    place: Literal["outdoors", "home", "shelter", "vehicle", "public-bathroom", "other"]
    substances: list[str] = Field(default_factory=list, max_length=10)
    naloxone_doses: int = Field(0, ge=0, le=20)
    naloxone_product: str | None = None
    rescue_breathing: bool = False
    called_911: bool = False
    outcome: Literal["recovered", "hospital", "died", "unknown"]
    replacement_kit: str | None = None


class ProgramReversalOut(Schema):
    id: uuid.UUID
    at: datetime
    site: int | None
    participant_code: str | None
    place: str
    substances: list[str]
    naloxone_doses: int
    naloxone_product: str | None
    rescue_breathing: bool
    called_911: bool
    outcome: str
    replacement_kit: str | None


def _reversal_out(r: Reversal) -> dict[str, Any]:
    return {
        "id": r.pk,
        "at": r.at,
        "site": r.site_id,
        "participant_code": r.participant.shown_code if r.participant else None,
        "place": r.place,
        "substances": r.substances,
        "naloxone_doses": r.naloxone_doses,
        "naloxone_product": r.naloxone_product.slug if r.naloxone_product else None,
        "rescue_breathing": r.rescue_breathing,
        "called_911": r.called_911,
        "outcome": r.outcome,
        "replacement_kit": r.replacement_kit.slug if r.replacement_kit else None,
    }


@router.post(
    "/programs/{org}/reversals",
    response={
        200: ProgramReversalOut,
        201: ProgramReversalOut,
        404: ProgramProblem,
        409: ProgramProblem,
        422: ProgramProblem,
    },
)
def create_reversal(request: HttpRequest, org: str, payload: ProgramReversalIn) -> Status[Any]:
    """An overdose reversal; a `replacement_kit` comes out of the site's stock."""
    access = _access(request, org)
    values = payload.dict()
    reversal, created = actions.reversal_record(
        user=staff(request), access=access, reversal_id=values.pop("id"), **values
    )
    return Status(201 if created else 200, _reversal_out(reversal))


@router.get(
    "/programs/{org}/reversals", response={200: list[ProgramReversalOut], 404: ProgramProblem}
)
def list_reversals(
    request: HttpRequest, org: str, period: Query[ProgramPeriod]
) -> list[dict[str, Any]]:
    access = _access(request, org)
    rows = Reversal.objects.filter(organization=access.organization).select_related(
        "participant", "naloxone_product", "replacement_kit"
    )
    if period.from_:
        rows = rows.filter(at__gte=selectors.day_bounds(access.tz, period.from_, period.from_)[0])
    if period.to:
        rows = rows.filter(at__lt=selectors.day_bounds(access.tz, period.to, period.to)[1])
    return [
        _reversal_out(r) for r in rows.order_by("at")[period.offset : period.offset + period.limit]
    ]


# --- Stock (admins) ------------------------------------------------------------------------


class ProgramStockLineOut(Schema):
    site: int
    item: str
    on_hand: int
    negative: bool = Field(description="below zero: count it and reconcile")
    used_last_28_days: int
    days_left: int | None = Field(description="at the rate of the last 28 days; null: no use")


class ProgramExpiringOut(Schema):
    site: int
    item: str
    lot: str
    expires_on: date
    quantity_received: int


class ProgramStockOut(Schema):
    lines: list[ProgramStockLineOut]
    expiring_within_60_days: list[ProgramExpiringOut]


@router.get("/programs/{org}/stock", response={200: ProgramStockOut, 404: ProgramProblem})
def get_stock(request: HttpRequest, org: str) -> dict[str, Any]:
    """Stock on hand per site and item, days of stock left, and lots expiring within 60 days."""
    access = _access(request, org, ADMINS)
    return {
        "lines": [
            {
                "site": line.site.pk,
                "item": line.item.slug,
                "on_hand": line.on_hand,
                "negative": line.negative,
                "used_last_28_days": line.used_last_period,
                "days_left": line.days_left,
            }
            for line in selectors.stock(access)
        ],
        "expiring_within_60_days": [
            {
                "site": m.site_id,
                "item": m.item.slug,
                "lot": m.lot,
                "expires_on": m.expires_on,
                "quantity_received": m.quantity,
            }
            for m in selectors.expiring(access)
        ],
    }


class ProgramReceiptIn(Schema):
    site: int
    item: str
    quantity: int = Field(ge=1, le=100000)
    lot: str = Field("", max_length=40)
    expires_on: date | None = None


class ProgramTransferIn(Schema):
    from_site: int
    to_site: int
    item: str
    quantity: int = Field(ge=1, le=100000)


class ProgramCountIn(Schema):
    site: int
    item: str
    counted: int = Field(ge=0, le=1000000)


class ProgramDone(Schema):
    ok: bool


@router.post(
    "/programs/{org}/stock/receipts",
    response={201: ProgramDone, 404: ProgramProblem, 422: ProgramProblem},
)
def receive(request: HttpRequest, org: str, payload: ProgramReceiptIn) -> Status[Any]:
    access = _access(request, org, ADMINS)
    actions.stock_receive(user=staff(request), access=access, **payload.dict())
    return Status(201, {"ok": True})


@router.post(
    "/programs/{org}/stock/transfers",
    response={201: ProgramDone, 404: ProgramProblem, 422: ProgramProblem},
)
def transfer(request: HttpRequest, org: str, payload: ProgramTransferIn) -> Status[Any]:
    access = _access(request, org, ADMINS)
    actions.stock_transfer(user=staff(request), access=access, **payload.dict())
    return Status(201, {"ok": True})


@router.post(
    "/programs/{org}/stock/counts",
    response={201: ProgramDone, 404: ProgramProblem, 422: ProgramProblem},
)
def count(request: HttpRequest, org: str, payload: ProgramCountIn) -> Status[Any]:
    access = _access(request, org, ADMINS)
    actions.stock_count(user=staff(request), access=access, **payload.dict())
    return Status(201, {"ok": True})


# --- Report --------------------------------------------------------------------------------


class ProgramReportQuery(Schema):
    from_: date = Field(alias="from")
    to: date
    site: int | None = None
    shared: bool = False


class ProgramMonthOut(Schema):
    month: str
    indicators: dict[str, int | None]


class ProgramReportOut(Schema):
    from_: date = Field(alias="from")
    to: date
    site: int | None
    shared: bool
    indicators: dict[str, int | None] = Field(description=", ".join(INDICATORS))
    monthly: list[ProgramMonthOut]


@router.get(
    "/programs/{org}/report",
    response={200: ProgramReportOut, 404: ProgramProblem, 422: ProgramProblem},
    by_alias=True,
)
def get_report(request: HttpRequest, org: str, params: Query[ProgramReportQuery]) -> dict[str, Any]:
    """Indicators for the period (days in the organization's time zone, both inclusive).

    `shared=true` suppresses counts from 1 to 10 (null) with complementary suppression.
    """
    from django.conf import settings

    access = _access(request, org, ADMINS)
    if params.to < params.from_:
        raise ValidationError({"to": _("The end comes before the start.")})
    if (params.to - params.from_).days > MAX_REPORT_DAYS:
        raise ValidationError({"to": _("At most ten years at a time.")})
    if params.site is not None:
        selectors.site_of(access, params.site)
    return report(
        access,
        first=params.from_,
        last=params.to,
        site=params.site,
        shared=params.shared,
        threshold=settings.PROGRAMS_SUPPRESS_UP_TO,
    ).as_json()


# --- A participant's own linked cards ------------------------------------------------------


class ProgramOwnOut(Schema):
    cards: list[dict[str, Any]]
    encounters: list[dict[str, Any]]


@router.get(
    "/me/program-cards",
    response={200: ProgramOwnOut, 403: ProgramProblem},
    auth=auth.PARTICIPANT_AUTH,
)
def own_cards(request: HttpRequest) -> dict[str, Any]:
    """A participant's linked program cards and what they received (supplies, tests, referrals)."""
    return selectors.own_export(auth.participant(request))
