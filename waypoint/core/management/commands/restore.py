from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from waypoint.core.backup import restore_from


class Command(BaseCommand):
    help = "Replace the whole database with a backup made by `manage.py backup`."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("backup", type=Path, help="the file `manage.py backup` wrote")
        parser.add_argument(
            "--yes", action="store_true", help="do not ask: everything stored now is replaced"
        )

    def handle(self, *args: Any, backup: Path, yes: bool = False, **options: Any) -> None:
        if not backup.exists():
            raise CommandError(f"No backup at {backup}.")
        if not yes:
            answer = input(f"Replace everything in the database with {backup}? Type 'yes': ")
            if answer.strip() != "yes":
                raise CommandError("Nothing was changed.")
        restore_from(backup)
        self.stdout.write(f"Restored from {backup}. Run `manage.py migrate` if it is older.")
