"""The installable app: its manifest and its service worker, both served from the site root.

The service worker caches only the app shell (static files) and pages the server marks safe
with ``X-Waypoint-Offline: cache`` (pages that hold nothing about a person). Forms that work
offline are queued on the device and sent later; see docs/decisions.md ("Works without a signal").
"""

from __future__ import annotations

import hashlib
import json
from functools import cache

from django.conf import settings
from django.contrib.staticfiles import finders
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

import waypoint

# The header a view sets to let the service worker keep a copy for offline use.
OFFLINE_CACHE_HEADER = "X-Waypoint-Offline"
# On a form refused with a question ("Is that right?"), the header names the form field whose
# value "1" answers yes; the outbox (waypoint/outbox.js) offers that answer in one tap.
CONFIRM_HEADER = "X-Waypoint-Confirm"

# Static files the app shell needs before it has ever been online again.
SHELL_FILES = (
    "waypoint/app.css",
    "waypoint/app.js",
    "waypoint/outbox.js",
    "waypoint/offline.js",
    "waypoint/icon.svg",
    "waypoint/neutral.svg",
    "waypoint/icons/app-192.png",
    "waypoint/icons/neutral-192.png",
    "safety/safety.css",
    "safety/checker.js",
    "journal/journal.css",
    "journal/log.js",
)
# Pages without personal data that the installed app opens offline. Apps add theirs here.
OFFLINE_PAGES = ("/offline/", "/safety/combinations/", "/safety/overdose/")
# Forms whose POST the service worker keeps when there is no signal (JavaScript regexps of paths).
OFFLINE_FORMS = (
    r"^/today/$",
    r"^/checkin/\d{4}-\d{2}-\d{2}/$",
    r"^/entries/new/$",
    r"^/programs/[\w-]+/encounters/new/$",
)


def _icons(name: str) -> list[dict[str, str]]:
    return [
        {
            "src": static(f"waypoint/icons/{name}-{size}.png"),
            "sizes": f"{size}x{size}",
            "type": "image/png",
            "purpose": "any maskable",
        }
        for size in (192, 512)
    ] + [{"src": static(f"waypoint/icons/{name}.svg"), "sizes": "any", "type": "image/svg+xml"}]


@require_GET
def manifest(request: HttpRequest) -> HttpResponse:
    """The web app manifest; in discreet mode the app installs as Notes, with a plain icon."""
    user = request.user
    discreet = bool(user.is_authenticated and getattr(user, "discreet_mode", False))
    name = _("Notes") if discreet else "Waypoint"
    body = {
        "id": "/",
        "name": name,
        "short_name": name,
        "description": "" if discreet else _("Harm reduction on your terms."),
        "start_url": "/",
        "scope": "/",
        "display": "standalone",
        "background_color": "#f7f6f2" if discreet else "#ffffff",
        "theme_color": "#77736a" if discreet else "#0f5e5a",
        "icons": _icons("neutral" if discreet else "app"),
    }
    response = JsonResponse(body, content_type="application/manifest+json")
    response.headers["Cache-Control"] = "no-cache"
    return response


@cache
def _shell_version() -> str:
    """Changes whenever a shell file changes, so an updated worker replaces the old cache."""
    digest = hashlib.sha256(waypoint.__version__.encode())
    for name in SHELL_FILES:
        path = finders.find(name)
        if isinstance(path, str):
            with open(path, "rb") as handle:
                digest.update(handle.read())
    return digest.hexdigest()[:12]


@require_GET
def service_worker(request: HttpRequest) -> HttpResponse:
    """The service worker, from the root so that its scope is the whole site."""
    config = {
        "version": _shell_version(),
        "shell": [static(name) for name in SHELL_FILES],
        "pages": list(OFFLINE_PAGES),
        "forms": list(OFFLINE_FORMS),
        "offline": OFFLINE_PAGES[0],
        "outbox": static("waypoint/outbox.js"),
        "header": OFFLINE_CACHE_HEADER,
        "debug": settings.DEBUG,
    }
    script = render_to_string("core/sw.js", {"config": json.dumps(config)})
    response = HttpResponse(script, content_type="text/javascript; charset=utf-8")
    response.headers["Service-Worker-Allowed"] = "/"
    # The browser checks for a new worker on every navigation; never serve a stale one.
    response.headers["Cache-Control"] = "no-cache"
    return response


def mark_offline_safe(response: HttpResponse) -> HttpResponse:
    """Let the service worker keep this page: call only for pages with nothing about a person."""
    response.headers[OFFLINE_CACHE_HEADER] = "cache"
    return response


def asks_to_confirm(response: HttpResponse, field: str) -> HttpResponse:
    """Mark a refused form's answer as a question that `field=1` answers (for the outbox)."""
    response.headers[CONFIRM_HEADER] = field
    return response
