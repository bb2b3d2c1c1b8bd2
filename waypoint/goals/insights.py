"""Patterns in a person's own entries by drug, set and setting, in neutral words with counts.

For each set or setting factor (ate first, slept well, mood, body, intention, place, company)
the use days of one substance are split into days with the factor and days without it, among
days where the factor was recorded at all. With at least MIN_DAYS on each side, the difference
in the amount used and in harms noted is stated as a correlation, never as advice or blame.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from waypoint.goals.rules import Journal, Use, day_amount

MIN_DAYS = 5
# Patterns are read from the last year: recent enough to describe the person now, and the
# cost of a page stays the same however long their history grows.
INSIGHT_DAYS = 365
# A difference under 5% of the larger side (and under 0.05 at any rate) reads "about the same":
# a tenth of a drink either way is not a pattern worth a sentence.
SAME_SHARE = 0.05
SAME_AMOUNT = 0.05


def _about_same(a: float, b: float) -> bool:
    return abs(a - b) < max(SAME_AMOUNT, SAME_SHARE * max(abs(a), abs(b)))


@dataclass(frozen=True, slots=True)
class Insight:
    """One factor: its days on each side, mean amount and mean harms per day on each side."""

    factor: str
    value: str
    phrase: str
    days_with: int
    days_without: int
    amount_with: float
    amount_without: float
    harms_with: float
    harms_without: float
    amount_sentence: str
    harms_sentence: str | None

    @property
    def amount_difference(self) -> float:
        return self.amount_with - self.amount_without


# The factors: (key, value, how to phrase "on days …"). A day is "with" a factor when any of
# its entries has it, and "without" when the key was recorded on the day but not that value.
FACTORS: tuple[tuple[str, str, object], ...] = (
    ("ate_before", "yes", gettext_lazy("you ate first")),
    ("slept_well", "yes", gettext_lazy("you had slept well")),
    ("mood", "low", gettext_lazy("your mood was low")),
    ("physical", "tired", gettext_lazy("you felt tired")),
    ("physical", "unwell", gettext_lazy("you felt unwell")),
    ("physical", "pain", gettext_lazy("you were in pain")),
    ("physical", "withdrawal", gettext_lazy("you were in withdrawal")),
    ("intention", "relax", gettext_lazy("you used to relax")),
    ("intention", "social", gettext_lazy("you used to be social")),
    ("intention", "celebrate", gettext_lazy("you were celebrating")),
    ("intention", "cope", gettext_lazy("you used to cope with feelings")),
    ("intention", "sleep", gettext_lazy("you used to sleep")),
    ("intention", "pain", gettext_lazy("you used for pain")),
    ("intention", "habit", gettext_lazy("you used out of habit")),
    ("place", "home", gettext_lazy("you were at home")),
    ("place", "friends", gettext_lazy("you were at a friend's place")),
    ("place", "bar", gettext_lazy("you were at a bar or club")),
    ("place", "party", gettext_lazy("you were at a party or event")),
    ("place", "outdoors", gettext_lazy("you were outdoors")),
    ("company", "alone", gettext_lazy("you were alone")),
    ("company", "partner", gettext_lazy("you were with a partner")),
    ("company", "friends", gettext_lazy("you were with friends")),
    ("company", "family", gettext_lazy("you were with family")),
    ("company", "strangers", gettext_lazy("you were with people you didn't know")),
)
_YES_NO: dict[int, str] = {True: "yes", False: "no"}


def _tokens(uses: Iterable[Use]) -> tuple[set[tuple[str, str]], set[str]]:
    """The (factor, value) pairs present on a day, and the factors recorded at all."""
    present: set[tuple[str, str]] = set()
    recorded: set[str] = set()
    for use in uses:
        if use.ate_before is not None:
            present.add(("ate_before", _YES_NO[use.ate_before]))
            recorded.add("ate_before")
        if use.slept_well is not None:
            present.add(("slept_well", _YES_NO[use.slept_well]))
            recorded.add("slept_well")
        if use.mood is not None:
            recorded.add("mood")
            if use.mood <= 2:
                present.add(("mood", "low"))
        if use.physical:
            present.add(("physical", use.physical))
            recorded.add("physical")
        if use.intention:
            present.add(("intention", use.intention))
            recorded.add("intention")
        if use.place:
            present.add(("place", use.place))
            recorded.add("place")
        if use.company:
            present.add(("company", use.company))
            recorded.add("company")
    return present, recorded


def insights_for(
    journal: Journal,
    *,
    substance_id: int,
    unit: str,
    unit_words: str,
    is_alcohol: bool,
    grams_per_drink: float,
    until: date,
) -> list[Insight]:
    """Every factor with at least MIN_DAYS use days on each side, for one substance.

    One pass over the days: sums for each (factor, value) and for each factor recorded, so
    the "without" side is the difference and the cost does not grow with the factor list.
    """
    # [days, amount, harms] with a value, and on days the factor was recorded at all.
    with_value: dict[tuple[str, str], list[float]] = {}
    with_key: dict[str, list[float]] = {}
    start = until - timedelta(days=INSIGHT_DAYS - 1)
    scope = (substance_id, unit, is_alcohol, grams_per_drink)
    if journal.week_memo is None:
        _add_days(journal, start, until, scope, with_value, with_key)
    else:
        # Whole weeks inside the year from their kept sums (computed once a week changes), the
        # partial weeks at either end day by day.
        covered = start
        for monday, memo in journal.week_memo.items():
            sunday = monday + timedelta(days=6)
            if monday < start or sunday > until:
                continue
            if covered < monday:
                _add_days(journal, covered, monday - timedelta(days=1), scope, with_value, with_key)
            key = ("insights", *scope)
            sums: Any = memo.get(key)  # stored below, by this function only
            if sums is None:
                sums = memo[key] = _week_sums(journal, monday, sunday, scope)
            week_value, week_key = sums
            _merge(with_value, week_value)
            _merge(with_key, week_key)
            covered = sunday + timedelta(days=1)
        if covered <= until:
            _add_days(journal, covered, until, scope, with_value, with_key)
    found = []
    for factor, value, phrase in FACTORS:
        n_with, amount_with, harms_with = with_value.get((factor, value), (0, 0.0, 0))
        n_all, amount_all, harms_all = with_key.get(factor, (0, 0.0, 0))
        n_without = n_all - n_with
        if n_with < MIN_DAYS or n_without < MIN_DAYS:
            continue
        found.append(
            _insight(
                factor,
                value,
                str(phrase),
                unit_words,
                (int(n_with), amount_with / n_with, harms_with / n_with),
                (
                    int(n_without),
                    (amount_all - amount_with) / n_without,
                    (harms_all - harms_with) / n_without,
                ),
            )
        )
    # The largest differences first: they are the patterns most worth a look.
    found.sort(key=lambda i: -abs(i.amount_difference))
    return _without_mirrors(found)


_Scope = tuple[int, str, bool, float]


def _add_days(
    journal: Journal,
    first: date,
    last: date,
    scope: _Scope,
    with_value: dict[tuple[str, str], list[float]],
    with_key: dict[str, list[float]],
) -> None:
    """Add the use days in [first, last] to the sums, one day at a time."""
    substance_id, unit, is_alcohol, grams_per_drink = scope
    for day in journal.reported_between(first, last):
        uses = journal.uses_on(day, substance_id)
        if not uses:
            continue
        amount = day_amount(uses, unit=unit, is_alcohol=is_alcohol, grams_per_drink=grams_per_drink)
        harms = sum(len(use.harms) for use in uses)
        present, recorded = _tokens(uses)
        for token in present:
            sums = with_value.setdefault(token, [0, 0.0, 0])
            sums[0] += 1
            sums[1] += amount
            sums[2] += harms
        for key in recorded:
            sums = with_key.setdefault(key, [0, 0.0, 0])
            sums[0] += 1
            sums[1] += amount
            sums[2] += harms


def _week_sums(
    journal: Journal, monday: date, sunday: date, scope: _Scope
) -> tuple[dict[tuple[str, str], list[float]], dict[str, list[float]]]:
    with_value: dict[tuple[str, str], list[float]] = {}
    with_key: dict[str, list[float]] = {}
    _add_days(journal, monday, sunday, scope, with_value, with_key)
    return with_value, with_key


def _merge(into: dict[Any, list[float]], sums: dict[Any, list[float]]) -> None:
    for key, (days, amount, harms) in sums.items():
        found = into.get(key)
        if found is None:
            into[key] = [days, amount, harms]
        else:
            found[0] += days
            found[1] += amount
            found[2] += harms


def _without_mirrors(found: list[Insight]) -> list[Insight]:
    """Drop an insight that only restates another (a factor recorded with just two values)."""
    kept: list[Insight] = []
    for insight in found:
        mirror = any(
            other.factor == insight.factor
            and (other.days_with, other.days_without) == (insight.days_without, insight.days_with)
            and abs(other.amount_with - insight.amount_without) < 1e-9
            and abs(other.amount_without - insight.amount_with) < 1e-9
            for other in kept
        )
        if not mirror:
            kept.append(insight)
    return kept


def _insight(
    factor: str,
    value: str,
    phrase: str,
    unit_words: str,
    with_side: tuple[int, float, float],
    without_side: tuple[int, float, float],
) -> Insight:
    n_with, amount_with, harms_with = with_side
    n_without, amount_without, harms_without = without_side
    counts = {"phrase": phrase, "with": n_with, "without": n_without}
    difference = amount_with - amount_without
    if _about_same(amount_with, amount_without):
        amount_sentence = (
            _(
                "On days %(phrase)s, you had about the same amount as on other days "
                "(%(with)s days vs %(without)s days)."
            )
            % counts
        )
    else:
        template = (
            _(
                "On days %(phrase)s, you had %(value)s more %(unit)s on average "
                "(%(with)s days vs %(without)s days)."
            )
            if difference > 0
            else _(
                "On days %(phrase)s, you had %(value)s fewer %(unit)s on average "
                "(%(with)s days vs %(without)s days)."
            )
        )
        amount_sentence = template % {
            **counts,
            "value": number_format(abs(difference), 1),
            "unit": unit_words,
        }
    harms_sentence = None
    if harms_with or harms_without:
        harm_difference = harms_with - harms_without
        if _about_same(harms_with, harms_without):
            harms_sentence = _("Harms were noted about as often as on other days.")
        else:
            template = (
                _("On those days, %(value)s more harms were noted per day on average.")
                if harm_difference > 0
                else _("On those days, %(value)s fewer harms were noted per day on average.")
            )
            harms_sentence = template % {**counts, "value": number_format(abs(harm_difference), 1)}
    return Insight(
        factor=factor,
        value=value,
        phrase=phrase,
        days_with=n_with,
        days_without=n_without,
        amount_with=amount_with,
        amount_without=amount_without,
        harms_with=harms_with,
        harms_without=harms_without,
        amount_sentence=amount_sentence,
        harms_sentence=harms_sentence,
    )
