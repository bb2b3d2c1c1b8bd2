"""A bit per harm and care code, for the digest's masks (and whoever reads them in SQL)."""

from __future__ import annotations

from collections.abc import Iterable

from waypoint.journal.vocab import CareAction, Harm

# A bit per code. New codes are added at the end of their vocabulary, so bits never move; if
# they ever do, `manage.py rebuild_digest` recomputes every mask.
HARM_BITS: dict[str, int] = {code: 1 << n for n, code in enumerate(Harm.values)}
CARE_BITS: dict[str, int] = {code: 1 << n for n, code in enumerate(CareAction.values)}


def mask(codes: Iterable[str], bits: dict[str, int]) -> int:
    value = 0
    for code in codes:
        value |= bits.get(code, 0)
    return value
