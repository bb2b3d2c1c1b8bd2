"""The Waypoint API: /api/v1/, OpenAPI at /api/v1/openapi.json, docs at /api/v1/docs.

Every error answer is decided here, once: routers and the services they call raise the project's
errors (waypoint.core.errors) or Django's ValidationError and never build an HTTP error of their
own. Wrong kind of account 403 (WrongAccount), not found or not yours 404, a clash 409, bad input
422, not signed in 401.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError as Refusal
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext_lazy as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError

import waypoint
from waypoint.api import (
    alerts,
    care,
    companion,
    directory,
    goals,
    groups,
    journal,
    programs,
    safety,
    system,
    worksheets,
    yourdata,
)
from waypoint.api.auth import API_AUTH
from waypoint.api.contract import document_error_answers
from waypoint.api.errors import API_NAMES, PLAIN, input_problem, refusal_detail
from waypoint.core.errors import NotFound, WaypointError

api = NinjaAPI(
    title="Waypoint API",
    version=waypoint.__version__,
    description=(
        "Authenticate with `Authorization: Bearer <token>` using a personal access token made "
        "in Settings, or with the browser session. Errors are JSON with a `detail`."
    ),
    auth=API_AUTH,
    urls_namespace="api",
)
api.add_router("", system.router)
api.add_router("", journal.router)
api.add_router("", goals.router)
api.add_router("", yourdata.router)
api.add_router("", groups.router)
api.add_router("", care.router)
api.add_router("", safety.router)
api.add_router("", programs.router)
api.add_router("", worksheets.router)
api.add_router("", alerts.router)
api.add_router("", directory.router)
api.add_router("", companion.router)
document_error_answers(api)


NOT_SIGNED_IN = _("Sign in, or send a personal access token as 'Authorization: Bearer <token>'.")


def _field(loc: list[str | int]) -> str:
    # Ninja prefixes locations with the source ("body", "query", "path") and the schema name.
    parts = [str(p) for p in loc if p not in ("body", "query", "path", "payload", "filters")]
    return ".".join(parts) or "request"


@api.exception_handler(ValidationError)
def validation_failed(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    """Bad input answers 422 in the person's language: each field named, then what to send.

    `errors` keeps Pydantic's list for programs (`type` and `loc` are stable), with each `msg`
    the same translated sentence as in `detail`.
    """
    errors = [{**e, "msg": input_problem(e)} for e in exc.errors]
    problems = [f"{_field(e.get('loc', []))}: {e['msg']}" for e in errors]
    body = {"detail": "; ".join(problems), "errors": errors}
    return api.create_response(request, body, status=422)


@api.exception_handler(Refusal)
def refused(request: HttpRequest, exc: Refusal) -> HttpResponse:
    """Every router lets services refuse bad input with ValidationError: it answers 422."""
    return api.create_response(request, {"detail": refusal_detail(exc)}, status=422)


@api.exception_handler(WaypointError)
def vocabulary(request: HttpRequest, exc: WaypointError) -> HttpResponse:
    """The project's errors (waypoint.core.errors): NotFound 404, Refused 403, Conflict 409."""
    detail = str(exc.message)
    if exc.field:
        detail = f"{API_NAMES.get(exc.field, exc.field)}: {detail}"
    return api.create_response(request, {"detail": detail}, status=exc.status)


@api.exception_handler(Http404)
def not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    """Missing and not-yours look the same: a plain 404."""
    return api.create_response(request, {"detail": str(NotFound.default_message)}, status=404)


@api.exception_handler(AuthenticationError)
def not_signed_in(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    return api.create_response(
        request,
        {
            "detail": _(
                "Sign in, or send a personal access token as 'Authorization: Bearer <token>'."
            )
        },
        status=401,
    )


@api.exception_handler(HttpError)
def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    detail = str(exc)
    if exc.status_code == 403 and "CSRF" in detail:  # Ninja's own words for a stale token
        detail = str(_("This request could not be checked as coming from you. Send it again."))
    if detail.startswith("Cannot parse request body"):  # ninja's own words for broken JSON
        detail = str(PLAIN["json_invalid"])
    return api.create_response(request, {"detail": detail}, status=exc.status_code)
