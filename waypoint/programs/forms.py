"""Forms for program pages; they only parse input. The services decide what is allowed."""

from __future__ import annotations

from datetime import date
from typing import Any, cast

from django import forms
from django.forms.boundfield import BoundWidget
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from waypoint.programs.catalogue import REFERRALS, SERVICES, SUBSTANCES
from waypoint.programs.models import Item, Reversal, Site, TestResult

TEST_CHOICES = [("", _("Not tested"))] + [(value, label) for value, label in TestResult.choices]


def _number(
    label: Any, *, initial: int | None = None, max_value: int = 100000
) -> forms.IntegerField:
    return forms.IntegerField(
        label=label,
        required=False,
        min_value=0,
        max_value=max_value,
        initial=initial,
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "min": 0, "class": "qty"}),
    )


class EncounterForm(forms.Form):
    """One encounter; a quantity field per catalogue item (named `qty_<slug>`)."""

    # The client's own id: the installed app fills it in, so a retry offline is saved once.
    encounter_id = forms.UUIDField(required=False, widget=forms.HiddenInput)
    code = forms.CharField(
        label=_("Card code"),
        required=False,
        max_length=12,
        help_text=_("Leave empty for an anonymous contact."),
        widget=forms.TextInput(
            attrs={
                "autocapitalize": "characters",
                "autocomplete": "off",
                "spellcheck": "false",
                "placeholder": "K7M-4QX",
                "class": "code-input",
            }
        ),
    )
    people = forms.IntegerField(
        label=_("People (anonymous contact)"),
        min_value=1,
        max_value=100,
        initial=1,
        help_text=_("Include people the supplies are for (secondary distribution)."),
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    site = forms.ModelChoiceField(label=_("Site"), queryset=Site.objects.none(), empty_label=None)
    at = forms.DateTimeField(
        label=_("When"),
        required=False,
        help_text=_("Leave empty for now."),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    syringes_collected = _number(_("Syringes collected (count)"), max_value=50000)
    syringes_collected_lb = forms.DecimalField(
        label=_("…or their weight in pounds"),
        required=False,
        min_value=0,
        max_value=200,
        decimal_places=2,
        widget=forms.NumberInput(attrs={"inputmode": "decimal", "step": "0.01"}),
    )
    services = forms.MultipleChoiceField(
        label=_("Services"),
        required=False,
        choices=list(SERVICES.items()),
        widget=forms.CheckboxSelectMultiple,
    )
    hiv = forms.ChoiceField(label=_("HIV test"), required=False, choices=TEST_CHOICES)
    hcv = forms.ChoiceField(label=_("Hepatitis C test"), required=False, choices=TEST_CHOICES)
    referrals = forms.MultipleChoiceField(
        label=_("Referrals made"),
        required=False,
        choices=list(REFERRALS.items()),
        widget=forms.CheckboxSelectMultiple,
    )
    linked = forms.MultipleChoiceField(
        label=_("Got there since an earlier referral"),
        required=False,
        choices=list(REFERRALS.items()),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Marks this code's open referral as linked, dated today."),
    )
    note = forms.CharField(
        label=_("Private note"),
        required=False,
        max_length=2000,
        help_text=_("Only your program's staff see it. Stored encrypted. No names."),
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    confirm = forms.BooleanField(
        label=_("Yes, these numbers are right"), required=False, widget=forms.HiddenInput
    )

    def __init__(
        self,
        *args: Any,
        sites: Any,
        items: list[Item],
        service_choices: dict[str, list[tuple[int, str]]] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        cast(Any, self.fields["site"]).queryset = sites
        self.items = items
        for item in items:
            self.fields[f"qty_{item.slug}"] = _number(item.shown_name, max_value=5000)
        # A directory service for each referral made (optional). A number, not a fixed choice:
        # the list shows the first few, and the page's search may bring any other.
        for to, label in REFERRALS.items():
            shown = (service_choices or {}).get(to, [])
            choices = [("", _("No particular service")), *shown]
            self.fields[f"service_{to}"] = forms.IntegerField(
                label=_("Directory service for %(to)s") % {"to": label},
                required=False,
                min_value=1,
                widget=forms.Select(choices=choices, attrs={"class": "service-choice"}),
            )

    def referral_rows(self) -> list[tuple[BoundWidget, forms.BoundField]]:
        """Each referral checkbox with its directory service choice."""
        return [(box, self[f"service_{box.data['value']}"]) for box in self["referrals"].subwidgets]

    def referral_services(self) -> dict[str, int]:
        """The services named for the referrals made (a choice left under an unticked box is
        ignored)."""
        return {
            to: self.cleaned_data[f"service_{to}"]
            for to in self.cleaned_data.get("referrals", [])
            if self.cleaned_data.get(f"service_{to}")
        }

    def supply_fields(self) -> list[forms.BoundField]:
        return [self[f"qty_{item.slug}"] for item in self.items]

    def supplies(self) -> list[tuple[str, int]]:
        return [
            (item.slug, self.cleaned_data.get(f"qty_{item.slug}") or 0)
            for item in self.items
            if self.cleaned_data.get(f"qty_{item.slug}")
        ]


class ReferralFilterForm(forms.Form):
    """The follow-up list's filters (GET); every field optional."""

    status = forms.ChoiceField(
        label=_("Show"),
        required=False,
        choices=[
            ("made", _("Open (not linked yet)")),
            ("linked", _("Linked")),
            ("all", _("All")),
        ],
    )
    from_ = forms.DateField(
        label=_("Made from"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    to = forms.DateField(
        label=_("to"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # "from" is a Python keyword: the field is from_, the parameter from.
        self.fields["from"] = self.fields.pop("from_")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        data["from_"] = data.pop("from", None)
        if data["from_"] and data.get("to") and data["to"] < data["from_"]:
            raise forms.ValidationError(_("The end comes before the start."))
        return data


class CodeForm(forms.Form):
    code = forms.CharField(label=_("Card code"), max_length=12)


class AnswersForm(forms.Form):
    def __init__(self, *args: Any, questions: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for index, question in enumerate(questions):
            self.fields[f"answer_{index}"] = forms.CharField(label=question, max_length=60)

    def answers(self) -> list[str]:
        return [self.cleaned_data[name] for name in self.fields]


class ReversalForm(forms.Form):
    at = forms.DateTimeField(
        label=_("When"),
        initial=timezone.now,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    site = forms.ModelChoiceField(
        label=_("Site"), queryset=Site.objects.none(), required=False, empty_label=_("None")
    )
    code = forms.CharField(label=_("Card code (optional)"), max_length=12, required=False)
    place = forms.ChoiceField(label=_("Where it happened"), choices=Reversal.Place.choices)
    substances = forms.MultipleChoiceField(
        label=_("Substances suspected"),
        required=False,
        choices=list(SUBSTANCES.items()),
        widget=forms.CheckboxSelectMultiple,
    )
    naloxone_doses = forms.IntegerField(
        label=_("Naloxone doses given"), min_value=0, max_value=20, initial=1
    )
    naloxone_product = forms.ChoiceField(label=_("Naloxone product"), required=False)
    rescue_breathing = forms.BooleanField(label=_("Rescue breathing"), required=False)
    called_911 = forms.BooleanField(label=_("911 called"), required=False)
    outcome = forms.ChoiceField(label=_("Outcome"), choices=Reversal.Outcome.choices)
    replacement_kit = forms.ChoiceField(label=_("Replacement kit handed out"), required=False)

    def __init__(self, *args: Any, sites: Any, naloxone: list[Item], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(Any, self.fields["site"]).queryset = sites
        choices = [("", _("None"))] + [(i.slug, i.shown_name) for i in naloxone]
        cast(Any, self.fields["naloxone_product"]).choices = choices
        cast(Any, self.fields["replacement_kit"]).choices = choices


class SiteForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=80)
    kind = forms.ChoiceField(label=_("Kind"), choices=Site.Kind.choices)


class DosesForm(forms.Form):
    item = forms.ChoiceField(label=_("Naloxone kit"))
    doses_per_kit = forms.IntegerField(label=_("Doses per kit"), min_value=1, max_value=10)


class ItemForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=80)
    category = forms.ChoiceField(label=_("Category in reports"), choices=Item.Category.choices)
    doses_per_kit = forms.IntegerField(
        label=_("Doses per kit (naloxone only)"), min_value=1, max_value=10, required=False
    )


class ReceiptForm(forms.Form):
    site = forms.ModelChoiceField(label=_("Site"), queryset=Site.objects.none())
    item = forms.ChoiceField(label=_("Item"))
    quantity = forms.IntegerField(label=_("Quantity"), min_value=1, max_value=100000)
    lot = forms.CharField(label=_("Lot (naloxone)"), max_length=40, required=False)
    expires_on = forms.DateField(
        label=_("Expires on (naloxone)"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )


class TransferForm(forms.Form):
    from_site = forms.ModelChoiceField(label=_("From"), queryset=Site.objects.none())
    to_site = forms.ModelChoiceField(label=_("To"), queryset=Site.objects.none())
    item = forms.ChoiceField(label=_("Item"))
    quantity = forms.IntegerField(label=_("Quantity"), min_value=1, max_value=100000)


class CountForm(forms.Form):
    site = forms.ModelChoiceField(label=_("Site"), queryset=Site.objects.none())
    item = forms.ChoiceField(label=_("Item"))
    counted = forms.IntegerField(label=_("Counted on the shelf"), min_value=0, max_value=1000000)


def stock_forms(
    data: Any, sites: Any, items: list[Item], prefix_of: str | None
) -> dict[str, forms.Form]:
    """The three stock forms, each bound only when it was the one submitted."""
    made: dict[str, forms.Form] = {}
    for name, cls in (("receipt", ReceiptForm), ("transfer", TransferForm), ("count", CountForm)):
        form = cls(data if prefix_of == name else None, prefix=name)
        for field in form.fields.values():
            if isinstance(field, forms.ModelChoiceField):
                field.queryset = sites
        form.fields["item"].choices = [(i.slug, i.shown_name) for i in items]  # type: ignore[attr-defined]
        made[name] = form
    return made


MAX_REPORT_DAYS = 3700  # about ten years, as in the API


class ReportForm(forms.Form):
    start = forms.DateField(
        label=_("From"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    end = forms.DateField(
        label=_("To"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    site = forms.ModelChoiceField(
        label=_("Site"), queryset=Site.objects.none(), required=False, empty_label=_("All sites")
    )
    shared = forms.BooleanField(required=False)

    def __init__(self, *args: Any, threshold: int = 10, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["shared"].label = _("Safe to share (hides counts from 1 to %(n)d)") % {
            "n": threshold
        }

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("start"), data.get("end")
        if isinstance(start, date) and isinstance(end, date):
            if end < start:
                self.add_error("end", _("The end comes before the start."))
            elif (end - start).days > MAX_REPORT_DAYS:
                self.add_error("end", _("At most ten years at a time."))
        return data


class SettingsForm(forms.Form):
    time_zone = forms.CharField(
        label=_("Time zone"),
        max_length=64,
        help_text=_("Reports count days in this zone, e.g. America/Chicago."),
    )
    syringes_per_pound = forms.IntegerField(
        label=_("Syringes per pound"), min_value=50, max_value=2000
    )
    code_questions = forms.CharField(
        label=_("Questions for re-derivable codes (one per line)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Stable answers only, e.g. first letter of a parent's first name; day of birth."
        ),
    )


class ImportForm(forms.Form):
    file = forms.FileField(label=_("CSV file"))


class LinkCardForm(forms.Form):
    code = forms.CharField(
        label=_("One-time code from the program"),
        max_length=20,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "autocapitalize": "none"}),
    )
