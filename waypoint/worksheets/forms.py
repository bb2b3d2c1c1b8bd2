"""One form per kind of worksheet, built from its questions (sheets.py)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from waypoint.worksheets import sheets

SCALE_CHOICES = [("", _("Choose")), *[(str(n), str(n)) for n in range(11)]]


class WorksheetForm(forms.Form):
    """The topic (when starting) and the answers; the service does the checking that matters."""

    def __init__(
        self,
        *args: Any,
        sheet: sheets.Sheet,
        with_topic: bool,
        topics: list[str] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.sheet = sheet
        if with_topic:
            self.fields["topic"] = forms.CharField(
                label=_("What is it about?"),
                max_length=sheets.TOPIC_MAX,
                help_text=_(
                    "A substance or something you do, in your words: alcohol, weed, "
                    "gambling, late nights…"
                ),
                widget=forms.TextInput(attrs={"list": "topic-ideas", "autocomplete": "off"}),
            )
        self.topic_ideas = topics or []
        for question in sheet.questions:
            self.fields[question.key] = self._field(question)
        if sheet.ranks_values:
            value_choices = [("", _("(none)")), *sheets.VALUE_CHOICES]
            for slot in range(1, sheets.VALUE_SLOTS + 1):
                self.fields[f"value_{slot}"] = forms.ChoiceField(
                    label=_("Value %(n)d") % {"n": slot}, choices=value_choices, required=False
                )
                self.fields[f"own_{slot}"] = forms.CharField(
                    label=_("Or in your own words"),
                    max_length=sheets.OWN_VALUE_MAX,
                    required=False,
                )
                self.fields[f"fit_{slot}"] = forms.CharField(
                    label=_("How my use fits with it"),
                    max_length=sheets.FIT_MAX,
                    required=False,
                    widget=forms.Textarea(attrs={"rows": 2}),
                )

    @staticmethod
    def _field(question: sheets.Question) -> forms.Field:
        if question.shape == "scale":
            return forms.TypedChoiceField(
                label=question.label,
                choices=SCALE_CHOICES,
                coerce=int,
                widget=forms.RadioSelect,
                error_messages={"required": _("Choose a number from 0 to 10.")},
            )
        if question.shape == "choice":
            return forms.ChoiceField(
                label=question.label,
                choices=question.choices,
                required=False,
                widget=forms.RadioSelect,
                help_text=question.help,
            )
        if question.shape == "line":
            return forms.CharField(
                label=question.label,
                max_length=question.max_length,
                required=False,
                help_text=question.help,
            )
        return forms.CharField(
            label=question.label,
            max_length=question.max_length,
            required=False,
            help_text=question.help,
            widget=forms.Textarea(attrs={"rows": 3}),
        )

    @property
    def answer_sections(self) -> list[tuple[Any, list[tuple[forms.BoundField, str]]]]:
        """Each question's field and shape, in order, under its group's heading (pros and cons:
        using, changing)."""
        sections: list[tuple[Any, list[tuple[forms.BoundField, str]]]] = []
        for question in self.sheet.questions:
            if not sections or sections[-1][0] != question.group:
                sections.append((question.group, []))
            sections[-1][1].append((self[question.key], question.shape))
        return sections

    @property
    def value_slots(self) -> list[tuple[int, forms.BoundField, forms.BoundField, forms.BoundField]]:
        if not self.sheet.ranks_values:
            return []
        return [
            (slot, self[f"value_{slot}"], self[f"own_{slot}"], self[f"fit_{slot}"])
            for slot in range(1, sheets.VALUE_SLOTS + 1)
        ]

    def content(self) -> dict[str, Any]:
        data = self.cleaned_data
        content: dict[str, Any] = {q.key: data.get(q.key) for q in self.sheet.questions}
        if self.sheet.ranks_values:
            content["values"] = [
                {
                    "value": data.get(f"value_{n}") or "",
                    "own": data.get(f"own_{n}") or "",
                    "fit": data.get(f"fit_{n}") or "",
                }
                for n in range(1, sheets.VALUE_SLOTS + 1)
            ]
        return content

    @staticmethod
    def initial_from(answers: dict[str, Any]) -> dict[str, Any]:
        """A revision starts from what the newest version says."""
        initial = {key: value for key, value in answers.items() if key != "values"}
        for slot, item in enumerate(answers.get("values") or [], start=1):
            initial[f"value_{slot}"] = item.get("value", "")
            initial[f"own_{slot}"] = item.get("own", "")
            initial[f"fit_{slot}"] = item.get("fit", "")
        return initial


VALUE_ALIASES = {f"values.{n}": f"value_{n}" for n in range(1, sheets.VALUE_SLOTS + 1)}
