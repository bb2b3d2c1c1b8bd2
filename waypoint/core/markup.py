"""Small pieces of markup that panels written in Python share with the templates they replace."""

from __future__ import annotations

from typing import Any

from django.utils.html import conditional_escape


def csrf_input(token: Any) -> str:
    """`{% csrf_token %}`: the hidden input, or nothing where no token was provided."""
    if not token or token == "NOTPROVIDED":  # noqa: S105 (Django's marker, not a secret)
        return ""
    return f'<input type="hidden" name="csrfmiddlewaretoken" value="{conditional_escape(token)}">'
