"""The passphrase rule: long enough and varied enough, explained helpfully."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

MIN_LENGTH = 10
MIN_DISTINCT = 5


class PassphraseStrengthValidator:
    """At least 10 characters, at least 5 different ones, not only digits."""

    def validate(self, password: str, user: Any = None) -> None:
        weak = (
            len(password) < MIN_LENGTH
            or len(set(password.lower())) < MIN_DISTINCT
            or password.isdigit()
        )
        if weak:
            raise ValidationError(self.get_help_text(), code="passphrase_too_weak")

    def get_help_text(self) -> str:
        return _(
            "Use at least %(length)d characters, not only numbers. A few unrelated words are easy "
            "to remember and hard to guess, for example: lamp river quiet orange."
        ) % {"length": MIN_LENGTH}
