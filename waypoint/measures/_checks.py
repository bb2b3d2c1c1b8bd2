"""Input checks shared by the measures: each raises ValueError naming the problem."""

from __future__ import annotations

import math
from datetime import date, datetime

SEXES: tuple[str, ...] = ("female", "male")


class MeasureInputError(ValueError):
    """Bad input to a measure; a ValueError of its own so callers can answer it with a 4xx.

    Wrong types raise it too, not TypeError: the values come from forms and imports, and one
    exception with a message that names the problem is what a caller needs to show.
    """


def number(value: object, name: str) -> float:
    """Return value as a float, refusing bools, non-numbers, NaN and infinity."""
    # bool is an int subclass; True grams or True kg is a bug upstream, not a quantity.
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise MeasureInputError(f"{name} must be a number, got {value!r}")
    if not math.isfinite(value):
        raise MeasureInputError(f"{name} must be a finite number, got {value!r}")
    return float(value)


def non_negative(value: object, name: str) -> float:
    """Return value as a float, refusing anything below zero."""
    result = number(value, name)
    if result < 0:
        raise MeasureInputError(f"{name} must not be negative, got {value!r}")
    return result


def positive(value: object, name: str) -> float:
    """Return value as a float, refusing zero and anything below."""
    result = number(value, name)
    if result <= 0:
        raise MeasureInputError(f"{name} must be greater than 0, got {value!r}")
    return result


def sex(value: object) -> str:
    """Return value if it names one of the sex-specific tables the sources publish."""
    if value not in SEXES:
        raise MeasureInputError(f"sex must be 'female' or 'male', got {value!r}")
    return str(value)


def plain_date(value: object, name: str) -> date:
    """Return value if it is a datetime.date and not a datetime."""
    # datetime is a date subclass but does not compare with date, so refuse it here.
    if isinstance(value, datetime) or not isinstance(value, date):
        raise MeasureInputError(f"{name} must be a datetime.date, got {value!r}")
    return value


def window(start: object, end: object) -> int:
    """Return the number of days in [start, end], both plain dates."""
    first = plain_date(start, "start")
    last = plain_date(end, "end")
    if first > last:
        raise MeasureInputError(
            f"start ({first.isoformat()}) must not be after end ({last.isoformat()})"
        )
    return (last - first).days + 1
