"""Today's companion panels ("My usual" and the quick urge note), written in Python.

The template `companion/_today.html` cost more than the read behind it on every view of
Today: translations, URL reversals, a form's radios and a context. `today_panels` writes the
same markup (tests/companion/test_today_html.py holds it to that template in English and
Spanish); every value is escaped, translated sentences are left as the template left them.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence
from typing import Any

from django.templatetags.static import static
from django.urls import reverse
from django.utils.html import conditional_escape as escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, gettext

from waypoint.companion.forms import UrgeForm
from waypoint.companion.models import Usual
from waypoint.core.markup import csrf_input


def today_panels(
    *,
    usuals: Sequence[Usual],
    urge_id: uuid.UUID,
    csrf_token: Any,
    entry_id: Callable[[], Any] = uuid.uuid4,
) -> SafeString:
    """The usuals (one tap to log each) and a new urge note (`urge_id`: its id, for the offline
    copy), as the template drew them with a new `UrgeForm`."""
    csrf = csrf_input(csrf_token)
    # Each message outside the f-strings, where `make messages` (xgettext) finds it.
    words = {
        "usual": gettext("My usual"),
        "change": gettext("Change your usuals"),
        "save": gettext("Save a usual drink or dose"),
        "urge": gettext("Noticed an urge?"),
        "note": gettext("Note the urge"),
        "more": gettext("Add what was going on and what helped, or see your urges"),
    }
    out = [
        f'\n<link rel="stylesheet" href="{escape(static("companion/companion.css"))}">\n'
        '<div class="companion-today">\n'
    ]
    usuals_url = reverse("companion:usuals")
    if usuals:
        log = gettext('Log %(name)s <span class="usual-amount">(%(what)s)</span>')
        items = "".join(
            f'\n    <li><form method="post" '
            f'action="{reverse("companion:usual_log", args=[usual.pk])}">{csrf}\n'
            f'      <input type="hidden" name="entry_id" value="{escape(entry_id())}">\n'
            '      <button type="submit" class="secondary usual-log">'
            + log % {"name": escape(usual.name), "what": escape(usual.amount_text)}
            + "</button>\n    </form></li>"
            for usual in usuals
        )
        out.append(
            '\n<section aria-labelledby="usuals-heading" class="panel usuals">\n'
            f'  <h2 id="usuals-heading">{words["usual"]}</h2>\n'
            f'  <ul class="usual-list">{items}\n  </ul>\n'
            f'  <p class="help"><a href="{usuals_url}">{words["change"]}</a></p>\n'
            "</section>\n"
        )
    out.append("\n")
    urges_url = reverse("companion:urges")
    legend, radios = _strength()
    more = "" if usuals else f' · <a href="{usuals_url}">{words["save"]}</a>'
    out.append(
        '<section aria-labelledby="urge-heading" class="panel urge-quick">\n'
        f'  <h2 id="urge-heading">{words["urge"]}</h2>\n'
        f'  <form method="post" action="{urges_url}" class="stack" novalidate>{csrf}\n'
        f'    <input type="hidden" name="next" value="{reverse("journal:today")}">\n'
        f'    <input type="hidden" name="urge_id" value="{urge_id}" id="id_urge_id">\n'
        '    <fieldset class="scale-field">\n'
        f"      <legend>{legend}</legend>\n"
        f'      <div class="scale-choices">{radios}</div>\n'
        "    </fieldset>\n"
        f'    <button type="submit">{words["note"]}</button>\n'
        "  </form>\n"
        f'  <p class="help"><a href="{urges_url}">'
        f"{words['more']}</a>{more}</p>\n"
        "</section>\n"
        "</div>\n\n"
    )
    return mark_safe("".join(out))  # noqa: S308 (every value above is escaped)


# The strength scale of a new urge note, as drawn for each language: ten radios through Django's
# widget templates cost more than the rest of both panels, and they are the same for everyone.
_STRENGTH: dict[str, tuple[str, str]] = {}


def _strength() -> tuple[str, str]:
    """A new note's scale, its legend and radios escaped: drawn once per language."""
    language = get_language()
    if language not in _STRENGTH:
        strength = UrgeForm()["strength"]
        _STRENGTH[language] = (
            str(escape(strength.label)),
            "".join(
                f'<label class="scale-choice">{radio.tag()}'
                f"<span>{escape(radio.choice_label)}</span></label>"
                for radio in strength
            ),
        )
    return _STRENGTH[language]
