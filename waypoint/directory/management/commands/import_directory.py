from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from waypoint.directory.hsds import PackageRefused, import_path

SHOWN_PROBLEMS = 200


class Command(BaseCommand):
    help = (
        "Import an HSDS 3.0 package (a folder of CSV files, or an HSDS JSON file) into the "
        "service directory. All or nothing; a second import of the same ids updates."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", type=Path)
        parser.add_argument(
            "--max-bytes", type=int, default=None, help="largest file accepted (default: setting)"
        )

    def handle(self, *args: Any, path: Path, max_bytes: int | None, **options: Any) -> None:
        try:
            counts, plan = import_path(path, stream=self.stderr, max_bytes=max_bytes)
        except PackageRefused as refused:
            problems = refused.problems
            self.stderr.write(f"Refused: nothing was imported. {len(problems)} problem(s):")
            for problem in problems[:SHOWN_PROBLEMS]:
                self.stderr.write(f"  {problem}")
            if len(problems) > SHOWN_PROBLEMS:
                self.stderr.write(f"  … and {len(problems) - SHOWN_PROBLEMS} more")
            raise SystemExit(1) from None
        tables = plan.package.tables
        summary = ", ".join(f"{len(rows)} {name}" for name, rows in tables.items() if rows)
        self.stdout.write(f"Imported {counts.rows} rows: {summary}.")
        if plan.unmapped_terms:
            self.stdout.write(
                f"{plan.unmapped_terms} attribute(s) use terms with no Waypoint code "
                "(add them to taxonomy_map.csv to use them)."
            )
