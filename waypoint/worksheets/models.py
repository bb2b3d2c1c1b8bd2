"""Worksheets the participant owns; each revision is a new, immutable version.

Everything the person writes (the topic and every answer) is encrypted at rest. The readiness
numbers (0-10) are kept beside the encrypted answers as plain numbers so the chart over time
needs no decryption; they say nothing without the encrypted topic.
"""

from __future__ import annotations

import json
from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from waypoint.core.crypto import EncryptedTextField
from waypoint.worksheets import sheets


class Worksheet(models.Model):
    class Kind(models.TextChoices):
        COST_BENEFIT = sheets.COST_BENEFIT, _("Pros and cons")
        CHANGE_PLAN = sheets.CHANGE_PLAN, _("Change plan")
        VALUES = sheets.VALUES, _("What matters to me")
        READINESS = sheets.READINESS, _("Readiness ruler")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="worksheets"
    )
    kind = models.CharField(max_length=14, choices=Kind.choices)
    # The substance or behaviour, in the person's own words.
    topic = EncryptedTextField(_("what it is about"))
    # Only a change plan can be pinned to Today, and one at a time (a partial unique index).
    pinned_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    revised_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-revised_at", "-pk"]
        indexes = [models.Index(fields=["user", "revised_at"])]
        constraints = [
            models.UniqueConstraint(
                fields=["user"],
                condition=models.Q(pinned_at__isnull=False),
                name="worksheets_one_pinned_per_person",
            )
        ]

    def __str__(self) -> str:
        return f"worksheet {self.pk} ({self.kind})"

    @property
    def sheet(self) -> sheets.Sheet:
        return sheets.SHEETS[self.kind]

    @property
    def pinned(self) -> bool:
        return self.pinned_at is not None

    @property
    def can_pin(self) -> bool:
        return self.kind == self.Kind.CHANGE_PLAN


class VersionQuerySet(models.QuerySet["WorksheetVersion"]):
    def update(self, **kwargs: Any) -> int:
        raise TypeError("Worksheet versions are never changed; revise to add a new version.")


class WorksheetVersion(models.Model):
    """What the person wrote at one time. Never changed: a revision adds the next version."""

    worksheet = models.ForeignKey(Worksheet, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    # Every answer as one JSON document, encrypted (see sheets.py for the keys of each kind).
    content = EncryptedTextField()
    importance = models.PositiveSmallIntegerField(null=True, blank=True)
    confidence = models.PositiveSmallIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    objects = VersionQuerySet.as_manager()

    class Meta:
        ordering = ["worksheet", "number"]
        constraints = [
            models.UniqueConstraint(fields=["worksheet", "number"], name="worksheets_version_once")
        ]

    def __str__(self) -> str:
        return f"worksheet {self.worksheet_id} version {self.number}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise TypeError("Worksheet versions are never changed; revise to add a new version.")
        super().save(*args, **kwargs)

    @property
    def answers(self) -> dict[str, Any]:
        cached = getattr(self, "_answers", None)
        if cached is None:
            cached = json.loads(self.content) if self.content else {}
            self._answers = cached
        return cached
