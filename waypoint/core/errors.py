"""The project's one error vocabulary.

Services and selectors raise these (and Django's ``ValidationError`` for bad input), never HTTP
classes. One API handler (``waypoint.api.main``) and one page helper (``waypoint.core.forms``)
turn them into answers:

| error            | API        | pages                                  |
| ---------------- | ---------- | -------------------------------------- |
| ``NotFound``     | 404        | 404 page                               |
| ``WrongAccount`` | 403        | 403 page that says which account fits  |
| ``Refused``      | 403        | message on the form, or the 403 page   |
| ``Conflict``     | 409        | message on the form                    |
| ``ValidationError`` | 422     | errors beside the fields               |

Messages are lazily translated strings, so the same refusal reads in the person's language.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

# The code of a ValidationError that asks "Is that right?" about an unusual amount or count:
# answered by sending the same thing again with a confirmation.
UNUSUAL = "unusual"


def unusual_questions(error: ValidationError) -> tuple[bool, bool]:
    """Whether a refusal asks about an unusual amount at all, and whether that is all it says."""
    groups = error.error_dict.values() if hasattr(error, "error_dict") else [error.error_list]
    unusual = [e.code == UNUSUAL for items in groups for e in items]
    return any(unusual), bool(unusual) and all(unusual)


class WaypointError(Exception):
    """Base of the vocabulary: carries one message a person can read."""

    default_message: str | Promise = _("Something went wrong.")
    status = 400

    def __init__(self, message: str | Promise | None = None, *, field: str | None = None) -> None:
        self.message = message if message is not None else self.default_message
        # The input the error is about, when there is one (the API names it, forms show it there).
        self.field = field
        super().__init__(str(self.message))

    def __str__(self) -> str:
        return str(self.message)


class NotFound(WaypointError):
    """Missing, or not the caller's to see: the two look the same on purpose."""

    default_message = _("Not found.")
    status = 404


class Refused(WaypointError):
    """The caller may not do this (the thing exists and the caller may know it exists)."""

    default_message = _("You cannot do that here.")
    status = 403


class WrongAccount(Refused):
    """A participant asked for a staff-only place, or staff for a participant's own place."""

    default_message = _("This part of Waypoint is for another kind of account.")


class Conflict(WaypointError):
    """The request clashes with what is already stored (an id taken, an answer already given)."""

    default_message = _("That clashes with something already saved.")
    status = 409
