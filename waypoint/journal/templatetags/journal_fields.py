"""The log form's field blocks written straight to HTML: what `journal/_field.html` and
`journal/_choices.html` render, without a template include per field.

Today renders fourteen of these on every view, and the include machinery cost more than the
widgets themselves. A test renders every field of the log form (bound, with errors, and not)
both ways and requires the same HTML.
"""

from __future__ import annotations

from typing import Any

from django import template
from django.forms import BoundField
from django.template.loader import render_to_string
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from waypoint.journal.checkin_html import checkin_form
from waypoint.journal.entry_html import entry_item
from waypoint.journal.services import OPTIONAL_FIELDS

register = template.Library()


def _errors(field: BoundField) -> str:
    # Iterating an ErrorList gives its messages as text, as the template's loop does.
    messages: list[str] = list(field.errors)  # type: ignore[arg-type]
    return "".join(f'<p class="error">{conditional_escape(error)}</p>' for error in messages)


@register.simple_tag
def field_block(field: BoundField) -> SafeString:
    """`{% include "journal/_field.html" with field=… %}`, the same HTML."""
    has_error = " has-error" if field.errors else ""
    help_text = (
        f'<p class="help">{conditional_escape(field.help_text)}</p>' if field.help_text else ""
    )
    return mark_safe(  # noqa: S308 (every value is escaped, as the template would)
        f'<div class="field{has_error}">\n'
        f'  <label for="{conditional_escape(field.id_for_label)}">'
        f"{conditional_escape(field.label)}</label>\n"
        f"  {conditional_escape(str(field))}\n"  # the widget's HTML, safe already
        f"  {help_text}\n"
        f"  {_errors(field)}\n"
        "</div>\n"
    )


@register.simple_tag
def choices_block(field: BoundField, css: str, inner: str, item: str) -> SafeString:
    """`{% include "journal/_choices.html" with field=… class=… inner=… item=… %}`."""
    has_error = " has-error" if field.errors else ""
    item = conditional_escape(item)
    choices = "".join(
        f'<label class="{item}" for="{conditional_escape(choice.id_for_label)}">'
        f"{conditional_escape(choice.tag())}"
        f"<span>{conditional_escape(choice.choice_label)}</span></label>"
        for choice in field
    )
    return mark_safe(  # noqa: S308 (every value is escaped, as the template would)
        f'<fieldset class="{conditional_escape(css)}{has_error}">\n'
        f"  <legend>{conditional_escape(field.label)}</legend>\n"
        f'  <div class="{conditional_escape(inner)}">\n'
        f"    {choices}\n"
        "  </div>\n"
        f"  {_errors(field)}\n"
        "</fieldset>\n"
    )


@register.simple_tag(takes_context=True)
def checkin_block(context: template.Context, **given: Any) -> SafeString:
    """`{% include "journal/_checkin_form.html" %}` with the same names, written in Python.

    Each of `next`, `has_entries` and `is_today` is taken from the tag when given there, else
    from the page's context, as the include read them.
    """

    def value(name: str) -> Any:
        return given[name] if name in given else context.get(name)

    return checkin_form(
        day=context["day"],
        checkin=context.get("checkin"),
        form=context["checkin_form"],
        next_url=value("next"),
        has_entries=value("has_entries"),
        is_today=value("is_today"),
        csrf_token=context.get("csrf_token"),
    )


register.simple_tag(entry_item)


# A new entry's details, as drawn for each language and day (a few keys; see log_more).
_NEW_DETAILS: dict[tuple[Any, ...], SafeString] = {}
DETAILS = ("time", *OPTIONAL_FIELDS)


@register.simple_tag(takes_context=True)
def log_more(context: template.Context) -> SafeString:
    """`{% include "journal/_log_more.html" %}`: the log form's details (when, how, set, setting).

    For a new entry they start empty, so their HTML depends only on the language, the day and
    the latest day allowed: that copy is drawn once and kept (it was ~1.3 ms of every view of
    Today). A form sent back, or one with any detail filled in (editing), is drawn each time.
    """
    form, quick = context["form"], bool(context.get("quick"))
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
