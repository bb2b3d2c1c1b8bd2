"""Small-count suppression for reports that leave the program. Pure: no Django.

Primary: every count from 1 to `threshold` becomes None. Complementary: in each column (one
indicator across the months), if exactly one month is suppressed while the column's total is
shown, the total minus the other months would give it away; so the smallest other month that is
still shown is suppressed too (a zero if nothing else is left), and when no other month exists the
total is suppressed instead. Columns are independent of each other.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

Counts = Mapping[str, int]
Shown = dict[str, int | None]


def _small(value: int | None, threshold: int) -> bool:
    return value is not None and 1 <= value <= threshold


def suppress(
    totals: Counts, monthly: Sequence[Counts], threshold: int = 10
) -> tuple[Shown, list[Shown]]:
    """The totals and monthly rows with small counts (and their complements) set to None."""
    shown_totals: Shown = {k: (None if _small(v, threshold) else v) for k, v in totals.items()}
    shown_months: list[Shown] = [
        {k: (None if _small(v, threshold) else v) for k, v in row.items()} for row in monthly
    ]
    for key in totals:
        if shown_totals[key] is None:
            continue
        hidden = [i for i, row in enumerate(shown_months) if row.get(key, 0) is None]
        if len(hidden) != 1:
            continue
        others = [
            (row[key], i)
            for i, row in enumerate(shown_months)
            if i != hidden[0] and row.get(key) is not None
        ]
        if not others:
            shown_totals[key] = None
            continue
        # Prefer a non-zero month: suppressing a zero hides little, but it still blocks the sum.
        nonzero = [pair for pair in others if pair[0]]
        _value, index = min(nonzero or others)
        shown_months[index][key] = None
    return shown_totals, shown_months
