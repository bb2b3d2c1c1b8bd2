"""Forms for the checker, the blood alcohol figures and classes for a person's own substances."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from waypoint.safety.models import Body

SLOT_LABELS = (
    _("First substance"),
    _("Second substance"),
    _("Third substance (optional)"),
    _("Fourth substance (optional)"),
)


class CheckerForm(forms.Form):
    """Up to four substances, each a dropdown: works without JavaScript and on small screens."""

    def __init__(self, *args: Any, choices: list[tuple[str, list[tuple[str, str]]]], **kwargs: Any):
        super().__init__(*args, **kwargs)
        options: list[Any] = [("", _("Choose…")), *choices]
        for i, label in enumerate(SLOT_LABELS):
            self.fields[f"s{i + 1}"] = forms.ChoiceField(
                label=label, choices=options, required=False
            )

    def slugs(self) -> list[str]:
        return [
            self.cleaned_data[f"s{i + 1}"]
            for i in range(len(SLOT_LABELS))
            if self.cleaned_data.get(f"s{i + 1}")
        ]


class BodyForm(forms.Form):
    prefix = "body"  # it also sits on the Settings page, beside other forms
    weight_kg = forms.DecimalField(
        label=_("Your weight in kilograms"),
        required=False,
        max_digits=5,
        decimal_places=1,
        help_text=_("Optional. Only used for the blood alcohol estimate on Today."),
    )
    body = forms.ChoiceField(
        label=_("Which body-water average should the estimate use?"),
        choices=[
            ("", _("Not set (Waypoint uses the lower one, which gives a higher estimate)")),
            *Body.choices,
        ],
        required=False,
        widget=forms.RadioSelect,
        help_text=_(
            "Alcohol spreads through the water in the body, and averages differ between bodies. "
            "Choose whichever fits you, or leave it."
        ),
    )


class OwnClassForm(forms.Form):
    """One select per own substance: which class Waypoint checks it as."""

    def __init__(
        self,
        *args: Any,
        substances: list[tuple[Any, str]],
        classes: list[tuple[str, str]],
        **kwargs: Any,
    ):
        super().__init__(*args, **kwargs)
        self.rows = []
        for substance, klass in substances:
            name = f"class_{substance.pk}"
            self.fields[name] = forms.ChoiceField(
                label=substance.name,
                choices=[("", _("No class (no combination notes)")), *classes],
                required=False,
                initial=klass,
            )
            self.rows.append((substance, name))
