"""Harm reduction programs: anonymous codes, sites, the supply catalogue, encounters, stock,
referrals, overdose reversals, and the one-time codes a participant links a card with.

Nothing here holds a name. An encounter is stored once per client UUID; a correction replaces
its current values and keeps the previous ones as an `EncounterVersion` (who, when, what).
Each encounter also carries its tallies (syringes, naloxone kits and doses, test strips, tests,
referrals) so the report is one GROUP BY over one table.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from waypoint.accounts.models import Organization
from waypoint.core.crypto import EncryptedTextField
from waypoint.programs.catalogue import REFERRALS, SEED_NAMES, SERVICES, Category

SYRINGES_PER_POUND = 281


class Program(models.Model):
    """A program's own settings; made on first use for any organization of kind "program"."""

    organization = models.OneToOneField(
        Organization, on_delete=models.CASCADE, related_name="program"
    )
    syringes_per_pound = models.PositiveIntegerField(
        _("syringes per pound"), default=SYRINGES_PER_POUND
    )
    # Labels of the stable questions a person answers to re-derive a lost code.
    code_questions = models.JSONField(default=list, blank=True)

    def __str__(self) -> str:
        return f"program of {self.organization}"


class Site(models.Model):
    class Kind(models.TextChoices):
        FIXED = "fixed", _("Fixed site")
        MOBILE = "mobile", _("Mobile van")
        STREET = "street", _("Street outreach")
        MAIL = "mail", _("Mail")
        SECONDARY = "secondary", _("Peer or secondary delivery")

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="sites")
    name = models.CharField(_("name"), max_length=80)
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    active = models.BooleanField(default=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Item(models.Model):
    """An entry of a program's supply catalogue. A seeded item has no stored name (so none in the
    language of whoever made the program): `shown_name` reads it in the viewer's language."""

    Category = Category  # the report's categories live with the catalogue

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="items")
    slug = models.SlugField(max_length=60)
    name = models.CharField(_("name"), max_length=80, blank=True)
    category = models.CharField(_("category"), max_length=24, choices=Category.choices)
    doses_per_kit = models.PositiveSmallIntegerField(_("doses per kit"), null=True, blank=True)
    position = models.PositiveSmallIntegerField(default=100)
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["position", "name"]
        constraints = [
            models.UniqueConstraint(fields=["organization", "slug"], name="item_slug_per_program")
        ]

    def __str__(self) -> str:
        return self.shown_name

    @property
    def shown_name(self) -> str:
        return self.name or str(SEED_NAMES.get(self.slug, self.slug))


class Participant(models.Model):
    """A card code; nothing about the person. `derived_hash` is a keyed hash of their answers."""

    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="participant_codes"
    )
    code = models.CharField(max_length=6)
    # NULL, not "", so that the unique constraint lets many codes have no answers.
    derived_hash = models.CharField(max_length=64, null=True, blank=True)  # noqa: DJ001
    created_at = models.DateTimeField(default=timezone.now)
    first_seen_at = models.DateTimeField(null=True, blank=True)
    first_site = models.ForeignKey(Site, null=True, blank=True, on_delete=models.SET_NULL)
    # The participant's own Waypoint account, only if they linked it with a one-time code.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="program_cards",
    )
    linked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["organization", "code"], name="code_per_program"),
            models.UniqueConstraint(
                fields=["organization", "derived_hash"], name="derived_hash_per_program"
            ),
        ]

    def __str__(self) -> str:
        return self.shown_code

    @property
    def shown_code(self) -> str:
        return f"{self.code[:3]}-{self.code[3:]}"


class Encounter(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4)
    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="encounters"
    )
    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="encounters")
    participant = models.ForeignKey(
        Participant, null=True, blank=True, on_delete=models.PROTECT, related_name="encounters"
    )
    at = models.DateTimeField()
    people = models.PositiveIntegerField(default=1)
    syringes_collected = models.PositiveIntegerField(default=0)
    services = models.JSONField(default=list, blank=True)
    note = EncryptedTextField(blank=True, default="")
    version = models.PositiveIntegerField(default=1)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)
    # Tallies for the report, kept with the encounter (see the module docstring).
    syringes_distributed = models.PositiveIntegerField(default=0)
    naloxone_kits = models.PositiveIntegerField(default=0)
    naloxone_doses = models.PositiveIntegerField(default=0)
    fentanyl_strips = models.PositiveIntegerField(default=0)
    xylazine_strips = models.PositiveIntegerField(default=0)
    hiv_tests = models.PositiveSmallIntegerField(default=0)
    hiv_reactive = models.PositiveSmallIntegerField(default=0)
    hcv_tests = models.PositiveSmallIntegerField(default=0)
    hcv_reactive = models.PositiveSmallIntegerField(default=0)
    referrals_made = models.PositiveSmallIntegerField(default=0)
    referrals_linked = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["-at"]
        indexes = [
            # With the participant, distinct codes in a period are read from the index alone.
            models.Index(fields=["organization", "at", "participant"], name="encounter_org_at"),
            models.Index(fields=["participant", "at"], name="encounter_participant_at"),
        ]

    def __str__(self) -> str:
        return f"encounter {self.id}"

    @property
    def anonymous(self) -> bool:
        return self.participant_id is None

    @property
    def service_labels(self) -> list[str]:
        return [str(SERVICES.get(slug, slug)) for slug in self.services]


class EncounterVersion(models.Model):
    """A previous state of a corrected encounter: who corrected it, when, and what it said."""

    encounter = models.ForeignKey(Encounter, on_delete=models.CASCADE, related_name="versions")
    version = models.PositiveIntegerField()
    data = models.JSONField()
    note = EncryptedTextField(blank=True, default="")
    replaced_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    replaced_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["version"]

    def __str__(self) -> str:
        return f"version {self.version} of {self.encounter_id}"


class EncounterSupply(models.Model):
    encounter = models.ForeignKey(Encounter, on_delete=models.CASCADE, related_name="supplies")
    item = models.ForeignKey(Item, on_delete=models.PROTECT, related_name="+")
    quantity = models.PositiveIntegerField()

    def __str__(self) -> str:
        return f"{self.quantity} × {self.item_id}"


class TestResult(models.TextChoices):
    REACTIVE = "reactive", _("Reactive")
    NON_REACTIVE = "non_reactive", _("Non-reactive")
    INVALID = "invalid", _("Invalid")
    NOT_GIVEN = "not_given", _("Result not given")


class EncounterTest(models.Model):
    class Kind(models.TextChoices):
        HIV = "hiv", _("HIV")
        HCV = "hcv", _("Hepatitis C")

    encounter = models.ForeignKey(Encounter, on_delete=models.CASCADE, related_name="tests")
    kind = models.CharField(max_length=4, choices=Kind.choices)
    result = models.CharField(max_length=14, choices=TestResult.choices)

    def __str__(self) -> str:
        return f"{self.kind} {self.result}"


class Referral(models.Model):
    class Status(models.TextChoices):
        MADE = "made", _("Made")
        LINKED = "linked", _("Linked")

    encounter = models.ForeignKey(Encounter, on_delete=models.CASCADE, related_name="referrals")
    participant = models.ForeignKey(
        Participant, null=True, blank=True, on_delete=models.CASCADE, related_name="referrals"
    )
    to = models.CharField(max_length=24)
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.MADE)
    linked_on = models.DateField(null=True, blank=True)
    linked_at_encounter = models.ForeignKey(
        Encounter, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # The directory service referred to, when staff named one (public data only; a service
    # removed from the directory leaves the referral and its slug).
    service = models.ForeignKey(
        "directory.Service",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="program_referrals",
    )

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"referral to {self.to} ({self.status})"

    @property
    def to_label(self) -> str:
        return str(REFERRALS.get(self.to, self.to))


class StockMovement(models.Model):
    """One change to the stock of one item at one site; stock on hand is their sum."""

    class Kind(models.TextChoices):
        RECEIPT = "receipt", _("Received")
        TRANSFER_IN = "transfer-in", _("Transfer in")
        TRANSFER_OUT = "transfer-out", _("Transfer out")
        COUNT = "count", _("Count correction")
        ENCOUNTER = "encounter", _("Handed out")
        REVERSAL = "reversal", _("Replacement kit")

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="stock_movements")
    item = models.ForeignKey(Item, on_delete=models.PROTECT, related_name="stock_movements")
    kind = models.CharField(max_length=14, choices=Kind.choices)
    quantity = models.IntegerField()
    lot = models.CharField(_("lot"), max_length=40, blank=True)
    expires_on = models.DateField(_("expires on"), null=True, blank=True)
    at = models.DateTimeField(default=timezone.now)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    encounter = models.ForeignKey(
        Encounter, null=True, blank=True, on_delete=models.CASCADE, related_name="stock_movements"
    )
    reversal = models.ForeignKey(
        "Reversal", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )

    class Meta:
        indexes = [models.Index(fields=["site", "item"], name="stock_site_item")]

    def __str__(self) -> str:
        return f"{self.kind} {self.quantity} of {self.item_id} at {self.site_id}"


class Reversal(models.Model):
    class Place(models.TextChoices):
        OUTDOORS = "outdoors", _("Outdoors")
        HOME = "home", _("Home")
        SHELTER = "shelter", _("Shelter")
        VEHICLE = "vehicle", _("Vehicle")
        PUBLIC_BATHROOM = "public-bathroom", _("Public bathroom")
        OTHER = "other", _("Other")

    class Outcome(models.TextChoices):
        RECOVERED = "recovered", _("Recovered")
        HOSPITAL = "hospital", _("Taken to hospital")
        DIED = "died", _("Died")
        UNKNOWN = "unknown", _("Unknown")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4)
    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="reversals"
    )
    site = models.ForeignKey(Site, null=True, blank=True, on_delete=models.PROTECT)
    participant = models.ForeignKey(
        Participant, null=True, blank=True, on_delete=models.PROTECT, related_name="reversals"
    )
    at = models.DateTimeField()
    place = models.CharField(max_length=16, choices=Place.choices)
    substances = models.JSONField(default=list, blank=True)
    naloxone_doses = models.PositiveSmallIntegerField(default=0)
    naloxone_product = models.ForeignKey(
        Item, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    rescue_breathing = models.BooleanField(default=False)
    called_911 = models.BooleanField(default=False)
    outcome = models.CharField(max_length=10, choices=Outcome.choices)
    replacement_kit = models.ForeignKey(
        Item, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-at"]
        indexes = [models.Index(fields=["organization", "at"], name="reversal_org_at")]

    def __str__(self) -> str:
        return f"reversal {self.id}"


class LinkCode(models.Model):
    """A one-time code staff make in the person's presence; only its hash is kept."""

    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="+")
    code_hash = models.CharField(max_length=64, unique=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"link code of {self.participant_id}"

    @property
    def is_open(self) -> bool:
        return self.used_at is None and self.expires_at > timezone.now()
