"""One input layer in front of every view: what no endpoint or page should ever have to handle.

- Text with a NUL character or a lone surrogate (anywhere in a JSON body, a query string or a
  path) answers 422 naming the field: databases refuse or mangle both.
- Whole numbers outside a signed 64-bit range answer 422 (body, query) or 404 (an id in a path):
  no id, offset or count can be that large, and databases overflow on them.
- A body over ``DATA_UPLOAD_MAX_MEMORY_SIZE`` answers a JSON 413 on the API (Django's own
  answer is an HTML 400).
- Dates are ISO 8601 strings only (``IsoDate``): pydantic would read ``0`` as 1970-01-01.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable, Iterator
from datetime import date, datetime, time
from typing import Annotated, Any, TypeGuard, cast

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from pydantic import BeforeValidator, WithJsonSchema

INT64_MIN, INT64_MAX = -(2**63), 2**63 - 1
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")
_DIGITS = re.compile(r"^-?\d+$")
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def text_problem(value: str) -> str | None:
    """Why a string cannot be stored as text, or None when it can."""
    if "\x00" in value:
        return _("Text cannot contain a NUL character.")
    if _LONE_SURROGATE.search(value):
        return _("Text cannot contain an unpaired surrogate (broken Unicode).")
    return None


def number_problem(value: int) -> str | None:
    if not INT64_MIN <= value <= INT64_MAX:
        return _("The number is out of range.")
    return None


def _walk(value: Any, path: tuple[str, ...]) -> Iterator[tuple[str, str]]:
    """Every (field, problem) in a parsed JSON value."""
    if isinstance(value, str):
        problem = text_problem(value)
        if problem:
            yield ".".join(path) or "body", problem
    elif isinstance(value, bool):
        return
    elif isinstance(value, int):
        problem = number_problem(value)
        if problem:
            yield ".".join(path) or "body", problem
    elif isinstance(value, float):
        if not math.isfinite(value):
            yield ".".join(path) or "body", _("The number must be finite.")
    elif isinstance(value, dict):
        for key, item in value.items():
            problem = text_problem(str(key))
            if problem:
                yield ".".join(path) or "body", problem
            yield from _walk(item, (*path, str(key)))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _walk(item, (*path, str(index)))


def _query_problems(request: HttpRequest) -> Iterator[tuple[str, str]]:
    for name, values in request.GET.lists():
        for value in values:
            problem = text_problem(name) or text_problem(value)
            if problem is None and _DIGITS.match(value.strip()):
                problem = number_problem(int(value))
            if problem:
                yield name, problem


def _path_is_out_of_range(path: str) -> bool:
    return any(
        text_problem(part) or (_DIGITS.match(part) and number_problem(int(part)))
        for part in path.split("/")
    )


def _problem(status: int, problems: list[tuple[str, str]]) -> JsonResponse:
    detail = "; ".join(f"{field}: {message}" for field, message in problems)
    return JsonResponse({"detail": detail}, status=status)


def _language(request: HttpRequest) -> str:
    """The language a refusal here is written in: this runs before the session and the
    language middlewares, so it asks itself. A token's account language (looked up only to
    refuse), else the language switch's cookie or Accept-Language, as LocaleMiddleware would."""
    from waypoint.accounts.models import AccessToken, secret_hash

    header = request.META.get("HTTP_AUTHORIZATION", "")
    if header.startswith("Bearer "):
        chosen = (
            AccessToken.objects.filter(
                token_hash=secret_hash(header.removeprefix("Bearer ").strip()),
                user__is_active=True,
            )
            .values_list("user__language", flat=True)
            .first()
        )
        if chosen and chosen in {code for code, _name in settings.LANGUAGES}:
            return str(chosen)
    return translation.get_language_from_request(request)


class InputGuardMiddleware:
    """Refuses, before any view runs, input that no view should have to defend against."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if self._refusal(request) is None:
            return self.get_response(request)
        # Refused: written again in the person's language (only refusals look it up).
        with translation.override(_language(request)):
            refused = self._refusal(request)
        return refused or self.get_response(request)

    def _refusal(self, request: HttpRequest) -> HttpResponse | None:
        is_api = request.path.startswith("/api/")
        if _path_is_out_of_range(request.path):
            if is_api:
                return JsonResponse({"detail": str(_("Not found."))}, status=404)
            raise Http404
        problems = list(_query_problems(request))
        if problems:
            if is_api:
                return _problem(422, problems)
            raise Http404
        if is_api and request.method in ("POST", "PUT", "PATCH", "DELETE"):
            return self._body(request)
        return None

    def _body(self, request: HttpRequest) -> HttpResponse | None:
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        too_big = _problem(
            413, [("body", _("The request is too large (at most %(n)d bytes).") % {"n": limit})]
        )
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if limit is not None and length > limit:
            return too_big
        try:
            body = request.body
        except RequestDataTooBig:
            return too_big
        # A request that came with a body always has a content type (None only on bare HttpRequest).
        if not body or "json" not in cast(str, request.content_type):
            return None
        try:
            data = json.loads(body)
        except UnicodeDecodeError:
            return _problem(422, [("body", _("The body must be UTF-8 JSON."))])
        except ValueError:
            return None  # the API's own parser answers malformed JSON
        problems = list(_walk(data, ()))
        return _problem(422, problems) if problems else None


def _iso_date(value: Any) -> Any:
    if isinstance(value, date):
        return value
    if not isinstance(value, str) or not _ISO_DATE.match(value):
        raise ValueError(_("Use an ISO 8601 date, YYYY-MM-DD."))
    return value


IsoDate = Annotated[
    date,
    BeforeValidator(_iso_date),
    WithJsonSchema({"type": "string", "format": "date"}),
]
"""A date that is only ever read from an ISO 8601 string (never a number of seconds)."""


def _iso_string(pattern: re.Pattern[str], kinds: tuple[type, ...], example: str) -> Any:
    def check(value: Any) -> Any:
        if isinstance(value, kinds):
            return value
        if not isinstance(value, str) or not pattern.match(value):
            raise ValueError(_("Use ISO 8601, like %(example)s.") % {"example": example})
        return value

    return check


IsoDateTime = Annotated[
    datetime,
    BeforeValidator(
        _iso_string(
            re.compile(r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}"), (datetime,), "2026-11-23T18:30"
        )
    ),
    WithJsonSchema({"type": "string", "format": "date-time"}),
]
"""A date and time read only from an ISO 8601 string."""

IsoTime = Annotated[
    time,
    BeforeValidator(_iso_string(re.compile(r"^\d{2}:\d{2}"), (time,), "18:30")),
    WithJsonSchema({"type": "string", "format": "time"}),
]
"""A time of day read only from an ISO 8601 string ("18:30")."""


def is_id(text: str | None) -> TypeGuard[str]:
    """Whether text is a database id: ASCII digits that fit in 64 bits ("4²" and "٣" are not)."""
    if not text:
        return False
    return text.isascii() and text.isdecimal() and int(text) <= INT64_MAX


def next_url(request: HttpRequest, default: str) -> str:
    """Where to go after a form: the `next` the page sent, if it stays on this site, else
    `default` (never an address elsewhere: an open redirect)."""
    target = request.POST.get("next") or request.GET.get("next")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default
