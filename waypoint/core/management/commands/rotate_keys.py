from __future__ import annotations

from typing import Any

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import transaction

from waypoint.core.crypto import EncryptedTextField
from waypoint.core.progress import progress


class Command(BaseCommand):
    help = "Re-encrypt every encrypted text with the newest key in ENCRYPTION_KEYS."

    def handle(self, *args: Any, **options: Any) -> None:
        for model in apps.get_models():
            fields = [f.name for f in model._meta.fields if isinstance(f, EncryptedTextField)]
            if not fields:
                continue
            rows = model._default_manager.all()
            # Reading decrypts with whichever key fits; writing encrypts with the newest one.
            for row in progress(
                rows.iterator(chunk_size=500),
                total=rows.count(),
                label=model.__name__,
                stream=self.stderr,
            ):
                with transaction.atomic():
                    values = {name: getattr(row, name) for name in fields}
                    model._default_manager.filter(pk=row.pk).update(**values)
        self.stdout.write("Every encrypted text now uses the newest key.")
