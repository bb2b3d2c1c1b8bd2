"""Django's form renderer, with the common widgets written straight to HTML.

Rendering a widget through the template engine costs ~0.1 ms (a context, an include for the
attributes, filters); Today draws 47 of them, about 44% of the view (docs/benchmarks.md). The
built-in templates for inputs, radio and checkbox options, selects and textareas are short, so
this renderer produces exactly their output in Python and leaves every other template (and any
project override) to the engine. tests/core/test_rendering.py holds both to the same HTML.
"""

from __future__ import annotations

from typing import Any

from django.forms.renderers import DjangoTemplates
from django.utils.html import conditional_escape

_WIDGETS = "django/forms/widgets/"
_INPUTS = {
    f"{_WIDGETS}{name}.html"
    for name in (
        "input",
        "text",
        "number",
        "email",
        "password",
        "hidden",
        "date",
        "time",
        "datetime",
        "url",
        "search",
        "tel",
        "checkbox",
        "color",
    )
}
_OPTIONS = {
    f"{_WIDGETS}{name}.html" for name in ("input_option", "radio_option", "checkbox_option")
}
_SELECT = f"{_WIDGETS}select.html"
_SELECT_OPTION = f"{_WIDGETS}select_option.html"
_TEXTAREA = f"{_WIDGETS}textarea.html"


def _text(value: Any) -> str:
    """`{{ value|stringformat:'s' }}` under autoescape: safe strings stay as they are."""
    return str(conditional_escape(value if isinstance(value, str) else f"{value}"))


def _attrs(attrs: dict[str, Any]) -> str:
    parts = []
    for name, value in attrs.items():
        if value is False:
            continue
        if value is True:
            parts.append(f" {conditional_escape(name)}")
        else:
            parts.append(f' {conditional_escape(name)}="{_text(value)}"')
    return "".join(parts)


def _input(widget: dict[str, Any]) -> str:
    value = widget["value"]
    shown = "" if value is None else f' value="{_text(value)}"'
    return (
        f'<input type="{conditional_escape(widget["type"])}" '
        f'name="{conditional_escape(widget["name"])}"{shown}{_attrs(widget["attrs"])}>'
    )


def _option(widget: dict[str, Any]) -> str:
    tag = _input(widget)
    if not widget.get("wrap_label"):
        return tag
    target = widget["attrs"].get("id")
    label_for = f' for="{conditional_escape(target)}"' if target else ""
    # The included input template ends with a newline, kept inside the label.
    return f"<label{label_for}>{tag}\n {conditional_escape(widget['label'])}</label>"


def _select(widget: dict[str, Any]) -> str | None:
    parts = [f'<select name="{conditional_escape(widget["name"])}"{_attrs(widget["attrs"])}>']
    for group_name, options, _index in widget["optgroups"]:
        if group_name:
            parts.append(f'\n  <optgroup label="{conditional_escape(group_name)}">')
        for option in options:
            if option["template_name"] != _SELECT_OPTION:
                return None
            parts.append(
                f'\n  <option value="{_text(option["value"])}"{_attrs(option["attrs"])}>'
                f"{conditional_escape(option['label'])}</option>\n"  # the include's newline
            )
        if group_name:
            parts.append("\n  </optgroup>")
    parts.append("\n</select>")
    return "".join(parts)


def _textarea(widget: dict[str, Any]) -> str:
    value = widget["value"]
    body = conditional_escape(value) if value else ""
    return (
        f'<textarea name="{conditional_escape(widget["name"])}"{_attrs(widget["attrs"])}>\n'
        f"{body}</textarea>"
    )


class FastWidgetRenderer(DjangoTemplates):
    """The default renderer, with the built-in input, option, select and textarea in Python."""

    def render(self, template_name: str, context: dict[str, Any], request: Any = None) -> str:
        widget = context.get("widget")
        if isinstance(widget, dict):
            html: str | None = None
            if template_name in _INPUTS:
                html = _input(widget)
            elif template_name in _OPTIONS:
                html = _option(widget)
            elif template_name == _SELECT:
                html = _select(widget)
            elif template_name == _TEXTAREA:
                html = _textarea(widget)
            if html is not None:
                return html
        return super().render(template_name, context, request=request)
