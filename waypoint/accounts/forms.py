from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.contrib.auth import password_validation
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise

from waypoint.accounts.models import User
from waypoint.accounts.zones import zone_choices


def time_zone_field(*, propose: bool) -> forms.ChoiceField:
    """A plain select of every IANA zone; with `propose`, a small script picks the browser's."""
    # Not required: a form posted without it (an older page, a script) keeps the zone as it is.
    return forms.ChoiceField(
        label=_("Time zone"),
        choices=zone_choices,
        required=False,
        initial=settings.TIME_ZONE,
        help_text=_(
            "Your days (Today, check-ins, goals, reminders) start at midnight here. "
            "Entries you already logged keep their day if you change it."
        ),
        error_messages={
            "invalid_choice": _(
                "Unknown time zone: %(value)s. Choose one from the list, "
                "such as America/Los_Angeles."
            ),
        },
        widget=forms.Select(
            attrs={
                "data-browser-zone": "propose" if propose else "hint",
                "data-device-note": _("Proposed from this device's clock: %(zone)s.")
                if propose
                else _("This device's clock is set to %(zone)s."),
                "data-use-label": _("Use this device's zone"),
            }
        ),
    )


username_field = forms.CharField(
    label=_("Username"),
    min_length=3,
    max_length=40,
    help_text=_("Any name you like, 3 to 40 letters, digits, dots, dashes or underscores."),
    validators=[
        RegexValidator(
            r"^[A-Za-z0-9._-]+$",
            _("Use only letters, digits, dots, dashes or underscores."),
        )
    ],
    widget=forms.TextInput(attrs={"autocomplete": "username", "autocapitalize": "none"}),
)


def passphrase_field(label: StrOrPromise, autocomplete: str = "new-password") -> forms.CharField:
    return forms.CharField(
        label=label,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": autocomplete}),
    )


class _NewPassphraseMixin(forms.Form):
    """Two matching entries of a new passphrase that meets the strength rule."""

    new_passphrase = passphrase_field(_("Passphrase"))
    new_passphrase_again = passphrase_field(_("Passphrase again"))

    user_for_validation: User | None = None

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        first, second = data.get("new_passphrase"), data.get("new_passphrase_again")
        if first and second and first != second:
            self.add_error("new_passphrase_again", _("The two passphrases are different."))
        elif first:
            try:
                password_validation.validate_password(first, self.user_for_validation)
            except forms.ValidationError as error:
                self.add_error("new_passphrase", error)
        return data


class SignUpForm(_NewPassphraseMixin):
    username = username_field
    email = forms.EmailField(
        label=_("Email (optional)"),
        required=False,
        help_text=_("Only used to help you back in if you lose your passphrase."),
    )
    time_zone = time_zone_field(propose=True)
    field_order = ["username", "new_passphrase", "new_passphrase_again", "email", "time_zone"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.is_bound:  # the person's own choice stands; the script only mentions the device
            self.fields["time_zone"].widget.attrs["data-browser-zone"] = "hint"
            self.fields["time_zone"].widget.attrs["data-device-note"] = _(
                "This device's clock is set to %(zone)s."
            )

    def clean(self) -> dict[str, Any]:
        username = self.cleaned_data.get("username") or ""
        self.user_for_validation = User(
            username=username, email=self.cleaned_data.get("email") or ""
        )
        return super().clean()


class SignInForm(forms.Form):
    username = forms.CharField(
        label=_("Username"),
        max_length=40,
        widget=forms.TextInput(attrs={"autocomplete": "username", "autocapitalize": "none"}),
    )
    passphrase = passphrase_field(_("Passphrase"), "current-password")


class RecoverForm(_NewPassphraseMixin):
    username = forms.CharField(label=_("Username"), max_length=40)
    code = forms.CharField(
        label=_("One of your recovery codes"),
        max_length=40,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "autocapitalize": "none"}),
    )
    field_order = ["username", "code", "new_passphrase", "new_passphrase_again"]


class PassphraseChangeForm(_NewPassphraseMixin):
    current_passphrase = passphrase_field(_("Current passphrase"), "current-password")
    field_order = ["current_passphrase", "new_passphrase", "new_passphrase_again"]

    def __init__(self, user: User, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user_for_validation = user

    def clean_current_passphrase(self) -> str:
        value: str = self.cleaned_data["current_passphrase"]
        assert self.user_for_validation is not None
        if not self.user_for_validation.check_password(value):
            raise forms.ValidationError(_("That is not your current passphrase."))
        return value


class PreferencesForm(forms.ModelForm[User]):
    time_zone = time_zone_field(propose=False)

    def clean_time_zone(self) -> str:
        value: str = self.cleaned_data.get("time_zone") or ""
        return value or self.instance.time_zone

    class Meta:
        model = User
        fields = ["display_name", "email", "time_zone", "discreet_mode"]
        help_texts = {
            "display_name": _("What groups and staff see instead of your username, if you like."),
            "email": _("Only used to help you back in. Leave empty to stay without email."),
        }


class TokenForm(forms.Form):
    name = forms.CharField(
        label=_("Name"),
        max_length=60,
        help_text=_("Something to recognise it by, such as the app or script that uses it."),
    )


class SetupForm(_NewPassphraseMixin):
    display_name = forms.CharField(
        label=_("Your name as colleagues see it (optional)"), max_length=60, required=False
    )
    field_order = ["display_name", "new_passphrase", "new_passphrase_again"]


class OrganizationTimeZoneForm(forms.Form):
    time_zone = forms.ChoiceField(
        label=_("Time zone"),
        choices=zone_choices,
        help_text=_(
            "Group and program reports count days in this zone. Records keep their moments; "
            "only the day boundaries of reports follow a change."
        ),
        error_messages={
            "invalid_choice": _(
                "Unknown time zone: %(value)s. Choose one from the list, such as America/Chicago."
            ),
            "required": _("Choose a time zone."),
        },
    )
