"""Reads for the safety pages, the API and Today: one reader for each, two faces.

The table itself is pure (`waypoint.safety.table`); this module adds names, translation, the
person's own substances and their journal. Text from the data files is stored in English and
translated on display, like the groups topic library.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.db.models import TextField
from django.db.models.functions import Cast
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from waypoint.accounts.gate import is_participant
from waypoint.accounts.models import User
from waypoint.core.crypto import decrypt
from waypoint.core.errors import NotFound
from waypoint.journal.catalogue import CATALOGUE
from waypoint.journal.models import Substance
from waypoint.journal.selectors import entries_visible_to
from waypoint.safety.estimates import BacEstimate, Drink, estimate
from waypoint.safety.models import BodyFacts, OwnSubstanceClass
from waypoint.safety.table import (
    RATINGS,
    SEVERITY,
    Dose,
    PairResult,
    Sheet,
    Source,
    Table,
    active_overlaps,
    languages,
    last_doses,
    load,
    pairs_for,
)

MAX_SUBSTANCES = 8

RATING_LABELS: dict[str, Any] = {
    "dangerous": gettext_lazy("Dangerous"),
    "unsafe": gettext_lazy("Unsafe"),
    "caution": gettext_lazy("Caution"),
    "unknown": gettext_lazy("Unknown"),
    "low_risk_synergy": gettext_lazy("Low risk, each makes the other stronger"),
    "low_risk_no_synergy": gettext_lazy("Low risk, no known interaction"),
    "low_risk_decrease": gettext_lazy("Low risk, one weakens the other"),
}
RATING_MEANINGS: dict[str, Any] = {
    "dangerous": gettext_lazy("Serious harm or death is a real risk, even at usual amounts."),
    "unsafe": gettext_lazy("The risks are clearly higher together; many people avoid this mix."),
    "caution": gettext_lazy("Together they can cause problems; lower amounts and care help."),
    "unknown": gettext_lazy("Too little is known to rate it; that is not the same as low risk."),
    "low_risk_synergy": gettext_lazy("Low risk, but each makes the other stronger."),
    "low_risk_no_synergy": gettext_lazy("No meaningful interaction is known."),
    "low_risk_decrease": gettext_lazy("Low risk; one dulls the other's effects."),
}
KIND_LABELS: dict[str, Any] = {
    "depressant": gettext_lazy("Depressants and sedatives"),
    "opioid": gettext_lazy("Opioids"),
    "stimulant": gettext_lazy("Stimulants"),
    "dissociative": gettext_lazy("Dissociatives"),
    "psychedelic": gettext_lazy("Psychedelics"),
    "cannabis": gettext_lazy("Cannabis"),
    "medicine": gettext_lazy("Prescribed medicines"),
}


def table() -> Table:
    """The table in the active language (its words only: ratings are the same in every one)."""
    language = (get_language() or "en").split("-")[0]
    return load(language if language in _CONTENT_LANGUAGES else "en")


_CONTENT_LANGUAGES = frozenset(languages())


def catalogue_slugs() -> list[str]:
    return [slug for slug, *_rest in CATALOGUE]


def name_of(slug: str) -> str:
    """The shown name of a class or catalogue slug."""
    data = table()
    if slug in data.sheets:
        return _(data.sheets[slug].name)
    klass = data.class_of(slug)
    if klass is not None:
        return _(data.sheets[klass].members[slug].name)
    return slug


# --- The checker and the API ------------------------------------------------------------------


def resolve(raw: str | Sequence[str]) -> list[str]:
    """Slugs from a comma-separated string or a list; refuse unknown ones and fewer than two."""
    parts = raw.split(",") if isinstance(raw, str) else list(raw)
    slugs = list(dict.fromkeys(p.strip().lower() for p in parts if p and p.strip()))
    data = table()
    unknown = [s for s in slugs if data.class_of(s) is None]
    if unknown:
        raise ValidationError(
            {
                "substances": _(
                    "Waypoint has no substance or class called %(names)s. "
                    "The list at /api/v1/safety/substances has every slug."
                )
                % {"names": ", ".join(repr(u) for u in unknown)}
            }
        )
    if len(slugs) < 2:
        raise ValidationError({"substances": _("Choose at least two different substances.")})
    if len(slugs) > MAX_SUBSTANCES:
        raise ValidationError(
            {"substances": _("Choose at most %(n)d substances at a time.") % {"n": MAX_SUBSTANCES}}
        )
    return slugs


@dataclass(frozen=True)
class PairView:
    a: str
    b: str
    a_name: str
    b_name: str
    rating: str
    rating_label: str
    meaning: str
    summary: str
    advice: str
    notes: tuple[str, ...]
    sources: tuple[Source, ...]
    same_class: bool


def _view(result: PairResult) -> PairView:
    data = table()
    rule = result.rule
    return PairView(
        a=result.a,
        b=result.b,
        a_name=name_of(result.a),
        b_name=name_of(result.b),
        rating=rule.rating,
        rating_label=str(RATING_LABELS[rule.rating]),
        meaning=str(RATING_MEANINGS[rule.rating]),
        summary=_(rule.summary) if rule.summary else "",
        advice=_(rule.advice or data.default_advice[rule.rating]),
        notes=tuple(_(n) for n in result.notes),
        sources=tuple(data.sources[s] for s in rule.sources),
        same_class=rule.a == rule.b,
    )


def combination_pairs(slugs: Sequence[str]) -> list[PairView]:
    """Every pair among the named substances, worst first (slugs already resolved)."""
    return [_view(result) for result in pairs_for(table(), slugs)]


def offline_checker() -> dict[str, Any]:
    """Everything the checker needs to answer without a connection, for its script.

    The same table and the same words as `combination_pairs`, in a compact form: the class of
    every slug offered, each rule by its two classes, each member's note with another class.
    """
    data = table()
    offered = [slug for _group, options in checker_choices() for slug, _name in options]
    rules: dict[str, dict[str, Any]] = {}
    for rule in data.rules.values():
        rules["|".join(sorted((rule.a, rule.b)))] = {
            "rating": rule.rating,
            "summary": _(rule.summary) if rule.summary else "",
            "advice": _(rule.advice or data.default_advice[rule.rating]),
            "sources": [[data.sources[s].title, data.sources[s].url] for s in rule.sources],
        }
    notes = {
        f"{slug}|{other}": _(data.note_between(slug, other))
        for slug in offered
        for other in data.sheets
        if data.note_between(slug, other)
    }
    return {
        "classOf": {slug: data.class_of(slug) for slug in offered},
        "names": {slug: name_of(slug) for slug in offered},
        "rules": rules,
        "notes": notes,
        "ratings": {
            r: {"label": str(RATING_LABELS[r]), "meaning": str(RATING_MEANINGS[r]), "rank": i}
            for i, r in enumerate(RATINGS)
        },
        "words": {"do": _("What people do:"), "sources": _("Sources")},
    }


def checker_choices() -> list[tuple[str, list[tuple[str, str]]]]:
    """Options for the checker: the catalogue as people log it, then every class."""
    data = table()
    catalogue = [(slug, name_of(slug)) for slug in catalogue_slugs()]
    listed = {slug for slug, _name in catalogue}
    classes = sorted(
        ((slug, name_of(slug)) for slug in data.sheets if slug not in listed),
        key=lambda item: item[1].lower(),
    )
    return [(_("Substances"), catalogue), (_("More classes"), classes)]


# --- Fact sheets ------------------------------------------------------------------------------


@dataclass(frozen=True)
class SheetView:
    sheet: Sheet
    slug: str  # as asked: a class or a catalogue slug
    name: str
    member_note: str
    sources: tuple[Source, ...]
    members: tuple[tuple[str, str], ...]  # (slug, name) of catalogue substances in the class
    kind_label: str


def sheet_for(slug: str) -> SheetView:
    """The fact sheet for a class or catalogue slug; NotFound for anything else."""
    data = table()
    klass = data.class_of(slug)
    if klass is None:
        raise NotFound(_("Waypoint has no fact sheet called %(slug)s.") % {"slug": slug})
    sheet = data.sheets[klass]
    member = sheet.members.get(slug)
    catalogue = set(catalogue_slugs())
    members = tuple(
        (s, name_of(s)) for s in catalogue_slugs() if data.class_of(s) == klass and s != klass
    )
    if klass in catalogue:
        members = ((klass, name_of(klass)), *members)
    return SheetView(
        sheet=sheet,
        slug=slug,
        name=_(member.name) if member else _(sheet.name),
        member_note=_(member.note) if member else "",
        sources=tuple(data.sources[s] for s in sheet.sources),
        members=members,
        kind_label=str(KIND_LABELS.get(sheet.kind, sheet.kind)),
    )


def sheets_by_kind() -> list[tuple[str, list[Sheet]]]:
    data = table()
    groups: dict[str, list[Sheet]] = {}
    for sheet in sorted(data.sheets.values(), key=lambda s: _(s.name).lower()):
        groups.setdefault(sheet.kind, []).append(sheet)
    return [
        (str(KIND_LABELS.get(kind, kind)), groups[kind]) for kind in KIND_LABELS if kind in groups
    ]


def pairs_with(klass: str) -> list[tuple[str, str, str, str]]:
    """Every other class with the rating of its pair with this one, worst first, then by name."""
    data = table()
    rows = []
    for other in data.sheets:
        rule = data.rule(klass, other) if other != klass else None
        if rule is not None:
            rows.append((other, name_of(other), rule.rating, str(RATING_LABELS[rule.rating])))
    return sorted(rows, key=lambda row: (-SEVERITY[row[2]], row[1].lower()))


def class_choices() -> list[tuple[str, str]]:
    data = table()
    return sorted(((s, _(data.sheets[s].name)) for s in data.sheets), key=lambda c: c[1].lower())


# --- A person's own substances ----------------------------------------------------------------


def own_substances_with_classes(user: Any) -> list[tuple[Substance, str]]:
    """The person's own substances, each with the class they gave it ('' for none)."""
    if not is_participant(user):
        return []
    substances = Substance.objects.filter(owner=user).select_related("safety_class")
    return [(s, _class_of_own(s) or "") for s in substances]


def _class_of_own(substance: Substance) -> str | None:
    try:
        chosen: OwnSubstanceClass = substance.safety_class
    except ObjectDoesNotExist:
        return None
    return chosen.klass if chosen.klass in table().sheets else None


# --- Today ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class TodayNote:
    earlier_name: str
    later_name: str
    earlier_at: datetime
    later_at: datetime
    pair: PairView


@dataclass(frozen=True)
class SinceDose:
    name: str
    at: datetime
    minutes: int


@dataclass(frozen=True)
class TodaySafety:
    notes: list[TodayNote]
    since: list[SinceDose]
    bac: BacEstimate | None
    drank_recently: bool
    needs_weight: bool

    @property
    def empty(self) -> bool:
        return not (self.notes or self.since or self.bac or self.drank_recently)


def _lookback(data: Table) -> timedelta:
    hours = max(
        [data.window_hours(s) for s in data.sheets]
        + [data.window_hours(m) for m in data.members]
        + [24.0]
    )
    return timedelta(hours=min(hours, 14 * 24))


def today_for(user: Any, now: datetime) -> TodaySafety:
    """What Today shows about safety, in one query whatever the amount of data.

    Only the columns it needs are read: no entry's note is decrypted, and a substance's name
    only when it is shown. The body facts come on each row (a join), used only after a drink.
    """
    data = table()
    stored_name = Cast("substance__name", output_field=TextField())  # no converter: encrypted
    rows = list(
        entries_visible_to(user)
        .filter(used_at__gte=now - _lookback(data), used_at__lte=now)
        .order_by("used_at")
        .values_list(
            "used_at",
            "alcohol_grams",
            "substance_id",
            "substance__slug",
            "substance__owner_id",
            "substance__safety_class__klass",
            stored_name,
            "user__body_facts__weight_kg",
            "user__body_facts__body",
        )
    )
    doses: list[Dose] = []
    recent: list[Dose] = []
    drinks: list[Drink] = []
    for used_at, grams, substance_id, slug, owner_id, klass, name, *_body in rows:
        if owner_id is None:
            kind = slug if data.class_of(slug) else None
        else:
            kind = klass if klass in data.sheets else None
        if kind is not None:
            doses.append(Dose(slug=kind, at=used_at, label=name))
        recent.append(Dose(slug=f"substance-{substance_id}", at=used_at, label=name))
        if grams and now - used_at <= timedelta(hours=24):
            drinks.append(Drink(at=used_at, grams=grams))
    names: dict[str, str] = {}

    def shown(stored: str) -> str:
        if stored not in names:
            names[stored] = decrypt(stored) if stored else stored
        return names[stored]

    notes = [
        TodayNote(
            earlier_name=shown(earlier.label),
            later_name=shown(later.label),
            earlier_at=earlier.at,
            later_at=later.at,
            pair=_view(result),
        )
        for earlier, later, result in active_overlaps(data, doses, now)
    ]
    since = [
        SinceDose(name=shown(d.label), at=d.at, minutes=int((now - d.at).total_seconds() // 60))
        for d in last_doses(recent, now, within_hours=24)
    ]
    # The person's body facts, the same on every row.
    weight_kg, body = rows[0][-2:] if rows else (None, "")
    bac = None
    if drinks and weight_kg:
        sex = BodyFacts(body=body or "").sex_for_estimate
        bac = estimate(drinks, weight_kg=float(weight_kg), sex=sex, now=now)
    return TodaySafety(
        notes=notes,
        since=since,
        bac=bac,
        drank_recently=bool(drinks),
        needs_weight=bool(drinks) and not weight_kg,
    )


def body_facts_of(user: Any) -> BodyFacts | None:
    return BodyFacts.objects.filter(user=user).first()


def own_export(user: Any) -> dict[str, Any]:
    """The person's safety settings for their own export, in one query (joins from the user)."""
    rows = User.objects.filter(pk=user.pk).values_list(
        "body_facts__weight_kg",
        "body_facts__body",
        "own_substances__name",
        "own_substances__safety_class__klass",
    )
    weight, body = None, ""
    classes = []
    for weight_kg, body_water, name, klass in rows:
        weight, body = (float(weight_kg) if weight_kg else None), body_water or ""
        if name and klass:
            classes.append({"substance": name, "class": klass})
    return {
        "body": {"weight_kg": weight, "body_water_average": body},
        "substance_classes": sorted(classes, key=lambda c: c["substance"]),
    }


def rating_order() -> Iterable[tuple[str, str, str]]:
    return [(r, str(RATING_LABELS[r]), str(RATING_MEANINGS[r])) for r in RATINGS]
