"""Compile locale/*/LC_MESSAGES/*.po to .mo without gettext tools (make setup runs it)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from waypoint.core.translations import build


class Command(BaseCommand):
    help = "Compile the translation catalogues (.po) to .mo files, in pure Python."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--force", action="store_true", help="Rebuild every .mo file.")

    def handle(self, *args: Any, **options: Any) -> None:
        for path in build(force=options["force"]):
            self.stdout.write(f"built {path}")
