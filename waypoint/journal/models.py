"""A person's journal: what they used (drug), their state (set), where and with whom (setting)."""

from __future__ import annotations

import uuid
from datetime import date, time
from typing import Any, cast

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from waypoint.accounts.zones import local_today
from waypoint.core.crypto import EncryptedCharField, EncryptedTextField
from waypoint.journal.vocab import (
    CareAction,
    Category,
    Company,
    Guideline,
    Harm,
    Intention,
    Physical,
    Place,
    Readiness,
    Relationship,
    Route,
    Unit,
)
from waypoint.measures import GRAMS_PER_STANDARD_DRINK, STANDARD_DRINK_COUNTRIES, standard_drinks
from waypoint.measures.alcohol import ETHANOL_DENSITY_G_PER_ML

# Singular and plural of each unit, for "1 joint" and "2 joints"; %(n)s is the number.
UNIT_WORDS: dict[str, Any] = {
    Unit.DRINK: ngettext_lazy("%(n)s standard drink", "%(n)s standard drinks", "count"),
    Unit.ML: ngettext_lazy("%(n)s mL", "%(n)s mL", "count"),
    Unit.G: ngettext_lazy("%(n)s gram", "%(n)s grams", "count"),
    Unit.MG: ngettext_lazy("%(n)s mg", "%(n)s mg", "count"),
    Unit.PILL: ngettext_lazy("%(n)s pill", "%(n)s pills", "count"),
    Unit.TAB: ngettext_lazy("%(n)s tab", "%(n)s tabs", "count"),
    Unit.HIT: ngettext_lazy("%(n)s hit", "%(n)s hits", "count"),
    Unit.LINE: ngettext_lazy("%(n)s line", "%(n)s lines", "count"),
    Unit.JOINT: ngettext_lazy("%(n)s joint", "%(n)s joints", "count"),
    Unit.CIGARETTE: ngettext_lazy("%(n)s cigarette", "%(n)s cigarettes", "count"),
    Unit.BAG: ngettext_lazy("%(n)s bag", "%(n)s bags", "count"),
    Unit.DOSE: ngettext_lazy("%(n)s dose", "%(n)s doses", "count"),
}
# The drinks of the log form's tiles, as the person counted them: "3 pints", "1 glass of wine".
PRESET_WORDS: dict[str, Any] = {
    "beer": ngettext_lazy("%(n)s beer", "%(n)s beers", "count"),
    "pint": ngettext_lazy("%(n)s pint", "%(n)s pints", "count"),
    "wine": ngettext_lazy("%(n)s glass of wine", "%(n)s glasses of wine", "count"),
    "large_wine": ngettext_lazy(
        "%(n)s large glass of wine", "%(n)s large glasses of wine", "count"
    ),
    "shot": ngettext_lazy("%(n)s shot", "%(n)s shots", "count"),
    "wine_bottle": ngettext_lazy("%(n)s bottle of wine", "%(n)s bottles of wine", "count"),
}
# The fallback noon of an entry saved without a time before `time_given` was kept.
NOON = time(12, 0)


def amount_word_forms() -> dict[str, dict[str, list[str]]]:
    """Each unit's and drink's words for one and for more, "%(n)s" kept for the number."""
    # The device's waiting list says an amount as `amount_text` does ("2 grams", "1 beer")
    # with no server to ask: it picks the first form for exactly 1, as `amount_text` does.

    def forms(words: Any) -> list[str]:
        return [str(words % {"n": "%(n)s", "count": count}) for count in (1, 2)]

    return {
        "units": {code: forms(words) for code, words in UNIT_WORDS.items()},
        "drinks": {code: forms(words) for code, words in PRESET_WORDS.items()},
    }


class Substance(models.Model):
    """A substance or class from the built-in catalogue (owner empty) or a person's own."""

    slug = models.SlugField(max_length=60)
    # Encrypted: a person's own substance can say a lot about them. Sort by name in Python.
    name = EncryptedCharField(_("name"), max_length=60)
    category = models.CharField(max_length=16, choices=Category.choices, default=Category.OTHER)
    default_unit = models.CharField(max_length=12, choices=Unit.choices, default=Unit.DOSE)
    units = models.JSONField(default=list, help_text="unit codes that fit this substance")
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="own_substances",
    )

    class Meta:
        ordering = ["slug"]
        constraints = [
            models.UniqueConstraint(
                fields=["slug"], condition=models.Q(owner__isnull=True), name="builtin_slug_unique"
            ),
            models.UniqueConstraint(fields=["owner", "slug"], name="own_slug_unique"),
        ]

    def __str__(self) -> str:
        return cast(str, self.name)  # an EncryptedCharField reads as text

    @property
    def is_alcohol(self) -> bool:
        return self.category == Category.ALCOHOL


class Profile(models.Model):
    """A participant's own settings: standard drink, guideline, substances, getting started."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="profile"
    )
    country = models.CharField(
        _("standard drink"),
        max_length=4,
        default="US",
        choices=list(STANDARD_DRINK_COUNTRIES.items()),
    )
    guideline = models.CharField(
        _("drinking guideline"), max_length=8, choices=Guideline.choices, blank=True
    )
    substances = models.ManyToManyField(Substance, blank=True, related_name="+")
    continuous_days = models.BooleanField(
        _("show a continuous-days counter"),
        default=False,
        help_text=_("Off by default. Your totals and history stay whatever this shows."),
    )
    hard_moments = models.BooleanField(
        _("offer options after a hard moment"),
        default=True,
        help_text=_(
            "After an entry that records using alone, mixing depressants, a very low mood, a "
            "blackout or an overdose, Waypoint shows one or two places to turn. Never a gate."
        ),
    )
    baseline_start = models.DateField(null=True, blank=True)
    baseline_end = models.DateField(null=True, blank=True)
    started_step = models.CharField(max_length=20, blank=True, help_text="getting-started step")
    started_done_at = models.DateTimeField(null=True, blank=True)
    # What the person last entered per substance, to fill the next log in: {substance_id: {...}}.
    remembered = models.JSONField(default=dict, blank=True)

    def __str__(self) -> str:
        return f"profile of {self.user}"

    @property
    def grams_per_drink(self) -> float:
        return GRAMS_PER_STANDARD_DRINK[self.country]

    @property
    def sex_for_measures(self) -> str:
        """WHO and heavy-day thresholds: the lower (more protective) ones unless chosen."""
        return self.guideline or Guideline.FEMALE


class Stance(models.Model):
    """Where a person is with a substance today; a new row each time, so history stays."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
    substance = models.ForeignKey(Substance, on_delete=models.CASCADE, related_name="+")
    relationship = models.CharField(max_length=12, choices=Relationship.choices)
    readiness = models.CharField(max_length=16, choices=Readiness.choices)
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-recorded_at"]

    def __str__(self) -> str:
        return f"{self.substance}: {self.relationship}, {self.readiness}"


class Entry(models.Model):
    """One use: the drug (what, how much, how), the set and the setting; harms and care."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="entries"
    )
    substance = models.ForeignKey(Substance, on_delete=models.PROTECT, related_name="+")
    day = models.DateField(_("day"), help_text="the person's own calendar day of the use")
    used_at = models.DateTimeField(_("time"))
    # True: the person gave the time. False: they did not (used_at is then the moment of saving
    # today, or noon of an earlier day, only to order the day). None: saved before this was kept.
    time_given = models.BooleanField(null=True, blank=True)
    amount = models.DecimalField(_("amount"), max_digits=10, decimal_places=2)
    unit = models.CharField(_("unit"), max_length=12, choices=Unit.choices)
    alcohol_grams = models.FloatField(null=True, blank=True, help_text="grams of ethanol")
    # The drink as the person logged it ("3 pints"); amount and unit hold its millilitres.
    preset = models.CharField(max_length=16, blank=True)
    preset_count = models.DecimalField(max_digits=8, decimal_places=2, null=True, blank=True)
    route = models.CharField(_("how"), max_length=16, choices=Route.choices, blank=True)
    # Set
    mood = models.PositiveSmallIntegerField(_("mood"), null=True, blank=True)  # 1 low … 5 good
    ate_before = models.BooleanField(_("ate beforehand"), null=True, blank=True)
    slept_well = models.BooleanField(_("slept well"), null=True, blank=True)
    physical = models.CharField(_("body"), max_length=12, choices=Physical.choices, blank=True)
    intention = models.CharField(
        _("intention"), max_length=12, choices=Intention.choices, blank=True
    )
    # Setting
    place = models.CharField(_("where"), max_length=12, choices=Place.choices, blank=True)
    company = models.CharField(_("with whom"), max_length=12, choices=Company.choices, blank=True)
    activity = EncryptedCharField(_("doing what"), max_length=80, blank=True)
    harms = models.JSONField(default=list, blank=True)  # Harm codes
    care_actions = models.JSONField(default=list, blank=True)  # CareAction codes
    note = EncryptedTextField(_("private note"), blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-day", "-used_at"]
        indexes = [models.Index(fields=["user", "day"])]
        verbose_name_plural = "entries"

    def __str__(self) -> str:
        return f"{self.day} {self.substance_id} {self.amount} {self.unit}"

    @property
    def abv_percent(self) -> float | None:
        """The strength of an alcohol entry logged in mL, worked back from its grams."""
        if self.unit != Unit.ML or not self.alcohol_grams or not self.amount:
            return None
        return round(self.alcohol_grams * 100 / (float(self.amount) * ETHANOL_DENSITY_G_PER_ML), 2)

    def standard_drinks(self, country: str) -> float | None:
        """The entry's alcohol in a country's standard drinks; None for other substances."""
        if self.alcohol_grams is None:
            return None
        return standard_drinks(self.alcohol_grams, country=country)

    @property
    def harm_labels(self) -> list[str]:
        return [str(Harm(code).label) for code in self.harms if code in Harm.values]

    @property
    def care_labels(self) -> list[str]:
        return [
            str(CareAction(code).label) for code in self.care_actions if code in CareAction.values
        ]

    @property
    def shows_time(self) -> bool:
        """Whether the entry has a time the person gave (never a filled-in noon)."""
        if self.time_given:
            return True
        if self.time_given is False:
            # No time given: only the moment of saving, when it is the use's own (logged then).
            return abs((self.used_at - self.created_at).total_seconds()) < 120
        # Saved before Waypoint kept whether a time was given: an earlier day's entry at
        # exactly noon was most likely filled in, so it shows no time (the data stays as it is).
        local = timezone.localtime(self.used_at)
        backdated = timezone.localtime(self.created_at).date() != self.day
        return not (backdated and local.time() == NOON)

    @property
    def is_preset(self) -> bool:
        return bool(self.preset) and self.preset in PRESET_WORDS and self.preset_count is not None

    @property
    def amount_text(self) -> str:
        """The amount in words, as logged: "3 pints", "1 joint", "2.5 grams", "355 mL"."""
        if self.is_preset:
            assert self.preset_count is not None
            count = self.preset_count.normalize()
            return str(
                PRESET_WORDS[self.preset] % {"n": f"{count:f}", "count": 1 if count == 1 else 2}
            )
        number = f"{self.amount.normalize():f}"
        words = UNIT_WORDS.get(self.unit)
        if words is None:
            return f"{number} {self.get_unit_display()}"
        return str(words % {"n": number, "count": 1 if self.amount == 1 else 2})


class CheckIn(models.Model):
    """A day's check-in: 'no use today' in one tap, and optionally mood and wellbeing.

    A day counts as reported when it has an entry or a 'no use' check-in; a check-in with only
    mood says nothing about use, so that day stays 'not reported' for use measures.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="checkins"
    )
    day = models.DateField(_("day"))
    no_use = models.BooleanField(_("no use today"), default=False)
    mood = models.PositiveSmallIntegerField(_("mood"), null=True, blank=True)  # 1 … 5
    wellbeing = models.PositiveSmallIntegerField(_("wellbeing"), null=True, blank=True)  # 0 … 10
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-day"]
        constraints = [models.UniqueConstraint(fields=["user", "day"], name="one_checkin_a_day")]

    def __str__(self) -> str:
        return f"check-in {self.day}"


class BaselineDay(models.Model):
    """A day of the getting-started calendar (Timeline Followback): how much, per substance.

    `amount` is in standard drinks for alcohol (with `alcohol_grams` kept), else in the
    substance's default unit; 0 means 'reported, none'. Missing days are not reported.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="baseline_days"
    )
    substance = models.ForeignKey(Substance, on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    amount = models.FloatField(default=0)
    alcohol_grams = models.FloatField(null=True, blank=True)

    class Meta:
        ordering = ["day"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "substance", "day"], name="one_baseline_value_a_day"
            )
        ]

    def __str__(self) -> str:
        return f"baseline {self.day}: {self.amount}"


def today(user: Any | None = None) -> date:
    """The person's calendar day now: in their own zone when given, else the active zone (a
    request activates the signed-in person's, `waypoint.accounts.zones`)."""
    return local_today(user) if user is not None else timezone.localdate()


class DayDigest(models.Model):
    """A person's day summed from their journal, so reads over years need not read every entry.

    One row per day with an entry or a check-in (`substance` empty: reported, 'no use',
    wellbeing, and the sums over every substance) and one per (day, substance, unit) used that
    day (amounts, grams, harms and care actions as counts and bit masks). Kept by the journal's
    write services in the same transaction as the entry or check-in (`waypoint.journal.digest`);
    rebuilt from the raw journal by `manage.py rebuild_digest`. It holds no free text and nothing
    that is not derived from the entries and check-ins.
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    week = models.IntegerField(help_text="ordinal of the day's Monday, for weekly rules in SQL")
    substance = models.ForeignKey(
        Substance, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    unit = models.CharField(max_length=12, blank=True)
    entries = models.PositiveIntegerField(default=0)
    amount = models.FloatField(default=0)
    grams = models.FloatField(null=True, blank=True)
    harms = models.PositiveIntegerField(default=0, help_text="harm codes noted, counted")
    care_actions = models.PositiveIntegerField(default=0, help_text="care actions, counted")
    harm_mask = models.IntegerField(default=0)
    care_mask = models.IntegerField(default=0)
    reported = models.BooleanField(default=False, help_text="an entry or a 'no use' check-in")
    no_use = models.BooleanField(default=False)
    wellbeing = models.PositiveSmallIntegerField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "day"],
                condition=models.Q(substance__isnull=True),
                name="one_day_digest_a_day",
            ),
            models.UniqueConstraint(
                fields=["user", "day", "substance", "unit"], name="one_use_digest_a_day_and_unit"
            ),
        ]
        indexes = [models.Index(fields=["user", "substance", "day"], name="digest_by_substance")]

    def __str__(self) -> str:
        return f"digest {self.day} {self.substance_id or 'all'} {self.unit}"


class DigestTotal(models.Model):
    """Running all-time totals of a person's digest, moved by each write by what it changed.

    `substance` empty: the days reported; else the days that substance was used.
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    substance = models.ForeignKey(
        Substance, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    days = models.IntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user"],
                condition=models.Q(substance__isnull=True),
                name="one_reported_total",
            ),
            models.UniqueConstraint(fields=["user", "substance"], name="one_use_total"),
        ]

    def __str__(self) -> str:
        return f"{self.days} days ({self.substance_id or 'reported'})"


class DigestChange(models.Model):
    """A day whose digest a write changed, in the order of writes (ids only grow).

    Readers that keep their own sums over settled history (goals' tallies) ask whether any day
    they counted changed since they counted it.
    """

    id = models.BigAutoField(primary_key=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    day = models.DateField()

    class Meta:
        indexes = [models.Index(fields=["user", "id"], name="digest_change_by_user")]

    def __str__(self) -> str:
        return f"changed {self.day}"


class Attention(models.Model):
    """What a counselor's caseload needs to put first whoever needs a look, kept on every write.

    Dates, not reasons: the reasons for a given day are read from these in SQL (nothing logged
    since `last_logged` for 14 days, an overdose or blackout on `last_severe` within 28, PHQ-9
    item 9 above 0 at `self_harm_at` within 28 days, a worse WHO drinking level on the days from
    `who_from` to before `who_until`). The journal's digest writes, questionnaires, the baseline
    calendar and the drinking guideline refresh it (`waypoint.journal.attention`); a later
    stretch of a worse WHO level, which the sliding windows can bring without any write, is
    recomputed from `fresh_until` on. No row means nothing logged and nothing flagged.
    Which of this a counselor may see is decided by the consents in force at each request.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        primary_key=True,
        on_delete=models.CASCADE,
        related_name="attention",
    )
    last_logged = models.DateField(null=True, blank=True)
    last_severe = models.DateField(null=True, blank=True)
    self_harm_at = models.DateTimeField(null=True, blank=True)
    who_from = models.DateField(null=True, blank=True)
    who_until = models.DateField(null=True, blank=True, help_text="the first day after")
    computed_on = models.DateField()
    fresh_until = models.DateField(null=True, blank=True, help_text="recompute from this day")

    class Meta:
        indexes = [models.Index(fields=["fresh_until"], name="attention_fresh_until")]

    def __str__(self) -> str:
        return f"attention of {self.user_id}"
