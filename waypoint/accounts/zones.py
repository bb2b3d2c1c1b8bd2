"""Whose clock: the one place that says which time zone a person's or organization's days follow.

Pages get the signed-in person's zone activated for the whole request (`TimeZoneMiddleware`), so
`timezone.localdate()` and `localtime()` inside a request are the person's. Code that runs
outside a request (the worker, commands) or for someone other than the caller asks here
explicitly: `zone_for(user)`, `local_now(user)`, `local_today(user)`, `organization_zone(org)`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date, datetime, time, timedelta, tzinfo
from functools import cache
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

if TYPE_CHECKING:
    from waypoint.accounts.models import Organization, User


@cache
def _known() -> frozenset[str]:
    # Not the "posix/" and "right/" copies some systems add; the IANA names people recognise.
    return frozenset(
        name for name in available_timezones() if not name.startswith(("posix/", "right/"))
    )


def is_zone(name: str) -> bool:
    """Whether `name` is an IANA time zone name this server knows (e.g. America/Chicago)."""
    return name in _known()


def check_zone(name: str, *, field: str = "time_zone") -> str:
    """The name, stripped, if it is a known IANA zone; else a ValidationError naming it."""
    name = (name or "").strip()
    if not is_zone(name):
        raise ValidationError(
            {
                field: _(
                    "Unknown time zone: %(zone)s. Use a name like America/Los_Angeles "
                    "or Europe/Madrid."
                )
                % {"zone": name[:64] or "''"}
            }
        )
    return name


def site_zone() -> ZoneInfo:
    return ZoneInfo(str(settings.TIME_ZONE))


def _zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name) if name and is_zone(name) else site_zone()
    except ZoneInfoNotFoundError:  # a zone the server's tz database no longer has
        return site_zone()


def zone_for(user: User | Any | None) -> ZoneInfo:
    """The zone a person's days follow: their own, else the site's `TIME_ZONE`."""
    return _zone(getattr(user, "time_zone", "") or "")


def zone_for_name(name: str | None) -> ZoneInfo:
    """A stored zone name as a zone; the site's when it is empty or no longer known."""
    return _zone(name or "")


def organization_zone(organization: Organization | None) -> ZoneInfo:
    """The zone an organization's reports count days in (default the site's `TIME_ZONE`)."""
    return _zone(getattr(organization, "time_zone", "") or "")


def organization_today(organization: Organization | None) -> date:
    """The organization's calendar day now: what its alerts, stock and reports count by."""
    return timezone.now().astimezone(organization_zone(organization)).date()


def day_ends(day: date, zone: ZoneInfo) -> datetime:
    """The first moment after `day` on that clock: the end of the day, as an instant."""
    return datetime.combine(day + timedelta(days=1), time.min, tzinfo=zone)


def offset_words(offset: timedelta) -> str:
    """A clock by its offset from UTC, as people write it: "UTC", "UTC−8", "UTC+5:30"."""
    minutes = round(offset.total_seconds() / 60)
    if minutes == 0:
        return "UTC"
    hours, rest = divmod(abs(minutes), 60)
    return f"UTC{'+' if minutes > 0 else '−'}{hours}" + (f":{rest:02d}" if rest else "")


def zone_words(zone: tzinfo, at: datetime) -> str:
    """A zone in plain words: "Los Angeles time" for a place's zone, else its offset at `at`."""
    name = getattr(zone, "key", "") or ""
    if "/" in name and not name.startswith("Etc/"):
        place = name.rsplit("/", 1)[1].replace("_", " ")
        return _("%(place)s time") % {"place": place}
    return offset_words(at.astimezone(zone).utcoffset() or timedelta(0))


def local_now(user: User | Any | None) -> datetime:
    """Now, on the person's clock."""
    return timezone.now().astimezone(zone_for(user))


def local_today(user: User | Any | None) -> date:
    """The person's calendar day now: what Today, check-ins and goals call today."""
    return local_now(user).date()


def days_now(names: Iterable[str]) -> dict[date, list[str]]:
    """The calendar day it is now on each stored zone name, grouped: {day: [names on it]}.

    Many people's days in one query: a condition per day with `time_zone__in` its names. At any
    moment the world is on at most three calendar days, so there are at most three groups. An
    empty or unknown name counts on the site's zone, as `zone_for_name`.
    """
    now = timezone.now()
    days: dict[date, list[str]] = {}
    for name in sorted(set(names)):
        days.setdefault(now.astimezone(zone_for_name(name)).date(), []).append(name)
    return days


def zone_choices() -> list[tuple[str, list[tuple[str, str]]]]:
    """Every known zone grouped by its region (America, Europe, …), for a plain select."""
    groups: dict[str, list[tuple[str, str]]] = {}
    for name in sorted(_known()):
        region = name.split("/", 1)[0] if "/" in name else _("Other")
        groups.setdefault(region, []).append((name, name.replace("_", " ")))
    return sorted(groups.items())


class TimeZoneMiddleware:
    """Every request of a signed-in person runs on their clock; everyone else on the site's.

    API requests signed with a token activate the account's zone when they authenticate
    (`waypoint.api.auth`); this middleware still resets it when the request ends.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            timezone.activate(zone_for(user))
        else:
            timezone.deactivate()
        try:
            return self.get_response(request)
        finally:
            timezone.deactivate()
