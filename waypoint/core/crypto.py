"""Encryption at rest for free text, with key rotation (Fernet: AES-128-CBC + HMAC-SHA256)."""

from __future__ import annotations

from functools import cache
from typing import Any

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.signals import setting_changed
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
