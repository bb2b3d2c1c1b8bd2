"""Screening answers and their scores (AUDIT, AUDIT-C, DAST-10, PHQ-9, GAD-7, WHO-5, readiness)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from waypoint.core.crypto import EncryptedJSONField
from waypoint.measures import INSTRUMENTS


class Assessment(models.Model):
    """One completed questionnaire; the score comes from waypoint.measures, never by hand."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="assessments"
    )
    instrument = models.CharField(max_length=12, choices=[(k, k) for k in INSTRUMENTS])
    answers = EncryptedJSONField()
    total = models.PositiveSmallIntegerField()
    band = models.CharField(max_length=60, blank=True)
    flags = models.JSONField(default=list, blank=True)
    taken_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-taken_at"]
        indexes = [models.Index(fields=["user", "instrument", "taken_at"])]

    def __str__(self) -> str:
        return f"{self.instrument} {self.total} ({self.taken_at:%Y-%m-%d})"
