"""Forms for check on me and drug alerts; the services validate, the forms only collect."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from waypoint.alerts import substances
from waypoint.alerts.models import Channel, Contact, Evidence, Region, SafetyPrefs

MINUTES = (1, 5, 10, 15, 20, 30, 45, 60, 90, 120)


def duration_choices() -> list[tuple[int, str]]:
    """How long a timer can run, in seconds, within the configured bounds."""
    low, high = settings.CHECK_ON_ME_MIN_SECONDS, settings.CHECK_ON_ME_MAX_SECONDS
    choices = []
    if low < 60:  # short test timers (CHECK_ON_ME_MIN_SECONDS under a minute)
        choices.append((low, ngettext("%(n)s second", "%(n)s seconds", low) % {"n": low}))
    for minutes in MINUTES:
        if low <= minutes * 60 <= high:
            label = ngettext("%(n)s minute", "%(n)s minutes", minutes) % {"n": minutes}
            choices.append((minutes * 60, label))
    return choices


class ContactForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=80)
    email = forms.CharField(
        label=_("Email (optional)"),
        required=False,
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "off"}),
    )
    phone = forms.CharField(
        label=_("Phone number for text messages (optional)"),
        required=False,
        max_length=30,
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "off"}),
        help_text=_("With the country code, like +1 555 123 4567."),
    )


class PlanForm(forms.Form):
    rescue_plan = forms.CharField(
        label=_("Your rescue plan"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 7}),
        help_text=_(
            "The address, how to get in (a door code, where a key is), what you use, and anything "
            "helpers need to know. Kept encrypted; sent to your contacts only if a timer runs out "
            "or you ask for help."
        ),
    )
    ask_channel = forms.ChoiceField(
        label=_("When a timer runs out, ask me first"),
        choices=Channel.choices,
        help_text=_("Waypoint always asks on the timer's page; it can also write to you."),
    )
    own_email = forms.CharField(
        label=_("Your email (optional)"),
        required=False,
        max_length=254,
        widget=forms.EmailInput(),
    )
    own_phone = forms.CharField(
        label=_("Your phone number (optional)"),
        required=False,
        max_length=30,
        widget=forms.TextInput(attrs={"inputmode": "tel"}),
    )

    @classmethod
    def for_prefs(cls, prefs: SafetyPrefs, data: Any = None) -> PlanForm:
        initial = {
            "rescue_plan": prefs.rescue_plan,
            "ask_channel": prefs.ask_channel,
            "own_email": prefs.own_email,
            "own_phone": prefs.own_phone,
        }
        return cls(data, initial=initial)


class TimerForm(forms.Form):
    seconds = forms.TypedChoiceField(label=_("Ask me in"), coerce=int, choices=())
    note = forms.CharField(
        label=_("Where you are (optional)"),
        required=False,
        max_length=500,
        help_text=_("Sent to your contacts only if the alert goes out."),
    )
    contacts = forms.TypedMultipleChoiceField(
        label=_("Who to alert"),
        coerce=int,
        choices=(),
        widget=forms.CheckboxSelectMultiple(attrs={"class": "choice-list"}),
        required=False,
    )

    def __init__(self, *args: Any, contacts: list[Contact], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        durations = duration_choices()
        self.fields["seconds"].choices = durations  # type: ignore[attr-defined]
        if not self.is_bound:
            self.fields["seconds"].initial = (
                30 * 60 if any(s == 1800 for s, _l in durations) else durations[0][0]
            )
        self.fields["contacts"].choices = [  # type: ignore[attr-defined]
            (c.pk, c.name) for c in contacts if c.is_confirmed
        ]
        self.fields["contacts"].initial = [c.pk for c in contacts if c.is_confirmed]


class ExtendForm(forms.Form):
    seconds = forms.TypedChoiceField(label=_("Add"), coerce=int, choices=())

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = [c for c in duration_choices() if c[0] <= 3600]
        self.fields["seconds"].choices = choices  # type: ignore[attr-defined]
        self.fields["seconds"].initial = next((s for s, _l in choices if s == 900), choices[0][0])


class ReminderForm(forms.Form):
    on = forms.BooleanField(label=_("Remind me to check in every day"), required=False)
    at = forms.TimeField(
        label=_("At"),
        required=False,
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
    )
    reminder_channel = forms.ChoiceField(label=_("How"), choices=Channel.choices)
    own_email = forms.CharField(label=_("Your email (for email reminders)"), required=False)
    own_phone = forms.CharField(
        label=_("Your phone number (for text reminders)"),
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "tel"}),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("on") and not data.get("at"):
            self.add_error("at", _("Choose a time of day."))
        return data


def _substance_field(label: Any, required: bool) -> forms.MultipleChoiceField:
    return forms.MultipleChoiceField(
        label=label,
        required=required,
        choices=substances.choices(),
        widget=forms.CheckboxSelectMultiple(attrs={"class": "choice-list scroll"}),
    )


class DrugAlertForm(forms.Form):
    title = forms.CharField(
        label=_("What was found"),
        max_length=160,
        help_text=_("For example: xylazine in down; pressed M30 pills with a nitazene."),
    )
    substances = forms.MultipleChoiceField(choices=())
    region = forms.TypedChoiceField(label=_("Area"), coerce=int, choices=())
    evidence = forms.ChoiceField(label=_("How it is known"), choices=Evidence.choices)
    found_on = forms.DateField(
        label=_("Found on"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    expires_on = forms.DateField(
        label=_("Show until"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    details = forms.CharField(
        label=_("Details and what people can do"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 5}),
    )

    def __init__(self, *args: Any, regions: list[Region], today: date, **kwargs: Any) -> None:
        """`today` is the organization's day (`organization_today`), not the staff member's."""
        super().__init__(*args, **kwargs)
        self.fields["substances"] = _substance_field(_("Substances it concerns"), True)
        self.fields["region"].choices = [(r.pk, r.name) for r in regions]  # type: ignore[attr-defined]
        self.fields["found_on"].initial = today
        self.fields["expires_on"].initial = today + timedelta(days=14)
        self.order_fields(["title", "substances", "region", "evidence", "found_on", "expires_on"])


class ReportForm(forms.Form):
    region = forms.TypedChoiceField(label=_("Program and area"), coerce=int, choices=())
    substances = forms.MultipleChoiceField(choices=())
    what_happened = forms.CharField(
        label=_("What happened"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_(
            "What it looked like, what it was sold as, what happened after. Leave out names."
        ),
    )

    def __init__(self, *args: Any, regions: list[Region], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["region"].choices = [  # type: ignore[attr-defined]
            (r.pk, f"{r.organization.name}: {r.name}") for r in regions
        ]
        self.fields["substances"] = _substance_field(_("What you think it was (optional)"), False)
        self.order_fields(["region", "substances", "what_happened"])


class SubscriptionForm(forms.Form):
    regions = forms.TypedMultipleChoiceField(
        label=_("Areas"),
        coerce=int,
        choices=(),
        widget=forms.CheckboxSelectMultiple(attrs={"class": "choice-list"}),
        required=False,
    )
    match_my_log = forms.BooleanField(
        label=_("Only alerts about what I log"),
        required=False,
        help_text=_(
            "Waypoint compares alerts with your own journal of the last 90 days. The program "
            "that publishes an alert never learns who it matched."
        ),
    )
    substances = forms.MultipleChoiceField(choices=())
    channel = forms.ChoiceField(label=_("Also tell me by"), choices=Channel.choices)
    own_email = forms.CharField(label=_("Your email (for email alerts)"), required=False)
    own_phone = forms.CharField(
        label=_("Your phone number (for text alerts)"),
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "tel"}),
    )

    def __init__(self, *args: Any, regions: list[Region], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["regions"].choices = [  # type: ignore[attr-defined]
            (r.pk, f"{r.name} ({r.organization.name})") for r in regions
        ]
        self.fields["substances"] = _substance_field(
            _("Or these substances (none chosen: every alert in the areas)"), False
        )
        self.order_fields(["regions", "match_my_log", "substances", "channel"])


class RegionForm(forms.Form):
    name = forms.CharField(label=_("Region name"), max_length=80)
