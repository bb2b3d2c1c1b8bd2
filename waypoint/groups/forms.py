"""Forms for groups; they parse input, and the services decide what is allowed."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from waypoint.accounts.models import Organization
from waypoint.groups.models import Group, GroupMember, Topic
from waypoint.groups.selectors import by_shown_name
from waypoint.groups.services import CHECKIN_MAX, COMMENT_MAX, MAX_WALK_INS


def suggested_agreements() -> str:
    """Agreements a new group starts from; the facilitator edits them freely."""
    return "\n".join(
        str(line)
        for line in (
            _("Everyone is welcome, wherever they are with substances."),
            _("What is said here stays here."),
            _("One person speaks at a time."),
            _("Passing is always fine."),
            _("Respect each person's choices and goals."),
        )
    )


class GroupForm(forms.ModelForm[Group]):
    organization = forms.ModelChoiceField(
        queryset=Organization.objects.none(), label=_("Organization"), empty_label=None
    )

    class Meta:
        model = Group
        fields = ["name", "mode", "place", "schedule", "drop_in", "description", "agreements"]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "agreements": forms.Textarea(attrs={"rows": 6}),
        }

    def __init__(
        self, *args: Any, organizations: QuerySet[Organization] | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        if not self.instance.pk and not self.is_bound:
            self.initial.setdefault("agreements", suggested_agreements())
        if organizations is None or self.instance.pk:
            del self.fields["organization"]
        else:
            field = self.fields["organization"]
            assert isinstance(field, forms.ModelChoiceField)
            field.queryset = organizations
            if organizations.count() == 1:
                self.fields["organization"].widget = forms.HiddenInput()
                self.fields["organization"].initial = organizations.first()


class MeetingForm(forms.Form):
    starts_at = forms.DateTimeField(
        label=_("Date and time"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S"],
    )
    topic = forms.ModelChoiceField(
        queryset=Topic.objects.none(),
        required=False,
        label=_("Topic"),
        empty_label=_("No topic yet"),
        help_text=_("The part of the meeting that shares practical ideas."),
    )
    plan = forms.CharField(
        label=_("Note for members (optional)"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: Any, topics: QuerySet[Topic], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["topic"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = topics.order_by("organization_id", "title")
        field.label_from_instance = lambda topic: topic.shown_title  # type: ignore[assignment]  # a per-instance label; the stubs type it as a method
        if not self.is_bound and "starts_at" not in self.initial:
            soon = timezone.localtime().replace(minute=0, second=0, microsecond=0)
            self.initial["starts_at"] = soon + timedelta(days=7)


class MemberChoiceField(forms.ModelMultipleChoiceField[GroupMember]):
    def label_from_instance(self, obj: GroupMember) -> str:
        return obj.user.shown_name


class AttendanceForm(forms.Form):
    present = MemberChoiceField(
        queryset=GroupMember.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=_("Members who came"),
    )
    walk_ins = forms.IntegerField(
        label=_("Walk-ins"),
        min_value=0,
        max_value=MAX_WALK_INS,
        initial=0,
        help_text=_("People who came without joining on Waypoint. Just a number, no names."),
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "class": "counter"}),
    )

    def __init__(self, *args: Any, members: list[GroupMember], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["present"]
        assert isinstance(field, forms.ModelMultipleChoiceField)
        field.queryset = (
            GroupMember.objects.filter(pk__in=[m.pk for m in members])
            .select_related("user")
            .order_by(by_shown_name())
        )


class JoinForm(forms.Form):
    code = forms.CharField(
        label=_("Group code"),
        max_length=20,
        help_text=_("The facilitator shares it at the meeting. Dashes and spaces do not matter."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "none"}),
    )


class CheckInForm(forms.Form):
    drug = forms.CharField(
        label=_("Drug"),
        required=False,
        max_length=CHECKIN_MAX,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("What, how much, how. Only if you want to say."),
    )
    mindset = forms.CharField(
        label=_("Set"),
        required=False,
        max_length=CHECKIN_MAX,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Your mood, your body, what you wanted from it."),
    )
    setting = forms.CharField(
        label=_("Setting"),
        required=False,
        max_length=CHECKIN_MAX,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Where you were, who with, doing what."),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not any((data.get(name) or "").strip() for name in ("drug", "mindset", "setting")):
            raise forms.ValidationError(_("Write something in at least one of the three boxes."))
        return data


HELPFUL_CHOICES = [(n, str(n)) for n in range(1, 6)]


class FeedbackForm(forms.Form):
    helpful = forms.TypedChoiceField(
        label=_("How helpful was this meeting for you?"),
        choices=HELPFUL_CHOICES,
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose a number from 1 to 5.")},
    )
    respected = forms.TypedChoiceField(
        label=_("Did you feel respected?"),
        choices=[("yes", _("Yes")), ("no", _("No"))],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose yes or no.")},
    )
    comment = forms.CharField(
        label=_("Anything else? (optional)"),
        required=False,
        max_length=COMMENT_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The facilitator sees comments without names, once 3 people have answered."),
    )


class FeedbackCodeForm(forms.Form):
    code = forms.CharField(
        label=_("Meeting code"),
        max_length=20,
        help_text=_("It is on the screen or the board at the meeting."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "none"}),
    )


class TopicForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=120)
    summary = forms.CharField(
        label=_("Summary"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Two or three sentences: what this topic is and why it matters."),
    )
    key_points = forms.CharField(
        label=_("Key points"),
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("One point per line. Four to six works well on a one-page handout."),
    )
    questions = forms.CharField(
        label=_("Discussion questions"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One question per line."),
    )

    def lines(self, name: str) -> list[str]:
        return [line for line in self.cleaned_data.get(name, "").splitlines() if line.strip()]


def lines_initial(topic: Topic) -> dict[str, str]:
    return {
        "title": topic.title,
        "summary": topic.summary,
        "key_points": "\n".join(topic.key_points),
        "questions": "\n".join(topic.questions),
    }
