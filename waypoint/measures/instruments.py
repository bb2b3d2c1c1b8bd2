"""Scoring of screening instruments: AUDIT, AUDIT-C, DAST-10, PHQ-9, GAD-7, WHO-5, readiness.

Only scoring lives here. Item texts are left out: DAST-10's are copyrighted, and the others
belong to the questionnaire UI.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType

from waypoint.measures import _checks
from waypoint.measures._checks import MeasureInputError


@dataclass(frozen=True, slots=True)
class Band:
    """A named range of totals, both ends included."""

    low: int
    high: int
    label: str


@dataclass(frozen=True, slots=True)
class Instrument:
    """What a UI or a FHIR export needs to know about an instrument, without its item texts."""

    key: str
    name: str
    source: str
    item_count: int
    allowed_values: tuple[tuple[int, ...], ...]  # per item, in item order; DAST-10 uses bools
    score_range: tuple[int, int]
    bands: tuple[Band, ...]
    loinc_panel: str | None
    loinc_total: str | None
    loinc_items: tuple[tuple[int, str], ...] = ()  # (item number from 1, LOINC code) where known
    item_names: tuple[str, ...] = ()  # names for error messages where items are not numbered


@dataclass(frozen=True, slots=True)
class ScreeningResult:
    """A scored instrument: total, band label and machine flags (e.g. "self_harm")."""

    instrument: str
    total: int
    band: str
    flags: frozenset[str]


@dataclass(frozen=True, slots=True)
class AuditCResult(ScreeningResult):
    """AUDIT-C result; positive uses the sex-specific cut-off."""

    positive: bool


@dataclass(frozen=True, slots=True)
class Who5Result(ScreeningResult):
    """WHO-5 result; percent is the raw total × 4, on the 0-100 scale the cut-offs use."""

    percent: int


@dataclass(frozen=True, slots=True)
class ReadinessResult:
    """Readiness ruler answers: a conversation starter, so no total, band or flags."""

    instrument: str
    importance: int
    confidence: int
    readiness: int
    band: str = ""
    flags: frozenset[str] = frozenset()
    total: None = None


_ZERO_TO_4 = tuple(range(5))
_ZERO_TO_3 = tuple(range(4))
_YES_NO = (False, True)

# AUDIT-C positive from this total (Bradley et al. 2007, as in the project guide).
AUDIT_C_POSITIVE: Mapping[str, int] = MappingProxyType({"female": 3, "male": 4})

# DAST-10 item 3 (zero-based 2) is reverse scored: "no" counts 1 (Skinner 1982).
_DAST10_REVERSED_ITEM = 2

INSTRUMENTS: Mapping[str, Instrument] = MappingProxyType(
    {
        "audit": Instrument(
            key="audit",
            name="AUDIT",
            source="Babor, Higgins-Biddle, Saunders & Monteiro, WHO 2001",
            item_count=10,
            allowed_values=(_ZERO_TO_4,) * 8 + ((0, 2, 4),) * 2,
            score_range=(0, 40),
            bands=(
                Band(0, 7, "zone I"),
                Band(8, 15, "zone II"),
                Band(16, 19, "zone III"),
                Band(20, 40, "zone IV"),
            ),
            loinc_panel="72110-0",
            loinc_total="75624-7",
        ),
        "audit_c": Instrument(
            key="audit_c",
            name="AUDIT-C",
            source="Bush et al. 1998; cut-offs Bradley et al. 2007",
            item_count=3,
            allowed_values=(_ZERO_TO_4,) * 3,
            score_range=(0, 12),
            bands=(),  # positive or negative, by sex: see AUDIT_C_POSITIVE
            loinc_panel="72109-2",
            loinc_total="75626-2",
        ),
        "dast10": Instrument(
            key="dast10",
            name="DAST-10",
            source="Skinner 1982",
            item_count=10,
            allowed_values=(_YES_NO,) * 10,
            score_range=(0, 10),
            bands=(
                Band(0, 0, "none"),
                Band(1, 2, "low"),
                Band(3, 5, "moderate"),
                Band(6, 8, "substantial"),
                Band(9, 10, "severe"),
            ),
            loinc_panel="82666-9",
            loinc_total="82667-7",
        ),
        "phq9": Instrument(
            key="phq9",
            name="PHQ-9",
            source="Kroenke, Spitzer & Williams 2001",
            item_count=9,
            allowed_values=(_ZERO_TO_3,) * 9,
            score_range=(0, 27),
            bands=(
                Band(0, 4, "none or minimal"),
                Band(5, 9, "mild"),
                Band(10, 14, "moderate"),
                Band(15, 19, "moderately severe"),
                Band(20, 27, "severe"),
            ),
            loinc_panel="44249-1",
            loinc_total="44261-6",
            loinc_items=((9, "44260-8"),),
        ),
        "gad7": Instrument(
            key="gad7",
            name="GAD-7",
            source="Spitzer, Kroenke, Williams & Löwe 2006",
            item_count=7,
            allowed_values=(_ZERO_TO_3,) * 7,
            score_range=(0, 21),
            bands=(
                Band(0, 4, "minimal"),
                Band(5, 9, "mild"),
                Band(10, 14, "moderate"),
                Band(15, 21, "severe"),
            ),
            loinc_panel="69737-5",
            loinc_total="70274-6",
        ),
        "who5": Instrument(
            key="who5",
            name="WHO-5 Well-Being Index",
            source="WHO Regional Office for Europe 1998; cut-offs Topp et al. 2015",
            item_count=5,
            allowed_values=(tuple(range(6)),) * 5,
            score_range=(0, 25),
            # On the raw total: percent ≤ 28 is raw ≤ 7, percent ≤ 50 is raw ≤ 12.
            bands=(
                Band(0, 7, "very low wellbeing"),
                Band(8, 12, "low wellbeing"),
                Band(13, 25, "good wellbeing"),
            ),
            loinc_panel=None,
            loinc_total=None,
        ),
        "readiness": Instrument(
            key="readiness",
            name="Readiness ruler",
            source="Miller & Rollnick, motivational interviewing",
            item_count=3,
            allowed_values=(tuple(range(11)),) * 3,
            score_range=(0, 10),
            bands=(),
            loinc_panel=None,
            loinc_total=None,
            item_names=("importance", "confidence", "readiness"),
        ),
    }
)


def _describe(allowed: tuple[int, ...]) -> str:
    """Allowed values in words: "between 0 and 4" or "0, 2 or 4"."""
    if allowed == tuple(range(allowed[0], allowed[-1] + 1)):
        return f"between {allowed[0]} and {allowed[-1]}"
    return ", ".join(map(str, allowed[:-1])) + f" or {allowed[-1]}"


def _answers(instrument: Instrument, answers: object) -> tuple[int, ...]:
    """The answers as a tuple after checking count, type and range of each item."""
    name = instrument.name
    if not isinstance(answers, Sequence) or isinstance(answers, str | bytes):
        raise MeasureInputError(f"{name} answers must be a list, got {answers!r}")
    if len(answers) != instrument.item_count:
        raise MeasureInputError(f"{name} needs {instrument.item_count} answers, got {len(answers)}")
    for number, (value, allowed) in enumerate(
        zip(answers, instrument.allowed_values, strict=True), 1
    ):
        item = instrument.item_names[number - 1] if instrument.item_names else f"item {number}"
        if type(allowed[0]) is bool:
            if not isinstance(value, bool):
                raise MeasureInputError(
                    f"{name} {item} must be True (yes) or False (no), got {value!r}"
                )
        elif isinstance(value, bool) or not isinstance(value, int):
            raise MeasureInputError(f"{name} {item} must be a whole number, got {value!r}")
        elif value not in allowed:
            raise MeasureInputError(f"{name} {item} must be {_describe(allowed)}, got {value}")
    return tuple(answers)


def _band(instrument: Instrument, total: int) -> str:
    """The label of the band that holds total."""
    for band in instrument.bands:
        if band.low <= total <= band.high:
            return band.label
    raise AssertionError(f"{instrument.name} bands do not cover {total}")  # a table typo


def _banded(key: str, total: int, flags: frozenset[str] = frozenset()) -> ScreeningResult:
    """A ScreeningResult for key with the band looked up from its table."""
    instrument = INSTRUMENTS[key]
    return ScreeningResult(key, total, _band(instrument, total), flags)


def score_audit(answers: Sequence[int]) -> ScreeningResult:
    """AUDIT total 0-40 and WHO risk zone I-IV (Babor et al., WHO 2001)."""
    return _banded("audit", sum(_answers(INSTRUMENTS["audit"], answers)))


def score_audit_c(answers: Sequence[int], *, sex: str) -> AuditCResult:
    """AUDIT-C total 0-12, positive at ≥4 for men and ≥3 for women (Bush 1998; Bradley 2007)."""
    total = sum(_answers(INSTRUMENTS["audit_c"], answers))
    positive = total >= AUDIT_C_POSITIVE[_checks.sex(sex)]
    return AuditCResult(
        instrument="audit_c",
        total=total,
        band="positive" if positive else "negative",
        flags=frozenset({"positive"}) if positive else frozenset(),
        positive=positive,
    )


def score_dast10(answers: Sequence[bool]) -> ScreeningResult:
    """DAST-10 total 0-10, yes = 1 except item 3 where no = 1 (Skinner 1982)."""
    checked = _answers(INSTRUMENTS["dast10"], answers)
    total = sum(
        (not yes) if number == _DAST10_REVERSED_ITEM else yes for number, yes in enumerate(checked)
    )
    return _banded("dast10", total)


def score_phq9(answers: Sequence[int]) -> ScreeningResult:
    """PHQ-9 total 0-27 and severity; flag "self_harm" when item 9 > 0 (Kroenke et al. 2001)."""
    checked = _answers(INSTRUMENTS["phq9"], answers)
    # Item 9 asks about thoughts of self-harm: any answer above 0 must bring up crisis resources.
    flags = frozenset({"self_harm"}) if checked[8] > 0 else frozenset()
    return _banded("phq9", sum(checked), flags)


def score_gad7(answers: Sequence[int]) -> ScreeningResult:
    """GAD-7 total 0-21 and severity (Spitzer et al. 2006)."""
    return _banded("gad7", sum(_answers(INSTRUMENTS["gad7"], answers)))


def score_who5(answers: Sequence[int]) -> Who5Result:
    """WHO-5 raw 0-25 and percent = raw × 4; ≤50 low, ≤28 very low wellbeing (Topp et al. 2015)."""
    instrument = INSTRUMENTS["who5"]
    total = sum(_answers(instrument, answers))
    percent = total * 4
    flags: set[str] = set()
    if percent <= 50:
        flags.add("low_wellbeing")
    if percent <= 28:
        flags.add("likely_depression")
    return Who5Result(
        instrument="who5",
        total=total,
        band=_band(instrument, total),
        flags=frozenset(flags),
        percent=percent,
    )


def score_readiness_ruler(importance: int, confidence: int, readiness: int) -> ReadinessResult:
    """Readiness ruler, three 0-10 answers kept as they are (Miller & Rollnick)."""
    _answers(INSTRUMENTS["readiness"], (importance, confidence, readiness))
    return ReadinessResult("readiness", importance, confidence, readiness)


def _score_readiness(answers: Sequence[int]) -> ReadinessResult:
    """Readiness ruler from a list of (importance, confidence, readiness), for score()."""
    importance, confidence, readiness = _answers(INSTRUMENTS["readiness"], answers)
    return ReadinessResult("readiness", importance, confidence, readiness)


_SCORERS: Mapping[str, Callable[..., ScreeningResult | ReadinessResult]] = MappingProxyType(
    {
        "audit": score_audit,
        "audit_c": score_audit_c,
        "dast10": score_dast10,
        "phq9": score_phq9,
        "gad7": score_gad7,
        "who5": score_who5,
        "readiness": _score_readiness,
    }
)

_OPTIONS: Mapping[str, frozenset[str]] = MappingProxyType({"audit_c": frozenset({"sex"})})


def score(key: str, answers: Sequence[int], **options: str) -> ScreeningResult | ReadinessResult:
    """Score the instrument named by key (see INSTRUMENTS); readiness takes its 3 answers."""
    scorer = _SCORERS.get(key)
    if scorer is None:
        raise MeasureInputError(f"unknown instrument {key!r}; known: {', '.join(INSTRUMENTS)}")
    expected = _OPTIONS.get(key, frozenset())
    if set(options) != expected:
        wanted = ", ".join(sorted(expected)) or "no options"
        raise MeasureInputError(f"{INSTRUMENTS[key].name} takes {wanted}, got {sorted(options)}")
    return scorer(answers, **options)
