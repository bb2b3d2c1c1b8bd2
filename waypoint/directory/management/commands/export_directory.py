from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from waypoint.directory.hsds import export_folder, write_json


class Command(BaseCommand):
    help = "Export the service directory as HSDS 3.0: a folder of CSV files, or --json FILE."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", type=Path)
        parser.add_argument("--json", action="store_true", help="write one HSDS JSON file")

    def handle(self, *args: Any, path: Path, json: bool, **options: Any) -> None:
        if json:
            count = write_json(path)
            self.stdout.write(f"Wrote {count} services to {path}.")
            return
        counts = export_folder(path)
        self.stdout.write(f"Wrote {sum(counts.values())} rows to {path}/.")
