"""How a service's refusal reads in an API answer."""

from __future__ import annotations

from collections.abc import Mapping

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils.translation import gettext_lazy as _

# Service arguments that the API calls by another name (the journal's time and client id).
API_NAMES = {"at": "time", "used_at": "time", "entry_id": "id"}


# The code of a service's "Is that right?" (waypoint.journal.services.UNUSUAL); the API's answer
# to it is to send the request again with confirm_unusual: true.
UNUSUAL = "unusual"


def asks_to_confirm(error: ValidationError) -> bool:
    """Whether the refusal is a question about an unusual amount (answered by confirming)."""
    items = (
        [e for errors in error.error_dict.values() for e in errors]
        if hasattr(error, "error_dict")
        else error.error_list
    )
    return any(e.code == UNUSUAL for e in items)


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
