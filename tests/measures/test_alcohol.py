"""Grams of ethanol, standard drinks, WHO risk levels and heavy drinking days."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from waypoint.measures import (
    GRAMS_PER_STANDARD_DRINK,
    STANDARD_DRINK_COUNTRIES,
    MeasureInputError,
    WhoRiskLevel,
    grams_of_ethanol,
    is_heavy_drinking_day,
    standard_drinks,
    who_risk_level,
)


def test_a_can_of_beer_holds_about_fourteen_grams() -> None:
    # 355 mL × 5 / 100 = 17.75 mL of ethanol; × 0.789 g/mL = 14.00475 g
    assert grams_of_ethanol(355, 5) == pytest.approx(14.00475)


def test_a_glass_of_wine_in_grams() -> None:
    # 150 mL × 12 / 100 = 18 mL; 18 × 0.789 = 14.202 g
    assert grams_of_ethanol(150, 12.0) == pytest.approx(14.202)


def test_no_volume_or_no_alcohol_means_no_grams() -> None:
    assert grams_of_ethanol(0, 40) == 0
    assert grams_of_ethanol(500, 0) == 0


def test_pure_ethanol_weighs_its_density() -> None:
    # 100 mL at 100% is 100 mL of ethanol: 100 × 0.789 = 78.9 g
    assert grams_of_ethanol(100, 100) == pytest.approx(78.9)


def test_twenty_eight_grams_is_two_us_drinks_and_about_three_and_a_half_uk_units() -> None:
    assert standard_drinks(28) == pytest.approx(2.0)  # 28 / 14
    assert standard_drinks(28, country="UK") == pytest.approx(28 / 7.9)  # 3.544...
    assert standard_drinks(28, country="JP") == pytest.approx(1.4)  # 28 / 20


def test_standard_drink_sizes_follow_the_guide() -> None:
    assert dict(GRAMS_PER_STANDARD_DRINK) == {
        "US": 14,
        "UK": 7.9,
        "AU": 10,
        "NZ": 10,
        "IE": 10,
        "CA": 13.45,
        "WHO": 10,
        "NL": 10,
        "DK": 12,
        "JP": 20,
        "AT": 20,
    }


def test_country_labels_name_every_country_with_its_grams() -> None:
    assert set(STANDARD_DRINK_COUNTRIES) == set(GRAMS_PER_STANDARD_DRINK)
    assert STANDARD_DRINK_COUNTRIES["US"] == "United States (14 g)"
    assert STANDARD_DRINK_COUNTRIES["UK"] == "United Kingdom (7.9 g)"
    assert STANDARD_DRINK_COUNTRIES["CA"] == "Canada (13.45 g)"


def test_standard_drink_table_cannot_be_changed_by_accident() -> None:
    with pytest.raises(TypeError):
        GRAMS_PER_STANDARD_DRINK["US"] = 10  # type: ignore[index]


@pytest.mark.parametrize(
    ("volume", "abv", "message"),
    [
        (-1, 5, "volume_ml must not be negative"),
        (330, -0.1, "abv_percent must be between 0 and 100"),
        (330, 100.5, "abv_percent must be between 0 and 100"),
        ("330", 5, "volume_ml must be a number"),
        (330, None, "abv_percent must be a number"),
        (True, 5, "volume_ml must be a number"),
        (math.nan, 5, "volume_ml must be a finite number"),
        (330, math.inf, "abv_percent must be a finite number"),
    ],
)
def test_grams_of_ethanol_refuses_bad_input(volume: object, abv: object, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        grams_of_ethanol(volume, abv)  # type: ignore[arg-type]


def test_standard_drinks_refuses_unknown_country_and_negative_grams() -> None:
    with pytest.raises(ValueError, match="unknown country 'FR'"):
        standard_drinks(14, country="FR")
    with pytest.raises(ValueError, match="unknown country 'us'"):
        standard_drinks(14, country="us")
    with pytest.raises(ValueError, match="grams must not be negative"):
        standard_drinks(-14)


def test_bad_input_error_is_a_value_error_of_its_own() -> None:
    with pytest.raises(MeasureInputError):
        standard_drinks(-1)
    assert issubclass(MeasureInputError, ValueError)


def test_zero_grams_is_abstinent_for_both_sexes() -> None:
    assert who_risk_level(0, sex="female") is WhoRiskLevel.ABSTINENT
    assert who_risk_level(0, sex="male") is WhoRiskLevel.ABSTINENT


# (sex, upper bound of the level, the level, the next level up): WHO 2000 table.
WHO_BOUNDS = [
    ("female", 20, WhoRiskLevel.LOW, WhoRiskLevel.MEDIUM),
    ("female", 40, WhoRiskLevel.MEDIUM, WhoRiskLevel.HIGH),
    ("female", 60, WhoRiskLevel.HIGH, WhoRiskLevel.VERY_HIGH),
    ("male", 40, WhoRiskLevel.LOW, WhoRiskLevel.MEDIUM),
    ("male", 60, WhoRiskLevel.MEDIUM, WhoRiskLevel.HIGH),
    ("male", 100, WhoRiskLevel.HIGH, WhoRiskLevel.VERY_HIGH),
]


@pytest.mark.parametrize(("sex", "bound", "level", "above"), WHO_BOUNDS)
def test_value_on_upper_bound_belongs_to_lower_level(
    sex: str, bound: float, level: WhoRiskLevel, above: WhoRiskLevel
) -> None:
    assert who_risk_level(bound, sex=sex) is level
    assert who_risk_level(bound + 0.001, sex=sex) is above


def test_float_noise_on_an_upper_bound_does_not_raise_the_level() -> None:
    noisy_twenty = 0.1 * 3 / 0.3 * 20  # 20.000000000000004 in floating point
    assert noisy_twenty > 20
    assert who_risk_level(noisy_twenty, sex="female") is WhoRiskLevel.LOW


def test_any_drinking_at_all_is_at_least_low() -> None:
    assert who_risk_level(0.01, sex="female") is WhoRiskLevel.LOW
    assert who_risk_level(0.01, sex="male") is WhoRiskLevel.LOW


def test_levels_have_plain_labels() -> None:
    assert [level.label for level in WhoRiskLevel] == [
        "no drinking",
        "low",
        "medium",
        "high",
        "very high",
    ]
    assert [int(level) for level in WhoRiskLevel] == [0, 1, 2, 3, 4]


@pytest.mark.parametrize(
    ("grams", "sex", "message"),
    [
        (-1, "male", "mean_grams_per_day must not be negative"),
        (10, "other", "sex must be 'female' or 'male', got 'other'"),
        (10, "Male", "sex must be 'female' or 'male'"),
        ("10", "male", "mean_grams_per_day must be a number"),
    ],
)
def test_who_risk_level_refuses_bad_input(grams: object, sex: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        who_risk_level(grams, sex=sex)  # type: ignore[arg-type]


@given(st.floats(min_value=0, max_value=500), st.floats(min_value=0, max_value=500))
def test_more_grams_never_means_a_lower_level(a: float, b: float) -> None:
    low, high = sorted((a, b))
    for sex in ("female", "male"):
        assert who_risk_level(low, sex=sex) <= who_risk_level(high, sex=sex)


@given(st.floats(min_value=0, max_value=500))
def test_women_are_never_at_a_lower_level_than_men_for_the_same_grams(grams: float) -> None:
    assert who_risk_level(grams, sex="female") >= who_risk_level(grams, sex="male")


def test_heavy_day_starts_at_four_us_drinks_for_women_and_five_for_men() -> None:
    # NIAAA: 4 × 14 = 56 g for women, 5 × 14 = 70 g for men
    assert is_heavy_drinking_day(56, sex="female")
    assert not is_heavy_drinking_day(55.9, sex="female")
    assert is_heavy_drinking_day(70, sex="male")
    assert not is_heavy_drinking_day(69.9, sex="male")
    assert not is_heavy_drinking_day(56, sex="male")


def test_heavy_day_threshold_tolerates_float_noise_below_it() -> None:
    four_drinks = sum([0.1] * 10) * 56  # 55.99999999999999 in floating point
    assert four_drinks < 56
    assert is_heavy_drinking_day(four_drinks, sex="female")
