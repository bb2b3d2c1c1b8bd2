"""Blood alcohol estimates: Widmark, its error range, and Watson body water."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from waypoint.measures import (
    bac_range,
    hours_until_zero,
    watson_bac,
    watson_total_body_water,
    widmark_bac,
)


def test_guide_worked_check_three_drinks_80_kg_man_after_one_hour() -> None:
    # 42 / (80 000 g × 0.68) × 100 = 0.077206 %; less 0.015 × 1 h = 0.062206 %
    assert widmark_bac(42, weight_kg=80, hours=1, sex="male") == pytest.approx(0.062206, abs=1e-6)


def test_same_drinks_give_a_woman_of_the_same_weight_a_higher_estimate() -> None:
    # 42 / (80 000 × 0.55) × 100 = 0.095455 %; less 0.015 = 0.080455 %
    assert widmark_bac(42, weight_kg=80, hours=1, sex="female") == pytest.approx(0.080455, abs=1e-6)


def test_estimate_at_the_first_drink_has_nothing_eliminated() -> None:
    # 14 / (60 000 × 0.55) × 100 = 0.042424 %
    assert widmark_bac(14, weight_kg=60, hours=0, sex="female") == pytest.approx(0.042424, abs=1e-6)


def test_estimate_is_floored_at_zero() -> None:
    # peak 0.077206 % is gone after 0.077206 / 0.015 = 5.15 h; at 10 h it stays at 0
    assert widmark_bac(42, weight_kg=80, hours=10, sex="male") == 0


def test_no_alcohol_means_zero() -> None:
    assert widmark_bac(0, weight_kg=70, hours=0, sex="male") == 0
    assert hours_until_zero(0, weight_kg=70, sex="male") == 0


def test_hours_until_zero_is_peak_over_elimination_rate() -> None:
    # 0.077206 % / 0.015 % per hour = 5.147 h
    assert hours_until_zero(42, weight_kg=80, sex="male") == pytest.approx(5.147, abs=1e-3)
    assert widmark_bac(42, weight_kg=80, hours=5.147, sex="male") == pytest.approx(0, abs=1e-4)


def test_elimination_rate_can_be_set_for_another_source() -> None:
    # 0.077206 − 0.020 × 1 = 0.057206 %; and 0.077206 / 0.020 = 3.86 h
    assert widmark_bac(42, weight_kg=80, hours=1, sex="male", beta=0.02) == pytest.approx(
        0.057206, abs=1e-6
    )
    assert hours_until_zero(42, weight_kg=80, sex="male", beta=0.02) == pytest.approx(
        3.86, abs=0.01
    )


def test_range_applies_forty_percent_to_the_absorbed_amount() -> None:
    # peak 0.077206 %: low 0.077206 × 0.6 − 0.015 = 0.031324, high 0.077206 × 1.4 − 0.015 = 0.093088
    low, high = bac_range(42, weight_kg=80, hours=1, sex="male")
    assert low == pytest.approx(0.031324, abs=1e-6)
    assert high == pytest.approx(0.093088, abs=1e-6)


def test_range_stays_open_after_the_central_estimate_reaches_zero() -> None:
    # at 6 h: central 0.077206 − 0.09 < 0, high 0.108088 − 0.09 = 0.018088
    assert widmark_bac(42, weight_kg=80, hours=6, sex="male") == 0
    low, high = bac_range(42, weight_kg=80, hours=6, sex="male")
    assert low == 0
    assert high == pytest.approx(0.018088, abs=1e-6)


def test_watson_body_water_for_a_man_and_a_woman() -> None:
    # man: 2.447 − 0.09516 × 40 + 0.1074 × 180 + 0.3362 × 80 = 2.447 − 3.8064 + 19.332 + 26.896
    assert watson_total_body_water(
        sex="male", weight_kg=80, height_cm=180, age_years=40
    ) == pytest.approx(44.8686)
    # woman: −2.097 + 0.1069 × 165 + 0.2466 × 60 = −2.097 + 17.6385 + 14.796
    assert watson_total_body_water(
        sex="female", weight_kg=60, height_cm=165, age_years=40
    ) == pytest.approx(30.3375)


def test_watson_body_water_ignores_age_for_women() -> None:
    young = watson_total_body_water(sex="female", weight_kg=60, height_cm=165, age_years=20)
    old = watson_total_body_water(sex="female", weight_kg=60, height_cm=165, age_years=80)
    assert young == old


def test_watson_bac_for_the_worked_check() -> None:
    # 0.8 × 42 / 44.8686 = 0.748854 ‰ = 0.0748854 %; less 0.015 × 1 = 0.0598854 %
    estimate = watson_bac(42, sex="male", weight_kg=80, height_cm=180, age_years=40, hours=1)
    assert estimate == pytest.approx(0.0598854, abs=1e-6)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"grams": -1}, "grams must not be negative"),
        ({"weight_kg": 0}, "weight_kg must be greater than 0"),
        ({"weight_kg": -70}, "weight_kg must be greater than 0"),
        ({"hours": -0.5}, "hours must not be negative"),
        ({"sex": "f"}, "sex must be 'female' or 'male'"),
        ({"beta": 0}, "beta must be greater than 0"),
        ({"weight_kg": "80"}, "weight_kg must be a number"),
    ],
)
def test_widmark_refuses_bad_input(kwargs: dict[str, object], message: str) -> None:
    arguments: dict[str, object] = {"grams": 42, "weight_kg": 80, "hours": 1, "sex": "male"}
    with pytest.raises(ValueError, match=message):
        widmark_bac(**(arguments | kwargs))  # type: ignore[arg-type]


def test_hours_until_zero_and_range_refuse_bad_input() -> None:
    with pytest.raises(ValueError, match="weight_kg must be greater than 0"):
        hours_until_zero(42, weight_kg=0, sex="male")
    with pytest.raises(ValueError, match="relative_error must be below 1"):
        bac_range(42, weight_kg=80, hours=1, sex="male", relative_error=1)
    with pytest.raises(ValueError, match="relative_error must not be negative"):
        bac_range(42, weight_kg=80, hours=1, sex="male", relative_error=-0.1)
    with pytest.raises(ValueError, match="hours must not be negative"):
        bac_range(42, weight_kg=80, hours=-1, sex="male")


def test_watson_refuses_bad_input() -> None:
    with pytest.raises(ValueError, match="height_cm must be greater than 0"):
        watson_total_body_water(sex="male", weight_kg=80, height_cm=0, age_years=40)
    with pytest.raises(ValueError, match="age_years must not be negative"):
        watson_total_body_water(sex="male", weight_kg=80, height_cm=180, age_years=-1)
    with pytest.raises(ValueError, match="outside the range the Watson formula covers"):
        watson_total_body_water(sex="female", weight_kg=1, height_cm=10, age_years=30)
    with pytest.raises(ValueError, match="hours must not be negative"):
        watson_bac(42, sex="male", weight_kg=80, height_cm=180, age_years=40, hours=-1)


grams = st.floats(min_value=0, max_value=500)
weights = st.floats(min_value=30, max_value=250)
hours = st.floats(min_value=0, max_value=48)
sexes = st.sampled_from(["female", "male"])


@given(grams, weights, hours, hours, sexes)
def test_bac_is_never_negative_and_never_rises_with_time(
    g: float, kg: float, h1: float, h2: float, sex: str
) -> None:
    earlier, later = sorted((h1, h2))
    first = widmark_bac(g, weight_kg=kg, hours=earlier, sex=sex)
    second = widmark_bac(g, weight_kg=kg, hours=later, sex=sex)
    assert first >= 0
    assert second >= 0
    assert second <= first


@given(grams, weights, hours, sexes)
def test_range_holds_the_central_estimate(g: float, kg: float, h: float, sex: str) -> None:
    low, high = bac_range(g, weight_kg=kg, hours=h, sex=sex)
    assert 0 <= low <= widmark_bac(g, weight_kg=kg, hours=h, sex=sex) <= high


@given(grams, weights, sexes)
def test_estimate_is_zero_once_hours_until_zero_have_passed(g: float, kg: float, sex: str) -> None:
    after = hours_until_zero(g, weight_kg=kg, sex=sex) * 1.000001 + 1e-9
    assert widmark_bac(g, weight_kg=kg, hours=after, sex=sex) == 0
