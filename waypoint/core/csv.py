"""The one CSV writer: every CSV Waypoint produces is written through here.

Cells are made safe for spreadsheets: text that a spreadsheet would run as a formula (starting
with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return) gets a leading apostrophe, so opening
the file never runs anything (OWASP "CSV injection"). Lists become ``a;b``, booleans ``yes``/``no``,
floats their short form, and nothing (None) an empty cell.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator
from typing import Any

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# A byte order mark lets spreadsheet programs read the file as UTF-8.
BOM = "\ufeff"


def cell(value: Any) -> str:
    """One value as a safe CSV cell."""
    if isinstance(value, str):  # the common case first: a cell per value adds up in exports
        return "'" + value if value.startswith(FORMULA_START) else value
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, (list, tuple)):
        return cell(";".join(str(v) for v in value))
    if isinstance(value, float):
        return f"{value:g}" if abs(value) < 1e15 else str(value)
    return str(value)


class _Line:
    """A file-like object csv.writer writes one line into, so each line can be yielded."""

    def write(self, value: str) -> str:
        return value


def csv_lines(
    rows: Iterable[Iterable[Any]],
    *,
    header: Iterable[str] | None = None,
    preamble: Iterable[str] = (),
    bom: bool = False,
) -> Iterator[str]:
    """The CSV text, line by line, as it is produced (for a streaming or a plain response).

    ``preamble`` lines come first, each as one cell (a notice that must travel with the file);
    then the header, then one line per row, every cell through ``cell``.
    """
    writer = csv.writer(_Line())
    first = True
    for line in preamble:
        yield (BOM if bom and first else "") + writer.writerow([line])
        first = False
    if header is not None:
        yield (BOM if bom and first else "") + writer.writerow(list(header))
        first = False
    for row in rows:
        yield (BOM if bom and first else "") + writer.writerow([cell(v) for v in row])
        first = False
    if first and bom:
        yield BOM


def csv_blocks(
    blocks: Iterable[list[list[str]]], *, header: Iterable[str], bom: bool = False
) -> Iterator[str]:
    """The CSV text of rows whose cells are already made (each as ``cell`` would make it),
    a block of rows at a time: one call to the writer per block instead of one per line,
    for long files. The header first, as ``csv_lines`` writes it."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(list(header))
    yield (BOM if bom else "") + buffer.getvalue()
    for rows in blocks:
        buffer.seek(0)
        buffer.truncate()
        writer.writerows(rows)
        yield buffer.getvalue()
