"""Urges, "my usual" drinks and doses, and the person's own prices.

Everything a person types here (what was going on, what helped, a usual's name) is encrypted at
rest. Prices are the person's own, in their own money; Waypoint never suggests one.
"""

from __future__ import annotations

import uuid
from typing import cast

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from waypoint.core.crypto import EncryptedCharField, EncryptedTextField
from waypoint.journal.models import UNIT_WORDS, Substance
from waypoint.journal.vocab import Route, Unit


class Urge(models.Model):
    """A craving or urge, noted when it came: how strong, what was going on, what helped."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="urges"
    )
    day = models.DateField(_("day"))
    felt_at = models.DateTimeField(_("time"))
    strength = models.PositiveSmallIntegerField(_("strength (1 to 10)"))
    substance = models.ForeignKey(
        Substance, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    situation = EncryptedTextField(_("what was going on"), blank=True)
    helped = EncryptedTextField(_("what helped"), blank=True)
    used = models.BooleanField(_("used afterwards"), null=True, blank=True)
    lasted_minutes = models.PositiveIntegerField(
        _("minutes until it passed"), null=True, blank=True
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-felt_at"]
        indexes = [models.Index(fields=["user", "day"], name="urge_by_day")]

    def __str__(self) -> str:
        return f"urge {self.day} {self.strength}"


class Usual(models.Model):
    """A saved drink or dose ("my IPA, 473 mL at 6.8%"), logged again in one tap."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="usuals"
    )
    name = EncryptedCharField(_("name"), max_length=60)
    substance = models.ForeignKey(Substance, on_delete=models.CASCADE, related_name="+")
    amount = models.DecimalField(_("amount"), max_digits=10, decimal_places=2)
    unit = models.CharField(_("unit"), max_length=12, choices=Unit.choices)
    abv_percent = models.FloatField(_("strength (% alcohol)"), null=True, blank=True)
    route = models.CharField(_("how"), max_length=16, choices=Route.choices, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return cast(str, self.name)

    @property
    def amount_text(self) -> str:
        """ "473 mL at 6.8%", "1 pill"."""
        number = f"{self.amount.normalize():f}"
        words = UNIT_WORDS.get(self.unit)
        text = (
            str(words % {"n": number, "count": 1 if self.amount == 1 else 2})
            if words is not None
            else f"{number} {self.unit}"
        )
        if self.abv_percent is not None:
            at = _("at")
            text += f" {at} {self.abv_percent:g}%"
        return text


class Price(models.Model):
    """What one unit of a substance costs the person, in their own money (optional)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="prices"
    )
    substance = models.ForeignKey(Substance, on_delete=models.CASCADE, related_name="+")
    unit = models.CharField(_("per"), max_length=12, choices=Unit.choices)
    price = models.DecimalField(_("price"), max_digits=10, decimal_places=2)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "substance"], name="one_price_a_substance")
        ]

    def __str__(self) -> str:
        return f"{self.price} per {self.unit}"

    @property
    def per_text(self) -> str:
        """ "1 standard drink", "1 gram": what the price buys."""
        words = UNIT_WORDS.get(self.unit)
        return str(words % {"n": 1, "count": 1}) if words is not None else f"1 {self.unit}"
