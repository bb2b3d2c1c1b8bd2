from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from waypoint.core.backup import backup_to, vendor


class Command(BaseCommand):
    help = "Write a consistent copy of the database (SQLite backup API, or pg_dump)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--output",
            type=Path,
            help="file to write (default: DATA_DIR/backups/waypoint-<time>.sqlite3 or .dump)",
        )

    def handle(self, *args: Any, output: Path | None = None, **options: Any) -> None:
        if output is None:
            suffix = "sqlite3" if vendor() == "sqlite" else "dump"
            stamp = timezone.now().strftime("%Y%m%d-%H%M%S")
            output = Path(settings.DATA_DIR) / "backups" / f"waypoint-{stamp}.{suffix}"
        path = backup_to(output)
        self.stdout.write(
            f"Backup written to {path}. Keep ENCRYPTION_KEYS safe and separate: "
            "without them the encrypted text in it cannot be read."
        )
