"""Migration helpers that encrypt (and, going back, decrypt) existing rows of a column.

Used in three steps per column: ``AlterField`` to a plain ``TextField`` (ciphertext is longer
than the text it hides), ``encrypt_existing(...)``, then ``AlterField`` to the encrypted field
(no schema change: both are text). The helper works on the historical model with plain text
fields, so it never decrypts by accident.
"""

from __future__ import annotations

import json
from typing import Any

from django.db import migrations

from waypoint.core.crypto import decrypt, encrypt


def _rewrite(app_label: str, model_name: str, fields: list[str], change: Any) -> Any:
    def run(apps: Any, schema_editor: Any) -> None:
        model = apps.get_model(app_label, model_name)
        rows = model._base_manager.values_list("pk", *fields)
        for pk, *values in rows.iterator(chunk_size=500):
            updates = {name: change(value) for name, value in zip(fields, values, strict=True)}
            if updates:
                model._base_manager.filter(pk=pk).update(**updates)

    return run


def _encrypt(value: Any) -> Any:
    if value is None or value == "":
        return value
    if not isinstance(value, str):
        value = json.dumps(value, separators=(",", ":"))
    return encrypt(value)


def _decrypt(value: Any) -> Any:
    return decrypt(value) if value else value


def encrypt_existing(app_label: str, model_name: str, *fields: str) -> migrations.RunPython:
    """Encrypt every stored value of these columns; reversible."""
    return migrations.RunPython(
        _rewrite(app_label, model_name, list(fields), _encrypt),
        _rewrite(app_label, model_name, list(fields), _decrypt),
    )
