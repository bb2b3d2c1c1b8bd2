"""Forms for consents, invitations, staff, notes, suggestions and questionnaires."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from waypoint.accounts.forms import username_field
from waypoint.accounts.models import Membership, Organization
from waypoint.assessments.questions import Questionnaire
from waypoint.care.models import OFFERED_INSTRUMENTS, SCOPE_DETAILS, Note, Scope
from waypoint.care.services import SUGGESTIBLE_GOAL_KINDS
from waypoint.goals.models import Goal
from waypoint.measures import INSTRUMENTS


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("Invitation code"),
        max_length=40,
        help_text=_(
            "The code your counselor or program gave you, for example abcd-efgh-jkmn-pqrs."
        ),
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "none"}),
    )


def scope_choices() -> list[tuple[str, Any]]:
    return [(scope.value, scope.label) for scope in Scope]


class ConsentForm(forms.Form):
    """What the participant shares, for what, until when, signed with their typed name."""

    scopes = forms.MultipleChoiceField(
        label=_("What they may see"),
        choices=scope_choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one thing to share.")},
    )
    purpose = forms.CharField(
        label=_("What it is for"),
        max_length=200,
        help_text=_("In your words, or keep the suggestion."),
    )
    until = forms.ChoiceField(
        label=_("For how long"),
        choices=[("revoke", _("Until I stop it")), ("date", _("Until a date I choose"))],
        widget=forms.RadioSelect,
        initial="revoke",
    )
    expires_on = forms.DateField(
        label=_("Last day of sharing"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("Only if you chose a date. Sharing stops after this day."),
    )
    signature = forms.CharField(
        label=_("Sign by typing your name"),
        max_length=120,
        help_text=_("Any name you use is fine; it shows that you agreed."),
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )

    def __init__(self, *args: Any, ends_in: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if ends_in:
            # The clock the last day ends on: the participant's own ("Los Angeles time").
            self.fields["expires_on"].help_text = _(
                "Only if you chose a date. Sharing stops at the end of this day, %(zone)s."
            ) % {"zone": ends_in}

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("until") == "date" and not data.get("expires_on"):
            self.add_error("expires_on", _("Choose the last day, or choose 'Until I stop it'."))
        if data.get("until") != "date":
            data["expires_on"] = None
        return data

    @property
    def scope_details(self) -> dict[str, Any]:
        return SCOPE_DETAILS


class ClientInvitationForm(forms.Form):
    organization = forms.ModelChoiceField(
        label=_("Organization"), queryset=Organization.objects.none(), empty_label=None
    )
    for_organization = forms.ChoiceField(
        label=_("Who the client connects with"),
        choices=[
            ("me", _("Me")),
            ("organization", _("Every counselor of the organization")),
        ],
        widget=forms.RadioSelect,
        initial="me",
    )
    scopes = forms.MultipleChoiceField(
        label=_("What you would like them to share"),
        choices=scope_choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("A suggestion only: the client chooses, and can change it any time."),
        initial=[Scope.PROGRESS, Scope.GOALS],
    )
    purpose = forms.CharField(
        label=_("Purpose"),
        max_length=200,
        initial=_("Counseling: working together on the goals you choose"),
    )

    def __init__(self, *args: Any, organizations: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = organizations  # type: ignore[attr-defined]  # the field is a ModelChoiceField; Form.fields types it as Field


class StaffInvitationForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=Membership.Role.choices)


class StaffJoinForm(forms.Form):
    username = username_field
    display_name = forms.CharField(
        label=_("Your name as clients and colleagues see it"), max_length=60, required=False
    )
    new_passphrase = forms.CharField(
        label=_("Passphrase"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    new_passphrase_again = forms.CharField(
        label=_("Passphrase again"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        first, second = data.get("new_passphrase"), data.get("new_passphrase_again")
        if first and second and first != second:
            self.add_error("new_passphrase_again", _("The two passphrases differ."))
        return data


class NoteForm(forms.Form):
    body = forms.CharField(
        label=_("Note"), max_length=20000, widget=forms.Textarea(attrs={"rows": 6})
    )
    visibility = forms.ChoiceField(
        label=_("Who sees it"),
        choices=Note.Visibility.choices,
        initial=Note.Visibility.PRIVATE,
        widget=forms.RadioSelect,
    )


class GoalSuggestionForm(forms.Form):
    goal_kind = forms.ChoiceField(
        label=_("Kind of goal"),
        choices=[(k, Goal.Kind(k).label) for k in SUGGESTIBLE_GOAL_KINDS],
    )
    text = forms.CharField(label=_("The goal, in a few words"), max_length=160)
    domain = forms.ChoiceField(
        label=_("Area of life (for a personal goal)"),
        choices=[("", "—"), *Goal.Domain.choices],
        required=False,
    )
    message = forms.CharField(
        label=_("A word about it (optional)"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class StepSuggestionForm(forms.Form):
    goal = forms.TypedChoiceField(label=_("Toward which goal"), coerce=int, choices=[])
    text = forms.CharField(label=_("The step"), max_length=160)
    message = forms.CharField(
        label=_("A word about it (optional)"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: Any, goals: list[Goal], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["goal"].choices = [(g.pk, str(g)) for g in goals]  # type: ignore[attr-defined]  # the field is a ChoiceField; Form.fields types it as Field


class AssessmentRequestForm(forms.Form):
    instrument = forms.ChoiceField(
        label=_("Questionnaire"),
        choices=[(key, INSTRUMENTS[key].name) for key in OFFERED_INSTRUMENTS],
    )
    message = forms.CharField(
        label=_("A word about it (optional)"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class QuestionnaireForm(forms.Form):
    """One radio group per item, built from the questionnaire's published wording."""

    def __init__(self, *args: Any, questionnaire: Questionnaire, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.questionnaire = questionnaire
        for number, question in enumerate(questionnaire.questions, 1):
            self.fields[question.key] = forms.TypedChoiceField(
                label=f"{number}. {question.text}",
                choices=[(str(value), label) for value, label in question.options],
                coerce=int,
                widget=forms.RadioSelect,
                help_text=question.help,
                error_messages={"required": _("Choose an answer.")},
            )

    def answers(self) -> list[int]:
        return [self.cleaned_data[q.key] for q in self.questionnaire.questions]
