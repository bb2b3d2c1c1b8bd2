"""Forms for the directory: they parse input; selectors and services decide the rest."""

from __future__ import annotations

import zoneinfo
from datetime import datetime
from typing import Any, cast

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from waypoint.directory import geo
from waypoint.directory.models import Service
from waypoint.directory.schedule import DAY_CODES
from waypoint.directory.services import PlaceFields, ServiceFields
from waypoint.directory.taxonomy import TYPE_CHOICES

DAY_CHOICES = list(
    zip(
        DAY_CODES,
        [_("Mon"), _("Tue"), _("Wed"), _("Thu"), _("Fri"), _("Sat"), _("Sun")],
        strict=True,
    )
)


class _SharedFields(dict[str, forms.Field]):
    """A form's fields that its instances share instead of deep-copying (Django copies them
    for every form, so that a view may change one form's fields; nothing changes these)."""

    def __deepcopy__(self, memo: dict[int, Any]) -> dict[str, forms.Field]:
        return dict(self)


class SearchForm(forms.Form):
    type = forms.ChoiceField(
        label=_("What you need"), required=False, choices=[("", _("Anything")), *TYPE_CHOICES]
    )
    q = forms.CharField(label=_("Words"), required=False, max_length=100)
    place = forms.CharField(
        label=_("Near (a place or postcode)"),
        required=False,
        max_length=100,
        help_text=_("Only used for this search, never saved."),
    )
    lat = forms.FloatField(required=False, min_value=-90, max_value=90, widget=forms.HiddenInput)
    lon = forms.FloatField(required=False, min_value=-180, max_value=180, widget=forms.HiddenInput)
    when = forms.ChoiceField(
        label=_("When"),
        required=False,
        choices=[("", _("Any time")), ("now", _("Open now")), ("at", _("Open at…"))],
        widget=forms.RadioSelect,
    )
    at = forms.DateTimeField(
        label=_("Day and time"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
    )
    walk_in = forms.BooleanField(label=_("Walk-in"), required=False)
    free = forms.BooleanField(label=_("Free"), required=False)
    language = forms.CharField(label=_("Language spoken"), required=False, max_length=40)
    n = forms.IntegerField(required=False, min_value=1, max_value=50, widget=forms.HiddenInput)

    def clean(self) -> dict[str, Any]:
        # Form.clean returns self.cleaned_data.
        data = cast(dict[str, Any], super().clean())
        if (data.get("lat") is None) != (data.get("lon") is None):
            raise forms.ValidationError(_("Your location came through incomplete; try again."))
        if data.get("when") == "at" and data.get("at") is None:
            self.add_error("at", _("Choose a day and time."))
        return data

    def open_at(self) -> datetime | None:
        data = self.cleaned_data
        if data.get("when") == "now":
            return timezone.now()
        if data.get("when") == "at" and data.get("at"):
            at: datetime = data["at"]
            if timezone.is_naive(at):
                at = at.replace(tzinfo=zoneinfo.ZoneInfo(settings.DIRECTORY_TIME_ZONE))
            return at
        return None

    def point(self) -> geo.Point | None:
        data = self.cleaned_data
        if data.get("lat") is not None and data.get("lon") is not None:
            return geo.Point(data["lat"], data["lon"])
        return None


# The public search builds one of these per request; its fields are never changed per request.
SearchForm.base_fields = _SharedFields(SearchForm.base_fields)


class ServiceForm(forms.Form):
    """An admin's hand-made entry: one service at one place, with one weekly opening."""

    name = forms.CharField(label=_("Name"), max_length=250)
    description = forms.CharField(
        label=_("About"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    types = forms.MultipleChoiceField(
        label=_("Types"), choices=TYPE_CHOICES, required=False, widget=forms.CheckboxSelectMultiple
    )
    status = forms.ChoiceField(label=_("Status"), choices=Service.Status.choices)
    walk_in = forms.BooleanField(label=_("Walk-in, no appointment needed"), required=False)
    appointment = forms.BooleanField(label=_("By appointment"), required=False)
    free = forms.BooleanField(label=_("Free"), required=False)
    sliding_scale = forms.BooleanField(label=_("Sliding scale"), required=False)
    insurance = forms.BooleanField(label=_("Takes insurance"), required=False)
    is_meeting = forms.BooleanField(label=_("A recurring meeting"), required=False)
    eligibility_description = forms.CharField(label=_("Who it is for"), required=False)
    fees_description = forms.CharField(label=_("Cost details"), required=False)
    phone = forms.CharField(label=_("Phone"), required=False, max_length=60)
    languages = forms.CharField(
        label=_("Languages spoken"), required=False, help_text=_("Separate with commas.")
    )
    online = forms.BooleanField(label=_("Online (no street address)"), required=False)
    url = forms.URLField(label=_("Web page or meeting link"), required=False, assume_scheme="https")
    address_1 = forms.CharField(label=_("Street address"), required=False)
    city = forms.CharField(label=_("City"), required=False)
    state_province = forms.CharField(label=_("State or province"), required=False)
    postal_code = forms.CharField(label=_("Postcode"), required=False)
    latitude = forms.FloatField(label=_("Latitude"), required=False)
    longitude = forms.FloatField(label=_("Longitude"), required=False)
    time_zone = forms.ChoiceField(
        label=_("Time zone"),
        required=False,
        choices=[("", _("The site's default"))]
        + [(z, z) for z in sorted(zoneinfo.available_timezones()) if "/" in z],
    )
    byday = forms.MultipleChoiceField(
        label=_("Open on"), choices=DAY_CHOICES, required=False, widget=forms.CheckboxSelectMultiple
    )
    opens_at = forms.TimeField(
        label=_("Opens at"),
        required=False,
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
    )
    closes_at = forms.TimeField(
        label=_("Closes at"),
        required=False,
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        help_text=_("Earlier than the opening time means it runs past midnight."),
    )

    def fields_value(self) -> ServiceFields:
        data = dict(self.cleaned_data)
        data["types"] = tuple(data.get("types") or ())
        data["byday"] = tuple(data.get("byday") or ())
        for key in (
            "description",
            "eligibility_description",
            "fees_description",
            "phone",
            "languages",
            "url",
            "address_1",
            "city",
            "state_province",
            "postal_code",
            "time_zone",
        ):
            data[key] = data.get(key) or ""
        known = set(ServiceFields.__dataclass_fields__)
        return ServiceFields(**{k: v for k, v in data.items() if k in known})


class GroupListingForm(forms.Form):
    """A facilitator lists their group: what the public sees (no members, no attendance)."""

    name = forms.CharField(label=_("Name shown"), max_length=250)
    description = forms.CharField(
        label=_("About"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    online = forms.BooleanField(label=_("Meets online"), required=False)
    url = forms.URLField(label=_("Meeting link"), required=False, assume_scheme="https")
    address_1 = forms.CharField(label=_("Street address"), required=False)
    city = forms.CharField(label=_("City"), required=False)
    postal_code = forms.CharField(label=_("Postcode"), required=False)
    latitude = forms.FloatField(label=_("Latitude"), required=False)
    longitude = forms.FloatField(label=_("Longitude"), required=False)
    byday = forms.MultipleChoiceField(
        label=_("Meets on"), choices=DAY_CHOICES, widget=forms.CheckboxSelectMultiple
    )
    opens_at = forms.TimeField(
        label=_("Starts at"), widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
    )
    closes_at = forms.TimeField(
        label=_("Ends at"), widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
    )

    def fields_value(self) -> ServiceFields:
        data = self.cleaned_data
        return ServiceFields(
            name=data["name"],
            description=data.get("description") or "",
            online=data.get("online") or False,
            url=data.get("url") or "",
            address_1=data.get("address_1") or "",
            city=data.get("city") or "",
            postal_code=data.get("postal_code") or "",
            latitude=data.get("latitude"),
            longitude=data.get("longitude"),
            byday=tuple(data["byday"]),
            opens_at=data["opens_at"],
            closes_at=data["closes_at"],
        )


class PlaceForm(forms.Form):
    """One place of a service (several may be added)."""

    name = forms.CharField(label=_("Name of the place"), required=False, max_length=250)
    online = forms.BooleanField(label=_("Online (no street address)"), required=False)
    url = forms.URLField(label=_("Meeting link"), required=False, assume_scheme="https")
    address_1 = forms.CharField(label=_("Street address"), required=False, max_length=250)
    city = forms.CharField(label=_("City"), required=False, max_length=120)
    state_province = forms.CharField(label=_("State or province"), required=False, max_length=120)
    postal_code = forms.CharField(label=_("Postcode"), required=False, max_length=20)
    latitude = forms.FloatField(label=_("Latitude"), required=False)
    longitude = forms.FloatField(label=_("Longitude"), required=False)
    time_zone = forms.ChoiceField(
        label=_("Time zone"),
        required=False,
        choices=[("", _("The site's default"))]
        + [(z, z) for z in sorted(zoneinfo.available_timezones()) if "/" in z],
    )

    def fields_value(self) -> PlaceFields:
        data = self.cleaned_data
        text = ("name", "url", "address_1", "city", "state_province", "postal_code", "time_zone")
        return PlaceFields(
            **{name: data.get(name) or "" for name in text},
            online=bool(data.get("online")),
            latitude=data.get("latitude"),
            longitude=data.get("longitude"),
        )


class HoursForm(forms.Form):
    """A weekly opening, for the service everywhere or for one of its places."""

    byday = forms.MultipleChoiceField(
        label=_("Open on"), choices=DAY_CHOICES, widget=forms.CheckboxSelectMultiple
    )
    opens_at = forms.TimeField(label=_("Opens at"), widget=forms.TimeInput(attrs={"type": "time"}))
    closes_at = forms.TimeField(
        label=_("Closes at"),
        widget=forms.TimeInput(attrs={"type": "time"}),
        help_text=_("Earlier than the opening time means it runs past midnight."),
    )
    place = forms.TypedChoiceField(
        label=_("Where"),
        required=False,
        coerce=int,
        empty_value=None,
        help_text=_("A place with hours of its own follows them instead of the service's."),
    )

    def __init__(self, *args: Any, places: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.TypedChoiceField, self.fields["place"]).choices = [
            ("", _("Every place of this service")),
            *places,
        ]


class ClosureForm(forms.Form):
    first = forms.DateField(
        label=_("First closed day"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    last = forms.DateField(
        label=_("Last closed day"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    note = forms.CharField(label=_("Note"), required=False, max_length=250)


class VisitForm(forms.Form):
    went_on = forms.DateField(
        label=_("The day you went"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )


class SuggestServiceForm(forms.Form):
    client = forms.TypedChoiceField(label=_("Client"), coerce=int)
    message = forms.CharField(
        label=_("A word with it (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args: Any, clients: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.TypedChoiceField, self.fields["client"]).choices = clients
