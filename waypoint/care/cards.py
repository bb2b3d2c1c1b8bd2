"""The caseload's client cards, written in Python.

Fifty cards through the template engine (a lookup, a filter and a translation per line) cost
as much as reading the fifty clients' progress. `caseload_cards` writes the same markup the
card template wrote (a test holds it to that template); every text is escaped.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import TYPE_CHECKING

from django.urls import reverse
from django.utils.formats import date_format
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext, ngettext

if TYPE_CHECKING:
    from waypoint.care.selectors import CaseloadRow


def caseload_cards(rows: Iterable[CaseloadRow]) -> SafeString:
    """One `<li class="care-card">` per row, as the caseload template drew them."""
    why = escape(gettext("Why they may need a look"))
    call = escape(gettext("PHQ-9 item 9 above 0 in the last 28 days: may want a call"))
    no_check_in = escape(gettext("No check-in yet"))
    against_baseline = escape(gettext("against their baseline"))
    against_before = escape(gettext("against the 28 days before"))
    better_label = escape(gettext("Better"))
    other_label = escape(gettext("To talk about"))
    no_change = escape(gettext("No change to show yet."))
    not_shared = escape(gettext("Progress is not shared with you."))
    last_check_in = gettext("Last check-in: %(day)s")
    client_url = reverse("care:client", args=[0])[:-2]  # ".../0/" → prefix for any id
    # Fifty cards repeat a few dozen words, days and counts: each is escaped (and each day
    # formatted, each count put in words) once per page.
    escaped: dict[str, str] = {}
    days_words: dict[int, str] = {}
    last_words: dict[date, str] = {}

    def html(text: str) -> str:
        found = escaped.get(text)
        if found is None:
            found = escaped[text] = escape(text)
        return found

    out = []
    for row in rows:
        person = row.participant
        flagged = " flagged" if row.self_harm else ""
        out.append(
            f'\n  <li class="care-card{flagged}">\n'
            f'    <h2><a href="{client_url}{person.pk}/">{escape(person.shown_name)}</a></h2>\n    '
        )
        if row.reasons:
            reasons = "".join(
                f'<li><span class="status warn">{call if key == "self_harm" else html(words)}'
                "</span></li>"
                for key, words in row.reason_pairs
            )
            out.append(f'<ul class="reasons" aria-label="{why}">{reasons}</ul>')
        progress = row.progress
        if progress is None:
            out.append(f'\n    \n      <p class="small muted">{not_shared}</p>\n    \n  </li>\n  ')
            continue
        reported = progress.last_reported
        if reported:
            last = last_words.get(reported)
            if last is None:
                day = escape(date_format(reported, "j M Y"))
                last = last_words[reported] = last_check_in % {"day": day}
        else:
            last = no_check_in
        n = progress.days_reported
        days = days_words.get(n)
        if days is None:
            days = days_words[n] = ngettext(
                "%(n)s day reported in 28", "%(n)s days reported in 28", n
            ) % {"n": n}
        against = against_baseline if progress.against_baseline else against_before
        out.append(
            f'\n    \n      <p class="small muted">{last}\n        · {days}\n'
            f"        · {against}</p>\n      "
        )
        better, other = progress.better, progress.other
        if better:
            items = "".join(f"<li>{html(words)}</li>" for words in better)
            out.append(
                f'<p class="shades-label">{better_label}</p><ul class="shades better">{items}</ul>'
            )
        out.append("\n      ")
        if other:
            items = "".join(f"<li>{html(words)}</li>" for words in other)
            out.append(f'<p class="shades-label">{other_label}</p><ul class="shades">{items}</ul>')
        out.append("\n      ")
        if not better and not other:
            out.append(f'<p class="small">{no_change}</p>')
        out.append("\n    \n  </li>\n  ")
    return mark_safe("".join(out))  # noqa: S308 (every text above is escaped)
