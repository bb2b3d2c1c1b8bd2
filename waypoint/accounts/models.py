"""People, organizations and their roles, and the secrets that let a person in."""

from __future__ import annotations

import hashlib
from typing import Any, ClassVar

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


def secret_hash(raw: str) -> str:
    """SHA-256 of a high-entropy secret (token, recovery code): fast to check, useless to steal."""
    return hashlib.sha256(raw.encode()).hexdigest()


def default_time_zone() -> str:
    return str(settings.TIME_ZONE)


class UserManager(BaseUserManager["User"]):
    def get_by_natural_key(self, username: str | None) -> User:
        return self.get(username__iexact=username)

    def create_user(self, username: str, password: str | None = None, **extra: Any) -> User:
        user = self.model(username=username, **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user


class User(AbstractBaseUser):
    """Anyone who signs in: a participant, or a staff member of an organization."""

    class Kind(models.TextChoices):
        PARTICIPANT = "participant", _("Participant")
        STAFF = "staff", _("Staff")

    username = models.CharField(
        _("username"),
        max_length=40,
        unique=True,
        help_text=_("Any name you like; it does not need to be your real name."),
    )
    email = models.EmailField(_("email (optional)"), blank=True)
    display_name = models.CharField(_("display name"), max_length=60, blank=True)
    kind = models.CharField(max_length=12, choices=Kind.choices, default=Kind.PARTICIPANT)
    discreet_mode = models.BooleanField(
        _("discreet mode"),
        default=False,
        help_text=_("Shows a neutral title in the browser tab instead of Waypoint."),
    )
    # An IANA name (accounts.zones validates it). Days of Today, check-ins, goals and reminders
    # follow it; entries keep the day they were logged on when it changes.
    time_zone = models.CharField(
        _("time zone"),
        max_length=64,
        default=default_time_zone,
        help_text=_("Your days start and end at midnight here."),
    )
    is_active = models.BooleanField(default=True)
    date_joined = models.DateTimeField(default=timezone.now)

    USERNAME_FIELD = "username"
    REQUIRED_FIELDS: ClassVar[list[str]] = []

    objects = UserManager()

    class Meta:
        constraints = [
            models.UniqueConstraint(Lower("username"), name="username_unique_any_case"),
        ]

    def __str__(self) -> str:
        return self.username

    @property
    def shown_name(self) -> str:
        """The name other people see: the display name if set, else the username."""
        return self.display_name or self.username


class Organization(models.Model):
    """A clinic, program or group host whose staff work with participants."""

    class Kind(models.TextChoices):
        CLINIC = "clinic", _("Clinic or counseling practice")
        PROGRAM = "program", _("Harm reduction program")
        COMMUNITY = "community", _("Community group")

    name = models.CharField(_("name"), max_length=120)
    slug = models.SlugField(unique=True)
    kind = models.CharField(max_length=12, choices=Kind.choices, default=Kind.CLINIC)
    # Days in reports (a program's "from"/"to") are days in this zone.
    time_zone = models.CharField(_("time zone"), max_length=64, default=default_time_zone)
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return self.name


class Membership(models.Model):
    """A staff member's role in an organization; one person may hold several roles."""

    class Role(models.TextChoices):
        COUNSELOR = "counselor", _("Counselor")
        FACILITATOR = "facilitator", _("Group facilitator")
        OUTREACH = "outreach", _("Outreach worker")
        ADMIN = "admin", _("Organization admin")

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(max_length=12, choices=Role.choices)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organization", "role"], name="one_role_once_per_organization"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_role_display()} · {self.organization}"


class RecoveryCode(models.Model):
    """A one-time code that lets a person without email back in; only its hash is kept."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="recovery_codes")
    code_hash = models.CharField(max_length=64, unique=True)
    used_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"recovery code of {self.user_id}"


class LoginFailure(models.Model):
    """A failed sign-in, kept briefly to slow down guessing per account and per address."""

    username = models.CharField(max_length=40, db_index=True)
    address = models.GenericIPAddressField(null=True, db_index=True)
    # The device cookie's random id when the attempt came from a device known to the account.
    device = models.CharField(max_length=32, blank=True, db_index=True)
    at = models.DateTimeField(default=timezone.now, db_index=True)

    def __str__(self) -> str:
        return f"{self.username} from {self.address} at {self.at:%Y-%m-%d %H:%M}"


class AccessToken(models.Model):
    """A personal access token for scripts and apps; shown once, stored hashed."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="access_tokens")
    name = models.CharField(_("name"), max_length=60)
    token_hash = models.CharField(max_length=64, unique=True)
    prefix = models.CharField(max_length=12)
    created_at = models.DateTimeField(default=timezone.now)
    last_used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"


class SetupLink(models.Model):
    """A one-time, expiring link where a staff account made by an operator sets its passphrase."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="setup_links")
    code_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"setup link of {self.user_id}"

    @property
    def is_open(self) -> bool:
        return self.used_at is None and self.expires_at > timezone.now()
