"""Shared reports: no count from 1 to 10 is shown, and none can be worked out from the totals."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from waypoint.programs.suppression import suppress

KEYS = ("encounters", "hiv_reactive", "referrals_linked")
cell = st.one_of(st.integers(0, 12), st.integers(0, 400))
months = st.lists(st.fixed_dictionaries({k: cell for k in KEYS}), min_size=1, max_size=14)


def _totals(rows: list[dict[str, int]]) -> dict[str, int]:
    return {k: sum(r[k] for r in rows) for k in KEYS}


@settings(max_examples=300, deadline=None)
@given(months, st.integers(1, 15))
def test_no_small_value_and_no_lonely_suppressed_cell(
    rows: list[dict[str, int]], threshold: int
) -> None:
    totals, shown = suppress(_totals(rows), rows, threshold)
    for key in KEYS:
        values = [totals[key]] + [r[key] for r in shown]
        assert not any(v is not None and 1 <= v <= threshold for v in values)
        hidden = sum(1 for r in shown if r[key] is None)
        assert not (totals[key] is not None and hidden == 1)
    # Nothing shown is changed: a shown value is the true value.
    for original, row in zip(rows, shown, strict=True):
        for key in KEYS:
            assert row[key] is None or row[key] == original[key]


def test_complement_is_the_smallest_other_month() -> None:
    rows = [{"n": 3}, {"n": 40}, {"n": 25}, {"n": 0}]
    totals, shown = suppress({"n": 68}, rows, 10)
    assert totals == {"n": 68}
    assert [r["n"] for r in shown] == [None, 40, None, 0]


def test_a_single_month_hides_the_total_too() -> None:
    totals, shown = suppress({"n": 4}, [{"n": 4}], 10)
    assert totals == {"n": None} and shown == [{"n": None}]


def test_zeros_and_large_counts_stay() -> None:
    totals, shown = suppress({"n": 50}, [{"n": 0}, {"n": 50}], 10)
    assert totals == {"n": 50} and shown == [{"n": 0}, {"n": 50}]
