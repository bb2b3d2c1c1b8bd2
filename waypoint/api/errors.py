"""How a service's refusal reads in an API answer."""

from __future__ import annotations

from collections.abc import Mapping

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError


def refusal_detail(error: ValidationError, names: Mapping[str, str] | None = None) -> str:
    """A service's ValidationError as one line that names each field ('amount: …; day: …')."""
    if not hasattr(error, "error_dict"):
        return " ".join(error.messages)
    names = names or {}
    return "; ".join(
        " ".join(messages)
        if field == NON_FIELD_ERRORS
        else f"{names.get(field, field)}: {' '.join(messages)}"
        for field, messages in error.message_dict.items()
    )
