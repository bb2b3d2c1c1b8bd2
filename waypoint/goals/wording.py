"""Each measured change in plain, neutral words; every shade of improvement gets its own name."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.utils.formats import number_format
from django.utils.translation import get_language, gettext, gettext_lazy
from django.utils.translation import ngettext as _ngettext

from waypoint.measures import Change

# The same few messages are translated for every change of every client on a caseload: look
# each up once per language (79,000 gettext calls on a 1,000-client caseload before this).
_MEMO: dict[tuple[Any, ...], str] = {}


def _(message: str) -> str:
    key = (get_language(), message)
    found = _MEMO.get(key)
    if found is None:
        found = _MEMO[key] = gettext(message)
    return found


def ngettext(singular: str, plural: str, number: int) -> str:
    key = (get_language(), singular, plural, number)
    found = _MEMO.get(key)
    if found is None:
        found = _MEMO[key] = _ngettext(singular, plural, number)
    return found


def _text(lazy: Any, language: str | None = None) -> str:
    """str() of a module-level lazy translation, once per language (the active one if None)."""
    if isinstance(lazy, str):
        return lazy
    key = (language or get_language(), id(lazy))
    found = _MEMO.get(key)
    if found is None:
        found = _MEMO[key] = str(lazy)
    return found


@dataclass(frozen=True, slots=True)
class ChangeText:
    """A Change with its words: the shade of improvement (when better) and a sentence.

    The sentence is written when asked for: a caseload shows only labels and shades, and
    formatting every figure of 50 clients' comparisons cost more than the rest of their summary.
    """

    change: Change
    label: str
    shade: str | None

    @property
    def direction(self) -> str:
        return self.change.direction

    @property
    def sentence(self) -> str:
        return _sentence(self.change, self.label, self.shade)


LEVELS = {
    0: gettext_lazy("no drinking"),
    1: gettext_lazy("low"),
    2: gettext_lazy("medium"),
    3: gettext_lazy("high"),
    4: gettext_lazy("very high"),
}


def _level(value: float | None, digits: int = 0) -> str:
    return _text(LEVELS[int(value)]) if value is not None and int(value) in LEVELS else ""


def _percent(value: float | None, digits: int = 0) -> str:
    if value is None:
        return ""
    return _("%(value)s%% of reported days") % {"value": number_format(value, digits)}


def _drinks(value: float | None, digits: int = 1) -> str:
    if value is None:
        return ""
    return ngettext("%(value)s drink", "%(value)s drinks", 1 if value == 1 else 2) % {
        "value": number_format(value, digits)
    }


def _per_reported_day(value: float | None, digits: int = 2) -> str:
    if value is None:
        return ""
    if value == 0:
        return _("none")
    return _("%(value)s per reported day") % {"value": number_format(value, digits)}


def _per_use_day(value: float | None, digits: int = 2) -> str:
    if value is None:
        return ""
    if value == 0:
        return _("none")
    return _("%(value)s per use day") % {"value": number_format(value, digits)}


def _wellbeing(value: float | None, digits: int = 1) -> str:
    if value is None:
        return ""
    return _("%(value)s out of 10") % {"value": number_format(value, digits)}


# measure → (label, shade of improvement, formatter); lazy, so each is translated when used.
MEASURES: dict[str, tuple[Any, Any, Callable[..., str]]] = {
    "percent_days_abstinent": (
        gettext_lazy("Days without drinking"),
        gettext_lazy("more days without drinking"),
        _percent,
    ),
    "percent_heavy_drinking_days": (
        gettext_lazy("Heavy drinking days"),
        gettext_lazy("fewer heavy drinking days"),
        _percent,
    ),
    "drinks_per_drinking_day": (
        gettext_lazy("Drinks on a drinking day"),
        gettext_lazy("fewer drinks on drinking days"),
        _drinks,
    ),
    "mean_drinks_per_day": (
        gettext_lazy("Drinks per day, on average"),
        gettext_lazy("fewer drinks per day on average"),
        _drinks,
    ),
    "peak_drinks": (
        gettext_lazy("Most drinks in one day"),
        gettext_lazy("fewer drinks on the heaviest day"),
        _drinks,
    ),
    "who_risk_level": (
        gettext_lazy("WHO drinking risk level"),
        gettext_lazy("a lower WHO drinking risk level"),
        _level,
    ),
    "percent_use_days": (gettext_lazy("Use days"), gettext_lazy("fewer use days"), _percent),
    "harms_per_reported_day": (
        gettext_lazy("Harms noted"),
        gettext_lazy("fewer harms"),
        _per_reported_day,
    ),
    "care_actions_per_use_day": (
        gettext_lazy("Care actions"),
        gettext_lazy("more care actions"),
        _per_use_day,
    ),
    "mean_wellbeing": (gettext_lazy("Wellbeing"), gettext_lazy("better wellbeing"), _wellbeing),
}


def describe(change: Change) -> ChangeText:
    """Plain words for one change: better ones named as a shade, others stated as facts."""
    return describe_all([change])[0]


def describe_all(changes: list[Change]) -> list[ChangeText]:
    """`describe` for each change, the active language looked up once for all of them."""
    language = get_language()
    described = []
    for change in changes:
        lazy_label, lazy_shade, _fmt = MEASURES.get(
            change.measure, (change.label, change.label, str)
        )
        label = _text(lazy_label, language)
        shade = _text(lazy_shade, language) if change.direction == "better" else None
        described.append(ChangeText(change, label, shade))
    return described


def _sentence(change: Change, label: str, shade: str | None) -> str:
    """The change as a sentence, its figures formatted for the language active now."""
    _lazy_label, _lazy_shade, fmt = MEASURES.get(change.measure, (change.label, change.label, str))
    before, after = fmt(change.before), fmt(change.after)
    if before == after and change.direction in ("better", "worse"):
        # A real change that rounds away: one more digit rather than "2.4 now, 2.4 before".
        before, after = fmt(change.before, digits=2), fmt(change.after, digits=2)
    if change.direction == "better" and shade is not None:
        sentence = _("%(shade)s: %(after)s now, %(before)s before.") % {
            "shade": shade[:1].upper() + shade[1:],
            "after": after,
            "before": before,
        }
        if change.levels_down:
            sentence += " " + ngettext(
                "That is %(n)s level down.", "That is %(n)s levels down.", change.levels_down
            ) % {"n": change.levels_down}
        return sentence
    if change.direction == "same":
        return _("%(label)s: about the same, %(after)s.") % {"label": label, "after": after}
    if change.direction == "worse":
        return _("%(label)s: %(after)s now, %(before)s before.") % {
            "label": label,
            "after": after,
            "before": before,
        }
    return _("%(label)s: not enough days logged to compare yet.") % {"label": label}
