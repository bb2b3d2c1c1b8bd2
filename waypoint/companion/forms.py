"""Forms for urges, usuals, prices and the hard-moments setting."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from waypoint.journal.models import Substance, today
from waypoint.journal.vocab import Route, Unit

USED = [("false", _("no")), ("true", _("yes")), ("", _("not said"))]
STRENGTHS = [(n, str(n)) for n in range(1, 11)]


def _used(value: str) -> bool | None:
    return {"true": True, "false": False}.get(value)


class _SubstanceChoice(forms.Form):
    """A form whose `substance` field offers the person's own list (given by the view)."""

    def __init__(self, *args: Any, substances: list[Substance], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.substances = {s.pk: s for s in substances}
        field = self.fields["substance"]
        assert isinstance(field, forms.TypedChoiceField)
        field.choices = [(s.pk, s.name) for s in substances]


class UrgeForm(forms.Form):
    """An urge: only its strength is needed."""

    urge_id = forms.UUIDField(required=False, widget=forms.HiddenInput)
    strength = forms.TypedChoiceField(
        label=_("How strong, 1 (faint) to 10 (very strong)"),
        choices=STRENGTHS,
        coerce=int,
        widget=forms.RadioSelect(attrs={"class": "scale"}),
        error_messages={"required": _("Choose how strong it was, 1 to 10.")},
    )
    day = forms.DateField(
        label=_("Day"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    at = forms.TimeField(
        label=_("Time"), required=False, widget=forms.TimeInput(attrs={"type": "time"})
    )
    situation = forms.CharField(
        label=_("What was going on"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    helped = forms.CharField(
        label=_("What helped"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    lasted_minutes = forms.IntegerField(
        label=_("Minutes until it passed"),
        required=False,
        min_value=0,
        max_value=24 * 60,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    used = forms.TypedChoiceField(
        label=_("Did you use afterwards?"),
        choices=USED,
        required=False,
        coerce=_used,
        empty_value=None,
        widget=forms.RadioSelect,
    )

    def urge_values(self) -> dict[str, Any]:
        data = self.cleaned_data
        values: dict[str, Any] = {
            "strength": data["strength"],
            "situation": data["situation"],
            "helped": data["helped"],
            "lasted_minutes": data["lasted_minutes"],
            "used": data["used"],
            "day": data["day"] or today(),
        }
        if data["at"] is not None:
            values["at"] = data["at"]
        return values


class UsualForm(_SubstanceChoice):
    name = forms.CharField(label=_("Name"), max_length=60, help_text=_("For example “my IPA”."))
    substance = forms.TypedChoiceField(label=_("Substance"), coerce=int)
    amount = forms.DecimalField(
        label=_("How much"),
        max_digits=12,
        widget=forms.NumberInput(attrs={"inputmode": "decimal", "step": "any", "min": "0"}),
    )
    unit = forms.ChoiceField(label=_("Unit"), choices=Unit.choices)
    abv_percent = forms.FloatField(
        label=_("Strength, % alcohol (for drinks in mL)"),
        required=False,
        widget=forms.NumberInput(attrs={"inputmode": "decimal", "step": "any", "min": "0"}),
    )
    route = forms.ChoiceField(label=_("How"), required=False, choices=[("", "—"), *Route.choices])


class UsualNameForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=60, help_text=_("For example “my IPA”."))


class PriceForm(_SubstanceChoice):
    substance = forms.TypedChoiceField(label=_("Substance"), coerce=int)
    price = forms.DecimalField(
        label=_("Price per unit, in your money"),
        required=False,
        max_digits=12,
        min_value=0,
        help_text=_("Per standard drink for alcohol; leave empty to remove a price."),
        widget=forms.NumberInput(attrs={"inputmode": "decimal", "step": "any", "min": "0"}),
    )


class HardMomentsForm(forms.Form):
    on = forms.BooleanField(
        label=_("After a hard moment, offer one or two places to turn"),
        required=False,
        help_text=_(
            "After logging using alone, mixing depressants, a very low mood, a blackout or an "
            "overdose. Never a gate: nothing waits on it, and nobody else is told."
        ),
    )
