"""The log form (Today's quick form, the complete form, the offline copy), written in Python.

Through the template engine its fixed markup cost more than its widgets: ~20 conditions on
field errors, five translations, a loop over the drink tiles. `log_form` writes what
`journal/_log_form.html` wrote (tests/journal/test_log_form_html.py holds it to that template
in English and Spanish, unbound and sent back with errors); the widgets are still Django's, every
value is escaped. The details (under "More details" on Today) come from `details_html`.
"""

from __future__ import annotations

from typing import Any

from django.forms import BoundField
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.html import conditional_escape as escape
from django.utils.html import json_script
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, gettext

from waypoint.core.markup import csrf_input
from waypoint.journal.forms import EntryForm
from waypoint.journal.services import OPTIONAL_FIELDS

# A new entry's details, as drawn for each language and day (a few keys; see details_html).
_NEW_DETAILS: dict[tuple[Any, ...], SafeString] = {}
DETAILS = ("time", *OPTIONAL_FIELDS)


def details_html(form: EntryForm, quick: bool) -> SafeString:
    """`journal/_log_more.html`: the log form's details (when, how, set, setting).

    For a new entry they start empty, so their HTML depends only on the language, the day and
    the latest day allowed: that copy is drawn once and kept (it was ~1.3 ms of every view of
    Today). A form sent back, or one with any detail filled in (editing), is drawn each time.
    """
    day = form["day"]
    # Editing gives every detail a starting value, even an empty one; a new entry gives none.
    new = not form.is_bound and not any(name in form.initial for name in DETAILS)
    key = (get_language(), quick, day.value(), day.field.widget.attrs.get("max"))
    if new and key in _NEW_DETAILS:
        return _NEW_DETAILS[key]
    html = mark_safe(render_to_string("journal/_log_more.html", {"form": form, "quick": quick}))  # noqa: S308 (a template's output, escaped by it)
    if new:
        if len(_NEW_DETAILS) > 8:  # the days before today are no longer asked for
            _NEW_DETAILS.clear()
        _NEW_DETAILS[key] = html
    return html


def errors_html(field: BoundField) -> str:
    """`{% for error in field.errors %}<p class="error">{{ error }}</p>{% endfor %}`."""
    # Iterating an ErrorList gives its messages as text, as the template's loop does.
    messages: list[str] = list(field.errors)  # type: ignore[arg-type]
    return "".join(f'<p class="error">{escape(error)}</p>' for error in messages)


def _has_error(field: BoundField) -> str:
    return " has-error" if field.errors else ""


def _words() -> dict[str, str]:
    """The form's fixed words, translated and escaped (`{% translate %}`). Each message is
    written out here, outside any f-string, where `make messages` (xgettext) finds it."""
    words = {
        "which_drink": gettext("Which drink?"),
        "how_much": gettext("How much"),
        "how_many": gettext("How many"),
        "how_many_ml": gettext("How many mL"),
        "one_less": gettext("One less"),
        "one_more": gettext("One more"),
        "more_details": gettext("More details"),
        "time_how_mood_place_": gettext("time, how, mood, place, risks, care, note"),
        "save": gettext("Save"),
        "delete": gettext("Delete…"),
    }
    return {key: str(escape(text)) for key, text in words.items()}


def log_form(
    context: Any,
    *,
    quick: Any = False,
    offline: Any = False,
    action: Any = "",
) -> SafeString:
    """The log form as the template drew it, from the page's context (form, meta, shown…)."""
    form = context["form"]
    t = _words()
    shown = context.get("shown")
    alcohol = bool(shown and shown.is_alcohol)
    substance, drink, amount = form["substance"], form["drink"], form["amount"]
    unit, abv = form["unit"], form["abv_percent"]
    entry_id = form["entry_id"].value()
    next_url = context.get("next")
    details = details_html(form, bool(quick))
    out = [
        f'\n<form method="post" class="log-form{" quick" if quick else ""}" novalidate '
        "data-log-form"
        + (' data-offline-log data-offline-id="entry_id"' if offline else "")
        + (f' action="{escape(action)}"' if action else "")
        + ">\n"
        f"  {csrf_input(context.get('csrf_token'))}\n"
        f"  {json_script(context['meta'], 'substance-meta')}\n"
        f"  {json_script(context['unit_labels'], 'unit-labels')}\n"
        '  <input type="hidden" name="entry_id" '
        f'value="{"" if entry_id is None else escape(entry_id)}">\n'
        f'  <input type="hidden" name="shown_for" value="{shown.pk if shown else ""}" '
        "data-shown-for>\n"
        + (
            f'  <input type="hidden" name="next" value="{escape(next_url)}">\n'
            if next_url
            else "  \n"
        )
    ]
    non_field = form.non_field_errors()
    if non_field:
        messages = "".join(f"<p>{escape(error)}</p>" for error in non_field)
        out.append(f'  \n    <div class="form-errors" role="alert">{messages}</div>\n  \n')
    else:
        out.append("  \n")
    tiles = "".join(
        f'\n        <label class="tile" for="{escape(tile["widget"].id_for_label)}">'
        f'{tile["widget"].tag()}<span class="tile-text"><span class="tile-name">'
        f"{escape(tile['widget'].choice_label)}</span> "
        f'<span class="tile-detail">{escape(tile["detail"])}</span></span></label>\n      '
        for tile in form.drink_tiles()
    )
    show_abv = alcohol and (bool(abv.errors) or drink.value() == "volume")
    out.append(
        "\n"
        f'  <div class="field{_has_error(substance)}">\n'
        f'    <label for="{escape(substance.id_for_label)}">{escape(substance.label)}</label>\n'
        f"    {substance}\n"
        f"    {errors_html(substance)}\n"
        "  </div>\n"
        "\n"
        f'  <fieldset class="drinks{_has_error(drink)}" data-alcohol'
        f"{'' if alcohol else ' hidden'}>\n"
        f"    <legend>{t['which_drink']}</legend>\n"
        f'    <div class="tiles">\n      {tiles}\n    </div>\n'
        f"    {errors_html(drink)}\n"
        "  </fieldset>\n"
        "\n"
        '  <div class="amount-row">\n'
        f'    <div class="field amount{_has_error(amount)}">\n'
        f'      <label for="{escape(amount.id_for_label)}" class="amount-label">'
        f'<span class="for-other">{t["how_much"]}</span>'
        f'<span class="for-count">{t["how_many"]}</span>'
        f'<span class="for-ml">{t["how_many_ml"]}</span></label>\n'
        f'      <div class="stepper" data-stepper data-less="{t["one_less"]}" '
        f'data-more="{t["one_more"]}">{amount}</div>\n'
        "    </div>\n"
        f'    <div class="field unit{_has_error(unit)}" data-not-alcohol'
        f"{' hidden' if alcohol else ''}>\n"
        f'      <label for="{escape(unit.id_for_label)}">{escape(unit.label)}</label>\n'
        f"      {unit}\n"
        "    </div>\n"
        f'    <div class="field abv{" show" if show_abv else ""}{_has_error(abv)}" data-abv>\n'
        f'      <label for="{escape(abv.id_for_label)}">{escape(abv.label)}</label>\n'
        f"      {abv}\n"
        "    </div>\n"
        "  </div>\n"
        f"  {errors_html(amount)}\n"
        f"  {errors_html(unit)}\n"
        f"  {errors_html(abv)}\n"
    )
    unusual = context.get("unusual")
    asked = render_to_string("journal/_unusual.html", {"questions": unusual}) if unusual else ""
    out.append(f"  {asked}\n\n  ")
    if quick:
        out.append(
            f'\n    <details class="more"{" open" if context.get("more_errors") else ""}>\n'
            f'      <summary>{t["more_details"]} <span class="summary-help">'
            f"{t['time_how_mood_place_']}</span></summary>\n"
            f"      {details}\n"
            "    </details>\n"
            f'    <button type="submit" class="save">{t["save"]}</button>\n  '
        )
    else:
        entry = context.get("entry")
        delete = ""
        if entry:
            url = reverse("journal:entry_delete", args=[entry.pk])
            delete = f'<a class="button secondary" href="{url}">{t["delete"]}</a>'
        out.append(
            f"\n    {details}\n"
            '    <div class="actions">\n'
            f'      <button type="submit" class="save">{t["save"]}</button>\n'
            f"      {delete}\n"
            "    </div>\n  "
        )
    out.append("\n</form>\n")
    return mark_safe("".join(out))  # noqa: S308 (every value is escaped, as the template would)
