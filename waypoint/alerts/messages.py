"""The words of every message Waypoint sends for check on me, reminders and drug alerts.

Each function returns (subject, body) for email; text messages use the body alone. Messages to
contacts always end with the stop link.
"""

from __future__ import annotations

from datetime import datetime

from django.conf import settings
from django.urls import reverse
from django.utils.formats import time_format
from django.utils.translation import gettext as _

from waypoint.alerts.substances import label

OVERDOSE_GUIDE_PATH = "/safety/overdose/"

NEVER_CALLS = _(
    "Waypoint never calls the police or emergency services itself. You decide what to do."
)


def absolute(path: str) -> str:
    return settings.SITE_URL + path


def stop_url(stop_key: str) -> str:
    return absolute(reverse("alerts:contact_stop", args=[stop_key]))


def _stop_line(stop_key: str) -> str:
    return _("To stop getting messages about this person, open: %(url)s") % {
        "url": stop_url(stop_key)
    }


def overdose_steps() -> str:
    """A short overdose response, with the local emergency number."""
    return "\n".join(
        [
            _("If they do not respond or are not breathing normally:"),
            _("1. Call %(number)s. Say someone is not breathing and give the address.")
            % {"number": settings.EMERGENCY_NUMBER},
            _("2. Give naloxone (one spray in a nostril, or an injection into the thigh)."),
            _("3. Give rescue breaths: one breath every 5 seconds."),
            _("4. No response after 2 to 3 minutes: give a second dose of naloxone."),
            _(
                "5. Put them in the recovery position and stay with them: naloxone can wear off "
                "in 30 to 90 minutes."
            ),
            _("The overdose guide: %(url)s") % {"url": absolute(OVERDOSE_GUIDE_PATH)},
        ]
    )


def invite(*, person: str, confirm_url: str, stop_key: str, days: int) -> tuple[str, str]:
    subject = _("%(person)s asks if you will check on them") % {"person": person}
    body = "\n\n".join(
        [
            _(
                "%(person)s uses Waypoint, a harm reduction app, and would like you as a contact "
                "for its check-on-me timer."
            )
            % {"person": person},
            _(
                "What you agree to: when %(person)s starts a timer and does not answer it when it "
                "runs out, Waypoint sends you one message with where they are and what helpers "
                "need to know, so that you can check on them or get help."
            )
            % {"person": person},
            _(
                "Waypoint writes to you only now, when an alert is due, and if you are removed. "
                "While a timer runs you hear nothing."
            ),
            NEVER_CALLS,
            _("To agree, open this link (it works once, for %(days)s days): %(url)s")
            % {"days": days, "url": confirm_url},
            _("If you do not agree, do nothing: you will get no alerts."),
            _stop_line(stop_key),
        ]
    )
    return subject, body


def ask(*, grace_seconds: int, url: str) -> tuple[str, str]:
    minutes = max(1, round(grace_seconds / 60))
    subject = _("Your timer ran out")
    body = "\n\n".join(
        [
            _(
                "Your check-in timer ran out. Open Waypoint and answer within about %(minutes)s "
                "minutes, or your contacts will be sent your message."
            )
            % {"minutes": minutes},
            url,
        ]
    )
    return subject, body


def clock_time(moment: datetime) -> str:
    """A time as the person's clock showed it, with its zone ("23:30 PST"), for readers anywhere.

    Callers give the moment already in the person's zone (`accounts.zones.zone_for`).
    """
    return f"{time_format(moment, 'H:i')} {moment.tzname() or ''}".strip()


def alert(
    *,
    person: str,
    note: str,
    plan: str,
    deadline: datetime,
    help_now: bool,
    stop_key: str,
) -> tuple[str, str]:
    subject = _("Please check on %(person)s now") % {"person": person}
    if help_now:
        opening = _("%(person)s pressed “I need help now” in Waypoint.") % {"person": person}
    else:
        opening = _(
            "%(person)s started a check-on-me timer in Waypoint and did not answer when it ran "
            "out at %(time)s."
        ) % {"person": person, "time": clock_time(deadline)}
    parts = [
        opening + " " + _("Please check on them now."),
        _("Where they are: %(note)s") % {"note": note or _("(no note)")},
        _("Their rescue plan:") + "\n" + (plan or _("(no plan written)")),
        _("Bring naloxone if you have it."),
        overdose_steps(),
        NEVER_CALLS,
        _stop_line(stop_key),
    ]
    return subject, "\n\n".join(parts)


def removed(*, person: str) -> tuple[str, str]:
    subject = _("You are no longer a check-on-me contact")
    body = _(
        "%(person)s removed you from their check-on-me contacts in Waypoint. You will get no more "
        "messages about them."
    ) % {"person": person}
    return subject, body


def reminder(*, url: str) -> tuple[str, str]:
    return _("Your daily check-in"), _(
        "The reminder you asked for: your daily check-in. %(url)s"
    ) % {"url": url}


def drug_alert(
    *, title: str, region: str, evidence: str, details: str, substances: list[str], url: str
) -> tuple[str, str]:
    subject = _("Drug alert: %(title)s") % {"title": title}
    parts = [
        f"{title} ({region})",
        _("How it is known: %(evidence)s") % {"evidence": evidence},
        _("Substances: %(names)s") % {"names": ", ".join(label(s) for s in substances)},
    ]
    if details:
        parts.append(details)
    parts += [
        _("Test your drugs if you can, start low, go slow, and have naloxone with you."),
        url,
    ]
    return subject, "\n\n".join(parts)
