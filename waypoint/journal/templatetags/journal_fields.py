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
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe

from waypoint.journal import log_form_html
from waypoint.journal.checkin_html import checkin_form
from waypoint.journal.entry_html import entry_item
from waypoint.journal.log_form_html import errors_html

register = template.Library()


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
        f"  {errors_html(field)}\n"
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
        f"  {errors_html(field)}\n"
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


@register.simple_tag(takes_context=True)
def log_form(
    context: template.Context, quick: Any = False, offline: Any = False, action: Any = ""
) -> SafeString:
    """`{% include "journal/_log_form.html" with quick=… offline=… action=… %}`, in Python."""
    return log_form_html.log_form(context, quick=quick, offline=offline, action=action)
