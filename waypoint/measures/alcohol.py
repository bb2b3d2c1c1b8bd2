"""Grams of ethanol, standard drinks by country, WHO risk drinking levels, heavy drinking days."""

from __future__ import annotations

from collections.abc import Mapping
from enum import IntEnum
from types import MappingProxyType

from waypoint.measures import _checks
from waypoint.measures._checks import MeasureInputError

# Density of ethanol at 20 °C, in g/mL.
ETHANOL_DENSITY_G_PER_ML = 0.789

# Kalinowski & Humphreys, Addiction 2016, and the national guidelines they collect.
GRAMS_PER_STANDARD_DRINK: Mapping[str, float] = MappingProxyType(
    {
        "US": 14.0,
        "UK": 7.9,  # a UK "unit" is 10 mL of ethanol: 10 × 0.789 = 7.89, published as 7.9 g
        "AU": 10.0,
        "NZ": 10.0,
        "IE": 10.0,
        "CA": 13.45,
        "WHO": 10.0,  # also the drink size the AUDIT questions assume
        "NL": 10.0,
        "DK": 12.0,
        "JP": 20.0,
        "AT": 20.0,
    }
)

_COUNTRY_NAMES: Mapping[str, str] = {
    "US": "United States",
    "UK": "United Kingdom",
    "AU": "Australia",
    "NZ": "New Zealand",
    "IE": "Ireland",
    "CA": "Canada",
    "WHO": "World Health Organization",
    "NL": "Netherlands",
    "DK": "Denmark",
    "JP": "Japan",
    "AT": "Austria",
}

# Built from the grams table so a label can never disagree with the value it names.
STANDARD_DRINK_COUNTRIES: Mapping[str, str] = MappingProxyType(
    {
        code: f"{_COUNTRY_NAMES[code]} ({grams:g} g)"
        for code, grams in GRAMS_PER_STANDARD_DRINK.items()
    }
)

# NIAAA: 4 or more US standard drinks (4 × 14 g) for women, 5 or more (5 × 14 g) for men.
HEAVY_DAY_GRAMS: Mapping[str, float] = MappingProxyType({"female": 56.0, "male": 70.0})

# WHO 2000 International Guide (as tabulated by Hasin et al. 2017): upper bound in mean grams
# per day of LOW, MEDIUM and HIGH; above the last is VERY_HIGH.
WHO_UPPER_BOUNDS: Mapping[str, tuple[float, float, float]] = MappingProxyType(
    {"female": (20.0, 40.0, 60.0), "male": (40.0, 60.0, 100.0)}
)

# Grams summed from many entries carry float noise (20.000000000000004); a gram threshold is
# treated as reached within this margin, a millionth of a milligram.
GRAMS_TOLERANCE = 1e-9


class WhoRiskLevel(IntEnum):
    """WHO risk drinking level by mean grams of ethanol per day (WHO 2000; Hasin et al. 2017)."""

    ABSTINENT = 0
    LOW = 1
    MEDIUM = 2
    HIGH = 3
    VERY_HIGH = 4

    @property
    def label(self) -> str:
        """Plain words for the level."""
        return _LEVEL_LABELS[self]


_LEVEL_LABELS: Mapping[WhoRiskLevel, str] = {
    WhoRiskLevel.ABSTINENT: "no drinking",
    WhoRiskLevel.LOW: "low",
    WhoRiskLevel.MEDIUM: "medium",
    WhoRiskLevel.HIGH: "high",
    WhoRiskLevel.VERY_HIGH: "very high",
}


def grams_of_ethanol(volume_ml: float, abv_percent: float) -> float:
    """Grams of ethanol in a drink: volume × ABV / 100 × 0.789 g/mL (density of ethanol)."""
    volume = _checks.non_negative(volume_ml, "volume_ml")
    abv = _checks.number(abv_percent, "abv_percent")
    if not 0 <= abv <= 100:
        raise MeasureInputError(f"abv_percent must be between 0 and 100, got {abv_percent!r}")
    return volume * abv / 100 * ETHANOL_DENSITY_G_PER_ML


# Energy in ethanol: about 7 kcal per gram (Atwater's factor, 7.1; rounded as USDA and the NHS
# do). Mixers, sugar and the drink's own carbohydrate add more, so this is a floor.
KCAL_PER_GRAM_ETHANOL = 7.0


def alcohol_kcal(grams: float) -> float:
    """Kilocalories from the alcohol itself: grams of ethanol x 7 (mixers not included)."""
    return _checks.non_negative(grams, "grams") * KCAL_PER_GRAM_ETHANOL


def grams_per_standard_drink(country: str) -> float:
    """Grams of ethanol in one standard drink of country (Kalinowski & Humphreys 2016)."""
    try:
        return GRAMS_PER_STANDARD_DRINK[country]
    except (KeyError, TypeError):
        known = ", ".join(GRAMS_PER_STANDARD_DRINK)
        raise MeasureInputError(f"unknown country {country!r}; known: {known}") from None


def standard_drinks(grams: float, *, country: str = "US") -> float:
    """Grams of ethanol expressed in country's standard drinks (Kalinowski & Humphreys 2016)."""
    size = grams_per_standard_drink(country)
    return _checks.non_negative(grams, "grams") / size


def who_risk_level(mean_grams_per_day: float, *, sex: str) -> WhoRiskLevel:
    """WHO risk drinking level for a mean daily intake (WHO 2000; Hasin et al. 2017)."""
    mean = _checks.non_negative(mean_grams_per_day, "mean_grams_per_day")
    bounds = WHO_UPPER_BOUNDS[_checks.sex(sex)]
    if mean == 0:
        return WhoRiskLevel.ABSTINENT
    for level, upper in zip(
        (WhoRiskLevel.LOW, WhoRiskLevel.MEDIUM, WhoRiskLevel.HIGH), bounds, strict=True
    ):
        # The WHO bands read ">20 to 40": a mean exactly on an upper bound is in the lower level.
        if mean <= upper + GRAMS_TOLERANCE:
            return level
    return WhoRiskLevel.VERY_HIGH


def is_heavy_drinking_day(grams: float, *, sex: str) -> bool:
    """True when a day's grams reach the NIAAA heavy drinking day threshold (56 g F, 70 g M)."""
    threshold = HEAVY_DAY_GRAMS[_checks.sex(sex)]
    return _checks.non_negative(grams, "grams") >= threshold - GRAMS_TOLERANCE
