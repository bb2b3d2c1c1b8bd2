"""Forms of the getting-started steps; the baseline calendar is parsed here too."""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any, cast

from django import forms
from django.utils import formats
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from waypoint.accounts.models import User
from waypoint.assessments.questions import AUDIT_C
from waypoint.core.input import is_id
from waypoint.journal.models import Stance, Substance
from waypoint.journal.services import MAX_AMOUNT, substances_for
from waypoint.journal.vocab import Category, Guideline, Readiness, Relationship, Unit
from waypoint.measures import STANDARD_DRINK_COUNTRIES
from waypoint.start.services import Window

COMMON = (Category.ALCOHOL, Category.CANNABIS, Category.NICOTINE)
# Only a person's own substances are filed under "other".
GROUP_LABELS: dict[str, Any] = {Category.OTHER: _("Your own")}


class SubstancesForm(forms.Form):
    substances = forms.ModelMultipleChoiceField(
        queryset=Substance.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=_("Substances that matter to you"),
    )
    own_name = forms.CharField(
        label=_("Something else (optional)"),
        max_length=60,
        required=False,
        help_text=_("Its name, in your own words."),
    )
    own_unit = forms.ChoiceField(
        label=_("Counted in"),
        choices=[(u.value, u.label) for u in Unit if u != Unit.DRINK],
        initial=Unit.DOSE,
        required=False,
    )

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["substances"]
        assert isinstance(field, forms.ModelMultipleChoiceField)
        field.queryset = substances_for(user)

    def groups(self, chosen: set[int]) -> list[tuple[str, list[tuple[Substance, bool]]]]:
        """The catalogue by category in the vocabulary's order, each with whether it is ticked."""
        field = self.fields["substances"]
        assert isinstance(field, forms.ModelMultipleChoiceField)
        if self.is_bound:
            chosen = {int(v) for v in cast(Any, self.data).getlist("substances") if is_id(str(v))}
        by_category: dict[str, list[tuple[Substance, bool]]] = {}
        assert field.queryset is not None
        for substance in sorted(field.queryset, key=lambda s: s.name.casefold()):
            by_category.setdefault(substance.category, []).append(
                (substance, substance.pk in chosen)
            )
        # The three everyday categories hold one substance each: one box for them reads better.
        common = [item for c in COMMON for item in by_category.pop(c, [])]
        groups = [(str(_("Alcohol, cannabis and nicotine")), common)] if common else []
        groups += [
            (str(GROUP_LABELS.get(category.value, category.label)), by_category[category.value])
            for category in Category
            if category.value in by_category
        ]
        return groups


class DrinksForm(forms.Form):
    country = forms.ChoiceField(
        label=_("Your country's standard drink"),
        choices=list(STANDARD_DRINK_COUNTRIES.items()),
        help_text=_(
            "Countries count a standard drink in grams of alcohol. Waypoint stores grams and "
            "shows you drinks of this size."
        ),
    )
    guideline = forms.ChoiceField(
        label=_("Which drinking guidelines should Waypoint use for you?"),
        choices=[
            (Guideline.FEMALE.value, _("The lower thresholds, often used for women")),
            (Guideline.MALE.value, _("The higher thresholds, often used for men")),
        ],
        widget=forms.RadioSelect,
        required=False,
        help_text=_(
            "Guidelines set different limits because bodies differ in how they handle alcohol. "
            "Choose whichever fits you. If you leave this empty, Waypoint uses the lower ones."
        ),
    )


RATHER_NOT_SAY = _("Rather not say")


class StanceField(forms.ChoiceField):
    widget = forms.RadioSelect


class WhereForm(forms.Form):
    """For each chosen substance: relationship (none … chaotic) and readiness to change."""

    def __init__(
        self,
        *args: Any,
        substances: list[Substance],
        latest: Mapping[int, Stance],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.substances = substances
        for substance in substances:
            before = latest.get(substance.pk)
            # A radio cannot be emptied once chosen, so each question has an answer that leaves
            # it: "Rather not say" (the empty value), chosen until the person picks another.
            self.fields[f"rel_{substance.pk}"] = StanceField(
                label=_("How would you describe your use of it?"),
                choices=[*Relationship.choices, ("", RATHER_NOT_SAY)],
                required=False,
                initial=before.relationship if before else "",
            )
            self.fields[f"ready_{substance.pk}"] = StanceField(
                label=_("And changing it?"),
                choices=[*Readiness.choices, ("", RATHER_NOT_SAY)],
                required=False,
                initial=before.readiness if before else "",
            )

    def rows(self) -> list[tuple[Substance, forms.BoundField, forms.BoundField]]:
        return [(s, self[f"rel_{s.pk}"], self[f"ready_{s.pk}"]) for s in self.substances]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for substance in self.substances:
            rel, ready = f"rel_{substance.pk}", f"ready_{substance.pk}"
            if bool(data.get(rel)) != bool(data.get(ready)):
                missing = ready if data.get(rel) else rel
                self.add_error(
                    missing,
                    _("Choose one here too, or “Rather not say” for both questions."),
                )
        return data

    def stances(self) -> dict[Substance, tuple[str, str]]:
        """The answered pairs, by substance."""
        data = self.cleaned_data
        return {
            s: (data[f"rel_{s.pk}"], data[f"ready_{s.pk}"])
            for s in self.substances
            if data.get(f"rel_{s.pk}") and data.get(f"ready_{s.pk}")
        }


class AuditCForm(forms.Form):
    """AUDIT items 1-3 (WHO 2001); items 2 and 3 score 0 when the answer to item 1 is Never."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for question in AUDIT_C:
            self.fields[question.key] = forms.TypedChoiceField(
                label=question.text,
                choices=[(str(score), label) for score, label in question.options],
                coerce=int,
                widget=forms.RadioSelect,
                required=False,
                help_text=question.help,
                empty_value=None,
            )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        never = data.get("q1") == 0
        for question in AUDIT_C:
            if data.get(question.key) is None and question.key in self.fields:
                if never and question.key != "q1":
                    data[question.key] = 0
                elif question.key not in self.errors:
                    self.add_error(question.key, _("Choose one answer."))
        return data

    def answers(self) -> list[int]:
        return [int(self.cleaned_data[q.key]) for q in AUDIT_C]

    @property
    def drinks(self) -> bool:
        return self.cleaned_data.get("q1") != 0


# --- The baseline calendar ------------------------------------------------------------------

# Fixed-date days that many people remember (and that often change drinking); the relative
# markers below help anchor the rest (Timeline Followback, Sobell & Sobell 1992).
HOLIDAYS: dict[tuple[int, int], Any] = {
    (1, 1): _("New Year's Day"),
    (2, 14): _("Valentine's Day"),
    (3, 17): _("St Patrick's Day"),
    (10, 31): _("Halloween"),
    (12, 24): _("Christmas Eve"),
    (12, 25): _("Christmas Day"),
    (12, 26): _("Boxing Day"),
    (12, 31): _("New Year's Eve"),
}
RELATIVE_MARKERS: dict[int, Any] = {
    1: _("yesterday"),
    7: _("a week ago"),
    14: _("2 weeks ago"),
    21: _("3 weeks ago"),
    28: _("4 weeks ago"),
}


@dataclass
class Cell:
    day: date
    name: str
    value: str
    weekend: bool
    markers: list[str]
    error: str = ""
    first_of_month: bool = False


@dataclass
class Calendar:
    """One substance's month grid: weeks of seven cells (None outside the window)."""

    substance: Substance
    unit_label: str
    help: str
    weeks: list[list[Cell | None]]
    errors: list[tuple[str, str]] = field(default_factory=list)  # (field name, message)

    @property
    def marked(self) -> list[Cell]:
        return [c for week in self.weeks for c in week if c is not None and c.markers]


def field_name(substance: Substance, day: date) -> str:
    return f"b-{substance.pk}-{day.isoformat()}"


def _format_amount(value: float | None) -> str:
    if value is None:
        return ""
    return f"{value:g}"


def day_markers(day: date, today: date) -> list[str]:
    """Holidays and 'N weeks ago' markers for a day, as plain words."""
    markers = []
    holiday = HOLIDAYS.get((day.month, day.day))
    if holiday:
        markers.append(str(holiday))
    relative = RELATIVE_MARKERS.get((today - day).days)
    if relative:
        markers.append(str(relative))
    return markers


def build_calendars(
    *,
    substances: list[Substance],
    window: Window,
    today: date,
    saved: Mapping[tuple[int, date], float],
    posted: Mapping[str, str] | None = None,
    errors: Mapping[str, str] | None = None,
    grams_per_drink: float = 14.0,
    country_label: str = "",
) -> list[Calendar]:
    """Month grids (Monday first) for each substance, with what was saved or just posted."""
    errors = errors or {}
    calendars = []
    for substance in substances:
        if substance.is_alcohol:
            unit_label = gettext("standard drinks")
            help_text = gettext("Standard drinks as counted in %(country)s.") % {
                "country": country_label
            }
        else:
            unit_label = str(Unit(substance.default_unit).label)
            help_text = ""
        weeks: list[list[Cell | None]] = []
        week: list[Cell | None] = [None] * window.start.weekday()
        bad: list[tuple[str, str]] = []
        for day in window.days:
            name = field_name(substance, day)
            if posted is not None:
                value = posted.get(name, "").strip()
            else:
                value = _format_amount(saved.get((substance.pk, day)))
            cell = Cell(
                day=day,
                name=name,
                value=value,
                weekend=day.weekday() >= 5,
                markers=day_markers(day, today),
                error=errors.get(name, ""),
                first_of_month=day.day == 1 or day == window.start,
            )
            if cell.error:
                bad.append(
                    (
                        name,
                        gettext("%(day)s: %(problem)s")
                        % {"day": formats.date_format(day, str(_("l j F"))), "problem": cell.error},
                    )
                )
            week.append(cell)
            if len(week) == 7:
                weeks.append(week)
                week = []
        if week:
            weeks.append(week + [None] * (7 - len(week)))
        calendars.append(Calendar(substance, unit_label, help_text, weeks, bad))
    return calendars


def parse_baseline(
    data: Mapping[str, str], *, substances: list[Substance], window: Window
) -> tuple[dict[Substance, dict[date, float]], dict[str, str]]:
    """Amounts by substance and day from the posted calendar, and a message per bad field.

    Empty means "don't remember" (not reported); 0 means none.
    """
    amounts: dict[Substance, dict[date, float]] = {}
    errors: dict[str, str] = {}
    for substance in substances:
        days: dict[date, float] = {}
        for day in window.days:
            name = field_name(substance, day)
            raw = (data.get(name) or "").strip().replace(",", ".")
            if not raw:
                continue
            try:
                value = float(raw)
            except ValueError:
                errors[name] = gettext("“%(value)s” is not a number.") % {"value": raw[:20]}
                continue
            if not math.isfinite(value):
                errors[name] = gettext("“%(value)s” is not a number.") % {"value": raw[:20]}
            elif value < 0:
                errors[name] = gettext("Use 0 for none; amounts cannot be negative.")
            elif value > float(MAX_AMOUNT):
                errors[name] = gettext("That is more than 100000.")
            else:
                days[day] = value
        amounts[substance] = days
    return amounts, errors
