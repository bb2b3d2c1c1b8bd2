"""A day's check-in form (no use in one tap, mood, wellbeing), written in Python.

Today draws it on every view; through the template engine its two loops (five moods, twelve
wellbeing options) and its translations cost more than the check-in's read. `checkin_form`
writes the markup `journal/_checkin_form.html` wrote (tests/journal/test_checkin_html.py
holds it to that template in English and Spanish, with and without a check-in and errors);
every value is escaped, translated sentences are left as the template left them.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.forms import Form
from django.urls import reverse
from django.utils.html import conditional_escape as escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from waypoint.core.markup import csrf_input
from waypoint.journal.models import CheckIn


def _errors(messages: Any) -> str:
    return "".join(f'<p class="error">{escape(error)}</p>' for error in messages)


def checkin_form(
    *,
    day: date,
    checkin: CheckIn | None,
    form: Form,
    next_url: Any = None,
    has_entries: Any = False,
    is_today: Any = False,
    csrf_token: Any = None,
) -> SafeString:
    """The check-in form for `day`, as the template drew it (the values read as it read them)."""
    action = reverse("journal:checkin", args=[day.strftime("%Y-%m-%d")])
    out = [
        f'<form method="post" action="{action}" class="checkin-form" novalidate>\n'
        f"  {csrf_input(csrf_token)}\n  "
    ]
    if next_url:
        out.append(f'<input type="hidden" name="next" value="{escape(next_url)}">')
    out.append("\n  ")
    general = form.non_field_errors()
    if general:
        items = "".join(f"<p>{escape(str(error))}</p>" for error in general)
        out.append(f'\n    <div class="form-errors" role="alert">{items}</div>\n  ')
    out.append("\n  ")
    if checkin is not None and checkin.no_use:
        said = gettext("No use today.") if is_today else gettext("No use on this day.")
        undo = gettext("Undo")
        out.append(
            f'\n    <p class="no-use-state"><span aria-hidden="true">✓</span> {said}\n'
            '      <button type="submit" name="no_use" value="0" class="link">'
            f"{undo}</button></p>\n  "
        )
    elif has_entries:
        said = (
            gettext("You logged use today. Mood and wellbeing are still welcome.")
            if is_today
            else gettext("This day has entries. Mood and wellbeing are still welcome.")
        )
        out.append(f'\n    <p class="muted">{said}</p>\n  ')
    else:
        said = gettext("No use today") if is_today else gettext("No use on this day")
        out.append(
            '\n    <button type="submit" name="no_use" value="1" class="no-use">'
            f"{said}</button>\n  "
        )
    mood, wellbeing = form["mood"], form["wellbeing"]
    shown_mood = checkin.mood if checkin is not None else None
    shown_wellbeing = checkin.wellbeing if checkin is not None else None
    moods = "".join(
        "\n        "
        f'<label class="mood" for="checkin-mood-{escape(value)}"><input type="radio" '
        f'name="mood" value="{escape(value)}" id="checkin-mood-{escape(value)}"'
        f"{' checked' if checkin is not None and shown_mood == value else ''}>"
        f"<span>{escape(label)}</span></label>\n      "
        for value, label in form.fields["mood"].choices  # type: ignore[attr-defined]
    )
    options = "".join(
        f'<option value="{escape(value)}"'
        f"{' selected' if value != '' and checkin is not None and shown_wellbeing == value else ''}"
        f">{escape(label)}</option>"
        for value, label in form.fields["wellbeing"].choices  # type: ignore[attr-defined]
    )
    optional = gettext("(optional)")
    out.append(
        f'\n  <fieldset class="moods-field{" has-error" if mood.errors else ""}">\n'
        f'    <legend>{gettext("Mood")} <span class="optional">{optional}</span></legend>\n'
        f'    <div class="moods">\n      {moods}\n    </div>\n'
        f"    {_errors(mood.errors)}\n"
        "  </fieldset>\n"
        f'  <div class="field wellbeing{" has-error" if wellbeing.errors else ""}">\n'
        f'    <label for="checkin-wellbeing">{gettext("Wellbeing, 0 to 10")} '
        f'<span class="optional">{optional}</span></label>\n'
        '    <select name="wellbeing" id="checkin-wellbeing" '
        'aria-describedby="checkin-wellbeing-help">\n'
        f"      {options}\n"
        "    </select>\n"
        '    <p class="help" id="checkin-wellbeing-help">'
        f"{gettext('0 is the worst you can imagine, 10 the best.')}</p>\n"
        f"    {_errors(wellbeing.errors)}\n"
        "  </div>\n"
        f'  <button type="submit" class="secondary">{gettext("Save mood and wellbeing")}</button>\n'
        "</form>\n"
    )
    return mark_safe("".join(out))  # noqa: S308 (every value above is escaped)
