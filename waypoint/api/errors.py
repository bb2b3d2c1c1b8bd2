"""How a service's refusal reads in an API answer."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from waypoint.core.errors import unusual_questions

# Service arguments that the API calls by another name (the journal's time and client id).
API_NAMES = {"at": "time", "used_at": "time", "entry_id": "id"}


def asks_to_confirm(error: ValidationError) -> bool:
    """Whether the refusal is a question about an unusual amount (answered by confirming)."""
    return unusual_questions(error)[0]


def refusal_detail(error: ValidationError, names: Mapping[str, str] | None = None) -> str:
    """A service's ValidationError as one line that names each field ('amount: …; day: …')."""
    detail = _detail(error, names)
    if asks_to_confirm(error):
        detail += " " + str(CONFIRM_HINT)
    return detail


CONFIRM_HINT = _('To save it as it is, send the same request again with "confirm_unusual": true.')


def _detail(error: ValidationError, names: Mapping[str, str] | None = None) -> str:
    if not hasattr(error, "error_dict"):
        return " ".join(error.messages)
    names = API_NAMES if names is None else names
    return "; ".join(
        " ".join(messages)
        if field == NON_FIELD_ERRORS
        else f"{names.get(field, field)}: {' '.join(messages)}"
        for field, messages in error.message_dict.items()
    )


# Pydantic's own messages are English; the API answers in the person's language. The common
# error types read as plain sentences (the `type` stays in `errors` for programs); any other
# type reads as NOT_VALID.
PLAIN = {
    "missing": _("This field is required."),
    "string_type": _("Send text."),
    "int_type": _("Send a whole number."),
    "int_parsing": _("Send a whole number."),
    "int_from_float": _("Send a whole number."),
    "float_type": _("Send a number."),
    "float_parsing": _("Send a number."),
    "decimal_type": _("Send a number."),
    "decimal_parsing": _("Send a number."),
    "finite_number": _("The number must be finite."),
    "bool_type": _("Send true or false."),
    "bool_parsing": _("Send true or false."),
    "date_type": _("Use an ISO 8601 date, YYYY-MM-DD."),
    "date_parsing": _("Use an ISO 8601 date, YYYY-MM-DD."),
    "date_from_datetime_parsing": _("Use an ISO 8601 date, YYYY-MM-DD."),
    "date_from_datetime_inexact": _("Use an ISO 8601 date, YYYY-MM-DD."),
    "uuid_type": _("Send an id in the UUID form."),
    "uuid_parsing": _("Send an id in the UUID form."),
    "list_type": _("Send a list."),
    "dict_type": _("Send an object."),
    "model_type": _("Send an object."),
    "model_attributes_type": _("Send an object."),
    "json_invalid": _("The body is not valid JSON."),
    "extra_forbidden": _("This field is not one this request takes."),
    "string_pattern_mismatch": _("This text is not in the expected form."),
}
NOT_VALID = _("This value is not valid.")
EXAMPLES = {
    "datetime_type": "2026-11-23T18:30",
    "datetime_parsing": "2026-11-23T18:30",
    "datetime_from_date_parsing": "2026-11-23T18:30",
    "time_type": "18:30",
    "time_parsing": "18:30",
}


def input_problem(error: Mapping[str, Any]) -> str:
    """One Pydantic error as a plain sentence in the active language."""
    kind = str(error.get("type", ""))
    ctx = error.get("ctx") or {}
    if kind == "value_error" and ctx.get("error") is not None:
        return str(ctx["error"])  # Waypoint's own validators raise translated messages
    if kind in PLAIN:
        return str(PLAIN[kind])
    if kind in EXAMPLES:
        return gettext("Use ISO 8601, like %(example)s.") % {"example": EXAMPLES[kind]}
    if kind == "string_too_short":
        n = int(ctx.get("min_length", 1))
        return ngettext("Use at least %(n)d character.", "Use at least %(n)d characters.", n) % {
            "n": n
        }
    if kind == "string_too_long":
        n = int(ctx.get("max_length", 0))
        return ngettext("Use at most %(n)d character.", "Use at most %(n)d characters.", n) % {
            "n": n
        }
    if kind == "too_short":
        n = int(ctx.get("min_length", 1))
        return ngettext("Send at least %(n)d item.", "Send at least %(n)d items.", n) % {"n": n}
    if kind == "too_long":
        n = int(ctx.get("max_length", 0))
        return ngettext("Send at most %(n)d item.", "Send at most %(n)d items.", n) % {"n": n}
    bounds = {
        "greater_than": (gettext("Use a number greater than %(n)s."), "gt"),
        "greater_than_equal": (gettext("Use a number of %(n)s or more."), "ge"),
        "less_than": (gettext("Use a number less than %(n)s."), "lt"),
        "less_than_equal": (gettext("Use a number of %(n)s or less."), "le"),
    }
    if kind in bounds:
        words, key = bounds[kind]
        return words % {"n": ctx.get(key, "")}
    if kind in ("literal_error", "enum"):
        # Pydantic lists the choices as "'a', 'b' or 'c'": the English "or" becomes a comma.
        choices = str(ctx.get("expected", "")).replace("' or '", "', '")
        return gettext("Choose one of: %(choices)s.") % {"choices": choices}
    return str(NOT_VALID)
