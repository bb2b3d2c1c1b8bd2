"""Harm reduction measures in plain Python: drinks, WHO levels, TLFB, BAC, screening scores.

No Django here, so the same code serves pages, the API, exports and benchmarks. Sources for
every figure are in docs/measures.md.
"""

from __future__ import annotations

from waypoint.measures._checks import SEXES, MeasureInputError
from waypoint.measures.alcohol import (
    GRAMS_PER_STANDARD_DRINK,
    HEAVY_DAY_GRAMS,
    KCAL_PER_GRAM_ETHANOL,
    STANDARD_DRINK_COUNTRIES,
    WHO_UPPER_BOUNDS,
    WhoRiskLevel,
    alcohol_kcal,
    grams_of_ethanol,
    grams_per_standard_drink,
    is_heavy_drinking_day,
    standard_drinks,
    who_risk_level,
)
from waypoint.measures.bac import (
    bac_range,
    hours_until_zero,
    watson_bac,
    watson_total_body_water,
    widmark_bac,
)
from waypoint.measures.compare import (
    Change,
    DayRecord,
    PeriodSummary,
    compare,
    period_summary,
)
from waypoint.measures.instruments import (
    INSTRUMENTS,
    AuditCResult,
    Band,
    Instrument,
    ReadinessResult,
    ScreeningResult,
    Who5Result,
    score,
    score_audit,
    score_audit_c,
    score_dast10,
    score_gad7,
    score_phq9,
    score_readiness_ruler,
    score_who5,
)
from waypoint.measures.tlfb import TlfbSummary, tlfb_summary

__all__ = [
    "GRAMS_PER_STANDARD_DRINK",
    "HEAVY_DAY_GRAMS",
    "INSTRUMENTS",
    "KCAL_PER_GRAM_ETHANOL",
    "SEXES",
    "STANDARD_DRINK_COUNTRIES",
    "WHO_UPPER_BOUNDS",
    "AuditCResult",
    "Band",
    "Change",
    "DayRecord",
    "Instrument",
    "MeasureInputError",
    "PeriodSummary",
    "ReadinessResult",
    "ScreeningResult",
    "TlfbSummary",
    "Who5Result",
    "WhoRiskLevel",
    "alcohol_kcal",
    "bac_range",
    "compare",
    "grams_of_ethanol",
    "grams_per_standard_drink",
    "hours_until_zero",
    "is_heavy_drinking_day",
    "period_summary",
    "score",
    "score_audit",
    "score_audit_c",
    "score_dast10",
    "score_gad7",
    "score_phq9",
    "score_readiness_ruler",
    "score_who5",
    "standard_drinks",
    "tlfb_summary",
    "watson_bac",
    "watson_total_body_water",
    "who_risk_level",
    "widmark_bac",
]
