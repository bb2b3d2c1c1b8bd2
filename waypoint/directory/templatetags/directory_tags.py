from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache
from typing import Any
from zoneinfo import ZoneInfo

from django import template
from django.urls import reverse
from django.utils.dateformat import format as date_format
from django.utils.dates import WEEKDAYS
from django.utils.formats import number_format
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, get_language_info, gettext

from waypoint.directory.schedule import ScheduleError, parse_byday
from waypoint.directory.taxonomy import TYPE_LABELS

register = template.Library()


@register.filter
def type_label(code: str) -> str:
    """A Waypoint type code in words ("peer-support" for meetings of no listed kind)."""
    if code == "peer-support":
        return gettext("Peer support")
    return str(TYPE_LABELS.get(code, code))


DAY_CODES = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")


@register.filter
def weekdays(byday: str) -> str:
    """A schedule's HSDS weekday codes ("MO,TU,WE,TH,FR") in the reader's words ("Monday to
    Friday", "lunes a viernes"); "Every day" when empty. Codes it cannot read stay as given."""
    try:
        days = parse_byday(byday or "")
    except ScheduleError:
        return byday
    if not days:
        return gettext("Every day")
    if all(n == 0 for n, _code in days):
        order = sorted({DAY_CODES.index(code) for _n, code in days})
        if len(order) >= 3 and order == list(range(order[0], order[-1] + 1)):
            return gettext("%(first)s to %(last)s") % {
                "first": WEEKDAYS[order[0]],
                "last": WEEKDAYS[order[-1]],
            }
    names = []
    for n, code in days:
        name = str(WEEKDAYS[DAY_CODES.index(code)])
        if n == -1:
            name = gettext("the last %(day)s of the month") % {"day": name}
        elif n:
            name = gettext("%(day)s number %(n)d of the month") % {"day": name, "n": n}
        names.append(name)
    return ", ".join(names)


@register.filter
def language_name(language: Any) -> str:
    """A directory language in the reader's words when its code is one Django names ("es":
    "Spanish", "español"); else its name as imported."""
    code = str(getattr(language, "code", "") or "").strip().lower()
    try:
        return str(get_language_info(code)["name_translated"]) if code else str(language)
    except KeyError:
        return str(language)


@lru_cache(maxsize=1024)
def _formatted(value: Any, fmt: str, language: str) -> str:
    """A date or time in words, remembered (many results share a day or an hour)."""
    return str(date_format(value, fmt))


def _words() -> dict[str, str]:
    """The result's fixed words, translated once per page rather than once per result."""
    return {
        "km": gettext("%(km)s km away"),
        "temporarily": escape(gettext("Temporarily closed")),
        "open": escape(gettext("Open")),
        "closed": escape(gettext("Closed")),
        "closes": gettext("closes %(t)s"),
        "opens": gettext("opens %(t)s"),
        "unknown": escape(gettext("Hours not listed")),
        "walk-in": gettext("walk-in"),
        "free": gettext("free"),
        "online": gettext("Online"),
        "call": gettext("Call %(n)s"),
        "map": escape(gettext("Open in your map app")),
        "checked": gettext("Last checked %(d)s"),
        "unchecked": escape(gettext("Not yet checked")),
    }


@register.simple_tag
def result_items(results: Iterable[Any]) -> SafeString:
    """The `<li>` of each search result (a `selectors.Result`).

    Written in Python rather than as an included template: a page of results had cost more to
    render than to find (the include, a dozen tags and filters per result). Every value is
    escaped here; the strings are the same messages as before, for translation.
    """
    # One reverse for the page: service links differ only by id.
    link = reverse("directory:service", args=[0])[:-2]
    words = _words()
    labels: dict[str, str] = {}
    return mark_safe("".join(_item(r, link, words, labels) for r in results))  # noqa: S308


def _item(r: Any, link: str, words: dict[str, str], labels: dict[str, str]) -> str:
    service, location = r.service, r.location
    out = [
        f'<li class="dir-result">\n  <h3><a href="{link}{service.pk}/">{escape(service.name)}'
        f'</a></h3>\n  <p class="muted">{escape(service.organization.name)}</p>\n'
        '  <p class="dir-facts">'
    ]
    if r.distance_km is not None:
        km = words["km"] % {"km": number_format(round(r.distance_km, 1), decimal_pos=1)}
        out.append(f'<span class="dir-distance">{escape(km)}</span> ')
    if service.status == "temporarily closed":
        out.append(f'<span class="dir-closed">{words["temporarily"]}</span>')
    elif r.open_at_time is True or r.open_at_time is False:
        if r.open_at_time:
            out.append(f'<span class="dir-open">{words["open"]}</span>')
            change = words["closes"]
        else:
            out.append(f'<span class="dir-closed">{words["closed"]}</span>')
            change = words["opens"]
        if r.next_change:
            zone = ZoneInfo(location.zone) if location is not None else None
            moment = r.next_change.astimezone(zone) if zone else r.next_change
            said = change % {"t": _formatted(moment, "D H:i", get_language() or "")}
            out.append(f" · {escape(said)}")
    else:
        out.append(f'<span class="muted">{words["unknown"]}</span>')
    out.append('</p>\n  <p class="dir-tags">')
    tags = []
    for code in r.types:
        if code not in labels:
            labels[code] = type_label(code)
        tags.append(labels[code])
    if service.walk_in:
        tags.append(words["walk-in"])
    if service.free:
        tags.append(words["free"])
    out.extend(f'<span class="tag">{escape(tag)}</span>' for tag in tags)
    out.append("</p>\n")
    if location is not None:
        where = words["online"] if location.location_type == "virtual" else location.address_line
        out.append(f"  <p>{escape(where)}</p>\n")
    out.append('  <p class="dir-links">')
    for phone in r.phones[:1]:
        call = words["call"] % {"n": phone.number}
        out.append(f'<a href="tel:{escape(phone.number)}">{escape(call)}</a> ')
    if r.map_link:
        out.append(f'<a href="{escape(r.map_link)}">{words["map"]}</a>')
    out.append('</p>\n  <p class="help">')
    if service.assured_date:
        day = _formatted(service.assured_date, "j M Y", get_language() or "")
        checked = words["checked"] % {"d": day}
        out.append(escape(checked))
    else:
        out.append(words["unchecked"])
    out.append("</p>\n</li>\n")
    return "".join(out)


# --- The search form -------------------------------------------------------------------------


def _raw(data: Any, name: str) -> str:
    value = data.get(name) if data is not None else None
    return "" if value is None else str(value)


def _checked(data: Any, name: str) -> bool:
    """What Django's CheckboxInput reads from the query string."""
    if data is None or name not in data:
        return False
    value = data.get(name)
    if isinstance(value, str):
        return {"true": True, "false": False}.get(value.lower(), bool(value))
    return bool(value)


@lru_cache(maxsize=256)
def _options(language: str, choices: tuple[tuple[str, str], ...], current: str) -> str:
    return "".join(
        f'<option value="{escape(value)}"{" selected" if value == current else ""}>'
        f"{escape(label)}</option>"
        for value, label in choices
    )


@lru_cache(maxsize=64)
def _radios(language: str, name: str, choices: tuple[tuple[str, str], ...], current: str) -> str:
    return "".join(
        f'<li><label><input type="radio" name="{name}" value="{escape(value)}"'
        f"{' checked' if value == current else ''}> {escape(label)}</label></li>"
        for value, label in choices
    )


def _choices(form: Any, name: str) -> tuple[tuple[str, str], ...]:
    return _choices_in(form.__class__.__name__, name, get_language() or "", form)


_CHOICES: dict[tuple[str, str, str], tuple[tuple[str, str], ...]] = {}


def _choices_in(form_name: str, name: str, language: str, form: Any) -> tuple[tuple[str, str], ...]:
    """A form class's choices in words, once per language (they are fixed in the class)."""
    key = (form_name, name, language)
    if key not in _CHOICES:
        _CHOICES[key] = tuple((str(v), str(label)) for v, label in form.fields[name].choices)
    return _CHOICES[key]


@register.simple_tag
def search_form_fields(form: Any) -> SafeString:
    """The fields of the directory search form, written in Python for the same reason as the
    results (Django's widget templates, then a template loop over choices, cost more than the
    search). The same markup the template had; every value escaped."""
    data = form.data if form.is_bound else None
    errors = form.errors if form.is_bound else {}
    language = get_language() or ""
    fields = form.fields

    def label(name: str) -> str:
        return escape(str(fields[name].label))

    def errs(name: str, extra: str = "") -> str:
        return "".join(f'<p class="error"{extra}>{escape(e)}</p>' for e in errors.get(name, []))

    place_errors = errors.get("place", [])
    invalid = ' aria-invalid="true"' if place_errors else ""
    asking = escape(gettext("Asking your browser…"))
    failed = escape(gettext("Your browser did not share a location. You can type a place instead."))
    use = escape(gettext("Use my location (asks your browser, this search only)"))
    help_text = escape(str(fields["place"].help_text))
    place_block = (
        f'  <div class="field{" has-error" if place_errors else ""}">'
        f'<label for="id_place">{label("place")}</label>\n'
        '    <input type="text" name="place" id="id_place" maxlength="100" '
        f'value="{escape(_raw(data, "place"))}" aria-describedby="id_place_helptext"{invalid}>\n'
        f"    {errs('place', ' id=' + chr(34) + 'id_place_error' + chr(34))}\n"
        f'    <p class="help" id="id_place_helptext">{help_text}</p>\n'
        '    <button type="button" class="link" data-use-location '
        f'data-asking="{asking}" data-failed="{failed}" hidden>{use}</button>\n'
        '    <p class="help" data-location-status role="status"></p>\n  </div>\n'
    )
    out = [
        f'<input type="hidden" name="lat" value="{escape(_raw(data, "lat"))}" id="id_lat">'
        f'<input type="hidden" name="lon" value="{escape(_raw(data, "lon"))}" id="id_lon">\n',
        f'  <div class="field"><label for="id_type">{label("type")}</label>\n'
        f'    <select name="type" id="id_type">'
        f"{_options(language, _choices(form, 'type'), _raw(data, 'type'))}</select></div>\n",
        place_block,
        f'  <fieldset class="field"><legend>{label("when")}</legend>\n'
        f"    <ul>{_radios(language, 'when', _choices(form, 'when'), _raw(data, 'when'))}</ul>"
        "</fieldset>\n",
        f'  <div class="field{" has-error" if errors.get("at") else ""}">'
        f'<label for="id_at">{label("at")}</label>\n'
        f'    <input type="datetime-local" name="at" id="id_at" value="{escape(_raw(data, "at"))}">'
        f"{errs('at')}</div>\n",
    ]
    q, spoken = _raw(data, "q"), _raw(data, "language")
    walk_in, free = _checked(data, "walk_in"), _checked(data, "free")
    opened = " open" if (q or spoken or walk_in or free) else ""
    out.append(
        f"  <details{opened}><summary>{escape(gettext('More choices'))}</summary>\n"
        f'    <div class="field"><label for="id_q">{label("q")}</label><input type="text" '
        f'name="q" id="id_q" maxlength="100" value="{escape(q)}"></div>\n'
        f'    <div class="field"><label for="id_language">{label("language")}</label>'
        f'<input type="text" name="language" id="id_language" maxlength="40" '
        f'value="{escape(spoken)}"></div>\n'
        '    <div class="field checkbox"><input type="checkbox" name="walk_in" id="id_walk_in"'
        f'{" checked" if walk_in else ""}> <label for="id_walk_in">{label("walk_in")}</label>'
        "</div>\n"
        f'    <div class="field checkbox"><input type="checkbox" name="free" id="id_free"'
        f'{" checked" if free else ""}> <label for="id_free">{label("free")}</label></div>\n'
        "  </details>\n"
    )
    return mark_safe("".join(out))  # noqa: S308 (every value escaped above)
