"""Today's "Staying safer" panel, written in Python.

Through the template engine the panel (a heading, a line and a link on most days) cost more
than the read behind it: five translations, two blocktranslations, three URL reversals and a
context per view. `today_panel` writes the markup the template `safety/_today.html` wrote
(tests/safety/test_today_html.py holds it to that template in English and Spanish); every
value is escaped, and translated sentences are left as the template left them.
"""

from __future__ import annotations

from datetime import datetime

from django.templatetags.static import static
from django.urls import reverse
from django.utils.formats import time_format
from django.utils.html import conditional_escape as escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.timezone import localtime
from django.utils.translation import gettext, ngettext

from waypoint.safety.selectors import TodaySafety


def duration_words(minutes: int) -> str:
    """ "45 min", "2 h 10 min": short, for a list of times since a dose."""
    minutes = max(0, int(minutes))
    hours, rest = divmod(minutes, 60)
    if hours == 0:
        return ngettext("%(m)d minute", "%(m)d minutes", rest) % {"m": rest}
    if rest == 0:
        return ngettext("%(h)d hour", "%(h)d hours", hours) % {"h": hours}
    return gettext("%(h)d h %(m)d min") % {"h": hours, "m": rest}


def bac_percent(value: float) -> str:
    """A blood alcohol figure in %, to three decimals (0.062%)."""
    return f"{value:.3f}"


def _clock(value: datetime) -> str:
    """`{{ value|time:"H:i" }}`: on the reader's clock, as the template filter shows it."""
    return escape(time_format(localtime(value), "H:i"))


def today_panel(safety: TodaySafety | None) -> SafeString:
    """The panel for Today, or nothing (a line break, as the template left) when it is empty."""
    if safety is None or safety.empty:
        return mark_safe("\n")
    heading = gettext("Staying safer")
    out = [
        f'\n<link rel="stylesheet" href="{escape(static("safety/safety.css"))}">\n'
        '<section aria-labelledby="safety-heading" class="panel safety-today" '
        'data-testid="safety-today">\n'
        f'  <h2 id="safety-heading">{heading}</h2>\n  '
    ]
    if safety.notes:
        combinations = reverse("safety:combinations")
        more = gettext("More about this mix")
        for note in safety.notes:
            pair = note.pair
            extras = "".join(f"<p>{escape(extra)}</p>" for extra in pair.notes)
            out.append(
                f'\n  <div class="today-note rating-{escape(pair.rating)}" '
                'data-testid="combination-note">\n'
                f'    <p><span class="badge">{escape(pair.rating_label)}</span> '
                f"<strong>{escape(note.earlier_name)} + {escape(note.later_name)}</strong></p>\n"
                f"    <p>{escape(pair.summary or pair.meaning)}</p>\n"
                f"    {extras}\n"
                f'    <p>{escape(pair.advice)} <a href="{combinations}?substances='
                f'{escape(pair.a)},{escape(pair.b)}">{more}</a></p>\n'
                "  </div>\n  "
            )
    out.append("\n  ")
    if safety.since:
        ago = gettext("%(ago)s ago (%(time)s)")
        doses = "".join(
            f"<li><strong>{escape(dose.name)}</strong>: "
            + ago % {"ago": escape(duration_words(dose.minutes)), "time": _clock(dose.at)}
            + "</li>"
            for dose in safety.since
        )
        since = gettext("Time since last dose")
        out.append(f'\n  <h3>{since}</h3>\n  <ul class="since">{doses}</ul>\n  ')
    out.append("\n  ")
    body = reverse("safety:body")
    if safety.bac:
        bac = safety.bac
        now = gettext("Now: about %(low)s%% to %(high)s%%.") % {
            "low": escape(bac_percent(bac.low)),
            "high": escape(bac_percent(bac.high)),
        }
        later = gettext("Likely below 0.05%% by %(below)s, and at zero by %(zero)s.") % {
            "below": _clock(bac.below_reference_at),
            "zero": _clock(bac.zero_at),
        }
        estimate = gettext(
            "An estimate from the drinks you logged, your weight and an average body; real "
            "levels can be higher. It can't tell you when you are fit to drive or to do "
            "anything risky."
        )
        title, change = gettext("Estimated blood alcohol"), gettext("Change the figures")
        out.append(
            f"\n  <h3>{title}</h3>\n"
            f'  <p data-testid="bac">{now}\n    {later}</p>\n'
            f'  <p class="help">{estimate} <a href="{body}">{change}</a>'
            "</p>\n  "
        )
    elif safety.needs_weight:
        add = gettext(
            "Add your weight in Settings to see an estimated blood alcohol range here after you "
            "drink."
        )
        add_it = gettext("Add it")
        out.append(f'\n  <p class="help">{add} <a href="{body}">{add_it}</a></p>\n  ')
    out.append(
        f'\n  <p class="help"><a href="{reverse("safety:overdose")}">'
        f"{gettext('Overdose help')}</a></p>\n"
        "</section>\n\n"
    )
    return mark_safe("".join(out))  # noqa: S308 (every value above is escaped)
