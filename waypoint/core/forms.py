"""Showing a service's refusal on the form that asked for it."""

from __future__ import annotations

from collections.abc import Mapping

from django.core.exceptions import ValidationError
from django.forms import BaseForm

from waypoint.core.errors import WaypointError


def add_errors(
    form: BaseForm,
    error: ValidationError | WaypointError,
    aliases: Mapping[str, str] | None = None,
) -> None:
    """Put a service's refusal on the form, beside the field it names when there is one.

    `error` is Django's ValidationError or one of waypoint.core.errors (a Conflict, say).
    `aliases` maps a service's field name to the form's (or to "" for the form as a whole).
    """
    if isinstance(error, WaypointError):
        field = (aliases or {}).get(error.field or "", error.field or "")
        form.add_error(field if field in form.fields else None, str(error.message))
        return
    if not hasattr(error, "error_dict"):
        form.add_error(None, error.messages)
        return
    for name, messages in error.message_dict.items():
        field = (aliases or {}).get(name, name)
        form.add_error(field if field in form.fields else None, messages)
