"""Forms for setting and changing a goal and for its steps; the rules live in services."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from waypoint.accounts.models import User
from waypoint.core.forms import add_errors
from waypoint.goals.models import Goal
from waypoint.goals.services import GoalFields
from waypoint.journal.models import Substance, today
from waypoint.journal.services import substances_for
from waypoint.journal.vocab import CareAction, Harm, Unit

KIND_HELP = {
    Goal.Kind.ABSTAIN: _("No use of it for now."),
    Goal.Kind.CUT_DOWN: _("A limit per day, a number of days a week, or both."),
    Goal.Kind.SAFER: _("Keep using, with fewer risks and more ways of looking after yourself."),
    Goal.Kind.OBSERVE: _("Keep things as they are and notice what happens. That counts."),
    Goal.Kind.LIFE: _("Health, housing, work, money, relationships, legal, anything else."),
}


class DateInput(forms.DateInput):
    """A date picker: its value is always ISO (YYYY-MM-DD), whatever the page's language."""

    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None, format: str | None = None) -> None:
        super().__init__(attrs, format or "%Y-%m-%d")


class GoalForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("What kind of goal?"), choices=Goal.Kind.choices, widget=forms.RadioSelect
    )
    substance: forms.ModelChoiceField[Substance] = forms.ModelChoiceField(
        label=_("About"),
        queryset=None,
        required=False,
        empty_label=_("Everything I use"),
        help_text=_("One substance, or everything you use."),
    )
    daily_limit = forms.DecimalField(
        label=_("Limit per day"),
        required=False,
        min_value=0,
        max_digits=8,
        decimal_places=2,
        # The help sits under the limit and its unit together (see goals/form.html).
        widget=forms.NumberInput(attrs={"aria-describedby": "limit-help", "step": "any"}),
    )
    limit_unit = forms.ChoiceField(
        label=_("Unit"),
        required=False,
        choices=[("", _("the usual unit for it")), *Unit.choices],
    )
    days_per_week = forms.IntegerField(
        label=_("Days a week, at most"),
        required=False,
        min_value=1,
        max_value=6,
        help_text=_("Counted Monday to Sunday. Leave empty for any day."),
    )
    avoid_harms = forms.MultipleChoiceField(
        label=_("Harms to avoid"),
        required=False,
        choices=Harm.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    practice_care = forms.MultipleChoiceField(
        label=_("Care actions to practise"),
        required=False,
        choices=CareAction.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("A day is on track when at least one of these goes with that day's use."),
    )
    domain = forms.ChoiceField(
        label=_("Area of life"),
        required=False,
        choices=[("", "—"), *Goal.Domain.choices],
    )
    title = forms.CharField(
        label=_("In your words"),
        required=False,
        max_length=120,
        help_text=_(
            "Needed for a personal goal, optional otherwise. "
            "For example: 'Be there for the kids in the evening'."
        ),
    )
    started_on = forms.DateField(label=_("Starts on"), widget=DateInput, required=False)

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        substance = self.fields["substance"]
        assert isinstance(substance, forms.ModelChoiceField)
        substance.queryset = substances_for(user).order_by("owner_id", "name")
        self.fields["started_on"].initial = today()

    def kind_options(self) -> list[tuple[Any, str | Promise]]:
        """Each kind's radio button with a line saying what it means."""
        return [(radio, KIND_HELP[radio.data["value"]]) for radio in self["kind"]]

    def goal_fields(self) -> GoalFields:
        data = self.cleaned_data
        kind = data["kind"]
        use_goal = kind != Goal.Kind.LIFE
        cut_down, safer = kind == Goal.Kind.CUT_DOWN, kind == Goal.Kind.SAFER
        # Fields of other kinds are ignored rather than refused: without JavaScript every part
        # of the form is on screen, and a number left in a hidden box must not block saving.
        return GoalFields(
            kind=kind,
            substance=data.get("substance") if use_goal else None,
            title=data.get("title") or "",
            domain=(data.get("domain") or "") if not use_goal else "",
            daily_limit=data.get("daily_limit") if cut_down else None,
            limit_unit=(data.get("limit_unit") or "") if cut_down else "",
            days_per_week=data.get("days_per_week") if cut_down else None,
            avoid_harms=(data.get("avoid_harms") or []) if safer else [],
            practice_care=(data.get("practice_care") or []) if safer else [],
            started_on=data.get("started_on"),
        )

    def add_service_error(self, error: ValidationError) -> None:
        """Show a service's ValidationError beside the field it names."""
        add_errors(self, error)

    @classmethod
    def initial_from(cls, goal: Goal) -> dict[str, Any]:
        return {
            "kind": goal.kind,
            "substance": goal.substance_id,
            "daily_limit": goal.daily_limit.normalize() if goal.daily_limit is not None else None,
            "limit_unit": goal.limit_unit,
            "days_per_week": goal.days_per_week,
            "avoid_harms": goal.avoid_harms,
            "practice_care": goal.practice_care,
            "domain": goal.domain,
            "title": goal.title,
        }


class StepForm(forms.Form):
    text = forms.CharField(label=_("A next step"), max_length=160)
