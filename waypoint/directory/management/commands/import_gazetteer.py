from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from waypoint.directory.services import GazetteerRefused, import_gazetteer


class Command(BaseCommand):
    help = (
        "Import place names and postcodes (CSV: name,postcode,latitude,longitude) so people "
        "can search near a place without any outside geocoding service."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", type=Path)

    def handle(self, *args: Any, path: Path, **options: Any) -> None:
        try:
            count = import_gazetteer(path=path)
        except GazetteerRefused as refused:
            self.stderr.write("Refused: nothing was imported.")
            for problem in refused.problems:
                self.stderr.write(f"  {problem}")
            raise SystemExit(1) from None
        self.stdout.write(f"Imported {count} places.")
