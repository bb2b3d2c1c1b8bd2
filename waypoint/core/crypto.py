"""Encryption at rest for free text, with key rotation (Fernet: AES-128-CBC + HMAC-SHA256)."""

from __future__ import annotations

import json
from functools import cache
from typing import Any

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django import forms
from django.conf import settings
from django.core.signals import setting_changed
from django.core.validators import MaxLengthValidator
from django.db import models
from django.dispatch import receiver


@cache
def _fernet() -> MultiFernet:
    # The first key encrypts; every key decrypts, so old rows stay readable during rotation.
    return MultiFernet([Fernet(key.encode()) for key in settings.ENCRYPTION_KEYS])


@receiver(setting_changed)
def _forget_keys(setting: str, **kwargs: Any) -> None:
    if setting == "ENCRYPTION_KEYS":
        _fernet.cache_clear()


def encrypt(text: str) -> str:
    return _fernet().encrypt(text.encode()).decode()


def decrypt(token: str) -> str:
    try:
        return _fernet().decrypt(token.encode()).decode()
    except InvalidToken as error:
        raise ValueError(
            "This text was encrypted with a key that is no longer configured."
        ) from error


def rotate(token: str) -> str:
    """Re-encrypt a stored value with the newest key."""
    return _fernet().rotate(token.encode()).decode()


class EncryptedTextField(models.TextField):  # type: ignore[type-arg]  # generic in the stubs only
    """Text stored encrypted; the empty string stays empty so blank notes cost nothing."""

    def from_db_value(self, value: str | None, expression: Any, connection: Any) -> str | None:
        if not value:
            return value
        return decrypt(value)

    def get_prep_value(self, value: Any) -> Any:
        value = super().get_prep_value(value)
        if not value:
            return value
        return encrypt(value)


class EncryptedCharField(EncryptedTextField):
    """A short encrypted text: a one-line form field and a length the model checks.

    The column is text (a ciphertext is longer than the text), so the length is enforced by
    the validator and forms rather than by the database, and never by cutting the text.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.max_length is not None:
            self.validators.append(MaxLengthValidator(self.max_length))

    def formfield(self, **kwargs: Any) -> Any:
        defaults = {"form_class": forms.CharField, "max_length": self.max_length}
        defaults |= kwargs
        return models.Field.formfield(self, **defaults)


class EncryptedJSONField(EncryptedTextField):
    """A JSON value (such as questionnaire answers) stored encrypted as text."""

    def from_db_value(self, value: str | None, expression: Any, connection: Any) -> Any:
        text = super().from_db_value(value, expression, connection)
        return None if text is None else json.loads(text) if text else text

    def to_python(self, value: Any) -> Any:
        return value

    def get_prep_value(self, value: Any) -> Any:
        if value is None:
            return None
        return encrypt(json.dumps(value, separators=(",", ":")))

    def value_to_string(self, obj: Any) -> str:
        return json.dumps(self.value_from_object(obj))
