from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache
from html import escape as esc
from typing import Any
from zoneinfo import ZoneInfo

from django import template
from django.urls import reverse
from django.utils.dateformat import format as date_format
from django.utils.dates import WEEKDAYS
from django.utils.formats import number_format
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


@lru_cache(maxsize=8)
def _words(language: str) -> dict[str, str]:
    """The result's fixed words in a language, translated once rather than for each result
    (`html.escape` is what Django's `escape` does, without its wrapper)."""
    walk_in, free = gettext("walk-in"), gettext("free")  # outside f-strings: xgettext finds them
    return {
        "km": gettext("%(km)s km away"),
        "temporarily": esc(gettext("Temporarily closed")),
        "open": esc(gettext("Open")),
        "closed": esc(gettext("Closed")),
        "closes": gettext("closes %(t)s"),
        "opens": gettext("opens %(t)s"),
        "unknown": esc(gettext("Hours not listed")),
        "walk-in": f'<span class="tag">{esc(walk_in)}</span>',
        "free": f'<span class="tag">{esc(free)}</span>',
        "online": gettext("Online"),
        "call": gettext("Call %(n)s"),
        "map": esc(gettext("Open in your map app")),
        "checked": gettext("Last checked %(d)s"),
        "unchecked": esc(gettext("Not yet checked")),
    }


@lru_cache(maxsize=4096)
def _km(km: float, language: str) -> str:
    """A distance in tenths of a kilometre, in the language's numbers, remembered."""
    return str(number_format(km, decimal_pos=1))


@register.simple_tag
def result_items(results: Iterable[Any]) -> SafeString:
    """The `<li>` of each search result (a `selectors.Result`).

    Written in Python rather than as an included template: a page of results had cost more to
    render than to find (the include, a dozen tags and filters per result). Every value is
    escaped here (`html.escape`, which Django's `escape` wraps); the strings are the same
    messages as before, for translation.
    """
    # One reverse for the page: service links differ only by id.
    link = reverse("directory:service", args=[0])[:-2]
    language = get_language() or ""
    words = _words(language)
    labels: dict[str, str] = {}
    return mark_safe(  # noqa: S308
        "".join(_item(r, link, words, labels, language) for r in results)
    )


def _item(r: Any, link: str, words: dict[str, str], labels: dict[str, str], language: str) -> str:
    service, location = r.service, r.location
    out = [
        f'<li class="dir-result">\n  <h3><a href="{link}{service.pk}/">{esc(service.name)}'
        f'</a></h3>\n  <p class="muted">{esc(service.organization.name)}</p>\n'
        '  <p class="dir-facts">'
    ]
    if r.distance_km is not None:
        km = words["km"] % {"km": _km(round(r.distance_km, 1), language)}
        out.append(f'<span class="dir-distance">{esc(km)}</span> ')
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
            said = change % {"t": _formatted(moment, "D H:i", language)}
            out.append(f" · {esc(said)}")
    else:
        out.append(f'<span class="muted">{words["unknown"]}</span>')
    out.append('</p>\n  <p class="dir-tags">')
    for code in r.types:
        if code not in labels:
            labels[code] = f'<span class="tag">{esc(type_label(code))}</span>'
        out.append(labels[code])
    if service.walk_in:
        out.append(words["walk-in"])
    if service.free:
        out.append(words["free"])
    out.append("</p>\n")
    if location is not None:
        where = words["online"] if location.location_type == "virtual" else location.address_line
        out.append(f"  <p>{esc(where)}</p>\n")
    out.append('  <p class="dir-links">')
    for phone in r.phones[:1]:
        call = words["call"] % {"n": phone.number}
        out.append(f'<a href="tel:{esc(phone.number)}">{esc(call)}</a> ')
    if r.map_link:
        out.append(f'<a href="{esc(r.map_link)}">{words["map"]}</a>')
    out.append('</p>\n  <p class="help">')
    if service.assured_date:
        day = _formatted(service.assured_date, "j M Y", language)
        out.append(esc(words["checked"] % {"d": day}))
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
        f'<option value="{esc(value)}"{" selected" if value == current else ""}>'
        f"{esc(label)}</option>"
        for value, label in choices
    )


@lru_cache(maxsize=64)
def _radios(language: str, name: str, choices: tuple[tuple[str, str], ...], current: str) -> str:
    return "".join(
        f'<li><label><input type="radio" name="{name}" value="{esc(value)}"'
        f"{' checked' if value == current else ''}> {esc(label)}</label></li>"
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
        return esc(str(fields[name].label))

    def errs(name: str, extra: str = "") -> str:
        return "".join(f'<p class="error"{extra}>{esc(str(e))}</p>' for e in errors.get(name, []))

    place_errors = errors.get("place", [])
    invalid = ' aria-invalid="true"' if place_errors else ""
    asking = esc(gettext("Asking your browser…"))
    failed = esc(gettext("Your browser did not share a location. You can type a place instead."))
    use = esc(gettext("Use my location (asks your browser, this search only)"))
    help_text = esc(str(fields["place"].help_text))
    place_block = (
        f'  <div class="field{" has-error" if place_errors else ""}">'
        f'<label for="id_place">{label("place")}</label>\n'
        '    <input type="text" name="place" id="id_place" maxlength="100" '
        f'value="{esc(_raw(data, "place"))}" aria-describedby="id_place_helptext"{invalid}>\n'
        f"    {errs('place', ' id=' + chr(34) + 'id_place_error' + chr(34))}\n"
        f'    <p class="help" id="id_place_helptext">{help_text}</p>\n'
        '    <button type="button" class="link" data-use-location '
        f'data-asking="{asking}" data-failed="{failed}" hidden>{use}</button>\n'
        '    <p class="help" data-location-status role="status"></p>\n  </div>\n'
    )
    out = [
        f'<input type="hidden" name="lat" value="{esc(_raw(data, "lat"))}" id="id_lat">'
        f'<input type="hidden" name="lon" value="{esc(_raw(data, "lon"))}" id="id_lon">\n',
        f'  <div class="field"><label for="id_type">{label("type")}</label>\n'
        f'    <select name="type" id="id_type">'
        f"{_options(language, _choices(form, 'type'), _raw(data, 'type'))}</select></div>\n",
        place_block,
        f'  <fieldset class="field"><legend>{label("when")}</legend>\n'
        f"    <ul>{_radios(language, 'when', _choices(form, 'when'), _raw(data, 'when'))}</ul>"
        "</fieldset>\n",
        f'  <div class="field{" has-error" if errors.get("at") else ""}">'
        f'<label for="id_at">{label("at")}</label>\n'
        f'    <input type="datetime-local" name="at" id="id_at" value="{esc(_raw(data, "at"))}">'
        f"{errs('at')}</div>\n",
    ]
    q, spoken = _raw(data, "q"), _raw(data, "language")
    walk_in, free = _checked(data, "walk_in"), _checked(data, "free")
    opened = " open" if (q or spoken or walk_in or free) else ""
    more = esc(gettext("More choices"))
    out.append(
        f"  <details{opened}><summary>{more}</summary>\n"
        f'    <div class="field"><label for="id_q">{label("q")}</label><input type="text" '
        f'name="q" id="id_q" maxlength="100" value="{esc(q)}"></div>\n'
        f'    <div class="field"><label for="id_language">{label("language")}</label>'
        f'<input type="text" name="language" id="id_language" maxlength="40" '
        f'value="{esc(spoken)}"></div>\n'
        '    <div class="field checkbox"><input type="checkbox" name="walk_in" id="id_walk_in"'
        f'{" checked" if walk_in else ""}> <label for="id_walk_in">{label("walk_in")}</label>'
        "</div>\n"
        f'    <div class="field checkbox"><input type="checkbox" name="free" id="id_free"'
        f'{" checked" if free else ""}> <label for="id_free">{label("free")}</label></div>\n'
        "  </details>\n"
    )
    return mark_safe("".join(out))  # noqa: S308 (every value escaped above)
