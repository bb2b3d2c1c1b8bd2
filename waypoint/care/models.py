"""Care: invitations, the participant's consents, the access log, notes, suggestions, requests.

A consent is the only thing that lets staff see a participant's data (see selectors.py). Its
42 CFR Part 2 elements are stored as they were when the participant signed, so the printed
consent always shows what was agreed, even after an organization or a person is renamed.
"""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta, tzinfo
from datetime import timezone as dt_timezone
from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from waypoint.accounts.models import Membership, Organization
from waypoint.accounts.zones import day_ends, zone_for, zone_words
from waypoint.core.crypto import EncryptedCharField, EncryptedTextField
from waypoint.goals.models import Goal, GoalStep
from waypoint.measures import INSTRUMENTS

INVITATION_DAYS = 14


class Scope(models.TextChoices):
    """What a consent can cover; each maps to a `shares_<code>` column on Consent."""

    PROGRESS = "progress", _("progress summary")
    GOALS = "goals", _("goals and steps")
    ENTRIES = "entries", _("journal entries")
    CHECKINS = "checkins", _("daily check-ins")
    ASSESSMENTS = "assessments", _("questionnaires and scores")
    NOTES = "notes", _("session notes")
    WORKSHEETS = "worksheets", _("worksheets")
    REFERRALS = "referrals", _("services you went to")


SCOPE_DETAILS: dict[str, str | Promise] = {
    Scope.PROGRESS: _(
        "how your last 28 days compare with your starting point: use days, drinks, harms, "
        "care actions, wellbeing, and the date of your last check-in"
    ),
    Scope.GOALS: _("your goals and their steps, and goal suggestions from them"),
    Scope.ENTRIES: _(
        "your journal entries: what, how much, how, set and setting, harms and care actions "
        "(never your private notes)"
    ),
    Scope.CHECKINS: _("your daily check-ins: no-use days, mood and wellbeing"),
    Scope.ASSESSMENTS: _(
        "your questionnaire answers and scores (AUDIT, PHQ-9, GAD-7, WHO-5 and others), and "
        "requests to fill one in"
    ),
    Scope.NOTES: _("session notes they write about your work together; shared ones you see too"),
    Scope.WORKSHEETS: _(
        "your worksheets (pros and cons, change plans, what matters to you, readiness ruler), "
        "with every earlier version"
    ),
    Scope.REFERRALS: _(
        'the services from the directory you marked "I went", and services they suggest to you'
    ),
}

# Questionnaires offered to people. DAST-10 is left out: its items are copyrighted (Addiction
# Research Foundation), so Waypoint can score it but cannot show its questions.
OFFERED_INSTRUMENTS = ("audit_c", "audit", "phq9", "gad7", "who5", "readiness")

# Roles that may see clients under a consent. An admin manages staff and sees no one's data.
CLIENT_ROLES = (Membership.Role.COUNSELOR,)


class Invitation(models.Model):
    """A one-time code: a counselor inviting a client to connect, or an admin inviting staff."""

    class Kind(models.TextChoices):
        CLIENT = "client", _("client")
        STAFF = "staff", _("staff")

    kind = models.CharField(max_length=8, choices=Kind.choices)
    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="invitations"
    )
    # A client invitation names the counselor, or none for the organization's counselors.
    counselor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="client_invitations",
    )
    role = models.CharField(max_length=12, choices=Membership.Role.choices, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    code_hash = models.CharField(max_length=64, unique=True)
    code_hint = models.CharField(max_length=4, help_text="last characters, to recognise it")
    # What the inviter proposes; the participant decides what is actually shared.
    suggested_scopes = models.JSONField(default=list, blank=True)
    purpose = EncryptedCharField(_("purpose"), max_length=200, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)
    used_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    cancelled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.kind} invitation …{self.code_hint}"

    @property
    def is_open(self) -> bool:
        return (
            self.used_at is None and self.cancelled_at is None and self.expires_at > timezone.now()
        )


class Consent(models.Model):
    """A participant's permission for a counselor (or an organization's counselors) to see data.

    Live while not revoked and, when it has an end date, until the end of that day on the
    participant's clock as it was when they signed (`ends_at`, set when the day is written).
    """

    participant = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="consents_given"
    )
    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="consents"
    )
    # Empty means every counselor of the organization. PROTECT: deleting a named counselor must
    # never widen a consent to the whole organization.
    counselor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="consents_received",
    )
    invitation = models.ForeignKey(
        Invitation, null=True, blank=True, on_delete=models.SET_NULL, related_name="consents"
    )
    # One column per scope, so that "who may see progress" is a plain SQL filter everywhere.
    shares_progress = models.BooleanField(default=False)
    shares_goals = models.BooleanField(default=False)
    shares_entries = models.BooleanField(default=False)
    shares_checkins = models.BooleanField(default=False)
    shares_assessments = models.BooleanField(default=False)
    shares_notes = models.BooleanField(default=False)
    shares_worksheets = models.BooleanField(default=False)
    shares_referrals = models.BooleanField(default=False)
    purpose = EncryptedCharField(_("purpose"), max_length=200)
    expires_on = models.DateField(_("last day of sharing"), null=True, blank=True)
    # The moment sharing stops: the end of `expires_on` on the participant's clock when signed,
    # so every reader, whatever their own clock, filters on one instant.
    ends_at = models.DateTimeField(null=True, blank=True, editable=False)
    given_at = models.DateTimeField(default=timezone.now)
    revoked_at = models.DateTimeField(null=True, blank=True)
    # The 42 CFR Part 2 elements, as signed.
    signature = EncryptedCharField(_("signature (your name, typed)"), max_length=120)
    discloser = models.CharField(max_length=200)
    recipient = models.CharField(max_length=200)
    information = models.TextField()
    revocation_terms = models.TextField()

    class Meta:
        ordering = ["-given_at"]
        indexes = [models.Index(fields=["participant", "revoked_at"])]

    def __str__(self) -> str:
        return f"consent {self.pk} of {self.participant_id} to {self.recipient}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        # Whenever the last day is written, its end is worked out on the participant's clock then.
        fields = kwargs.get("update_fields")
        if fields is None or "expires_on" in fields:
            last = self.expires_on
            self.ends_at = day_ends(last, zone_for(self.participant)) if last else None
            if fields is not None:
                kwargs["update_fields"] = {*fields, "ends_at"}
        super().save(*args, **kwargs)

    @property
    def scopes(self) -> list[str]:
        return [scope for scope in Scope.values if getattr(self, f"shares_{scope}")]

    def set_scopes(self, scopes: list[str]) -> None:
        for scope in Scope.values:
            setattr(self, f"shares_{scope}", scope in scopes)

    def is_live(self) -> bool:
        return self.revoked_at is None and (self.ends_at is None or self.ends_at > timezone.now())

    def end_clock(self) -> tzinfo | None:
        """The clock its last day ends on: the participant's zone, or, when they have moved since
        signing (the end stays), the fixed offset it was signed on; None without a last day."""
        if self.ends_at is None or self.expires_on is None:
            return None
        zone = zone_for(self.participant)
        if day_ends(self.expires_on, zone) == self.ends_at:
            return zone
        midnight = datetime.combine(self.expires_on + timedelta(days=1), time.min, tzinfo=UTC)
        return dt_timezone(midnight - self.ends_at)

    @property
    def ends_in(self) -> str:
        """The clock its last day ends on, in plain words ("Los Angeles time"); "" without one."""
        clock = self.end_clock()
        if clock is None or self.ends_at is None:
            return ""
        return zone_words(clock, self.ends_at)

    @property
    def scope_labels(self) -> list[str]:
        return [str(Scope(scope).label) for scope in self.scopes]


class AccessRecord(models.Model):
    """One view or export of a participant's data by a staff member, and the consent it used."""

    class Via(models.TextChoices):
        CASELOAD = "caseload", _("caseload")
        PAGE = "page", _("client page")
        API = "api", _("API")
        EXPORT_JSON = "export_json", _("JSON export")
        EXPORT_CSV = "export_csv", _("CSV export")
        EXPORT_FHIR = "export_fhir", _("FHIR export")

    staff = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="accesses_made",
    )
    staff_name = models.CharField(max_length=60)
    participant = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="access_records"
    )
    consent = models.ForeignKey(
        Consent, null=True, on_delete=models.SET_NULL, related_name="access_records"
    )
    scope = models.CharField(max_length=12, choices=Scope.choices)
    via = models.CharField(max_length=12, choices=Via.choices)
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["participant", "at"])]

    def __str__(self) -> str:
        return f"{self.staff_name} {self.via} {self.scope} of {self.participant_id}"

    @property
    def is_export(self) -> bool:
        return self.via.startswith("export")


class Note(models.Model):
    """A counselor's session note, encrypted at rest; private (author only) or shared.

    The note is the counselor's clinical record: it stays theirs when the client stops sharing
    or deletes their account (the client link is then emptied; ``client_label`` remains).
    """

    class Visibility(models.TextChoices):
        PRIVATE = "private", _("private: only you")
        SHARED = "shared", _("shared: your client sees it too")

    participant = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="care_notes",
    )
    # Who the note is about, in the counselor's own records, as the client was shown then.
    client_label = EncryptedCharField(max_length=60, blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    author_name = models.CharField(max_length=60)
    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+")
    body = EncryptedTextField(_("note"))
    visibility = models.CharField(
        _("who sees it"), max_length=8, choices=Visibility.choices, default=Visibility.PRIVATE
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"note {self.pk} ({self.visibility})"


class Decision(models.TextChoices):
    PENDING = "pending", _("waiting")
    ACCEPTED = "accepted", _("accepted")
    DECLINED = "declined", _("declined")


class Suggestion(models.Model):
    """A goal or step a counselor suggests; part of the plan only once the participant accepts."""

    class Kind(models.TextChoices):
        GOAL = "goal", _("a goal")
        STEP = "step", _("a step toward a goal")
        SERVICE = "service", _("a service to try")

    participant = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="suggestions"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    author_name = models.CharField(max_length=60)
    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=8, choices=Kind.choices)
    goal_kind = models.CharField(max_length=10, choices=Goal.Kind.choices, blank=True)
    domain = models.CharField(max_length=14, choices=Goal.Domain.choices, blank=True)
    text = EncryptedCharField(max_length=160)
    goal = models.ForeignKey(
        Goal, null=True, blank=True, on_delete=models.CASCADE, related_name="suggested_steps"
    )
    # A service in the directory (kind "service"); accepting saves it to the person's list.
    service = models.ForeignKey(
        "directory.Service", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    message = EncryptedTextField(blank=True)
    status = models.CharField(max_length=8, choices=Decision.choices, default=Decision.PENDING)
    created_at = models.DateTimeField(default=timezone.now)
    decided_at = models.DateTimeField(null=True, blank=True)
    result_goal = models.ForeignKey(
        Goal, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    result_step = models.ForeignKey(
        GoalStep, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"suggested {self.kind}: {self.text}"


class AssessmentRequest(models.Model):
    """A counselor asking a client to fill in a questionnaire; the client may or may not."""

    participant = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="assessment_requests"
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    requester_name = models.CharField(max_length=60)
    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+")
    instrument = models.CharField(
        max_length=12, choices=[(key, INSTRUMENTS[key].name) for key in OFFERED_INSTRUMENTS]
    )
    message = EncryptedTextField(blank=True)
    status = models.CharField(max_length=8, choices=Decision.choices, default=Decision.PENDING)
    created_at = models.DateTimeField(default=timezone.now)
    completed_at = models.DateTimeField(null=True, blank=True)
    assessment = models.ForeignKey(
        "assessments.Assessment", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"request for {self.instrument} ({self.status})"
