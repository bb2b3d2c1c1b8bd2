"""Goals across the spectrum, chosen by the person; a change ends one goal and starts the next."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from waypoint.journal.models import Substance
from waypoint.journal.vocab import Unit


class Goal(models.Model):
    class Kind(models.TextChoices):
        ABSTAIN = "abstain", _("Not use")
        CUT_DOWN = "cut_down", _("Cut down")
        SAFER = "safer", _("Use more safely")
        OBSERVE = "observe", _("No change for now, just notice")
        LIFE = "life", _("A personal goal")

    class Domain(models.TextChoices):
        HEALTH = "health", _("Health")
        HOUSING = "housing", _("Housing")
        WORK = "work", _("Work or study")
        MONEY = "money", _("Money")
        RELATIONSHIPS = "relationships", _("Relationships")
        LEGAL = "legal", _("Legal")
        OTHER = "other", _("Other")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="goals"
    )
    kind = models.CharField(_("kind of goal"), max_length=10, choices=Kind.choices)
    # Empty substance on a use goal means "everything I use".
    substance = models.ForeignKey(
        Substance, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    title = models.CharField(_("in your words"), max_length=120, blank=True)
    domain = models.CharField(_("area of life"), max_length=14, choices=Domain.choices, blank=True)
    # Cut down: at most `daily_limit` (in `limit_unit`; standard drinks for alcohol) on a day,
    # and/or use on at most `days_per_week` days of a Monday-to-Sunday week.
    daily_limit = models.DecimalField(max_digits=8, decimal_places=2, null=True, blank=True)
    limit_unit = models.CharField(max_length=12, choices=Unit.choices, blank=True)
    days_per_week = models.PositiveSmallIntegerField(null=True, blank=True)
    # Use more safely: harms to avoid and care actions to practise (codes from journal.vocab).
    avoid_harms = models.JSONField(default=list, blank=True)
    practice_care = models.JSONField(default=list, blank=True)
    started_on = models.DateField(default=timezone.localdate)
    ended_on = models.DateField(null=True, blank=True)
    replaces = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="replaced_by"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-started_on", "-created_at"]
        indexes = [models.Index(fields=["user", "ended_on"])]

    def __str__(self) -> str:
        return self.title or self.get_kind_display()

    @property
    def is_active(self) -> bool:
        return self.ended_on is None


class GoalStep(models.Model):
    """An intermediate step toward a goal, ticked off when done."""

    goal = models.ForeignKey(Goal, on_delete=models.CASCADE, related_name="steps")
    text = models.CharField(_("step"), max_length=160)
    position = models.PositiveSmallIntegerField(default=0)
    done_on = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["position", "created_at"]

    def __str__(self) -> str:
        return self.text
