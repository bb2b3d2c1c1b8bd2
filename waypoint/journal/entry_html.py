"""One entry of a list (Today, the Journal, the delete question), written in Python.

Through the template engine an entry cost ~0.4 ms (an include, three translations, two URL
reversals, filters); Today lists up to 20 and the Journal a fortnight's. `entry_item` writes
the markup `journal/_entry_item.html` wrote (tests/journal/test_entry_html.py holds it to that
template in English and Spanish); every value is escaped, translated sentences are left as the
template left them.
"""

from __future__ import annotations

from django.template.defaultfilters import floatformat, truncatechars
from django.urls import reverse
from django.utils import timezone
from django.utils.html import conditional_escape as escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from waypoint.journal.models import Entry


def _clock(entry: Entry) -> str:
    """`{{ entry.used_at|time:"H:i" }}`: the time on the reader's clock."""
    return timezone.localtime(entry.used_at).strftime("%H:%M")


def entry_item(entry: Entry, *, save_usual: bool = False, no_edit: bool = False) -> SafeString:
    """The entry as a list item: what and how much, its details, and links to edit it."""
    name = escape(entry.substance.name)
    amount = escape(entry.amount_text)
    shows_time = entry.shows_time
    clock = _clock(entry) if shows_time or save_usual else ""
    what = f"<strong>{name}</strong> · {amount}"
    if entry.abv_percent and not entry.is_preset:
        what += " " + gettext("at %(abv)s%%") % {
            "abv": escape(floatformat(entry.abv_percent, "-1"))
        }
    drinks = getattr(entry, "drinks", None)  # put on by with_drinks where the page shows them
    if drinks is not None and entry.unit == "ml":
        n = escape(floatformat(drinks, 1))
        standard = gettext("%(n)s standard drinks") % {"n": n}
        what += f' <span class="entry-drinks">({standard})</span>'
    edit = ""
    if not no_edit:
        hidden = f"{name} {amount} {clock}" if shows_time else f"{name} {amount}"
        edit = (
            f'<a class="entry-edit" href="{reverse("journal:entry_edit", args=[entry.pk])}">'
            f'{escape(gettext("Edit"))}<span class="visually-hidden"> {hidden}</span></a>'
        )
    tags = ""
    if entry.route or entry.place or entry.company or entry.activity or entry.mood:
        spans = "".join(
            f"<span>{escape(text)}</span>"
            for text in (
                entry.route and entry.get_route_display(),
                entry.place and entry.get_place_display(),
                entry.company and entry.get_company_display(),
                entry.activity,
                entry.mood and gettext("mood %(mood)s of 5") % {"mood": entry.mood},
            )
            if text
        )
        tags = f'\n    <p class="entry-tags">{spans}</p>\n  '
    harms = entry.harm_labels
    care = entry.care_labels
    note = escape(gettext("Note:"))
    return mark_safe(  # noqa: S308 (every value is escaped, as the template would)
        '<li class="entry">\n'
        '  <div class="entry-line">\n'
        + (f'    <span class="entry-time">{clock}</span>\n' if shows_time else "    \n")
        + f'    <span class="entry-what">{what}</span>\n'
        f"    {edit}\n"
        "  </div>\n"
        f"  {tags}\n"
        + (
            f'  <p class="entry-harms"><span class="tag-label">{escape(gettext("Risks:"))}</span> '
            f"{', '.join(escape(label) for label in harms)}</p>\n"
            if harms
            else "  \n"
        )
        + (
            f'  <p class="entry-care"><span class="tag-label">{escape(gettext("Care:"))}</span> '
            f"{', '.join(escape(label) for label in care)}</p>\n"
            if care
            else "  \n"
        )
        + (
            '  <p class="entry-usual">'
            f'<a href="{reverse("companion:usual_from_entry", args=[entry.pk])}">'
            f"{escape(gettext('Save as my usual'))}"
            f'<span class="visually-hidden"> {name} {clock}</span></a></p>\n'
            if save_usual
            else "  \n"
        )
        + (
            f'  <p class="entry-note"><span class="tag-label">{note}</span> '
            f"{escape(truncatechars(entry.note, 140))}</p>\n"
            if entry.note
            else "  \n"
        )
        + "</li>\n"
    )
