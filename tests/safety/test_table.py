"""The combination table and its logic, without Django: completeness, symmetry, order, windows."""

from __future__ import annotations

import tomllib
from datetime import UTC, datetime, timedelta
from itertools import combinations
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.measures.test_purity import imported_roots
from waypoint.core.words import stigmatizing_terms
from waypoint.journal.catalogue import CATALOGUE
from waypoint.safety import estimates, table
from waypoint.safety.table import (
    RATINGS,
    REQUIRED_CLASSES,
    SEVERITY,
    Dose,
    TableError,
    active_overlaps,
    last_doses,
    load,
    pairs_for,
    parse,
    problems,
)

DATA = load()
CATALOGUE_SLUGS = [slug for slug, *_rest in CATALOGUE]
SLUGS = sorted(set(DATA.sheets) | set(CATALOGUE_SLUGS))
T0 = datetime(2026, 3, 1, 20, 0, tzinfo=UTC)


def test_the_table_is_complete_and_every_rating_has_its_reason_and_source() -> None:
    assert problems(DATA, CATALOGUE_SLUGS) == []


def test_every_pair_of_the_23_named_classes_is_rated() -> None:
    assert set(REQUIRED_CLASSES) <= set(DATA.sheets)
    pairs = list(combinations(REQUIRED_CLASSES, 2))
    assert len(pairs) == 253
    for a, b in pairs:
        rule = DATA.rule(a, b)
        assert rule is not None and rule.rating in RATINGS, (a, b)


def test_the_table_is_symmetric() -> None:
    assert table.is_symmetric(DATA)
    for a, b in combinations(sorted(DATA.sheets), 2):
        assert pairs_for(DATA, [a, b])[0].rating == pairs_for(DATA, [b, a])[0].rating


@pytest.mark.parametrize(
    ("slug", "klass"),
    [
        ("heroin", "opioids"),
        ("fentanyl", "opioids"),
        ("opioid-pills", "opioids"),
        ("methadone", "opioids"),
        ("buprenorphine", "opioids"),
        ("kratom", "opioids"),
        ("crack", "cocaine"),
        ("methamphetamine", "amphetamines"),
        ("amphetamine", "amphetamines"),
        ("ghb", "ghb"),
        ("nicotine", "nicotine"),
    ],
)
def test_catalogue_substances_map_to_their_class(slug: str, klass: str) -> None:
    assert DATA.class_of(slug) == klass


def test_every_catalogue_substance_maps_to_a_class() -> None:
    assert [s for s in CATALOGUE_SLUGS if DATA.class_of(s) is None] == []


def test_the_data_files_are_plain_toml_read_once() -> None:
    assert load() is load()
    with (table.DATA_DIR / "combinations.toml").open("rb") as handle:
        assert len(tomllib.load(handle)["pair"]) == len(DATA.rules)


def test_a_pair_rated_twice_is_refused() -> None:
    pair = {"classes": ["alcohol", "opioids"], "rating": "dangerous", "summary": "x"}
    with pytest.raises(TableError, match="rated twice"):
        parse({}, {"pair": [pair, {**pair, "classes": ["opioids", "alcohol"]}]}, {})


def test_problems_name_a_missing_source_a_bad_rating_and_a_missing_pair() -> None:
    sheets = {
        "alcohol": {"name": "Alcohol", "sources": ["s"]},
        "opioids": {"name": "Opioids", "sources": ["s"]},
        "cannabis": {"name": "Cannabis", "sources": ["s"]},
    }
    combos = {
        "pair": [
            {"classes": ["alcohol", "opioids"], "rating": "dangerous", "summary": "x"},
            {
                "classes": ["alcohol", "cannabis"],
                "rating": "fine",
                "summary": "x",
                "sources": ["s"],
            },
        ],
        "advice": {r: "a" for r in RATINGS},
    }
    found = problems(parse({"sources": {"s": {"title": "t", "url": "u"}}}, combos, sheets))
    assert "alcohol + opioids: a dangerous rating needs at least one source" in found
    assert any("rating 'fine' is not one of" in p for p in found)
    assert "pair cannabis + opioids has no rating" in found


def test_the_words_in_the_data_follow_the_language_guide() -> None:
    texts: list[str] = []
    for rule in DATA.rules.values():
        texts += [rule.summary, rule.advice]
    for sheet in DATA.sheets.values():
        texts += [sheet.summary, sheet.forms, sheet.redosing, sheet.effects, sheet.risks]
        texts += [sheet.overdose, sheet.what_to_do, *sheet.safer_use]
        texts += [m.note for m in sheet.members.values()]
        texts += [n for m in sheet.members.values() for n in m.notes_with.values()]
    texts += list(DATA.default_advice.values()) + [s.title for s in DATA.sources.values()]
    assert [(t, stigmatizing_terms(t)) for t in texts if stigmatizing_terms(t)] == []


def test_the_table_logic_knows_no_django() -> None:
    for module in (table, estimates):
        assert "django" not in imported_roots(Path(module.__file__).read_text())


# --- Pairs, worst first -----------------------------------------------------------------------


def test_three_substances_give_three_pairs_worst_first() -> None:
    found = pairs_for(DATA, ["cannabis", "alcohol", "benzodiazepines"])
    assert [(p.a, p.b, p.rating) for p in found] == [
        ("alcohol", "benzodiazepines", "dangerous"),
        ("cannabis", "alcohol", "caution"),
        ("cannabis", "benzodiazepines", "caution"),
    ]


def test_buprenorphine_with_another_opioid_carries_its_own_note() -> None:
    (pair,) = pairs_for(DATA, ["heroin", "buprenorphine"])
    assert pair.rating == "dangerous"
    assert any("withdrawal" in note for note in pair.notes)


def test_the_same_substance_twice_makes_no_pair() -> None:
    assert pairs_for(DATA, ["alcohol", "alcohol"]) == []


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(SLUGS), min_size=2, max_size=6))
def test_pairs_come_worst_first_and_cover_each_rated_pair_once(slugs: list[str]) -> None:
    found = pairs_for(DATA, slugs)
    severities = [p.severity for p in found]
    assert severities == sorted(severities, reverse=True)
    named = list(dict.fromkeys(slugs))
    expected = [
        (a, b)
        for a, b in combinations(named, 2)
        if DATA.rule(DATA.class_of(a) or "", DATA.class_of(b) or "") is not None
    ]
    assert sorted((p.a, p.b) for p in found) == sorted(expected)


@settings(max_examples=100, deadline=None)
@given(st.lists(st.sampled_from(SLUGS), min_size=2, max_size=5, unique=True), st.randoms())
def test_the_order_given_does_not_change_the_ratings(slugs: list[str], rnd: object) -> None:
    shuffled = list(slugs)
    rnd.shuffle(shuffled)  # type: ignore[attr-defined]
    ratings = sorted(p.rating for p in pairs_for(DATA, slugs))
    assert sorted(p.rating for p in pairs_for(DATA, shuffled)) == ratings


def test_severity_orders_the_ratings_with_unknown_above_low_risk() -> None:
    assert SEVERITY["dangerous"] > SEVERITY["unsafe"] > SEVERITY["caution"] > SEVERITY["unknown"]
    assert SEVERITY["unknown"] > SEVERITY["low_risk_synergy"]


# --- Active windows ---------------------------------------------------------------------------


def test_a_second_substance_inside_the_window_makes_a_note() -> None:
    doses = [Dose("alcohol", T0), Dose("benzodiazepines", T0 + timedelta(hours=3))]
    ((earlier, later, pair),) = active_overlaps(DATA, doses, T0 + timedelta(hours=3, minutes=5))
    assert (earlier.slug, later.slug, pair.rating) == ("alcohol", "benzodiazepines", "dangerous")


def test_a_second_substance_after_the_window_makes_none() -> None:
    doses = [Dose("alcohol", T0), Dose("benzodiazepines", T0 + timedelta(hours=13))]
    assert active_overlaps(DATA, doses, T0 + timedelta(hours=13, minutes=5)) == []


def test_a_long_acting_substance_keeps_its_window_past_twelve_hours() -> None:
    doses = [Dose("methadone", T0), Dose("alcohol", T0 + timedelta(hours=20))]
    assert DATA.window_hours("methadone") > 20
    assert len(active_overlaps(DATA, doses, T0 + timedelta(hours=20))) == 1


@settings(max_examples=200, deadline=None)
@given(
    st.sampled_from(sorted(DATA.sheets)),
    st.sampled_from(sorted(DATA.sheets)),
    st.floats(min_value=0, max_value=72),
)
def test_every_window_is_at_least_twelve_hours(a: str, b: str, gap: float) -> None:
    doses = [Dose(a, T0), Dose(b, T0 + timedelta(hours=gap))]
    found = active_overlaps(DATA, doses, T0 + timedelta(hours=gap))
    if a != b and DATA.rule(a, b) is not None and gap <= 12:
        assert len(found) == 1
    if gap > DATA.window_hours(a):
        assert found == []


@settings(max_examples=100, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["a", "b", "c"]), st.floats(0, 48)), max_size=12))
def test_last_doses_are_the_newest_of_each_within_a_day(doses: list[tuple[str, float]]) -> None:
    now = T0 + timedelta(hours=48)
    given_doses = [Dose(slug, T0 + timedelta(hours=h)) for slug, h in doses]
    found = last_doses(given_doses, now, within_hours=24)
    assert len({d.slug for d in found}) == len(found)
    for dose in found:
        same = [d.at for d in given_doses if d.slug == dose.slug]
        assert dose.at == max(same) and now - dose.at <= timedelta(hours=24)
    assert [d.at for d in found] == sorted((d.at for d in found), reverse=True)


# --- Blood alcohol over a session ---------------------------------------------------------------


def test_the_estimate_follows_the_worked_example() -> None:
    # docs/measures.md: 42 g, 80 kg man, 1 hour → 0.062% (central); the range spans it.
    drinks = [estimates.Drink(T0, 42)]
    found = estimates.estimate(drinks, weight_kg=80, sex="male", now=T0 + timedelta(hours=1))
    assert found is not None
    assert found.low < 0.062 < found.high
    assert found.below_reference_at < found.zero_at


def test_a_new_session_starts_once_the_estimate_reached_zero() -> None:
    drinks = [estimates.Drink(T0, 14), estimates.Drink(T0 + timedelta(hours=10), 14)]
    session = estimates.session(drinks, weight_kg=70, sex="male")
    assert session == [drinks[1]]


def test_no_estimate_once_even_the_high_end_is_zero() -> None:
    drinks = [estimates.Drink(T0, 14)]
    assert estimates.estimate(drinks, weight_kg=70, sex="male", now=T0 + timedelta(hours=6)) is None
