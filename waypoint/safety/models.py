"""What a person tells Waypoint for its safety information: a class for their own substances, and
the two figures a blood alcohol estimate needs. Journal knows nothing of these (layering)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Body(models.TextChoices):
    """The body-water average a blood alcohol estimate uses (Widmark's r), asked neutrally."""

    LOWER = "female", _("The lower average (usually used for women)")
    HIGHER = "male", _("The higher average (usually used for men)")


class OwnSubstanceClass(models.Model):
    """The class a person gave one of their own substances, for combination notes."""

    substance = models.OneToOneField(
        "journal.Substance", on_delete=models.CASCADE, related_name="safety_class"
    )
    klass = models.CharField(_("class"), max_length=40)

    def __str__(self) -> str:
        return f"{self.substance_id} → {self.klass}"


class BodyFacts(models.Model):
    """Optional weight and body-water average for the blood alcohol estimate on Today."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="body_facts"
    )
    weight_kg = models.DecimalField(
        _("weight in kg"), max_digits=5, decimal_places=1, null=True, blank=True
    )
    body = models.CharField(_("body-water average"), max_length=8, choices=Body.choices, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"body facts of {self.user_id}"

    @property
    def sex_for_estimate(self) -> str:
        """Unset means the lower body-water average: it gives the higher, more careful estimate."""
        return self.body or Body.LOWER
