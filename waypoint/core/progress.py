"""A small progress bar for long-running commands (demo data, imports, exports)."""

from __future__ import annotations

import sys
import time
from collections.abc import Iterable, Iterator
from io import TextIOBase
from typing import TextIO, TypeVar

T = TypeVar("T")


def progress(
    items: Iterable[T], *, total: int, label: str, stream: TextIO | TextIOBase | None = None
) -> Iterator[T]:
    """Yield the items while drawing `label [#####.....] 12/40 3s` on the stream (stderr)."""
    out = stream or sys.stderr
    interactive = out.isatty()
    started = time.monotonic()
    width = 30
    last_drawn = -1.0

    def draw(done: int, final: bool = False) -> None:
        nonlocal last_drawn
        now = time.monotonic()
        # Redraw at most ten times a second on a terminal; in logs, only at each tenth.
        if interactive and not final and now - last_drawn < 0.1:
            return
        if not interactive and not final and total and done % max(1, total // 10):
            return
        last_drawn = now
        filled = int(width * done / total) if total else width
        bar = "#" * filled + "." * (width - filled)
        line = f"{label} [{bar}] {done}/{total} {now - started:.0f}s"
        out.write(("\r" + line) if interactive else line + "\n")
        out.flush()

    done = 0
    draw(0)
    for item in items:
        yield item
        done += 1
        draw(done)
    draw(done, final=True)
    if interactive:
        out.write("\n")
