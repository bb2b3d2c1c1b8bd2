"""Drop-in harm reduction groups: meetings, topics, attendance, shared check-ins, feedback.

Feedback is anonymous by construction: a `Feedback` row has no link to a person (no foreign
key, no timestamp, a random primary key), and the separate `FeedbackGiven` row that stops a
member answering twice holds no answer. Nothing joins the two.
"""

from __future__ import annotations

import secrets
import uuid
from datetime import datetime, timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from waypoint.accounts.models import Organization
from waypoint.core.crypto import EncryptedTextField
from waypoint.groups.topics import SOURCES

# Letters and digits that cannot be confused when read off a screen or a whiteboard.
CODE_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"
CODE_LENGTH = 8
# Attendance and feedback open a little before the start, so people who arrive early count.
OPENS_BEFORE = timedelta(hours=1)
# Feedback and check-ins are about one meeting; after this they close.
FEEDBACK_DAYS = 14
CHECKIN_DAYS = 2


def new_code() -> str:
    """A fresh 8-character code (about 40 bits) for joining a group or answering feedback."""
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def normalize_code(raw: str) -> str:
    """What a person typed, as stored: lower case, no spaces or dashes."""
    return "".join(ch for ch in raw.lower() if ch.isalnum())


def new_member_key() -> str:
    """A random, meaningless key that stands for a member in attendance rows."""
    return secrets.token_hex(16)


def format_code(code: str) -> str:
    """A code as shown to people: two groups of four."""
    return f"{code[:4]}-{code[4:]}" if len(code) == CODE_LENGTH else code


class Group(models.Model):
    """A drop-in group an organization runs; anyone may come, whatever their use today."""

    class Mode(models.TextChoices):
        IN_PERSON = "in_person", _("In person")
        ONLINE = "online", _("Online")
        BOTH = "both", _("In person and online")

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    name = models.CharField(_("name"), max_length=100)
    mode = models.CharField(
        _("where it meets"), max_length=12, choices=Mode.choices, default=Mode.IN_PERSON
    )
    place = models.CharField(
        _("place or link"),
        max_length=200,
        blank=True,
        help_text=_("An address and room, or how people get the online link."),
    )
    schedule = models.CharField(
        _("schedule"),
        max_length=120,
        blank=True,
        help_text=_("For example: Tuesdays, 6 to 7:30 pm."),
    )
    drop_in = models.BooleanField(
        _("open drop-in"),
        default=True,
        help_text=_("People can come to any meeting without signing up first."),
    )
    description = models.TextField(_("about this group"), max_length=1000, blank=True)
    agreements = models.TextField(
        _("agreements"),
        max_length=3000,
        blank=True,
        help_text=_("One agreement per line. These keep the group safe and respectful."),
    )
    join_code = models.CharField(max_length=CODE_LENGTH, unique=True, default=new_code)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return self.name

    @property
    def agreement_list(self) -> list[str]:
        return [line.strip() for line in self.agreements.splitlines() if line.strip()]

    @property
    def shown_join_code(self) -> str:
        return format_code(self.join_code)


class GroupMember(models.Model):
    """A participant who joined a group with its code; the group sees only their shown name."""

    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="members")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="group_memberships"
    )
    # A random key copied to attendance rows: when the person leaves, their past attendance
    # stays counted (and "returning" still works) without any link to who they were.
    key = models.CharField(max_length=32, default=new_member_key, editable=False)
    joined_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["group", "user"], name="one_membership_per_group")
        ]

    def __str__(self) -> str:
        return f"member {self.pk} of group {self.group_id}"


class Topic(models.Model):
    """A short psychoeducation outline: built in (no organization) or an organization's own."""

    organization = models.ForeignKey(
        Organization, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    slug = models.SlugField(max_length=60)
    title = models.CharField(_("title"), max_length=120)
    summary = models.TextField(_("summary"), max_length=1000)
    key_points = models.JSONField(_("key points"), default=list)
    questions = models.JSONField(_("discussion questions"), default=list)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["organization_id", "title"]
        constraints = [
            models.UniqueConstraint(
                fields=["slug"],
                condition=models.Q(organization__isnull=True),
                name="builtin_topic_slug_unique",
            ),
            models.UniqueConstraint(fields=["organization", "slug"], name="own_topic_slug_unique"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_builtin(self) -> bool:
        return self.organization_id is None

    # Built-in outlines are stored in English and marked for translation in topics.py, so
    # the stored text is the msgid; an organization's own topics are shown as written.
    def _shown(self, text: str) -> str:
        return gettext(text) if self.is_builtin and text else text

    @property
    def shown_title(self) -> str:
        return self._shown(self.title)

    @property
    def shown_summary(self) -> str:
        return self._shown(self.summary)

    @property
    def shown_key_points(self) -> list[str]:
        return [self._shown(point) for point in self.key_points]

    @property
    def shown_questions(self) -> list[str]:
        return [self._shown(question) for question in self.questions]

    @property
    def sources(self) -> tuple[str, ...]:
        return SOURCES.get(self.slug, ()) if self.is_builtin else ()


class Meeting(models.Model):
    """One meeting of a group, with its topic; attendance is counted, never required."""

    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="meetings")
    starts_at = models.DateTimeField(_("starts at"))
    topic = models.ForeignKey(
        Topic,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="meetings",
        verbose_name=_("topic"),
    )
    plan = EncryptedTextField(
        _("facilitator's note"),
        max_length=1000,
        blank=True,
        help_text=_("Optional: anything to bring or prepare. Members see this."),
    )
    walk_ins = models.PositiveIntegerField(_("walk-ins"), default=0)
    # How many answers came with the walk-in code: capped at walk_ins. A count on the meeting,
    # so no answer row says whether it came from a walk-in.
    code_answers = models.PositiveIntegerField(default=0)
    attendance_recorded_at = models.DateTimeField(null=True, blank=True)
    feedback_code = models.CharField(max_length=CODE_LENGTH, unique=True, default=new_code)

    class Meta:
        ordering = ["starts_at", "id"]
        indexes = [models.Index(fields=["group", "starts_at"])]

    def __str__(self) -> str:
        return f"{self.group} {self.starts_at:%Y-%m-%d %H:%M}"

    @property
    def shown_feedback_code(self) -> str:
        return format_code(self.feedback_code)

    def attendance_open(self, now: datetime | None = None) -> bool:
        """Attendance can be recorded from an hour before the start, and corrected later."""
        return (now or timezone.now()) >= self.starts_at - OPENS_BEFORE

    def feedback_open(self, now: datetime | None = None) -> bool:
        now = now or timezone.now()
        return (
            self.starts_at - OPENS_BEFORE <= now <= self.starts_at + timedelta(days=FEEDBACK_DAYS)
        )

    def checkin_open(self, now: datetime | None = None) -> bool:
        """A check-in belongs to one meeting: it can be shared from a day before to two after."""
        now = now or timezone.now()
        return (
            self.starts_at - timedelta(days=1)
            <= now
            <= self.starts_at + timedelta(days=CHECKIN_DAYS)
        )


class Attendance(models.Model):
    """A member marked present at a meeting. Walk-ins are a count on the meeting, no names."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendances")
    member = models.ForeignKey(
        GroupMember, null=True, blank=True, on_delete=models.SET_NULL, related_name="attendances"
    )
    member_key = models.CharField(max_length=32)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["meeting", "member_key"], name="present_once")
        ]
        # "Came before?" for the group's picture: one look-up per key, whatever the history.
        indexes = [models.Index(fields=["member_key"], name="attendance_by_key")]

    def __str__(self) -> str:
        return f"present at meeting {self.meeting_id}"


class SharedCheckIn(models.Model):
    """A member's drug, set and setting reflection, shared with one meeting by their choice."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="checkins")
    member = models.ForeignKey(GroupMember, on_delete=models.CASCADE, related_name="checkins")
    drug = EncryptedTextField(_("drug"), max_length=280, blank=True)
    mindset = EncryptedTextField(_("set"), max_length=280, blank=True)
    setting = EncryptedTextField(_("setting"), max_length=280, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["meeting", "member"], name="one_checkin_per_meeting")
        ]

    def __str__(self) -> str:
        return f"check-in for meeting {self.meeting_id}"


class Feedback(models.Model):
    """One anonymous answer about a meeting. No person, no time, a random id: by design."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="feedback")
    helpful = models.PositiveSmallIntegerField(_("how helpful"))  # 1 … 5
    respected = models.BooleanField(_("felt respected"))
    comment = EncryptedTextField(_("comment"), max_length=1000, blank=True)
    # Answers are shown only in batches (see groups.services.feedback_submit): an answer waits
    # unreleased until enough others have arrived that no one answer can be told apart.
    released = models.BooleanField(default=False)

    class Meta:
        # Deliberately no ordering: callers order by value (comment text), never by insertion.
        constraints = [
            models.CheckConstraint(
                condition=models.Q(helpful__gte=1, helpful__lte=5), name="helpful_one_to_five"
            )
        ]

    def __str__(self) -> str:
        return f"feedback for meeting {self.meeting_id}"


class FeedbackGiven(models.Model):
    """That a member has answered about a meeting (to stop a second answer); never the answer."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["meeting", "user"], name="feedback_once_per_member")
        ]

    def __str__(self) -> str:
        return f"feedback given for meeting {self.meeting_id}"
