"""Sign-up, sign-in, recovery and the person's own settings."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login, logout, update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from waypoint.accounts import services
from waypoint.accounts.forms import (
    PassphraseChangeForm,
    PreferencesForm,
    RecoverForm,
    SetupForm,
    SignInForm,
    SignUpForm,
    TokenForm,
)
from waypoint.accounts.models import User
from waypoint.core.forms import add_errors
from waypoint.core.input import next_url

_SHOW_ONCE = "waypoint_show_once"


def _paused() -> str:
    return _(
        "Too many attempts. Signing in is paused for a few minutes to keep your account safe. "
        "If you have lost your passphrase, you can use a recovery code once the pause is over."
    )


def show_once(
    request: HttpRequest, kind: str, values: list[str], *, then: str = "core:home"
) -> None:
    """Keep a secret in the session for exactly one page view; ``then`` is where it leads on."""
    request.session[_SHOW_ONCE] = {"kind": kind, "values": values, "then": then}


def sign_up(request: HttpRequest) -> HttpResponse:
    form = SignUpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user, codes = services.user_sign_up(
                username=form.cleaned_data["username"],
                passphrase=form.cleaned_data["new_passphrase"],
                email=form.cleaned_data["email"],
                time_zone=form.cleaned_data["time_zone"],
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            # A new participant goes on into getting started, not to an empty Today.
            show_once(request, "recovery_codes", codes, then="start:begin")
            return redirect("accounts:recovery_codes_shown")
    status = 400 if form.errors else 200
    return render(request, "accounts/sign_up.html", {"form": form}, status=status)


def setup(request: HttpRequest, code: str) -> HttpResponse:
    """The first admin of a new organization (made by `create_organization`) sets a passphrase."""
    link = services.setup_link_open(code=code)
    if link is None:
        return render(request, "accounts/setup_closed.html", status=404)
    form = SetupForm(request.POST or None)
    form.user_for_validation = link.user
    if request.method == "POST" and form.is_valid():
        try:
            user, codes = services.setup_link_use(
                code=code,
                passphrase=form.cleaned_data["new_passphrase"],
                display_name=form.cleaned_data["display_name"],
            )
        except ValidationError as error:
            add_errors(form, error, aliases={"passphrase": "new_passphrase"})
        else:
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            show_once(request, "recovery_codes", codes)
            return redirect("accounts:recovery_codes_shown")
    context = {"form": form, "username": link.user.username}
    return render(request, "accounts/setup.html", context, status=400 if form.errors else 200)


@login_required
def recovery_codes_shown(request: HttpRequest) -> HttpResponse:
    secret = request.session.pop(_SHOW_ONCE, None)
    if not secret or secret.get("kind") != "recovery_codes":
        return redirect("accounts:settings")
    context = {"codes": secret["values"], "then": secret.get("then", "core:home")}
    return render(request, "accounts/recovery_codes.html", context)


def _remember_device(response: HttpResponse, user: User) -> HttpResponse:
    """Mark this browser as one the person signs in from, so an attack elsewhere cannot pause it."""
    response.set_cookie(
        services.DEVICE_COOKIE,
        services.device_cookie_value(username=user.username),
        max_age=settings.LOGIN_DEVICE_COOKIE_AGE,
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )
    return response


def sign_in(request: HttpRequest) -> HttpResponse:
    form = SignInForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            user = services.user_sign_in_check(
                request=request,
                username=form.cleaned_data["username"],
                passphrase=form.cleaned_data["passphrase"],
            )
        except services.SignInPaused:
            form.add_error(None, _paused())
            status = 429
        else:
            if user is not None:
                login(request, user)
                return _remember_device(redirect(next_url(request, "core:home")), user)
            form.add_error(None, _("That username and passphrase do not match. Please try again."))
    if form.errors and status == 200:
        status = 400
    context = {"form": form, "next": next_url(request, "")}
    return render(request, "accounts/sign_in.html", context, status=status)


@require_POST
def sign_out(request: HttpRequest) -> HttpResponse:
    logout(request)
    messages.info(request, _("You are signed out."))
    return redirect("core:home")


def recover(request: HttpRequest) -> HttpResponse:
    form = RecoverForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            user = services.user_recover(
                request=request,
                username=form.cleaned_data["username"],
                code=form.cleaned_data["code"],
                new_passphrase=form.cleaned_data["new_passphrase"],
            )
        except services.SignInPaused:
            form.add_error(None, _paused())
            status = 429
        except ValidationError as error:
            form.add_error("new_passphrase", error)
        else:
            if user is not None:
                login(request, user, backend="django.contrib.auth.backends.ModelBackend")
                left = services.recovery_codes_left(user=user)
                messages.success(
                    request,
                    _("Your passphrase is changed. You have %(left)d recovery codes left.")
                    % {"left": left},
                )
                return _remember_device(redirect("accounts:settings"), user)
            form.add_error(None, _("That username and recovery code do not match."))
    if form.errors and status == 200:
        status = 400
    return render(request, "accounts/recover.html", {"form": form}, status=status)


def _language_cookie(response: HttpResponse, code: str) -> HttpResponse:
    if code:
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME,
            code,
            max_age=settings.LANGUAGE_COOKIE_AGE,
            secure=settings.LANGUAGE_COOKIE_SECURE,
            httponly=True,
            samesite="Lax",
        )
    else:
        response.delete_cookie(settings.LANGUAGE_COOKIE_NAME)
    return response


# Exempt from CSRF on purpose: pages kept for offline use (the overdose guide) would carry stale
# tokens, and the worst a forged request can do is change the language; the session cookie is
# SameSite=Lax, so a cross-site post never reaches an account's setting.
@csrf_exempt
@require_POST
def choose_language(request: HttpRequest) -> HttpResponse:
    """The switch on every page: this device's language, and the account's once signed in."""
    code = request.POST.get("language", "")
    if code not in dict(settings.LANGUAGES):
        return render(
            request,
            "refused.html",
            {"message": _("Choose one of the languages offered.")},
            status=400,
        )
    user = request.user
    if isinstance(user, User) and user.is_authenticated and user.language != code:
        user.language = code
        user.save(update_fields=["language"])
    return _language_cookie(redirect(next_url(request, "/")), code)


@login_required
def settings_page(request: HttpRequest) -> HttpResponse:
    user = request.user
    assert isinstance(user, User)
    before = user.time_zone
    form = PreferencesForm(request.POST or None, instance=user)
    if request.method == "POST" and form.is_valid():
        user.time_zone = before  # changed through the service, which validates and says so
        form.save()
        translation.activate(user.language or translation.get_language_from_request(request))
        messages.success(request, _("Your settings are saved."))
        if services.user_time_zone_set(user=user, time_zone=form.cleaned_data["time_zone"]):
            messages.info(
                request,
                _(
                    "Your days now follow %(zone)s. Entries and check-ins you logged before "
                    "keep the day they were logged on."
                )
                % {"zone": user.time_zone},
            )
        return _language_cookie(redirect("accounts:settings"), user.language)
    secret = request.session.pop(_SHOW_ONCE, None)
    new_token = secret["values"][0] if secret and secret.get("kind") == "token" else None
    context = {
        "form": form,
        "token_form": TokenForm(),
        "tokens": user.access_tokens.all(),
        "new_token": new_token,
        "codes_left": services.recovery_codes_left(user=user),
    }
    return render(request, "accounts/settings.html", context, status=400 if form.errors else 200)


@login_required
def change_passphrase(request: HttpRequest) -> HttpResponse:
    user = request.user
    assert isinstance(user, User)
    form = PassphraseChangeForm(user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        user.set_password(form.cleaned_data["new_passphrase"])
        user.save(update_fields=["password"])
        update_session_auth_hash(request, user)
        messages.success(request, _("Your passphrase is changed."))
        return redirect("accounts:settings")
    status = 400 if form.errors else 200
    return render(request, "accounts/change_passphrase.html", {"form": form}, status=status)


@login_required
@require_POST
def new_recovery_codes(request: HttpRequest) -> HttpResponse:
    user = request.user
    assert isinstance(user, User)
    show_once(request, "recovery_codes", services.recovery_codes_replace(user=user))
    return redirect("accounts:recovery_codes_shown")


@login_required
@require_POST
def create_token(request: HttpRequest) -> HttpResponse:
    user = request.user
    assert isinstance(user, User)
    form = TokenForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the token a name of up to 60 characters."))
        return redirect("accounts:settings")
    _token, raw = services.token_create(user=user, name=form.cleaned_data["name"])
    show_once(request, "token", [raw])
    return redirect("accounts:settings")


@login_required
@require_POST
def revoke_token(request: HttpRequest, token_id: int) -> HttpResponse:
    user = request.user
    assert isinstance(user, User)
    if not services.token_revoke(user=user, token_id=token_id):
        return render(request, "404.html", status=404)
    messages.success(request, _("The token is revoked. Apps using it can no longer sign in."))
    return redirect("accounts:settings")
