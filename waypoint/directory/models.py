"""The service directory, after the Open Referral Human Services Data Specification (HSDS 3.0).

Tables and field names follow HSDS (organization, service, location, service_at_location,
schedule, phone, language); each imported row keeps its HSDS id in `hsds_id`, which is what
makes a second import update rather than duplicate. The address and accessibility of a
location are kept on the location (HSDS has them as separate tables; Waypoint keeps one of
each). Types, walk-in and cost are terms of Waypoint's own taxonomies (see `taxonomy.py`).

Directory entries carry no participant data. A person's saved services and "I went" marks live
in `Favourite` and `Visit`, which belong to that person (export and deletion follow them).
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from waypoint.accounts.models import Organization as AccountOrganization
from waypoint.directory.taxonomy import TYPE_CHOICES


def new_hsds_id() -> str:
    return str(uuid.uuid4())


class Organization(models.Model):
    """HSDS organization: who provides services. `managed_by` lets that account's admins edit."""

    hsds_id = models.CharField(max_length=100, unique=True, default=new_hsds_id)
    name = models.CharField(_("name"), max_length=250)
    alternate_name = models.CharField(_("other name"), max_length=250, blank=True)
    description = models.TextField(_("description"), blank=True)
    email = models.CharField(_("email"), max_length=250, blank=True)
    website = models.CharField(_("website"), max_length=500, blank=True)
    managed_by = models.ForeignKey(
        AccountOrganization,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="directory_organizations",
    )

    class Meta:
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return self.name


class Service(models.Model):
    """HSDS service, with the Waypoint taxonomy's types and access terms resolved to columns."""

    class Status(models.TextChoices):
        ACTIVE = "active", _("open as usual")
        INACTIVE = "inactive", _("not running")
        DEFUNCT = "defunct", _("closed for good")
        TEMPORARILY_CLOSED = "temporarily closed", _("temporarily closed")

    hsds_id = models.CharField(max_length=100, unique=True, default=new_hsds_id)
    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="services"
    )
    name = models.CharField(_("name"), max_length=250)
    alternate_name = models.CharField(_("other name"), max_length=250, blank=True)
    description = models.TextField(_("description"), blank=True)
    url = models.CharField(_("web page"), max_length=500, blank=True)
    email = models.CharField(_("email"), max_length=250, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.ACTIVE
    )
    interpretation_services = models.TextField(_("interpretation"), blank=True)
    application_process = models.TextField(_("how to get it"), blank=True)
    fees_description = models.TextField(_("cost details"), blank=True)
    eligibility_description = models.TextField(_("who it is for"), blank=True)
    minimum_age = models.PositiveSmallIntegerField(_("minimum age"), null=True, blank=True)
    maximum_age = models.PositiveSmallIntegerField(_("maximum age"), null=True, blank=True)
    assured_date = models.DateField(_("last verified"), null=True, blank=True)
    alert = models.TextField(_("notice"), blank=True)
    # Waypoint "access" taxonomy terms (attributes in HSDS).
    walk_in = models.BooleanField(_("walk-in (no appointment needed)"), default=False)
    appointment = models.BooleanField(_("by appointment"), default=False)
    free = models.BooleanField(_("free"), default=False)
    sliding_scale = models.BooleanField(_("sliding scale"), default=False)
    insurance = models.BooleanField(_("takes insurance"), default=False)
    is_meeting = models.BooleanField(_("a recurring meeting"), default=False)
    # A Waypoint group whose facilitator listed it (meeting information only, no members).
    group = models.OneToOneField(
        "groups.Group",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="directory_listing",
    )
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        # No index on status: it matches most rows, and on SQLite it would lead the planner
        # away from the location box, which is what narrows a search.
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return self.name

    @property
    def is_running(self) -> bool:
        return self.status == self.Status.ACTIVE


class ServiceType(models.Model):
    """A service's type in Waypoint's taxonomy (one row per code)."""

    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="types")
    code = models.CharField(max_length=30, choices=TYPE_CHOICES)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["service", "code"], name="directory_type_once")
        ]
        indexes = [models.Index(fields=["code", "service"])]

    def __str__(self) -> str:
        return self.code


class Location(models.Model):
    """HSDS location (physical or virtual), with its address and accessibility on the row."""

    class Kind(models.TextChoices):
        PHYSICAL = "physical", _("a place")
        VIRTUAL = "virtual", _("online")
        POSTAL = "postal", _("postal address")

    hsds_id = models.CharField(max_length=100, unique=True, default=new_hsds_id)
    organization = models.ForeignKey(
        Organization, null=True, blank=True, on_delete=models.CASCADE, related_name="locations"
    )
    location_type = models.CharField(
        _("kind"), max_length=10, choices=Kind.choices, default=Kind.PHYSICAL
    )
    url = models.CharField(_("link"), max_length=500, blank=True)
    name = models.CharField(_("name"), max_length=250, blank=True)
    description = models.TextField(_("description"), blank=True)
    transportation = models.TextField(_("getting there"), blank=True)
    latitude = models.FloatField(_("latitude"), null=True, blank=True)
    longitude = models.FloatField(_("longitude"), null=True, blank=True)
    # Not in HSDS (its schedule.timezone is a fixed UTC offset, which breaks at daylight saving):
    # an IANA zone, read from an extra `time_zone` column when present.
    time_zone = models.CharField(_("time zone"), max_length=60, blank=True)
    # The location's address (HSDS address.csv), one per location.
    address_hsds_id = models.CharField(max_length=100, blank=True)
    address_1 = models.CharField(_("address"), max_length=250, blank=True)
    address_2 = models.CharField(_("address, second line"), max_length=250, blank=True)
    city = models.CharField(_("city"), max_length=120, blank=True)
    state_province = models.CharField(_("state or province"), max_length=120, blank=True)
    postal_code = models.CharField(_("postcode"), max_length=20, blank=True)
    country = models.CharField(_("country"), max_length=2, blank=True)
    # HSDS accessibility.csv, one per location.
    accessibility_hsds_id = models.CharField(max_length=100, blank=True)
    accessibility = models.TextField(_("accessibility"), blank=True)

    class Meta:
        indexes = [models.Index(fields=["latitude", "longitude"])]

    def __str__(self) -> str:
        return self.name or self.address_1 or self.hsds_id

    @property
    def zone(self) -> str:
        return self.time_zone or settings.DIRECTORY_TIME_ZONE

    @property
    def has_point(self) -> bool:
        return self.latitude is not None and self.longitude is not None

    @property
    def address_line(self) -> str:
        parts = [self.address_1, self.address_2, self.city, self.state_province, self.postal_code]
        return ", ".join(p for p in parts if p)


class ServiceAtLocation(models.Model):
    """HSDS service_at_location: a service offered at a location."""

    hsds_id = models.CharField(max_length=100, unique=True, default=new_hsds_id)
    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="at_locations")
    location = models.ForeignKey(Location, on_delete=models.CASCADE, related_name="services_here")
    description = models.TextField(blank=True)
    # Derived, rebuilt with the search points: the weekly hours in a compact form when they are
    # plain weekly openings (no dates, no closures), so a search needs no schedule rows for
    # them; NULL when the hours need the full arithmetic (see `selectors.digest_of`).
    hours_digest = models.CharField(max_length=500, null=True, blank=True)  # noqa: DJ001 (NULL is not "")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["service", "location"], name="directory_sal_once")
        ]

    def __str__(self) -> str:
        return f"{self.service_id} at {self.location_id}"


class ServicePoint(models.Model):
    """Search index: one row per service-at-location and type, with the location's point.

    Derived data, rebuilt by `selectors.refresh_points` after every import or edit. It lets
    "type near a point" read one index range on (code, latitude, longitude) instead of every
    location in the box, and it carries what that search sorts and filters on besides (the
    service's status and name, the location's time zone), so the search reads no service or
    location row for the places it leaves out.
    """

    service_at_location = models.ForeignKey(
        ServiceAtLocation, on_delete=models.CASCADE, related_name="+"
    )
    code = models.CharField(max_length=30)
    latitude = models.FloatField()
    longitude = models.FloatField()
    status = models.CharField(max_length=20, choices=Service.Status.choices, default="active")
    name = models.CharField(max_length=250, default="")
    time_zone = models.CharField(max_length=60, blank=True, default="")

    class Meta:
        indexes = [models.Index(fields=["code", "latitude", "longitude"])]

    def __str__(self) -> str:
        return f"{self.code} at {self.latitude},{self.longitude}"


class Schedule(models.Model):
    """HSDS schedule: an RFC 5545-style recurring opening, or (no times) a closure by dates."""

    hsds_id = models.CharField(max_length=100, unique=True, default=new_hsds_id)
    service = models.ForeignKey(
        Service, null=True, blank=True, on_delete=models.CASCADE, related_name="schedules"
    )
    location = models.ForeignKey(
        Location, null=True, blank=True, on_delete=models.CASCADE, related_name="schedules"
    )
    service_at_location = models.ForeignKey(
        ServiceAtLocation,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="schedules",
    )
    valid_from = models.DateField(null=True, blank=True)
    valid_to = models.DateField(null=True, blank=True)
    dtstart = models.DateField(null=True, blank=True)
    timezone = models.FloatField(null=True, blank=True)  # HSDS: a UTC offset; kept, not used
    until = models.DateField(null=True, blank=True)
    freq = models.CharField(max_length=10, blank=True)
    interval = models.PositiveSmallIntegerField(null=True, blank=True)
    byday = models.CharField(max_length=60, blank=True)
    bymonthday = models.CharField(max_length=60, blank=True)
    opens_at = models.TimeField(null=True, blank=True)
    closes_at = models.TimeField(null=True, blank=True)
    description = models.TextField(blank=True)
    schedule_link = models.CharField(max_length=500, blank=True)
    attending_type = models.CharField(max_length=250, blank=True)
    notes = models.TextField(blank=True)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"schedule {self.hsds_id}"

    @property
    def is_closure(self) -> bool:
        """No opening times, only dates: closed on valid_from…valid_to (Waypoint's convention)."""
        return self.opens_at is None and self.closes_at is None and self.valid_from is not None


class Phone(models.Model):
    """HSDS phone, for a service, a location or an organization."""

    hsds_id = models.CharField(max_length=100, unique=True, default=new_hsds_id)
    service = models.ForeignKey(
        Service, null=True, blank=True, on_delete=models.CASCADE, related_name="phones"
    )
    location = models.ForeignKey(
        Location, null=True, blank=True, on_delete=models.CASCADE, related_name="phones"
    )
    organization = models.ForeignKey(
        Organization, null=True, blank=True, on_delete=models.CASCADE, related_name="phones"
    )
    number = models.CharField(_("number"), max_length=60)
    extension = models.CharField(_("extension"), max_length=20, blank=True)
    type = models.CharField(_("kind"), max_length=20, blank=True)
    description = models.CharField(_("description"), max_length=250, blank=True)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return self.number


class Language(models.Model):
    """HSDS language: spoken at a service or location (not only through an interpreter)."""

    hsds_id = models.CharField(max_length=100, unique=True, default=new_hsds_id)
    service = models.ForeignKey(
        Service, null=True, blank=True, on_delete=models.CASCADE, related_name="languages"
    )
    location = models.ForeignKey(
        Location, null=True, blank=True, on_delete=models.CASCADE, related_name="languages"
    )
    name = models.CharField(_("language"), max_length=100, blank=True)
    code = models.CharField(_("code"), max_length=20, blank=True, db_index=True)
    note = models.CharField(max_length=250, blank=True)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return self.name or self.code


class Place(models.Model):
    """A gazetteer entry the operator imports: a place name or postcode and its point."""

    name = models.CharField(max_length=120)
    postcode = models.CharField(max_length=20, blank=True)
    key = models.CharField(max_length=120, unique=True)  # normalized name or postcode
    latitude = models.FloatField()
    longitude = models.FloatField()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Favourite(models.Model):
    """A service a participant saved for later."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="directory_favourites"
    )
    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="+")
    saved_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-saved_at"]
        constraints = [
            models.UniqueConstraint(fields=["user", "service"], name="directory_favourite_once")
        ]

    def __str__(self) -> str:
        return f"favourite {self.service_id}"


class Visit(models.Model):
    """A participant's own "I went" mark; counselors see it only under the `referrals` scope."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="directory_visits"
    )
    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="+")
    went_on = models.DateField(_("the day you went"), default=timezone.localdate)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-went_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "service", "went_on"], name="directory_visit_once_a_day"
            )
        ]

    def __str__(self) -> str:
        return f"went to {self.service_id} on {self.went_on}"
