"""The home page, the quick exit, and JSON-aware error pages."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from waypoint.accounts.gate import (
    Role,
    has_role,
    is_active_staff,
    is_participant,
    organizations_where,
)
from waypoint.accounts.models import Organization


def home(request: HttpRequest) -> HttpResponse:
    user = request.user
    if is_participant(user):
        # A participant's home is Today: log, check in, see the day.
        return redirect("journal:today")
    if is_active_staff(user):
        # Staff land on their work, not on a participant's "This is your space".
        if (
            organizations_where(user, (Role.OUTREACH, Role.ADMIN))
            .filter(kind=Organization.Kind.PROGRAM)
            .exists()
        ):
            return redirect("programs:index")
        if has_role(user, (Role.COUNSELOR,)):
            return redirect("care:caseload")
        if has_role(user, (Role.FACILITATOR,)):
            return redirect("groups:index")
        if has_role(user, (Role.ADMIN,)):
            return redirect("care:org")
    return render(request, "core/home.html")


# Exempt from CSRF on purpose: the worst a forged request can do is sign a person out, and a
# person fleeing a page must never be stopped by an expired token.
@csrf_exempt
@require_POST
def quick_exit(request: HttpRequest) -> HttpResponse:
    """Sign out at once and go to a neutral site; private pages are no-store, so Back shows none."""
    logout(request)
    response = HttpResponseRedirect(settings.QUICK_EXIT_URL, status=303)
    response.headers["Clear-Site-Data"] = '"cache", "storage"'
    return response


def _wants_json(request: HttpRequest) -> bool:
    return request.path.startswith("/api/")


def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    if _wants_json(request):
        return JsonResponse({"detail": _("Not found.")}, status=404)
    return render(request, "404.html", status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    if _wants_json(request):
        return JsonResponse({"detail": _("Something went wrong on our side.")}, status=500)
    return render(request, "500.html", status=500)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """A form whose token no longer matches (open for long, or cookies cleared): plain words and
    a way back to a fresh copy of the form, never Django's technical page."""
    if _wants_json(request):
        detail = _("This request could not be checked as coming from you. Send it again.")
        return JsonResponse({"detail": detail}, status=403)
    return render(request, "expired.html", {"again": request.path}, status=403)
