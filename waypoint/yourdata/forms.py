"""The form that confirms deleting an account."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _


class DeleteForm(forms.Form):
    confirm = forms.CharField(
        label=_("Type your username to confirm"),
        max_length=60,
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "none"}),
    )

    def __init__(self, *args: Any, username: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.username = username
        self.fields["confirm"].help_text = _("Your username is %(username)s.") % {
            "username": username
        }

    def clean_confirm(self) -> str:
        typed: str = self.cleaned_data["confirm"].strip()
        if typed.lower() != self.username.lower():
            raise forms.ValidationError(_("That is not your username. Nothing was deleted."))
        return typed
