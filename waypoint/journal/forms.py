"""Journal forms: the log form (quick on Today, complete on edit), check-ins, own substances."""

from __future__ import annotations

from decimal import Decimal
from typing import Any, cast

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.choices import BaseChoiceIterator
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _

from waypoint.core.errors import WaypointError
from waypoint.core.forms import add_errors
from waypoint.journal.catalogue import DRINK_PRESETS, DRINK_PRESETS_BY_CODE
from waypoint.journal.models import Entry, Substance, today
from waypoint.journal.services import OPTIONAL_FIELDS, units_text
from waypoint.journal.vocab import (
    CareAction,
    Category,
    Company,
    Harm,
    Intention,
    Physical,
    Place,
    Route,
    Unit,
)

STANDARD, VOLUME = "standard", "volume"
# Short names for the drink tiles; the catalogue's long labels stay for other places.
TILE_NAMES = {
    "beer": _("Beer"),
    "pint": _("Pint"),
    "wine": _("Wine"),
    "large_wine": _("Large wine"),
    "shot": _("Shot"),
    "wine_bottle": _("Bottle of wine"),
}
MOODS = [
    (1, _("very low")),
    (2, _("low")),
    (3, _("okay")),
    (4, _("good")),
    (5, _("very good")),
]
BLANK = [("", "—")]
YES_NO = [("unknown", "—"), ("true", _("yes")), ("false", _("no"))]
# Service errors name service arguments; these are the form fields that show them.
ERROR_FIELDS = {"preset": "drink", "count": "amount", "at": "time", "used_at": "time"}


class SharedChoices(BaseChoiceIterator):
    """A field's fixed choices, shared by every form made from it, not deep-copied for each.

    Django copies each choice field's list for every new form (a third of the log form's
    cost before rendering); these are never changed in place (a form that offers other
    choices assigns new ones), so every copy of the field may keep the same tuple.
    """

    def __init__(self, choices: Any) -> None:
        self.choices = tuple(choices)

    def __iter__(self) -> Any:
        return iter(self.choices)

    def __deepcopy__(self, memo: dict[int, Any]) -> SharedChoices:
        return self


def _optional(choices: Any) -> SharedChoices:
    return SharedChoices(BLANK + list(choices))


class EntryForm(forms.Form):
    """One use. Only substance and amount are needed; everything else is optional."""

    entry_id = forms.UUIDField(required=False, widget=forms.HiddenInput)
    shown_for = forms.IntegerField(required=False, widget=forms.HiddenInput)
    substance = forms.TypedChoiceField(
        label=_("Substance"),
        coerce=int,
        error_messages={"invalid_choice": _("Choose a substance from the list.")},
    )
    drink = forms.ChoiceField(label=_("Drink"), required=False, widget=forms.RadioSelect)
    amount = forms.DecimalField(
        label=_("How much"),
        required=False,
        max_digits=12,
        widget=forms.NumberInput(attrs={"inputmode": "decimal", "step": "any", "min": "0"}),
    )
    unit = forms.ChoiceField(label=_("Unit"), required=False, choices=SharedChoices(Unit.choices))
    abv_percent = forms.FloatField(
        label=_("Strength, % alcohol"),
        required=False,
        widget=forms.NumberInput(attrs={"inputmode": "decimal", "step": "any", "min": "0"}),
    )
    day = forms.DateField(
        label=_("Day"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    time = forms.TimeField(
        label=_("Time"),
        required=False,
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
    )
    route = forms.ChoiceField(label=_("How"), required=False, choices=_optional(Route.choices))
    mood = forms.TypedChoiceField(
        label=_("Mood before"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=SharedChoices(MOODS),
        widget=forms.RadioSelect,
    )
    ate_before = forms.NullBooleanField(
        label=_("Ate beforehand"), widget=forms.Select(choices=YES_NO)
    )
    slept_well = forms.NullBooleanField(label=_("Slept well"), widget=forms.Select(choices=YES_NO))
    physical = forms.ChoiceField(
        label=_("Body"), required=False, choices=_optional(Physical.choices)
    )
    intention = forms.ChoiceField(
        label=_("Why"), required=False, choices=_optional(Intention.choices)
    )
    place = forms.ChoiceField(label=_("Where"), required=False, choices=_optional(Place.choices))
    company = forms.ChoiceField(
        label=_("With whom"), required=False, choices=_optional(Company.choices)
    )
    activity = forms.CharField(label=_("Doing what"), required=False, max_length=80)
    harms = forms.MultipleChoiceField(
        label=_("Anything risky?"),
        required=False,
        choices=SharedChoices(Harm.choices),
        widget=forms.CheckboxSelectMultiple,
    )
    care_actions = forms.MultipleChoiceField(
        label=_("Ways you looked after yourself"),
        required=False,
        choices=SharedChoices(CareAction.choices),
        widget=forms.CheckboxSelectMultiple,
    )
    note = forms.CharField(
        label=_("Private note"),
        required=False,
        max_length=10_000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Only you can read it. It is stored encrypted."),
    )

    def __init__(
        self,
        *args: Any,
        substances: list[tuple[str, list[Substance]]],
        grams_per_drink: float,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.by_id = {s.pk: s for _group, items in substances for s in items}
        cast(forms.ChoiceField, self.fields["substance"]).choices = [
            (group, [(s.pk, s.name) for s in items]) for group, items in substances if items
        ]
        cast(forms.ChoiceField, self.fields["drink"]).choices = [
            (p.code, TILE_NAMES.get(p.code, p.label)) for p in DRINK_PRESETS
        ] + [
            (STANDARD, _("Standard drinks")),
            (VOLUME, _("Volume and strength")),
        ]
        self.grams_per_drink = grams_per_drink
        self.fields["day"].widget.attrs["max"] = today().isoformat()
        shown = self.shown_substance
        # Only the units that fit are offered; the field still accepts any so that a changed
        # substance gets a clear message rather than "not a valid choice".
        self.fields["unit"].widget.choices = [
            (code, Unit(code).label)
            for code in (shown.units if shown else [])
            if code in Unit.values
        ]
        self.chosen_substance: Substance | None = None

    @property
    def shown_substance(self) -> Substance | None:
        """The substance the form is drawn for: the one submitted, else the initial one."""
        key = self.data.get("substance") if self.is_bound else self.initial.get("substance")
        try:
            found = self.by_id.get(int(key))  # type: ignore[arg-type]  # key may be None or junk; int() failing is caught below
        except (TypeError, ValueError):
            found = None
        return found or next(iter(self.by_id.values()), None)

    def drink_tiles(self) -> list[dict[str, Any]]:
        """The drink radios with what each one means, for big tap targets."""
        details: dict[str, Any] = {
            p.code: _("%(ml)s mL · %(abv)s%%")
            % {"ml": number_format(f"{p.volume_ml:g}"), "abv": number_format(f"{p.abv_percent:g}")}
            for p in DRINK_PRESETS
        }
        details[STANDARD] = _("%(grams)s g of alcohol each") % {
            "grams": number_format(f"{self.grams_per_drink:g}")
        }
        details[VOLUME] = _("any drink")
        return [
            {"widget": radio, "detail": details.get(radio.data["value"], "")}
            for radio in self["drink"]
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        substance = self.by_id.get(data.get("substance"))  # type: ignore[arg-type]  # cleaned data is untyped; a missing key gives None
        if substance is None:
            return data
        self.chosen_substance = substance
        shown = self.by_id.get(data.get("shown_for"))  # type: ignore[arg-type]  # cleaned data is untyped; a missing key gives None
        if shown is not None and shown != substance:
            changed = shown.is_alcohol != substance.is_alcohol or (
                not substance.is_alcohol and data.get("unit") not in substance.units
            )
            if changed:
                # Without JavaScript the units on the page were for the other substance.
                self.add_error(
                    "amount",
                    _("You changed to %(name)s: check the amount and unit, then save again.")
                    % {"name": substance.name},
                )
                return data
        if substance.is_alcohol and not data.get("drink"):
            self.add_error("drink", _("Choose a drink, or standard drinks."))
        if data.get("amount") is None and "amount" not in self.errors:
            self.add_error("amount", _("Say how much."))
        if not substance.is_alcohol and data.get("unit") and data["unit"] not in substance.units:
            self.add_error(
                "unit",
                _("%(substance)s is logged in %(units)s.")
                % {"substance": substance.name, "units": units_text(substance)},
            )
        return data

    def entry_values(self) -> dict[str, Any]:
        """The cleaned form as keyword arguments for entry_create / entry_update."""
        data = self.cleaned_data
        substance = self.chosen_substance
        assert substance is not None
        values: dict[str, Any] = {"substance": substance, "day": data["day"], "at": data["time"]}
        amount: Decimal = data["amount"]
        drink = data.get("drink")
        if substance.is_alcohol and drink in DRINK_PRESETS_BY_CODE:
            values |= {"preset": drink, "count": amount}
        elif substance.is_alcohol and drink == VOLUME:
            values |= {"amount": amount, "unit": Unit.ML, "abv_percent": data["abv_percent"]}
        elif substance.is_alcohol:
            values |= {"amount": amount, "unit": Unit.DRINK}
        else:
            values |= {"amount": amount, "unit": data["unit"] or substance.default_unit}
        for name in OPTIONAL_FIELDS:
            values[name] = data[name]
        return values

    def add_service_errors(self, error: ValidationError | WaypointError) -> None:
        """Show a service's refusal next to the field it concerns."""
        add_errors(self, error, ERROR_FIELDS)


def entry_initial(entry: Entry) -> dict[str, Any]:
    """An entry as the edit form's starting values."""
    # A time the person never gave is not shown, so saving the form does not make it theirs.
    shown = entry.used_at and entry.shows_time
    local_time = timezone.localtime(entry.used_at).time() if shown else None
    values: dict[str, Any] = {
        "substance": entry.substance_id,
        "amount": entry.amount.normalize(),
        "unit": entry.unit,
        "day": entry.day,
        "time": local_time.replace(second=0, microsecond=0) if local_time else None,
    }
    if entry.substance.is_alcohol:
        if entry.is_preset:
            # The strength is kept ready in case the person switches to volume and strength.
            values |= {
                "drink": entry.preset,
                "amount": entry.preset_count,
                "abv_percent": entry.abv_percent,
            }
        elif entry.unit == Unit.ML:
            values |= {"drink": VOLUME, "abv_percent": entry.abv_percent}
        else:
            values["drink"] = STANDARD
    for name in OPTIONAL_FIELDS:
        values[name] = getattr(entry, name)
    return values


def remembered_initial(substance: Substance, remembered: dict[str, str]) -> dict[str, Any]:
    """What the person entered last time for this substance, as the log form's start.

    Only what the form shows before Save (the drink and amount): the details folded under
    "More details" (how, where, with whom) start empty, so nothing is stored unseen.
    """
    values: dict[str, Any] = {"substance": substance.pk}
    if not remembered:
        if substance.is_alcohol:
            values["amount"] = 1
        return values
    if substance.is_alcohol and remembered.get("preset"):
        values |= {"drink": remembered["preset"], "amount": _number(remembered.get("count"))}
    elif substance.is_alcohol and remembered.get("unit") == Unit.ML:
        values |= {
            "drink": VOLUME,
            "amount": _number(remembered.get("amount")),
            "abv_percent": remembered.get("abv_percent"),
        }
    elif substance.is_alcohol:
        values |= {"drink": STANDARD, "amount": _number(remembered.get("amount"))}
    else:
        values |= {"amount": _number(remembered.get("amount")), "unit": remembered.get("unit")}
    return values


def _number(text: str | None) -> Decimal | None:
    try:
        return Decimal(text).normalize() if text else None
    except ArithmeticError:
        return None


class CheckInForm(forms.Form):
    """A day's check-in. Fields left out of a request stay as they were."""

    no_use = forms.TypedChoiceField(
        required=False,
        choices=SharedChoices([("1", "yes"), ("0", "no")]),
        coerce=lambda v: v == "1",
    )
    mood = forms.TypedChoiceField(
        label=_("Mood"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=SharedChoices(MOODS),
        widget=forms.RadioSelect,
    )
    wellbeing = forms.TypedChoiceField(
        label=_("Wellbeing, 0 to 10"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=SharedChoices(BLANK + [(n, str(n)) for n in range(11)]),
        help_text=_("0 is the worst you can imagine, 10 the best."),
    )

    def checkin_values(self) -> dict[str, Any]:
        """Keyword arguments for checkin_set: only what was sent, and clearing when emptied."""
        data, sent = self.cleaned_data, self.data
        values: dict[str, Any] = {"clear": []}
        if sent.get("no_use") in ("0", "1"):
            values["no_use"] = data["no_use"]
        for name in ("mood", "wellbeing"):
            if data.get(name) is not None:
                values[name] = data[name]
            elif name in sent:
                values["clear"].append(name)
        return values


class SubstanceForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=60)
    category = forms.ChoiceField(label=_("Kind"), choices=Category.choices, initial="other")
    unit = forms.ChoiceField(
        label=_("Logged in"),
        choices=Unit.choices,
        initial=Unit.DOSE,
        help_text=_("The unit you count it in."),
    )


class RangeForm(forms.Form):
    """The Journal's from/to filter (both optional)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # "from" is a Python keyword, so these fields are added by name.
        self.fields["from"] = forms.DateField(
            label=_("From"),
            required=False,
            widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        )
        self.fields["to"] = forms.DateField(
            label=_("To"),
            required=False,
            widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("from"), data.get("to")
        if start and end and start > end:
            self.add_error("to", _("'To' is before 'from'. Swap them and try again."))
        return data
