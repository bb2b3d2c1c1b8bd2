"""Account actions: sign-up, recovery, throttled sign-in, personal access tokens."""

from __future__ import annotations

import ipaddress
import secrets
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import authenticate, password_validation
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from waypoint.accounts.models import (
    AccessToken,
    LoginFailure,
    Membership,
    Organization,
    RecoveryCode,
    SetupLink,
    User,
    secret_hash,
)
from waypoint.accounts.zones import check_zone

RECOVERY_CODE_COUNT = 10
TOKEN_PREFIX = "wp_"  # noqa: S105 (a prefix, not a secret)
# Letters and digits that cannot be confused when read aloud or copied by hand.
_CODE_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"


def _new_recovery_code() -> str:
    """Four groups of four characters: about 79 bits, enough that a plain hash is safe."""
    chars = "".join(secrets.choice(_CODE_ALPHABET) for _ in range(16))
    return "-".join(chars[i : i + 4] for i in range(0, 16, 4))


def _normalize_code(code: str) -> str:
    compact = "".join(ch for ch in code.lower() if ch.isalnum())
    return "-".join(compact[i : i + 4] for i in range(0, len(compact), 4))


@transaction.atomic
def recovery_codes_replace(*, user: User) -> list[str]:
    """Make a fresh set of recovery codes for the person; older codes stop working."""
    RecoveryCode.objects.filter(user=user).delete()
    codes = [_new_recovery_code() for _ in range(RECOVERY_CODE_COUNT)]
    RecoveryCode.objects.bulk_create(
        RecoveryCode(user=user, code_hash=secret_hash(code)) for code in codes
    )
    return codes


@transaction.atomic
def user_sign_up(
    *,
    username: str,
    passphrase: str,
    email: str = "",
    display_name: str = "",
    time_zone: str = "",
) -> tuple[User, list[str]]:
    """Create a participant account and return it with its recovery codes (shown once)."""
    zone = check_zone(time_zone) if time_zone else str(settings.TIME_ZONE)
    if User.objects.filter(username__iexact=username).exists():
        raise ValidationError({"username": _("That username is taken. Try another.")})
    user = User(username=username, email=email, display_name=display_name, time_zone=zone)
    password_validation.validate_password(passphrase, user)
    user.set_password(passphrase)
    user.save()
    return user, recovery_codes_replace(user=user)


def user_time_zone_set(*, user: User, time_zone: str) -> bool:
    """Set the zone a person's days follow; True when it changed.

    Only what happens from now on follows the new zone: entries, check-ins and baseline days
    store their calendar day, so none of them moves to another day.
    """
    zone = check_zone(time_zone)
    if zone == user.time_zone:
        return False
    user.time_zone = zone
    user.save(update_fields=["time_zone"])
    return True


def organization_time_zone_set(*, organization: Organization, time_zone: str) -> bool:
    """Set the zone an organization's reports count days in; True when it changed."""
    zone = check_zone(time_zone)
    if zone == organization.time_zone:
        return False
    organization.time_zone = zone
    organization.save(update_fields=["time_zone"])
    return True


def client_address(request: HttpRequest) -> str | None:
    """The address the request came from, read through the configured trusted proxies only.

    With ``TRUSTED_PROXY_COUNT`` = 0 (no proxy) ``X-Forwarded-For`` is ignored: anyone can send
    it. With N trusted proxies, the Nth address from the right is the one the outermost of them
    saw; anything further left was written by the client and is not believed.
    """
    remote = request.META.get("REMOTE_ADDR") or None
    proxies = settings.TRUSTED_PROXY_COUNT
    if proxies <= 0:
        return remote
    chain = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    chain = [part for part in chain if part]
    if len(chain) < proxies:
        return remote
    candidate = chain[-proxies]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return remote


# --- Device cookies (OWASP "Slow down online guessing attacks with device cookies") ---------
DEVICE_COOKIE = "wp_device"
_DEVICE_SALT = "waypoint.accounts.device"


def device_cookie_value(*, username: str) -> str:
    """A signed cookie saying 'this browser signed in as this account before'."""
    return signing.dumps(
        {"u": username.lower(), "n": secrets.token_hex(16)}, salt=_DEVICE_SALT, compress=True
    )


def known_device(request: HttpRequest, username: str) -> str:
    """The device id when the request carries a valid device cookie for this account, else ''."""
    raw = request.COOKIES.get(DEVICE_COOKIE, "")
    if not raw:
        return ""
    try:
        value = signing.loads(raw, salt=_DEVICE_SALT, max_age=settings.LOGIN_DEVICE_COOKIE_AGE)
    except signing.BadSignature:
        return ""
    if not isinstance(value, dict) or value.get("u") != username.lower():
        return ""
    return str(value.get("n", ""))[:32]


@dataclass(frozen=True)
class Attempt:
    """Who a sign-in or recovery attempt is for and where it comes from."""

    username: str
    address: str | None
    device: str

    @classmethod
    def of(cls, request: HttpRequest, username: str) -> Attempt:
        name = username.lower()[:40]
        return cls(name, client_address(request), known_device(request, name))


def sign_in_is_paused(attempt: Attempt) -> bool:
    """True when too many recent failures make this attempt wait.

    A known device is judged only by its own failures, so an attacker elsewhere cannot lock the
    owner out. Any other attempt waits after too many failures for the account from its address,
    from its address for any account, or for the account from everywhere (a slow spread-out
    attack); that last limit is well above the other two, so one address alone cannot reach it.
    """
    since = timezone.now() - timedelta(seconds=settings.LOGIN_THROTTLE_WINDOW_SECONDS)
    recent = LoginFailure.objects.filter(at__gte=since)
    if attempt.device:
        failures = recent.filter(username=attempt.username, device=attempt.device).count()
        return failures >= settings.LOGIN_THROTTLE_PER_DEVICE
    untrusted = recent.filter(device="")
    if attempt.address is not None:
        by_address = untrusted.filter(address=attempt.address)
        if by_address.count() >= settings.LOGIN_THROTTLE_PER_ADDRESS:
            return True
        if (
            by_address.filter(username=attempt.username).count()
            >= settings.LOGIN_THROTTLE_PER_ACCOUNT_AND_ADDRESS
        ):
            return True
    return (
        untrusted.filter(username=attempt.username).count() >= settings.LOGIN_THROTTLE_PER_ACCOUNT
    )


def _failed(attempt: Attempt) -> None:
    LoginFailure.objects.create(
        username=attempt.username, address=attempt.address, device=attempt.device
    )


def _succeeded(attempt: Attempt) -> None:
    # Only this route's failures are forgiven: a success from the owner's phone must not wipe
    # the record of an attack on the same account from elsewhere.
    failures = LoginFailure.objects.filter(username=attempt.username)
    if attempt.device:
        failures.filter(device=attempt.device).delete()
    else:
        failures.filter(device="", address=attempt.address).delete()


class SignInPaused(Exception):
    """Raised when sign-in is paused for an account or address after repeated failures."""


def user_sign_in_check(*, request: HttpRequest, username: str, passphrase: str) -> User | None:
    """Check a username and passphrase, counting failures; raise SignInPaused when throttled."""
    attempt = Attempt.of(request, username)
    if sign_in_is_paused(attempt):
        raise SignInPaused
    user = authenticate(request, username=username, password=passphrase)
    if user is None:
        _failed(attempt)
        return None
    assert isinstance(user, User)
    _succeeded(attempt)
    return user


@transaction.atomic
def user_recover(
    *, request: HttpRequest, username: str, code: str, new_passphrase: str
) -> User | None:
    """Spend one recovery code to set a new passphrase; None when the code does not match."""
    attempt = Attempt.of(request, username)
    if sign_in_is_paused(attempt):
        raise SignInPaused
    match = (
        RecoveryCode.objects.select_for_update()
        .filter(
            user__username__iexact=username,
            user__is_active=True,
            code_hash=secret_hash(_normalize_code(code)),
            used_at__isnull=True,
        )
        .select_related("user")
        .first()
    )
    if match is None:
        _failed(attempt)
        return None
    user = match.user
    password_validation.validate_password(new_passphrase, user)
    match.used_at = timezone.now()
    match.save(update_fields=["used_at"])
    user.set_password(new_passphrase)
    user.save(update_fields=["password"])
    _succeeded(attempt)
    return user


def recovery_codes_left(*, user: User) -> int:
    return RecoveryCode.objects.filter(user=user, used_at__isnull=True).count()


def token_create(*, user: User, name: str) -> tuple[AccessToken, str]:
    """Create a personal access token; the raw value is returned once and never stored."""
    raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = AccessToken.objects.create(
        user=user, name=name, token_hash=secret_hash(raw), prefix=raw[:10]
    )
    return token, raw


def token_revoke(*, user: User, token_id: int) -> bool:
    """Delete one of the person's own tokens; False when there is no such token of theirs."""
    deleted, _ = AccessToken.objects.filter(user=user, pk=token_id).delete()
    return deleted > 0


def token_user(*, raw: str) -> User | None:
    """The active person a raw bearer token belongs to, noting when it was last used."""
    if not raw.startswith(TOKEN_PREFIX):
        return None
    token = (
        AccessToken.objects.select_related("user")
        .filter(token_hash=secret_hash(raw), user__is_active=True)
        .first()
    )
    if token is None:
        return None
    now = timezone.now()
    # Write at most once a minute so busy scripts do not turn every read into a write.
    if token.last_used_at is None or now - token.last_used_at > timedelta(minutes=1):
        AccessToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user


SETUP_LINK_DAYS = 7


@transaction.atomic
def organization_create(
    *, name: str, kind: str, admin_username: str, time_zone: str = ""
) -> tuple[Organization, User, str]:
    """An organization, its first admin (a staff account with no passphrase yet) and a one-time
    setup code for that admin; the raw code is returned once and only its hash is stored."""
    from django.utils.text import slugify

    name = name.strip()
    if not name:
        raise ValidationError({"name": _("Give the organization a name.")})
    if kind not in Organization.Kind.values:
        raise ValidationError(
            {
                "kind": _("Choose one of: %(kinds)s.")
                % {"kinds": ", ".join(Organization.Kind.values)}
            }
        )
    if time_zone:
        time_zone = check_zone(time_zone)
    username = admin_username.strip()
    if not username or len(username) > 40:
        raise ValidationError({"admin": _("Give the admin a username of 1 to 40 characters.")})
    if User.objects.filter(username__iexact=username).exists():
        raise ValidationError({"admin": _("That username is taken. Try another.")})
    base = slugify(name)[:40] or "organization"
    slug, n = base, 1
    while Organization.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    organization = Organization.objects.create(
        name=name, slug=slug, kind=kind, **({"time_zone": time_zone} if time_zone else {})
    )
    admin = User(username=username, kind=User.Kind.STAFF)
    admin.set_unusable_password()
    admin.save()
    Membership.objects.create(user=admin, organization=organization, role=Membership.Role.ADMIN)
    return organization, admin, setup_link_create(user=admin)


def setup_link_create(*, user: User) -> str:
    """A one-time code (in a link) that lets this account set its first passphrase."""
    code = _new_recovery_code()
    now = timezone.now()
    SetupLink.objects.create(
        user=user,
        code_hash=secret_hash(code),
        created_at=now,
        expires_at=now + timedelta(days=SETUP_LINK_DAYS),
    )
    return code


def setup_link_open(*, code: str) -> SetupLink | None:
    link = (
        SetupLink.objects.select_related("user")
        .filter(code_hash=secret_hash(_normalize_code(code)))
        .first()
    )
    return link if link is not None and link.is_open else None


@transaction.atomic
def setup_link_use(*, code: str, passphrase: str, display_name: str = "") -> tuple[User, list[str]]:
    """Set the first passphrase through a setup link; the link then stops working."""
    link = (
        SetupLink.objects.select_for_update(of=("self",))
        .select_related("user")
        .filter(code_hash=secret_hash(_normalize_code(code)))
        .first()
    )
    if link is None or not link.is_open:
        raise ValidationError(_("That link does not work. It may be used or expired."))
    user = link.user
    try:
        password_validation.validate_password(passphrase, user)
    except ValidationError as error:
        raise ValidationError({"passphrase": error.messages}) from error
    user.set_password(passphrase)
    if display_name.strip():
        user.display_name = display_name.strip()[:60]
    user.save(update_fields=["password", "display_name"])
    link.used_at = timezone.now()
    link.save(update_fields=["used_at"])
    return user, recovery_codes_replace(user=user)
