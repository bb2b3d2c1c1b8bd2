"""The fast widget renderer writes exactly the HTML Django's templates would."""

from __future__ import annotations

from typing import Any

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy

from waypoint.accounts.models import User
from waypoint.core.rendering import FastWidgetRenderer


class Everything(forms.Form):
    text = forms.CharField(
        max_length=10, help_text="x", widget=forms.TextInput(attrs={"placeholder": 'say "hi" <b>'})
    )
    number = forms.DecimalField(required=False, widget=forms.NumberInput(attrs={"step": "0.5"}))
    secret = forms.CharField(widget=forms.PasswordInput(render_value=True))
    hidden = forms.UUIDField(widget=forms.HiddenInput)
    day = forms.DateField(widget=forms.DateInput(attrs={"type": "date", "autofocus": True}))
    at = forms.TimeField(required=False, widget=forms.TimeInput(attrs={"disabled": False}))
    agree = forms.BooleanField(required=False)
    pick = forms.ChoiceField(
        choices=[
            ("a", "A & B"),
            (gettext_lazy("Group"), [("b", "Bee"), ("c", mark_safe("<i>C</i>"))]),
        ]
    )
    radio = forms.ChoiceField(choices=[("1", "one"), ("2", "two")], widget=forms.RadioSelect)
    boxes = forms.MultipleChoiceField(
        required=False, choices=[("x", "ex"), ("y", "why")], widget=forms.CheckboxSelectMultiple
    )
    note = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 3}))
    several = forms.MultipleChoiceField(required=False, choices=[("p", "P"), ("q", "Q")])


DATA = {
    "text": "<script>",
    "number": "2.5",
    "secret": "s&s",
    "hidden": "not-a-uuid",
    "day": "2026-11-30",
    "agree": "on",
    "pick": "c",
    "radio": "2",
    "boxes": ["x", "y"],
    "note": "a < b\nand more",
    "several": ["q"],
}


def _html(form: forms.Form, renderer: Any) -> list[str]:
    out = []
    for field in form:
        out.append(field.as_widget())
        out.extend(str(choice.tag()) for choice in field.subwidgets)
        out.extend(str(choice) for choice in field.subwidgets)
    return out


@pytest.mark.parametrize("data", [None, DATA])
def test_every_builtin_widget_renders_the_same_html(data: dict[str, Any] | None) -> None:
    slow = Everything(data, renderer=DjangoTemplates(), initial={"text": "hi"})
    fast = Everything(data, renderer=FastWidgetRenderer(), initial={"text": "hi"})
    assert _html(fast, fast.renderer) == _html(slow, slow.renderer)


@pytest.mark.django_db
def test_the_log_form_renders_the_same_html(alice: User) -> None:
    from waypoint.journal import views
    from waypoint.journal.selectors import substance_choices
    from waypoint.journal.services import profile_of

    profile = profile_of(alice)
    choices = substance_choices(alice, profile)
    forms_made = []
    for renderer in (DjangoTemplates(), FastWidgetRenderer()):
        form = views._entry_form(None, profile=profile, choices=choices, initial={})
        form.renderer = renderer
        forms_made.append(_html(form, renderer))
    assert forms_made[0] == forms_made[1]
