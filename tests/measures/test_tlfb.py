"""Timeline Followback summary: outcomes over reported days, coverage, WHO level."""

from __future__ import annotations

import math
from datetime import date, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from waypoint.measures import TlfbSummary, WhoRiskLevel, tlfb_summary

JAN_1 = date(2024, 1, 1)


def jan(day: int) -> date:
    return date(2024, 1, day)


# A week in which one woman reported five days and left two blank, plus an entry from before
# the window that must be ignored.
WEEK = {
    date(2023, 12, 31): 100.0,  # outside the window
    jan(1): 0,
    jan(2): 28.0,
    jan(3): 56.0,
    jan(4): 0.0,
    jan(5): 14,
    # jan(6) and jan(7) not reported
}


def test_week_with_blank_days_counts_only_reported_days() -> None:
    summary = tlfb_summary(WEEK, start=jan(1), end=jan(7), sex="female")
    assert summary.days_in_window == 7
    assert summary.days_reported == 5
    assert summary.coverage == pytest.approx(5 / 7)
    assert summary.abstinent_days == 2  # jan 1 and jan 4
    assert summary.drinking_days == 3
    assert summary.percent_days_abstinent == pytest.approx(40.0)  # 2 / 5 × 100
    assert summary.total_drinks == pytest.approx(7.0)  # (28 + 56 + 14) / 14 = 98 / 14
    assert summary.drinks_per_drinking_day == pytest.approx(7 / 3)
    assert summary.heavy_drinking_days == 1  # 56 g reaches the 56 g threshold for women
    assert summary.percent_heavy_drinking_days == pytest.approx(20.0)  # 1 / 5 × 100
    assert summary.mean_drinks_per_day == pytest.approx(1.4)  # 7 / 5
    assert summary.peak_drinks == pytest.approx(4.0)  # 56 / 14
    assert summary.mean_grams_per_day == pytest.approx(19.6)  # 98 / 5
    assert summary.who_risk_level is WhoRiskLevel.LOW  # 19.6 ≤ 20 g for women


def test_same_week_for_a_man_has_no_heavy_day() -> None:
    summary = tlfb_summary(WEEK, start=jan(1), end=jan(7), sex="male")
    assert summary.heavy_drinking_days == 0  # 56 g is below the 70 g threshold for men
    assert summary.percent_heavy_drinking_days == 0
    assert summary.who_risk_level is WhoRiskLevel.LOW  # 19.6 ≤ 40 g for men


def test_drinks_follow_the_chosen_drink_size() -> None:
    summary = tlfb_summary(WEEK, start=jan(1), end=jan(7), sex="female", grams_per_drink=10)
    assert summary.total_drinks == pytest.approx(9.8)  # 98 / 10
    assert summary.peak_drinks == pytest.approx(5.6)  # 56 / 10
    assert summary.heavy_drinking_days == 1  # heavy days stay in grams, whatever the drink size
    assert summary.grams_per_drink == 10


def test_three_drinks_every_day_is_medium_for_men_and_high_for_women() -> None:
    month = {JAN_1 + timedelta(days=i): 42.0 for i in range(30)}  # 3 × 14 g
    man = tlfb_summary(month, start=jan(1), end=jan(30), sex="male")
    woman = tlfb_summary(month, start=jan(1), end=jan(30), sex="female")
    assert man.coverage == 1.0
    assert man.mean_grams_per_day == pytest.approx(42.0)
    assert man.who_risk_level is WhoRiskLevel.MEDIUM  # > 40 to 60 for men
    assert woman.who_risk_level is WhoRiskLevel.HIGH  # > 40 to 60 for women
    assert man.percent_days_abstinent == 0
    assert man.drinks_per_drinking_day == pytest.approx(3.0)


def test_no_reported_day_leaves_rates_unknown_not_zero() -> None:
    summary = tlfb_summary({}, start=jan(1), end=jan(30), sex="female")
    assert summary == TlfbSummary(
        days_in_window=30,
        days_reported=0,
        coverage=0.0,
        abstinent_days=0,
        drinking_days=0,
        percent_days_abstinent=None,
        total_drinks=0.0,
        drinks_per_drinking_day=None,
        heavy_drinking_days=0,
        percent_heavy_drinking_days=None,
        mean_drinks_per_day=None,
        peak_drinks=None,
        mean_grams_per_day=None,
        who_risk_level=None,
        grams_per_drink=14.0,
    )


def test_entries_only_outside_the_window_count_as_no_reported_day() -> None:
    summary = tlfb_summary({jan(10): 30}, start=jan(1), end=jan(5), sex="male")
    assert summary.days_reported == 0
    assert summary.who_risk_level is None


def test_all_days_without_drinking_is_abstinent_with_no_drinks_per_drinking_day() -> None:
    summary = tlfb_summary({jan(1): 0, jan(2): 0.0}, start=jan(1), end=jan(2), sex="male")
    assert summary.percent_days_abstinent == 100
    assert summary.drinks_per_drinking_day is None
    assert summary.peak_drinks == 0
    assert summary.who_risk_level is WhoRiskLevel.ABSTINENT


def test_one_day_window() -> None:
    summary = tlfb_summary({jan(1): 70}, start=jan(1), end=jan(1), sex="male")
    assert summary.days_in_window == 1
    assert summary.heavy_drinking_days == 1  # 70 g reaches the 70 g threshold for men
    assert summary.who_risk_level is WhoRiskLevel.HIGH  # 70 g/day is > 60 to 100 for men


def test_heavy_day_boundaries_for_both_sexes() -> None:
    days = {jan(1): 55.9, jan(2): 56, jan(3): 69.9, jan(4): 70}
    woman = tlfb_summary(days, start=jan(1), end=jan(4), sex="female")
    man = tlfb_summary(days, start=jan(1), end=jan(4), sex="male")
    assert woman.heavy_drinking_days == 3  # 56, 69.9, 70
    assert man.heavy_drinking_days == 1  # 70


def test_float_noise_just_under_a_heavy_threshold_still_counts_as_heavy() -> None:
    four_drinks = sum([0.1] * 10) * 56  # 55.99999999999999 in floating point
    summary = tlfb_summary({jan(1): four_drinks}, start=jan(1), end=jan(1), sex="female")
    assert summary.heavy_drinking_days == 1


def test_float_subclass_values_are_accepted() -> None:
    class Grams(float):
        pass

    summary = tlfb_summary({jan(1): Grams(14)}, start=jan(1), end=jan(1), sex="male")
    assert summary.total_drinks == pytest.approx(1.0)


def test_start_after_end_is_refused() -> None:
    with pytest.raises(ValueError, match=r"start \(2024-01-02\) must not be after end"):
        tlfb_summary({}, start=jan(2), end=jan(1), sex="male")


@pytest.mark.parametrize(
    ("days", "kwargs", "message"),
    [
        ({jan(1): -1}, {}, "grams on 2024-01-01 must not be negative, got -1"),
        ({jan(1): 14, jan(2): -0.5}, {}, "grams on 2024-01-02 must not be negative, got -0.5"),
        ({jan(1): 0, jan(2): "14"}, {}, "grams on 2024-01-02 must be a number, got '14'"),
        ({jan(1): None}, {}, "grams on 2024-01-01 must be a number, got None"),
        ({jan(1): True}, {}, "grams on 2024-01-01 must be a number, got True"),
        ({jan(1): math.nan}, {}, "grams on 2024-01-01 must be a finite number"),
        ({jan(1): math.inf}, {}, "grams on 2024-01-01 must be a finite number"),
        ({datetime(2024, 1, 1, 12): 14}, {}, "each day in grams_by_day must be a datetime.date"),
        ({"2024-01-01": 14}, {}, "each day in grams_by_day must be a datetime.date"),
        ({}, {"sex": "unknown"}, "sex must be 'female' or 'male'"),
        ({}, {"grams_per_drink": 0}, "grams_per_drink must be greater than 0"),
        ({}, {"grams_per_drink": -14}, "grams_per_drink must be greater than 0"),
        ({}, {"start": datetime(2024, 1, 1)}, "start must be a datetime.date"),
        ({}, {"end": "2024-01-31"}, "end must be a datetime.date"),
    ],
)
def test_tlfb_summary_refuses_bad_input(
    days: object, kwargs: dict[str, object], message: str
) -> None:
    arguments: dict[str, object] = {"start": jan(1), "end": jan(31), "sex": "female"} | kwargs
    with pytest.raises(ValueError, match=message):
        tlfb_summary(days, **arguments)  # type: ignore[arg-type]


def test_a_list_instead_of_a_mapping_is_refused() -> None:
    with pytest.raises(ValueError, match="grams_by_day must be a mapping"):
        tlfb_summary([14, 28], start=jan(1), end=jan(2), sex="male")  # type: ignore[arg-type]


def test_bad_grams_outside_the_window_are_ignored_like_the_rest() -> None:
    summary = tlfb_summary(
        {date(2023, 12, 1): -5, jan(1): 14}, start=jan(1), end=jan(1), sex="male"
    )
    assert summary.total_drinks == pytest.approx(1.0)


# A window of up to 60 days inside a 90-day span, with entries anywhere in the span.
SPAN_START = date(2024, 3, 1)
grams_by_day = st.dictionaries(
    st.integers(min_value=0, max_value=89).map(lambda i: SPAN_START + timedelta(days=i)),
    st.one_of(st.integers(min_value=0, max_value=300), st.floats(min_value=0, max_value=300)),
    max_size=90,
)
windows = st.tuples(st.integers(0, 89), st.integers(0, 59)).map(
    lambda t: (SPAN_START + timedelta(days=t[0]), SPAN_START + timedelta(days=t[0] + t[1]))
)
sexes = st.sampled_from(["female", "male"])


@given(grams_by_day, windows, sexes)
def test_percentages_stay_within_0_to_100_and_coverage_within_0_to_1(
    days: dict[date, float], window: tuple[date, date], sex: str
) -> None:
    start, end = window
    summary = tlfb_summary(days, start=start, end=end, sex=sex)
    assert 0 <= summary.coverage <= 1
    assert summary.abstinent_days + summary.drinking_days == summary.days_reported
    assert summary.heavy_drinking_days <= summary.drinking_days
    for percent in (summary.percent_days_abstinent, summary.percent_heavy_drinking_days):
        assert percent is None or 0 <= percent <= 100
    assert (summary.who_risk_level is None) == (summary.days_reported == 0)


@given(grams_by_day, windows, sexes)
def test_summary_matches_a_day_by_day_count(
    days: dict[date, float], window: tuple[date, date], sex: str
) -> None:
    # An independent, deliberately plain walk over the calendar, one day at a time.
    start, end = window
    heavy_grams = 56 if sex == "female" else 70
    reported = abstinent = heavy = 0
    total = peak = 0.0
    day = start
    while day <= end:
        if day in days:
            grams = days[day]
            reported += 1
            abstinent += grams == 0
            heavy += grams >= heavy_grams - 1e-9  # the documented float tolerance
            total += grams
            peak = max(peak, grams)
        day += timedelta(days=1)

    summary = tlfb_summary(days, start=start, end=end, sex=sex)
    assert summary.days_in_window == (end - start).days + 1
    assert summary.days_reported == reported
    assert summary.abstinent_days == abstinent
    assert summary.heavy_drinking_days == heavy
    assert summary.total_drinks == pytest.approx(total / 14)
    if reported:
        assert summary.mean_grams_per_day == pytest.approx(total / reported)
        assert summary.peak_drinks == pytest.approx(peak / 14)


@given(grams_by_day, windows, sexes)
def test_entries_outside_the_window_change_nothing(
    days: dict[date, float], window: tuple[date, date], sex: str
) -> None:
    start, end = window
    inside = {day: grams for day, grams in days.items() if start <= day <= end}
    assert tlfb_summary(days, start=start, end=end, sex=sex) == tlfb_summary(
        inside, start=start, end=end, sex=sex
    )
