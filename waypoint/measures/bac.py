"""Blood alcohol estimates: Widmark's formula and the Watson body-water model.

These are population averages with a large individual error; show a range, never a single
"safe to drive" answer.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from waypoint.measures import _checks
from waypoint.measures._checks import MeasureInputError

# Widmark's distribution factor r (body water share of body weight).
WIDMARK_R: Mapping[str, float] = MappingProxyType({"female": 0.55, "male": 0.68})

# Widmark's elimination rate β, in % (g/100 mL) per hour.
WIDMARK_BETA = 0.015

# Individual error of these estimates is roughly ±40% (see docs/measures.md).
BAC_RELATIVE_ERROR = 0.4

# Watson, Watson & Batt 1981: share of blood that is water, in the BAC = 0.8 × grams / TBW form.
BLOOD_WATER_FRACTION = 0.8


def _peak_bac(grams: float, weight_kg: float, sex: str) -> float:
    """Widmark BAC in % before elimination: grams / (body weight in g × r) × 100."""
    amount = _checks.non_negative(grams, "grams")
    weight = _checks.positive(weight_kg, "weight_kg")
    return amount / (weight * 1000 * WIDMARK_R[_checks.sex(sex)]) * 100


def _beta(beta: float) -> float:
    """The elimination rate, which must be above zero or BAC would never fall."""
    return _checks.positive(beta, "beta")


def widmark_bac(
    grams: float, *, weight_kg: float, hours: float, sex: str, beta: float = WIDMARK_BETA
) -> float:
    """Estimated BAC in % (g/100 mL) hours after the first drink (Widmark), floored at 0."""
    peak = _peak_bac(grams, weight_kg, sex)
    elapsed = _checks.non_negative(hours, "hours")
    return max(0.0, peak - _beta(beta) * elapsed)


def hours_until_zero(
    grams: float, *, weight_kg: float, sex: str, beta: float = WIDMARK_BETA
) -> float:
    """Hours after the first drink until the Widmark estimate reaches 0 (peak BAC / β)."""
    return _peak_bac(grams, weight_kg, sex) / _beta(beta)


def bac_range(
    grams: float,
    *,
    weight_kg: float,
    hours: float,
    sex: str,
    beta: float = WIDMARK_BETA,
    relative_error: float = BAC_RELATIVE_ERROR,
) -> tuple[float, float]:
    """Low and high Widmark BAC in %, with the absorbed amount varied by ±relative_error."""
    peak = _peak_bac(grams, weight_kg, sex)
    elapsed = _checks.non_negative(hours, "hours")
    error = _checks.non_negative(relative_error, "relative_error")
    if error >= 1:
        raise MeasureInputError(f"relative_error must be below 1, got {relative_error!r}")
    # The error sits on the absorbed amount, not on the final figure: otherwise the range would
    # shrink to (0, 0) the moment the central estimate reaches zero, when some people are not.
    eliminated = _beta(beta) * elapsed
    low = max(0.0, peak * (1 - error) - eliminated)
    high = max(0.0, peak * (1 + error) - eliminated)
    return low, high


def watson_total_body_water(
    *, sex: str, weight_kg: float, height_cm: float, age_years: float
) -> float:
    """Total body water in litres (Watson, Watson & Batt 1981); age is unused for women."""
    weight = _checks.positive(weight_kg, "weight_kg")
    height = _checks.positive(height_cm, "height_cm")
    age = _checks.non_negative(age_years, "age_years")
    if _checks.sex(sex) == "female":
        litres = -2.097 + 0.1069 * height + 0.2466 * weight
    else:
        litres = 2.447 - 0.09516 * age + 0.1074 * height + 0.3362 * weight
    if litres <= 0:
        raise MeasureInputError(
            f"weight_kg {weight_kg!r}, height_cm {height_cm!r} and age_years {age_years!r} "
            "are outside the range the Watson formula covers"
        )
    return litres


def watson_bac(
    grams: float,
    *,
    sex: str,
    weight_kg: float,
    height_cm: float,
    age_years: float,
    hours: float,
    beta: float = WIDMARK_BETA,
) -> float:
    """Estimated BAC in % from Watson body water: 0.8 × grams / TBW ‰, less β × hours."""
    amount = _checks.non_negative(grams, "grams")
    elapsed = _checks.non_negative(hours, "hours")
    water = watson_total_body_water(
        sex=sex, weight_kg=weight_kg, height_cm=height_cm, age_years=age_years
    )
    per_mille = BLOOD_WATER_FRACTION * amount / water
    # Parts per thousand to parts per hundred.
    return max(0.0, per_mille / 10 - _beta(beta) * elapsed)
