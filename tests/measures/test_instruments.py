"""Screening instruments: totals, bands at every boundary, flags, bad answers, metadata."""

from __future__ import annotations

from collections.abc import Callable, Sequence

import pytest
from hypothesis import given
from hypothesis import strategies as st

from waypoint.measures import (
    INSTRUMENTS,
    AuditCResult,
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


def answers_totalling(total: int, maximums: Sequence[int], step: int = 1) -> list[int]:
    """Fill items from the first, each up to its maximum, until they add up to total."""
    answers = []
    left = total
    for maximum in maximums:
        value = min(left, maximum) // step * step
        answers.append(value)
        left -= value
    assert left == 0, f"cannot reach {total}"
    return answers


# ---- AUDIT -----------------------------------------------------------------------------------


def test_audit_worked_example() -> None:
    # 4 + 3 + 2 + 1 + 0 + 0 + 1 + 2 (items 1-8) + 2 + 4 (items 9-10) = 19
    result = score_audit([4, 3, 2, 1, 0, 0, 1, 2, 2, 4])
    assert result == ScreeningResult("audit", 19, "zone III", frozenset())


@pytest.mark.parametrize(
    ("total", "band"),
    [
        (0, "zone I"),
        (7, "zone I"),
        (8, "zone II"),
        (15, "zone II"),
        (16, "zone III"),
        (19, "zone III"),
        (20, "zone IV"),
        (40, "zone IV"),
    ],
)
def test_audit_zone_boundaries(total: int, band: str) -> None:
    # items 1-8 up to 4 each (32), then items 9-10 in steps of 2 for what is left
    first = answers_totalling(min(total, 32), [4] * 8)
    last = answers_totalling(total - sum(first), [4, 4], step=2)
    result = score_audit(first + last)
    assert (result.total, result.band) == (total, band)


@pytest.mark.parametrize(
    ("answers", "message"),
    [
        ([0] * 9, "AUDIT needs 10 answers, got 9"),
        ([0] * 11, "AUDIT needs 10 answers, got 11"),
        ([0] * 8 + [3, 0], "AUDIT item 9 must be 0, 2 or 4, got 3"),
        ([0] * 8 + [0, 1], "AUDIT item 10 must be 0, 2 or 4, got 1"),
        ([5] + [0] * 9, "AUDIT item 1 must be between 0 and 4, got 5"),
        ([0, -1] + [0] * 8, "AUDIT item 2 must be between 0 and 4, got -1"),
        ([0, 0, "2"] + [0] * 7, "AUDIT item 3 must be a whole number, got '2'"),
        ([0, 0, 0, 1.0] + [0] * 6, "AUDIT item 4 must be a whole number, got 1.0"),
        ([True] + [0] * 9, "AUDIT item 1 must be a whole number, got True"),
        ("0000000000", "AUDIT answers must be a list"),
        (None, "AUDIT answers must be a list"),
    ],
)
def test_audit_refuses_bad_answers(answers: object, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        score_audit(answers)  # type: ignore[arg-type]


# ---- AUDIT-C ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("answers", "sex", "positive"),
    [
        ([1, 1, 0], "female", False),  # 2 < 3
        ([1, 1, 1], "female", True),  # 3 ≥ 3
        ([1, 1, 1], "male", False),  # 3 < 4
        ([2, 1, 1], "male", True),  # 4 ≥ 4
        ([0, 0, 0], "male", False),
        ([4, 4, 4], "female", True),  # 12, the maximum
    ],
)
def test_audit_c_cut_off_differs_by_sex(answers: list[int], sex: str, positive: bool) -> None:
    result = score_audit_c(answers, sex=sex)
    assert result.total == sum(answers)
    assert result.positive is positive
    assert result.band == ("positive" if positive else "negative")
    assert ("positive" in result.flags) is positive


def test_audit_c_refuses_bad_answers_and_unknown_sex() -> None:
    with pytest.raises(ValueError, match="AUDIT-C needs 3 answers, got 10"):
        score_audit_c([0] * 10, sex="male")
    with pytest.raises(ValueError, match="AUDIT-C item 3 must be between 0 and 4, got 5"):
        score_audit_c([0, 0, 5], sex="male")
    with pytest.raises(ValueError, match="sex must be 'female' or 'male'"):
        score_audit_c([0, 0, 0], sex="")


# ---- DAST-10 ---------------------------------------------------------------------------------


def test_dast10_all_no_scores_one_for_the_reverse_scored_item() -> None:
    # "no" to item 3 counts 1; every other "no" counts 0
    result = score_dast10([False] * 10)
    assert (result.total, result.band) == (1, "low")


def test_dast10_all_yes_scores_nine() -> None:
    # nine "yes" answers count 1 each; "yes" to item 3 counts 0
    result = score_dast10([True] * 10)
    assert (result.total, result.band) == (9, "severe")


def test_dast10_only_item_3_yes_scores_zero() -> None:
    answers = [False] * 10
    answers[2] = True
    assert score_dast10(answers).band == "none"
    assert score_dast10(answers).total == 0


def dast_answers(total: int) -> list[bool]:
    """Answers worth total: item 3 "yes" (0) then as many other "yes" as needed, or item 3 "no"."""
    answers = [False] * 10
    answers[2] = True  # worth 0
    others = [i for i in range(10) if i != 2]
    if total == 10:
        answers = [True] * 10
        answers[2] = False
        return answers
    for i in others[:total]:
        answers[i] = True
    return answers


@pytest.mark.parametrize(
    ("total", "band"),
    [
        (0, "none"),
        (1, "low"),
        (2, "low"),
        (3, "moderate"),
        (5, "moderate"),
        (6, "substantial"),
        (8, "substantial"),
        (9, "severe"),
        (10, "severe"),
    ],
)
def test_dast10_band_boundaries(total: int, band: str) -> None:
    result = score_dast10(dast_answers(total))
    assert (result.total, result.band) == (total, band)


def test_dast10_refuses_numbers_and_wrong_length() -> None:
    with pytest.raises(
        ValueError, match=r"DAST-10 item 4 must be True \(yes\) or False \(no\), got 1"
    ):
        score_dast10([False, False, False, 1, False, False, False, False, False, False])  # type: ignore[list-item]
    with pytest.raises(ValueError, match="DAST-10 needs 10 answers, got 3"):
        score_dast10([True, True, True])


# ---- PHQ-9 -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("total", "band"),
    [
        (0, "none or minimal"),
        (4, "none or minimal"),
        (5, "mild"),
        (9, "mild"),
        (10, "moderate"),
        (14, "moderate"),
        (15, "moderately severe"),
        (19, "moderately severe"),
        (20, "severe"),
        (27, "severe"),
    ],
)
def test_phq9_band_boundaries(total: int, band: str) -> None:
    # items 1-8 first, so item 9 stays 0 unless the total needs it (only at 25 and above)
    result = score_phq9(answers_totalling(total, [3] * 9))
    assert (result.total, result.band) == (total, band)


def test_phq9_any_answer_above_zero_on_item_9_flags_self_harm() -> None:
    # 0 × 8 + 1 = 1: the lowest total still raises the flag
    result = score_phq9([0] * 8 + [1])
    assert result.total == 1
    assert result.band == "none or minimal"
    assert result.flags == frozenset({"self_harm"})


def test_phq9_without_item_9_has_no_flag_even_when_severe() -> None:
    result = score_phq9([3] * 8 + [0])  # 24
    assert (result.total, result.band, result.flags) == (24, "severe", frozenset())


def test_phq9_refuses_answers_above_three() -> None:
    with pytest.raises(ValueError, match="PHQ-9 item 9 must be between 0 and 3, got 4"):
        score_phq9([0] * 8 + [4])


# ---- GAD-7 -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("total", "band"),
    [
        (0, "minimal"),
        (4, "minimal"),
        (5, "mild"),
        (9, "mild"),
        (10, "moderate"),
        (14, "moderate"),
        (15, "severe"),
        (21, "severe"),
    ],
)
def test_gad7_band_boundaries(total: int, band: str) -> None:
    result = score_gad7(answers_totalling(total, [3] * 7))
    assert (result.total, result.band, result.flags) == (total, band, frozenset())


def test_gad7_refuses_wrong_length_and_out_of_range() -> None:
    with pytest.raises(ValueError, match="GAD-7 needs 7 answers, got 9"):
        score_gad7([0] * 9)
    with pytest.raises(ValueError, match="GAD-7 item 7 must be between 0 and 3, got -1"):
        score_gad7([0] * 6 + [-1])


# ---- WHO-5 -----------------------------------------------------------------------------------


def test_who5_percent_is_raw_times_four() -> None:
    # 3 + 3 + 2 + 4 + 1 = 13; 13 × 4 = 52
    result = score_who5([3, 3, 2, 4, 1])
    assert isinstance(result, Who5Result)
    assert (result.total, result.percent) == (13, 52)
    assert result.band == "good wellbeing"
    assert result.flags == frozenset()


@pytest.mark.parametrize(
    ("raw", "percent", "band", "flags"),
    [
        (0, 0, "very low wellbeing", {"low_wellbeing", "likely_depression"}),
        (7, 28, "very low wellbeing", {"low_wellbeing", "likely_depression"}),  # ≤ 28
        (8, 32, "low wellbeing", {"low_wellbeing"}),
        (12, 48, "low wellbeing", {"low_wellbeing"}),  # ≤ 50
        (13, 52, "good wellbeing", set()),
        (25, 100, "good wellbeing", set()),
    ],
)
def test_who5_band_boundaries(raw: int, percent: int, band: str, flags: set[str]) -> None:
    result = score_who5(answers_totalling(raw, [5] * 5))
    assert (result.total, result.percent, result.band, result.flags) == (
        raw,
        percent,
        band,
        frozenset(flags),
    )


def test_who5_refuses_answers_above_five() -> None:
    with pytest.raises(ValueError, match="WHO-5 Well-Being Index item 2 must be between 0 and 5"):
        score_who5([0, 6, 0, 0, 0])


# ---- Readiness ruler -------------------------------------------------------------------------


def test_readiness_ruler_keeps_the_three_answers_without_a_total() -> None:
    result = score_readiness_ruler(8, 4, 6)
    assert result == ReadinessResult("readiness", 8, 4, 6)
    assert (result.total, result.band, result.flags) == (None, "", frozenset())


def test_readiness_ruler_names_the_answer_out_of_range() -> None:
    with pytest.raises(
        ValueError, match="Readiness ruler confidence must be between 0 and 10, got 11"
    ):
        score_readiness_ruler(0, 11, 0)
    with pytest.raises(ValueError, match="Readiness ruler importance must be a whole number"):
        score_readiness_ruler(7.5, 0, 0)  # type: ignore[arg-type]


# ---- Dispatcher and metadata -----------------------------------------------------------------


def test_score_dispatches_by_key() -> None:
    assert score("gad7", [1] * 7) == score_gad7([1] * 7)
    assert score("audit_c", [2, 1, 1], sex="male") == score_audit_c([2, 1, 1], sex="male")
    assert score("readiness", [8, 4, 6]) == score_readiness_ruler(8, 4, 6)
    assert isinstance(score("audit_c", [0, 0, 0], sex="female"), AuditCResult)


def test_score_refuses_unknown_keys_and_options() -> None:
    with pytest.raises(ValueError, match="unknown instrument 'cage'"):
        score("cage", [0] * 4)
    with pytest.raises(ValueError, match="AUDIT-C takes sex"):
        score("audit_c", [0, 0, 0])
    with pytest.raises(ValueError, match="PHQ-9 takes no options"):
        score("phq9", [0] * 9, sex="female")
    with pytest.raises(ValueError, match="Readiness ruler needs 3 answers, got 2"):
        score("readiness", [1, 2])


def test_loinc_codes_follow_the_guide() -> None:
    codes = {key: (i.loinc_panel, i.loinc_total) for key, i in INSTRUMENTS.items()}
    assert codes == {
        "audit": ("72110-0", "75624-7"),
        "audit_c": ("72109-2", "75626-2"),
        "dast10": ("82666-9", "82667-7"),
        "phq9": ("44249-1", "44261-6"),
        "gad7": ("69737-5", "70274-6"),
        "who5": (None, None),
        "readiness": (None, None),
    }
    assert dict(INSTRUMENTS["phq9"].loinc_items) == {9: "44260-8"}


@pytest.mark.parametrize("key", sorted(INSTRUMENTS))
def test_metadata_agrees_with_itself(key: str) -> None:
    instrument = INSTRUMENTS[key]
    assert instrument.key == key
    assert len(instrument.allowed_values) == instrument.item_count
    low, high = instrument.score_range
    if instrument.bands:
        # bands cover the range with no gap and no overlap
        assert instrument.bands[0].low == low
        assert instrument.bands[-1].high == high
        for before, after in zip(instrument.bands, instrument.bands[1:], strict=False):
            assert after.low == before.high + 1


def all_answers(key: str) -> st.SearchStrategy[list[int]]:
    """Any valid answers for the instrument, drawn from its own allowed values."""
    return st.tuples(*(st.sampled_from(a) for a in INSTRUMENTS[key].allowed_values)).map(list)


SUMMED: dict[str, Callable[[list[int]], ScreeningResult]] = {
    "audit": score_audit,
    "dast10": score_dast10,  # type: ignore[dict-item]
    "phq9": score_phq9,
    "gad7": score_gad7,
    "who5": score_who5,
}


@pytest.mark.parametrize("key", sorted(SUMMED))
def test_scores_stay_within_range_for_any_valid_answers(key: str) -> None:
    low, high = INSTRUMENTS[key].score_range
    labels = {band.label for band in INSTRUMENTS[key].bands}

    @given(all_answers(key))
    def check(answers: list[int]) -> None:
        result = SUMMED[key](answers)
        assert low <= result.total <= high
        assert result.band in labels

    check()


@given(all_answers("audit_c"), st.sampled_from(["female", "male"]))
def test_audit_c_positive_for_a_man_is_positive_for_a_woman(answers: list[int], sex: str) -> None:
    result = score_audit_c(answers, sex=sex)
    assert 0 <= result.total <= 12
    if score_audit_c(answers, sex="male").positive:
        assert score_audit_c(answers, sex="female").positive


@given(all_answers("phq9"))
def test_self_harm_flag_follows_item_9_alone(answers: list[int]) -> None:
    assert ("self_harm" in score_phq9(answers).flags) == (answers[8] > 0)
