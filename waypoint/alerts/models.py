"""Check on me (contacts who agreed, timers, a rescue plan), the outbox, and drug alerts.

The database is the source of truth for everything the worker does: a timer's state says what is
due next, and every message is an `Outbox` row written before it is sent and marked after.
Names, addresses, notes, the rescue plan and message bodies are encrypted at rest.
"""

from __future__ import annotations

import secrets
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from waypoint.accounts.models import Organization
from waypoint.core.crypto import EncryptedTextField


def new_key() -> str:
    """A random key for a link in a message (128 bits)."""
    return secrets.token_urlsafe(16)


class Channel(models.TextChoices):
    IN_APP = "in_app", _("Only in Waypoint")
    EMAIL = "email", _("Email")
    SMS = "sms", _("Text message")


class SafetyPrefs(models.Model):
    """A participant's own check-on-me settings: rescue plan, how to be asked, reminders."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="safety_prefs"
    )
    rescue_plan = EncryptedTextField(_("rescue plan"), blank=True)
    ask_channel = models.CharField(
        _("at the deadline, ask me first by"),
        max_length=8,
        choices=Channel.choices,
        default=Channel.IN_APP,
    )
    own_email = EncryptedTextField(_("your email"), blank=True)
    own_phone = EncryptedTextField(_("your phone number"), blank=True)
    reminder_time = models.TimeField(_("daily check-in reminder"), null=True, blank=True)
    reminder_channel = models.CharField(
        _("send the reminder by"), max_length=8, choices=Channel.choices, default=Channel.IN_APP
    )
    reminder_last_on = models.DateField(null=True, blank=True)

    def __str__(self) -> str:
        return f"safety settings of {self.user_id}"


class Contact(models.Model):
    """Someone a participant asked to check on them; alerts go only to those who confirmed."""

    class Status(models.TextChoices):
        INVITED = "invited", _("Invited, not confirmed yet")
        CONFIRMED = "confirmed", _("Confirmed")
        STOPPED = "stopped", _("Stopped")

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="safety_contacts"
    )
    name = EncryptedTextField(_("name"))
    email = EncryptedTextField(_("email"), blank=True)
    phone = EncryptedTextField(_("phone number"), blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.INVITED)
    # Only the hash of the one-time confirmation link is kept.
    confirm_hash = models.CharField(max_length=64, unique=True, null=True, blank=True)
    confirm_expires_at = models.DateTimeField(null=True, blank=True)
    # The stop link in every message; it can only stop messages, so it is kept as it is sent.
    stop_key = models.CharField(max_length=40, unique=True, default=new_key)
    created_at = models.DateTimeField(default=timezone.now)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    stopped_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"contact {self.pk} of {self.owner_id}"

    @property
    def is_confirmed(self) -> bool:
        return self.status == self.Status.CONFIRMED


class Timer(models.Model):
    """A check-on-me countdown. The worker acts on `deadline` (ask) and `alert_at` (alert)."""

    class Status(models.TextChoices):
        RUNNING = "running", _("Running")
        OK = "ok", _("Ended: you said you are OK")
        ALERTED = "alerted", _("Alert sent to your contacts")

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="safety_timers"
    )
    note = EncryptedTextField(_("where you are (optional)"), blank=True)
    contacts = models.ManyToManyField(Contact, related_name="timers", blank=True)
    seconds = models.PositiveIntegerField()
    started_at = models.DateTimeField(default=timezone.now)
    deadline = models.DateTimeField()
    alert_at = models.DateTimeField(help_text="deadline plus the grace period")
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.RUNNING)
    asked_at = models.DateTimeField(null=True, blank=True)
    help_requested = models.BooleanField(default=False)
    ended_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-started_at", "-id"]
        indexes = [
            models.Index(fields=["status", "deadline"]),
            models.Index(fields=["status", "alert_at"]),
        ]

    def __str__(self) -> str:
        return f"timer {self.pk} ({self.status})"

    @property
    def is_running(self) -> bool:
        return self.status == self.Status.RUNNING

    @staticmethod
    def grace() -> timedelta:
        return timedelta(seconds=settings.CHECK_ON_ME_GRACE_SECONDS)


class Outbox(models.Model):
    """One message to one address, written before it is sent; `key` makes each message once."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting to be sent")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Could not be sent")

    class Kind(models.TextChoices):
        INVITE = "invite", _("Invitation to a contact")
        ASK = "ask", _("Asking the person first")
        ALERT = "alert", _("Alert to a contact")
        REMOVED = "removed", _("Contact removed")
        REMINDER = "reminder", _("Daily check-in reminder")
        DRUG_ALERT = "drug_alert", _("Drug alert")

    key = models.CharField(max_length=120, unique=True)
    kind = models.CharField(max_length=12, choices=Kind.choices)
    channel = models.CharField(max_length=8, choices=Channel.choices)
    recipient = EncryptedTextField()
    subject = EncryptedTextField(blank=True)
    body = EncryptedTextField()
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    timer = models.ForeignKey(
        Timer, null=True, blank=True, on_delete=models.SET_NULL, related_name="outbox"
    )
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.PENDING)
    due_at = models.DateTimeField(default=timezone.now, help_text="when it became due")
    next_attempt_at = models.DateTimeField(default=timezone.now)
    attempts = models.PositiveSmallIntegerField(default=0)
    claim_token = models.CharField(max_length=40, blank=True, db_index=True)
    claimed_until = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)
    last_error = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["status", "next_attempt_at"])]

    def __str__(self) -> str:
        return f"{self.kind} {self.channel} {self.status}"


class Notification(models.Model):
    """A message for the participant inside Waypoint."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    key = models.CharField(max_length=120, unique=True)
    title = models.CharField(max_length=200)
    body = EncryptedTextField(blank=True)
    url = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.title


# --- Drug alerts ----------------------------------------------------------------------------


class Region(models.Model):
    """A named area an organization publishes alerts for (a city, a neighbourhood)."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    name = models.CharField(_("name"), max_length=80)

    class Meta:
        ordering = ["name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["organization", "name"], name="region_name_once")
        ]

    def __str__(self) -> str:
        return self.name


class Evidence(models.TextChoices):
    LAB = "lab", _("Confirmed by drug checking in a lab")
    STRIP = "strip", _("Found with a test strip")
    CLUSTER = "cluster", _("A cluster of overdoses")
    COMMUNITY = "community", _("Reported by people who use drugs")
    UNVERIFIED = "unverified", _("Not verified yet")


class DrugAlert(models.Model):
    """A warning about a dangerous batch, published by an organization for a region."""

    class Status(models.TextChoices):
        PUBLISHED = "published", _("Published")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="alerts")
    title = models.CharField(_("what was found"), max_length=160)
    details = models.TextField(_("details and what people can do"), max_length=2000, blank=True)
    substances = models.JSONField(default=list)
    evidence = models.CharField(_("how it is known"), max_length=12, choices=Evidence.choices)
    found_on = models.DateField(_("found on"))
    expires_on = models.DateField(_("shown until"))
    published_at = models.DateTimeField(default=timezone.now)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PUBLISHED)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Set by the worker once subscribers have been told; it never records who they were.
    fanned_out_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-published_at", "-id"]

    def __str__(self) -> str:
        return self.title


class Report(models.Model):
    """An anonymous report of a bad experience; staff review it before anything is published."""

    class Status(models.TextChoices):
        NEW = "new", _("Waiting for review")
        PUBLISHED = "published", _("Published as an alert")
        DISMISSED = "dismissed", _("Reviewed, not published")

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    region = models.ForeignKey(
        Region, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    substances = models.JSONField(default=list)
    what_happened = EncryptedTextField(_("what happened"))
    # Only the day: a time of day could help someone guess who wrote it.
    received_on = models.DateField(default=timezone.localdate)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.NEW)
    alert = models.ForeignKey(
        DrugAlert, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-received_on", "-id"]

    def __str__(self) -> str:
        return f"report {self.pk} ({self.status})"


class Subscription(models.Model):
    """What drug alerts a participant wants: regions, substances or what they log, a channel."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="alert_subscription"
    )
    regions = models.ManyToManyField(Region, related_name="+", blank=True)
    substances = models.JSONField(default=list, blank=True)
    match_my_log = models.BooleanField(
        _("only what matches what I log"),
        default=False,
        help_text=_(
            "Matched inside Waypoint against your own journal; the program never learns who "
            "matched."
        ),
    )
    channel = models.CharField(
        _("also tell me by"), max_length=8, choices=Channel.choices, default=Channel.IN_APP
    )

    def __str__(self) -> str:
        return f"subscription of {self.user_id}"
