from __future__ import annotations

from django import template

from waypoint.directory.taxonomy import TYPE_LABELS

register = template.Library()


@register.filter
def type_label(code: str) -> str:
    """A Waypoint type code in words ("peer-support" for meetings of no listed kind)."""
    if code == "peer-support":
        from django.utils.translation import gettext

        return gettext("Peer support")
    return str(TYPE_LABELS.get(code, code))
