"""How a service's refusal reads in an API answer."""

from __future__ import annotations

from collections.abc import Mapping

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError

# Service arguments that the API calls by another name (the journal's time and client id).
API_NAMES = {"at": "time", "used_at": "time", "entry_id": "id"}


def refusal_detail(error: ValidationError, names: Mapping[str, str] | None = None) -> str:
    """A service's ValidationError as one line that names each field ('amount: …; day: …')."""
    if not hasattr(error, "error_dict"):
        return " ".join(error.messages)
    names = API_NAMES if names is None else names
    return "; ".join(
        " ".join(messages)
        if field == NON_FIELD_ERRORS
        else f"{names.get(field, field)}: {' '.join(messages)}"
        for field, messages in error.message_dict.items()
    )
