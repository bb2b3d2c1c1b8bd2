"""Writes to the directory: the gazetteer, hand editing, listing a group, saved services, visits."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, time
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from waypoint.accounts.gate import Role, organization_for, require_participant
from waypoint.accounts.models import User
from waypoint.core.errors import NotFound
from waypoint.directory import schedule as sched
from waypoint.directory.models import (
    Favourite,
    Location,
    Organization,
    Phone,
    Place,
    Schedule,
    Service,
    ServiceAtLocation,
    ServiceType,
    Visit,
)
from waypoint.directory.selectors import (
    editable_organizations,
    place_key,
    referral_service,
    refresh_points,
)
from waypoint.directory.taxonomy import TYPE_CODES


class GazetteerRefused(Exception):
    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__("; ".join(problems))


@transaction.atomic
def import_gazetteer(*, path: Path) -> int:
    """Places and postcodes from a CSV (name,postcode,latitude,longitude); all or nothing."""
    raw = path.read_bytes()
    if len(raw) > settings.DIRECTORY_IMPORT_MAX_BYTES:
        raise GazetteerRefused([f"{path.name}: larger than DIRECTORY_IMPORT_MAX_BYTES"])
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise GazetteerRefused([f"{path.name}: not UTF-8 text (byte {exc.start})"]) from None
    reader = csv.DictReader(io.StringIO(text, newline=""))
    problems: list[str] = []
    places: dict[str, Place] = {}
    for row in reader:
        line = reader.line_num
        name = (row.get("name") or "").strip()
        postcode = (row.get("postcode") or "").strip()
        try:
            lat, lon = float(row.get("latitude") or ""), float(row.get("longitude") or "")
            if not (-90 <= lat <= 90 and -180 <= lon <= 180):
                raise ValueError
        except ValueError:
            problems.append(f"line {line}: latitude and longitude must be numbers in range")
            continue
        if not name and not postcode:
            problems.append(f"line {line}: give a name or a postcode")
            continue
        for key_text in (name, postcode):
            key = place_key(key_text)
            if key:
                places[key] = Place(
                    name=name or postcode, postcode=postcode, key=key, latitude=lat, longitude=lon
                )
    if problems:
        raise GazetteerRefused(problems)
    Place.objects.bulk_create(
        list(places.values()),
        update_conflicts=True,
        unique_fields=["key"],
        update_fields=["name", "postcode", "latitude", "longitude"],
    )
    return len(places)


# --- Saved services and "I went" -----------------------------------------------------------


def favourite_set(*, user: User, service_id: int, saved: bool) -> None:
    """Save a service to the person's list, or take it off."""
    require_participant(user)
    service = referral_service(service_id)
    if saved:
        Favourite.objects.get_or_create(user=user, service=service)
    else:
        Favourite.objects.filter(user=user, service=service).delete()


def visit_mark(*, user: User, service_id: int, went_on: date | None = None) -> Visit:
    """The person's own "I went" (once a day per service); saves the service too."""
    require_participant(user)
    service = referral_service(service_id)
    went_on = went_on or timezone.localdate()
    if went_on > timezone.localdate():
        raise ValidationError({"went_on": _("Choose today or a day before.")})
    visit, created = Visit.objects.get_or_create(user=user, service=service, went_on=went_on)
    Favourite.objects.get_or_create(user=user, service=service)
    if created:
        # Other apps that referred this person to this service hear of it (a program links
        # its open referral, for a card the person linked to their account themselves).
        for listener in WENT_LISTENERS:
            listener(user, service, went_on)
    return visit


# Called with (user, service, day) when a person marks "I went"; registered by other apps in
# their AppConfig.ready() (the directory imports none of them).
WENT_LISTENERS: list[Callable[[User, Service, date], None]] = []


def visit_remove(*, user: User, visit_id: int) -> None:
    deleted, _rows = Visit.objects.filter(user=user, pk=visit_id).delete()
    if not deleted:
        raise NotFound()


# --- Hand editing by an organization admin -------------------------------------------------


@dataclass
class ServiceFields:
    """What an admin types for one service at one place, with one weekly opening."""

    name: str
    description: str = ""
    types: tuple[str, ...] = ()
    status: str = Service.Status.ACTIVE
    walk_in: bool = False
    appointment: bool = False
    free: bool = False
    sliding_scale: bool = False
    insurance: bool = False
    is_meeting: bool = False
    eligibility_description: str = ""
    fees_description: str = ""
    url: str = ""
    phone: str = ""
    languages: str = ""  # comma separated names or codes
    online: bool = False
    address_1: str = ""
    city: str = ""
    state_province: str = ""
    postal_code: str = ""
    latitude: float | None = None
    longitude: float | None = None
    time_zone: str = ""
    byday: tuple[str, ...] = ()
    opens_at: time | None = None
    closes_at: time | None = None


def directory_organization_for(user: User, account_slug: str) -> Organization:
    """The account organization's own directory organization (made on first use), for admins."""
    account = organization_for(user, account_slug, [Role.ADMIN])
    org = Organization.objects.filter(managed_by=account).order_by("pk").first()
    if org is None:
        org = Organization.objects.create(name=account.name, managed_by=account)
    return org


def _check(fields: ServiceFields) -> None:
    errors: dict[str, str] = {}
    if not fields.name.strip():
        errors["name"] = _("Give the service a name.")
    unknown = [t for t in fields.types if t not in TYPE_CODES]
    if unknown:
        errors["types"] = _("Unknown type: %(codes)s") % {"codes": ", ".join(unknown)}
    if (fields.latitude is None) != (fields.longitude is None):
        errors["latitude"] = _("Give both latitude and longitude, or neither.")
    if fields.latitude is not None and not -90 <= fields.latitude <= 90:
        errors["latitude"] = _("Latitude is between -90 and 90.")
    if fields.longitude is not None and not -180 <= fields.longitude <= 180:
        errors["longitude"] = _("Longitude is between -180 and 180.")
    if bool(fields.byday) and (fields.opens_at is None or fields.closes_at is None):
        errors["opens_at"] = _("Give the opening and closing times for the days chosen.")
    if fields.online and not fields.url:
        errors["url"] = _("An online service or meeting needs its link.")
    if errors:
        raise ValidationError(errors)


def _save_place(location: Location, fields: Any, *, name: str) -> None:
    """Write a place's kind, link, name, address, point and time zone as typed, and save it."""
    location.location_type = Location.Kind.VIRTUAL if fields.online else Location.Kind.PHYSICAL
    location.url = fields.url if fields.online else ""
    location.name = name
    location.address_1 = fields.address_1.strip()
    location.city = fields.city.strip()
    location.state_province = fields.state_province.strip()
    location.postal_code = fields.postal_code.strip()
    location.latitude, location.longitude = fields.latitude, fields.longitude
    location.time_zone = fields.time_zone
    location.save()


def _place_and_hours(
    service: Service, organization: Organization, fields: ServiceFields, *, keep_closures: bool
) -> None:
    """The service's one place (or link) and its one weekly opening, as typed."""
    sal = ServiceAtLocation.objects.filter(service=service).select_related("location").first()
    location = sal.location if sal is not None else Location(organization=organization)
    _save_place(location, fields, name=service.name)
    if sal is None:
        ServiceAtLocation.objects.create(service=service, location=location)
    old = Schedule.objects.filter(service=service)
    (old.filter(opens_at__isnull=False) if keep_closures else old).delete()
    if fields.byday and fields.opens_at and fields.closes_at:
        Schedule.objects.create(
            service=service,
            freq="WEEKLY",
            byday=",".join(d for d in sched.DAY_CODES if d in fields.byday),
            opens_at=fields.opens_at,
            closes_at=fields.closes_at,
        )
    refresh_points([service.pk])


def has_one_place_and_opening(service: Service) -> bool:
    """Whether the service's main form may edit its place and hours: at most one place and at
    most one weekly opening, kept for the service as a whole. Anything richer is edited on
    the places and hours page (`place_save`, `hours_add`, `schedule_remove`)."""
    if ServiceAtLocation.objects.filter(service=service).count() > 1:
        return False
    weekly = Schedule.objects.filter(opens_at__isnull=False)
    at_places = weekly.filter(service_at_location__service=service)
    return not at_places.exists() and weekly.filter(service=service).count() <= 1


@transaction.atomic
def service_save(
    *,
    user: User,
    organization: Organization,
    fields: ServiceFields,
    service: Service | None = None,
    place_and_hours: bool = True,
) -> Service:
    """Create or update a service by hand; the editor must be an admin of its organization.

    With `place_and_hours` false the service's places and hours are left as they are (they
    are edited on their own page once there is more than one of either)."""
    if not editable_organizations(user).filter(pk=organization.pk).exists():
        raise NotFound()
    if service is not None and service.organization_id != organization.pk:
        raise NotFound()
    _check(fields)
    service = service or Service(organization=organization)
    for attr in (
        "name",
        "description",
        "status",
        "walk_in",
        "appointment",
        "free",
        "sliding_scale",
        "insurance",
        "is_meeting",
        "eligibility_description",
        "fees_description",
        "url",
    ):
        value = getattr(fields, attr)
        setattr(service, attr, value.strip() if isinstance(value, str) else value)
    service.assured_date = timezone.localdate()
    service.updated_at = timezone.now()
    service.save()
    ServiceType.objects.filter(service=service).exclude(code__in=fields.types).delete()
    for code in fields.types:
        ServiceType.objects.get_or_create(service=service, code=code)
    if place_and_hours:
        _place_and_hours(service, organization, fields, keep_closures=True)
    else:
        refresh_points([service.pk])  # the types may have changed
    Phone.objects.filter(service=service).delete()
    if fields.phone.strip():
        Phone.objects.create(service=service, number=fields.phone.strip())
    service.languages.all().delete()
    for name in (n.strip() for n in fields.languages.split(",")):
        if name:
            service.languages.create(name=name, code=name.lower() if len(name) <= 3 else "")
    return service


@transaction.atomic
def closure_add(
    *, user: User, service: Service, first: date, last: date, note: str = ""
) -> Schedule:
    """A closure (holiday, staff day): closed on first…last whatever the weekly hours say."""
    if not editable_organizations(user).filter(pk=service.organization_id).exists():
        raise NotFound()
    if last < first:
        raise ValidationError({"last": _("The last day is on or after the first.")})
    closure = Schedule.objects.create(
        service=service, valid_from=first, valid_to=last, description=note.strip()[:250]
    )
    refresh_points([service.pk])  # a closure takes the service's hours off the digest
    return closure


# --- Several places, several openings, closures ------------------------------------------


@dataclass
class PlaceFields:
    """One place of a service, as an admin types it."""

    name: str = ""
    online: bool = False
    url: str = ""
    address_1: str = ""
    city: str = ""
    state_province: str = ""
    postal_code: str = ""
    latitude: float | None = None
    longitude: float | None = None
    time_zone: str = ""


def _may_edit(user: User, service: Service) -> None:
    if not editable_organizations(user).filter(pk=service.organization_id).exists():
        raise NotFound()


def _check_place(fields: PlaceFields) -> None:
    errors: dict[str, str] = {}
    if (fields.latitude is None) != (fields.longitude is None):
        errors["latitude"] = _("Give both latitude and longitude, or neither.")
    if fields.latitude is not None and not -90 <= fields.latitude <= 90:
        errors["latitude"] = _("Latitude is between -90 and 90.")
    if fields.longitude is not None and not -180 <= fields.longitude <= 180:
        errors["longitude"] = _("Longitude is between -180 and 180.")
    if fields.online and not fields.url:
        errors["url"] = _("An online service or meeting needs its link.")
    if not fields.online and not (fields.address_1.strip() or fields.name.strip()):
        errors["address_1"] = _("Give a street address or a name for the place.")
    if fields.time_zone:
        try:
            ZoneInfo(fields.time_zone)
        except (ZoneInfoNotFoundError, ValueError):
            errors["time_zone"] = _("Unknown time zone: %(zone)s") % {"zone": fields.time_zone}
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def place_save(
    *, user: User, service: Service, fields: PlaceFields, location_id: int | None = None
) -> Location:
    """Add a place to a service (no `location_id`) or change one of its places."""
    _may_edit(user, service)
    if location_id is not None:
        sal = (
            ServiceAtLocation.objects.filter(service=service, location_id=location_id)
            .select_related("location")
            .first()
        )
        if sal is None:
            raise NotFound()
        location = sal.location
    else:
        location = Location(organization=service.organization)
    _check_place(fields)
    _save_place(location, fields, name=fields.name.strip()[:250])
    if location_id is None:
        ServiceAtLocation.objects.create(service=service, location=location)
    refresh_points([service.pk])
    return location


@transaction.atomic
def place_remove(*, user: User, service: Service, location_id: int) -> None:
    """Take a place off a service, with the opening hours kept for that place."""
    _may_edit(user, service)
    sal = ServiceAtLocation.objects.filter(service=service, location_id=location_id).first()
    if sal is None:
        raise NotFound()
    location = sal.location
    sal.delete()  # its own schedules go with it
    # A place that no other service uses and that belongs to this organization goes too.
    if (
        location.organization_id == service.organization_id
        and not ServiceAtLocation.objects.filter(location=location).exists()
        and not Schedule.objects.filter(location=location).exclude(service=service).exists()
    ):
        Schedule.objects.filter(location=location, service=service).delete()
        location.delete()
    refresh_points([service.pk])


@transaction.atomic
def hours_add(
    *,
    user: User,
    service: Service,
    byday: tuple[str, ...],
    opens_at: time | None,
    closes_at: time | None,
    location_id: int | None = None,
) -> Schedule:
    """A weekly opening: for the service everywhere, or for one of its places (which then
    follows its own hours instead of the service's)."""
    _may_edit(user, service)
    errors: dict[str, str] = {}
    unknown = [d for d in byday if d not in sched.DAY_CODES]
    if not byday or unknown:
        errors["byday"] = _("Choose at least one day.")
    if opens_at is None:
        errors["opens_at"] = _("Give the opening time.")
    if closes_at is None:
        errors["closes_at"] = _("Give the closing time.")
    elif opens_at is not None and closes_at == opens_at:
        errors["closes_at"] = _("The closing time is not the opening time.")
    sal = None
    if location_id is not None:
        sal = ServiceAtLocation.objects.filter(service=service, location_id=location_id).first()
        if sal is None:
            errors["place"] = _("That place is not one of this service's.")
    if errors:
        raise ValidationError(errors)
    days = ",".join(d for d in sched.DAY_CODES if d in byday)
    row = Schedule.objects.create(
        service=None if sal is not None else service,
        service_at_location=sal,
        freq="WEEKLY",
        byday=days,
        opens_at=opens_at,
        closes_at=closes_at,
    )
    refresh_points([service.pk])
    return row


@transaction.atomic
def schedule_remove(*, user: User, service: Service, schedule_id: int) -> None:
    """Remove a weekly opening or a closure of the service (or of one of its places)."""
    _may_edit(user, service)
    deleted, _rows = (
        Schedule.objects.filter(pk=schedule_id)
        .filter(Q(service=service) | Q(service_at_location__service=service))
        .delete()
    )
    if not deleted:
        raise NotFound()
    refresh_points([service.pk])


# --- Listing a Waypoint group --------------------------------------------------------------


@transaction.atomic
def group_list(*, user: User, group_id: int, fields: ServiceFields) -> Service:
    """A facilitator lists their group as a meeting: name, place or link, weekly time only."""
    from waypoint.groups.selectors import groups_facilitated_by

    group = groups_facilitated_by(user).filter(pk=group_id).select_related("organization").first()
    if group is None:
        raise NotFound()
    if not fields.byday or fields.opens_at is None or fields.closes_at is None:
        raise ValidationError({"byday": _("Choose the meeting's days and times.")})
    _check(fields)
    org = Organization.objects.filter(managed_by=group.organization).order_by("pk").first()
    if org is None:
        org = Organization.objects.create(
            name=group.organization.name, managed_by=group.organization
        )
    service = Service.objects.filter(group=group).first() or Service(organization=org, group=group)
    service.name = fields.name.strip() or group.name
    service.description = fields.description.strip() or group.description
    service.status = Service.Status.ACTIVE
    service.is_meeting = True
    service.walk_in = group.drop_in
    service.free = True
    service.url = fields.url if fields.online else ""
    service.assured_date = timezone.localdate()
    service.save()
    ServiceType.objects.get_or_create(service=service, code="harm-reduction-group")
    _place_and_hours(service, org, fields, keep_closures=False)
    return service


def group_unlist(*, user: User, group_id: int) -> None:
    from waypoint.groups.selectors import groups_facilitated_by

    group = groups_facilitated_by(user).filter(pk=group_id).first()
    if group is None:
        raise NotFound()
    Service.objects.filter(group=group).delete()


def fields_from_service(service: Service) -> dict[str, Any]:
    """Initial form values for editing a service by hand."""
    sal = ServiceAtLocation.objects.filter(service=service).select_related("location").first()
    loc = sal.location if sal else None
    rule = Schedule.objects.filter(service=service, opens_at__isnull=False).first()
    phone = Phone.objects.filter(service=service).first()
    return {
        "name": service.name,
        "description": service.description,
        "types": list(service.types.values_list("code", flat=True)),
        "status": service.status,
        "walk_in": service.walk_in,
        "appointment": service.appointment,
        "free": service.free,
        "sliding_scale": service.sliding_scale,
        "insurance": service.insurance,
        "is_meeting": service.is_meeting,
        "eligibility_description": service.eligibility_description,
        "fees_description": service.fees_description,
        "url": service.url or (loc.url if loc else ""),
        "phone": phone.number if phone else "",
        "languages": ", ".join(service.languages.values_list("name", flat=True)),
        "online": bool(loc and loc.location_type == Location.Kind.VIRTUAL),
        "address_1": loc.address_1 if loc else "",
        "city": loc.city if loc else "",
        "state_province": loc.state_province if loc else "",
        "postal_code": loc.postal_code if loc else "",
        "latitude": loc.latitude if loc else None,
        "longitude": loc.longitude if loc else None,
        "time_zone": loc.time_zone if loc else "",
        "byday": [d for d in (rule.byday.split(",") if rule else []) if d],
        "opens_at": rule.opens_at if rule else None,
        "closes_at": rule.closes_at if rule else None,
    }
