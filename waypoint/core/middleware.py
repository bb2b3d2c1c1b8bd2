"""Headers on every response: a strict Content-Security-Policy, no caching of private pages."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import translation

# No inline scripts, no outside hosts. Inline style attributes stay blocked too; charts use SVG
# presentation attributes, which CSP does not treat as inline style.
CSP = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)
# The API docs page (Swagger UI) sets style attributes from its bundle; it shows no personal data.
CSP_API_DOCS = CSP.replace("style-src 'self'", "style-src 'self' 'unsafe-inline'")

PERMISSIONS_POLICY = (
    "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()"
)


class SecurityHeadersMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        is_docs = request.path.startswith("/api/v1/docs")
        response.headers.setdefault("Content-Security-Policy", CSP_API_DOCS if is_docs else CSP)
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        user = getattr(request, "user", None)
        # A page marked same_for_everyone (the overdose guide) holds nothing personal.
        same = getattr(response, "same_for_everyone", False)
        if user is not None and user.is_authenticated and not same:
            # A shared phone's back button or cache must not bring private pages back.
            response.headers["Cache-Control"] = "no-store, private"
        if same and "Vary" in response.headers:
            # Rendered without the request: reading the session (for the account's zone or
            # language) does not change it, so it varies by language only, never by cookie.
            kept = [v.strip() for v in response.headers["Vary"].split(",")]
            kept = [v for v in kept if v and v.lower() != "cookie"]
            if kept:
                response.headers["Vary"] = ", ".join(kept)
            else:
                del response.headers["Vary"]
        return response


class ErrorVocabularyMiddleware:
    """Pages: turn the project's errors (waypoint.core.errors) into the one page for each.

    The API has its own handler (waypoint.api.main); forms show refusals beside the fields
    through waypoint.core.forms.add_errors. This is the fallback for a view that lets one rise.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        from django.shortcuts import render

        from waypoint.core.errors import NotFound, WaypointError
        from waypoint.core.views import not_found

        if isinstance(exception, NotFound):
            return not_found(request, exception)
        if isinstance(exception, WaypointError):
            return render(
                request, "refused.html", {"message": exception.message}, status=exception.status
            )
        return None


class AccountLanguageMiddleware:
    """A signed-in person's own language setting wins over the browser and the switch's cookie.

    LocaleMiddleware (before this) has chosen from the cookie or Accept-Language; an account with
    a language chosen in Settings overrides that for every page it sees. An empty setting means
    "follow the browser".
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        # Without a session cookie nobody is signed in: not touching request.user then keeps
        # the session unread, so public pages (the overdose guide) stay free of Vary: Cookie.
        has_session = settings.SESSION_COOKIE_NAME in request.COOKIES
        user = getattr(request, "user", None) if has_session else None
        chosen = getattr(user, "language", "") if user is not None else ""
        if chosen and user is not None and user.is_authenticated and chosen in _languages():
            translation.activate(chosen)
            request.LANGUAGE_CODE = chosen
        return self.get_response(request)


def _languages() -> set[str]:
    return {code for code, _name in settings.LANGUAGES}
