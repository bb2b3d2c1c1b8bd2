"""The service directory: public search, one service, and HSDS JSON for other directories.

No sign-in: the directory is public information and holds no participant data. Parameters out
of range (a latitude of 91, a time that is not ISO 8601) answer 422 with the field named.
"""

from __future__ import annotations

import math
from datetime import date, datetime, time
from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja.params import functions as param_functions

from waypoint.directory import geo, hsds, selectors
from waypoint.directory.models import Service
from waypoint.directory.taxonomy import TYPE_CODES

router = Router(tags=["directory"])


class DirectoryFilters(Schema):
    type: str | None = Field(None, description=f"a Waypoint type code: {', '.join(TYPE_CODES)}")
    q: str | None = Field(None, max_length=100, description="words in the name or description")
    near: str | None = Field(None, description="LAT,LON: nearest first, within `within_km`")
    within_km: float | None = Field(None, gt=0, le=500, description="radius for `near`")
    open_at: datetime | None = Field(
        None, description="ISO 8601 moment; with it, only services open then are listed"
    )
    walk_in: bool | None = None
    free: bool | None = None
    language: str | None = Field(None, max_length=40, description="a language name or code")
    limit: int = Field(30, ge=1, le=100)


class DirectoryLocationOut(Schema):
    id: str
    kind: str
    name: str
    address: str
    city: str
    postal_code: str
    latitude: float | None
    longitude: float | None
    time_zone: str
    url: str
    accessibility: str


class DirectoryPhoneOut(Schema):
    number: str
    extension: str
    type: str


class DirectoryScheduleOut(Schema):
    byday: str
    opens_at: time | None
    closes_at: time | None
    valid_from: date | None
    valid_to: date | None
    closed: bool


class DirectoryResultOut(Schema):
    id: int
    hsds_id: str
    name: str
    organization: str
    types: list[str]
    status: str
    distance_km: float | None
    open_at_time: bool | None
    next_change: datetime | None
    walk_in: bool
    free: bool
    last_verified: date | None
    location: DirectoryLocationOut | None
    phones: list[DirectoryPhoneOut]
    languages: list[str]


class DirectoryResultsOut(Schema):
    results: list[DirectoryResultOut]


class DirectoryServiceOut(DirectoryResultOut):
    description: str
    eligibility: str
    fees: str
    url: str
    schedules: list[DirectoryScheduleOut]
    locations: list[DirectoryLocationOut]


class DirectoryHsdsPage(Schema):
    total_items: int
    total_pages: int
    page_number: int
    size: int
    first_page: bool
    last_page: bool
    empty: bool
    contents: list[dict[str, Any]]


def _refuse(field: str, message: str) -> None:
    from django.core.exceptions import ValidationError

    raise ValidationError({field: message})


def _near(text: str | None) -> geo.Point | None:
    if not text:
        return None
    parts = text.split(",")
    if len(parts) != 2:
        _refuse("near", _("Give LAT,LON, for example 45.52,-122.68."))
    try:
        lat, lon = float(parts[0]), float(parts[1])
    except ValueError:
        _refuse("near", _("Latitude and longitude must be numbers."))
        raise  # unreachable; for the type checker
    if not (math.isfinite(lat) and -90 <= lat <= 90):
        _refuse("near", _("Latitude must be within -90 and 90."))
    if not (math.isfinite(lon) and -180 <= lon <= 180):
        _refuse("near", _("Longitude must be within -180 and 180."))
    return geo.Point(lat, lon)


def _location(result: selectors.Result) -> DirectoryLocationOut | None:
    loc = result.location
    if loc is None:
        return None
    return DirectoryLocationOut.model_construct(
        id=loc.hsds_id,
        kind=loc.location_type,
        name=loc.name,
        address=", ".join(p for p in (loc.address_1, loc.address_2) if p),
        city=loc.city,
        postal_code=loc.postal_code,
        latitude=loc.latitude,
        longitude=loc.longitude,
        time_zone=loc.zone,
        url=loc.url,
        accessibility=loc.accessibility,
    )


def _result(r: selectors.Result) -> dict[str, Any]:
    return {
        "id": r.service.pk,
        "hsds_id": r.service.hsds_id,
        "name": r.service.name,
        "organization": r.service.organization.name,
        "types": r.types,
        "status": r.service.status,
        "distance_km": None if r.distance_km is None else round(r.distance_km, 2),
        "open_at_time": r.open_at_time,
        "next_change": r.next_change,
        "walk_in": r.service.walk_in,
        "free": r.service.free,
        "last_verified": r.service.assured_date,
        "location": _location(r),
        "phones": [
            DirectoryPhoneOut.model_construct(number=p.number, extension=p.extension, type=p.type)
            for p in r.phones
        ],
        "languages": [lang.name or lang.code for lang in r.languages],
    }


@router.get("/directory/services", auth=None, response=DirectoryResultsOut)
def directory_services(
    request: HttpRequest, filters: Query[DirectoryFilters]
) -> DirectoryResultsOut:
    """Search the directory; nearest first when `near` is given. Public, no sign-in."""
    if filters.type and filters.type not in TYPE_CODES:
        _refuse("type", _("Unknown type; one of %(codes)s.") % {"codes": ", ".join(TYPE_CODES)})
    at = filters.open_at
    if at is not None and timezone.is_naive(at):
        import zoneinfo

        at = at.replace(tzinfo=zoneinfo.ZoneInfo(settings.DIRECTORY_TIME_ZONE))
    results = selectors.search_services(
        selectors.Search(
            type=filters.type,
            q=filters.q or "",
            near=_near(filters.near),
            within_km=filters.within_km,
            open_at=at,
            only_open=at is not None,
            walk_in=bool(filters.walk_in),
            free=bool(filters.free),
            language=filters.language or "",
            limit=filters.limit,
        )
    )
    # Built without validation: Ninja's schemas read every field through a getter, which for
    # thirty results cost more than the search. The values are the models' own, of the
    # schema's types (tests compare the answer field by field).
    return DirectoryResultsOut.model_construct(
        results=[DirectoryResultOut.model_construct(**_result(r)) for r in results]
    )


@router.get("/directory/services/{service_id}", auth=None, response=DirectoryServiceOut)
def directory_service(request: HttpRequest, service_id: int) -> DirectoryServiceOut:
    """One service with its locations, hours and phones; 404 when missing or closed for good."""
    results = selectors.service_results(service_id)
    first = results[0]
    service: Service = first.service
    return DirectoryServiceOut(
        **_result(first),
        description=service.description,
        eligibility=service.eligibility_description,
        fees=service.fees_description,
        url=service.url,
        schedules=[
            DirectoryScheduleOut(
                byday=s.byday,
                opens_at=s.opens_at,
                closes_at=s.closes_at,
                valid_from=s.valid_from,
                valid_to=s.valid_to,
                closed=s.is_closure,
            )
            for s in first.schedules
        ],
        locations=[loc for loc in (_location(r) for r in results) if loc is not None],
    )


@router.get("/directory/hsds/services", auth=None, response=DirectoryHsdsPage)
def directory_hsds_services(
    request: HttpRequest,
    full: bool = False,
    page: int = param_functions.Query(1, ge=1),
    per_page: int = param_functions.Query(50, ge=1, le=500),
) -> DirectoryHsdsPage:
    """HSDS 3.0 services, HSDA style, for other directories; `full=true` nests everything."""
    # The page is cut in the database: one count, the page's ids, then only their rows.
    total = Service.objects.count()
    pages = max(1, math.ceil(total / per_page))
    start = (page - 1) * per_page
    chunk = list(
        Service.objects.order_by("pk").values_list("pk", flat=True)[start : start + per_page]
    )
    contents = hsds.services_json(chunk) if chunk else []
    if not full:
        keep = set(hsds.COLUMNS["services.csv"]) | {"organization"}
        contents = [{k: v for k, v in item.items() if k in keep} for item in contents]
    return DirectoryHsdsPage(
        total_items=total,
        total_pages=pages,
        page_number=page,
        size=len(contents),
        first_page=page == 1,
        last_page=page >= pages,
        empty=not contents,
        contents=contents,
    )
