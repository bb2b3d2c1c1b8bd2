"""Shared reports: no count from 1 to 10 is shown, and none can be worked out from the totals,
both for the rule alone and through the report for random sets of encounters."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.programs.conftest import record
from waypoint.accounts.models import User
from waypoint.programs import services
from waypoint.programs.models import Site
from waypoint.programs.report import INDICATORS, report
from waypoint.programs.selectors import ProgramAccess
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


# --- The same promise through the report, for random sets of encounters --------------------

encounter_sets = st.lists(
    st.fixed_dictionaries(
        {
            "month": st.integers(1, 4),
            "day": st.integers(1, 28),
            "code": st.one_of(st.none(), st.integers(0, 5)),
            "people": st.integers(1, 4),
            "syringes": st.sampled_from([0, 1, 5, 10, 11, 40]),
            "hiv": st.sampled_from([None, "reactive", "non_reactive", "not_given"]),
            "referral": st.booleans(),
        }
    ),
    max_size=30,
)


@pytest.mark.django_db
@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(encounter_sets, st.integers(3, 12))
def test_the_shared_report_of_random_encounters(
    access: ProgramAccess, petra: User, van: Site, rows: list[dict[str, Any]], threshold: int
) -> None:
    with transaction.atomic():
        codes = [services.participant_issue(user=petra, access=access).shown_code for _ in "abcdef"]
        for row in rows:
            record(
                access,
                petra,
                van,
                code=None if row["code"] is None else codes[row["code"]],
                at=datetime(2025, row["month"], row["day"], 12, tzinfo=access.tz),
                people=row["people"],
                supplies=[("syringe", row["syringes"])] if row["syringes"] else [],
                tests=[("hiv", row["hiv"])] if row["hiv"] else [],
                referrals=[("housing", "made")] if row["referral"] else [],
            )
        period = {"first": date(2025, 1, 1), "last": date(2025, 4, 30)}
        full = report(access, **period)
        shared = report(access, **period, shared=True, threshold=threshold)
        transaction.set_rollback(True)
    months = [m["indicators"] for m in shared.monthly]
    for key in INDICATORS:
        values = [shared.indicators[key]] + [m[key] for m in months]
        assert not any(v is not None and 1 <= v <= threshold for v in values), key
        hidden = sum(1 for m in months if m[key] is None)
        assert not (shared.indicators[key] is not None and hidden == 1), key
        # What is shown is the true number.
        assert shared.indicators[key] in (None, full.indicators[key])
        for shown, true in zip(months, (m["indicators"] for m in full.monthly), strict=True):
            assert shown[key] in (None, true[key])
