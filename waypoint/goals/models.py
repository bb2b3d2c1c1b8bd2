"""Goals across the spectrum, chosen by the person; a change ends one goal and starts the next."""

from __future__ import annotations

from typing import cast

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from waypoint.core.crypto import EncryptedCharField
from waypoint.journal.models import Substance
from waypoint.journal.vocab import CareAction, Harm, Unit


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
    title = EncryptedCharField(_("in your words"), max_length=120, blank=True)
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

    @property
    def starts_later(self) -> bool:
        """Set to start on a day still ahead."""
        return self.started_on > timezone.localdate()

    @property
    def is_use_goal(self) -> bool:
        """A goal about use (judged day by day), as opposed to a personal life goal."""
        return self.kind != self.Kind.LIFE

    @property
    def substance_name(self) -> str:
        if self.kind == self.Kind.LIFE:
            return str(self.get_domain_display())
        return self.substance.name if self.substance else gettext("Everything I use")

    def describe(self) -> str:
        """The goal in plain words, from its own settings (the person's title aside)."""
        name = self.substance_name
        if self.kind == self.Kind.ABSTAIN:
            return gettext("%(name)s: no use") % {"name": name}
        if self.kind == self.Kind.OBSERVE:
            return gettext("%(name)s: no change for now, just notice") % {"name": name}
        if self.kind == self.Kind.LIFE:
            return gettext("A personal goal: %(domain)s") % {"domain": name}
        parts = []
        if self.kind == self.Kind.CUT_DOWN:
            if self.daily_limit is not None:
                limit = f"{self.daily_limit.normalize():f}"
                unit = Unit(self.limit_unit).label if self.limit_unit else ""
                parts.append(
                    gettext("at most %(limit)s %(unit)s a day") % {"limit": limit, "unit": unit}
                )
            if self.days_per_week is not None:
                parts.append(
                    gettext("on at most %(days)s days a week") % {"days": self.days_per_week}
                )
            return gettext("%(name)s: cut down to %(limits)s") % {
                "name": name,
                "limits": ", ".join(parts),
            }
        if self.avoid_harms:
            labels = ", ".join(str(Harm(code).label) for code in self.avoid_harms)
            parts.append(gettext("avoid %(harms)s") % {"harms": labels})
        if self.practice_care:
            labels = ", ".join(str(CareAction(code).label) for code in self.practice_care)
            parts.append(gettext("practise %(care)s") % {"care": labels})
        return gettext("%(name)s, more safely: %(parts)s") % {
            "name": name,
            "parts": "; ".join(parts),
        }

    @property
    def shown_title(self) -> str:
        """The person's own words when given, else the plain description."""
        return self.title or self.describe()


class GoalStep(models.Model):
    """An intermediate step toward a goal, ticked off when done."""

    goal = models.ForeignKey(Goal, on_delete=models.CASCADE, related_name="steps")
    text = EncryptedCharField(_("step"), max_length=160)
    position = models.PositiveSmallIntegerField(default=0)
    done_on = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["position", "created_at"]

    def __str__(self) -> str:
        return cast(str, self.text)  # an EncryptedCharField reads as text


class GoalTally(models.Model):
    """A goal's days on track and off plan over settled history, up to `through`, kept to read.

    A cache, never the truth: valid while the goal's rule (`rule_key`) is unchanged and no
    journal day up to `through` changed after `change_id` (the journal's DigestChange log).
    Reading progress moves it forward a week at a time, so all-time counts cost the same at
    any age of history; anything else recomputes it from the digest.
    """

    goal = models.OneToOneField(Goal, on_delete=models.CASCADE, primary_key=True)
    rule_key = models.CharField(max_length=400)
    through = models.DateField()
    on_track = models.IntegerField(default=0)
    off_plan = models.IntegerField(default=0)
    change_id = models.BigIntegerField(default=0)
    # The opt-in days-in-a-row counter's state at `through` (when `runs_known`): the run on
    # track that reaches `through` (0 if it does not) and the longest run up to it.
    runs_known = models.BooleanField(default=False)
    run_current = models.IntegerField(default=0)
    run_longest = models.IntegerField(default=0)

    def __str__(self) -> str:
        return f"tally of goal {self.goal_id} through {self.through}"
