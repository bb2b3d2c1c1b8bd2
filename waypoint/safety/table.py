"""The combination table and the fact sheets as plain data, and the logic on them (no Django).

The data lives in `waypoint/safety/data/` (reviewed TOML files); `load()` reads it once. Every
function here is pure, so the rules (worst first, symmetry, completeness, active windows) are
tested with property tests and can run anywhere.
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import cache
from itertools import combinations
from pathlib import Path
from typing import Any

DATA_DIR = Path(__file__).parent / "data"

# Worst first. `unknown` sits below `caution` and above the low-risk ratings: not knowing is
# not the same as knowing it is low risk.
RATINGS: tuple[str, ...] = (
    "dangerous",
    "unsafe",
    "caution",
    "unknown",
    "low_risk_synergy",
    "low_risk_no_synergy",
    "low_risk_decrease",
)
SEVERITY: Mapping[str, int] = {rating: len(RATINGS) - i for i, rating in enumerate(RATINGS)}

# The classes the issue names; the data may add more (it adds nicotine for the catalogue).
REQUIRED_CLASSES: tuple[str, ...] = (
    "alcohol",
    "benzodiazepines",
    "opioids",
    "tramadol",
    "ghb",
    "gabapentinoids",
    "xylazine",
    "ketamine",
    "dxm",
    "diphenhydramine",
    "nitrous",
    "cannabis",
    "amphetamines",
    "cocaine",
    "mdma",
    "caffeine",
    "ssris",
    "maois",
    "lithium",
    "lsd",
    "psilocybin",
    "dmt",
    "mescaline",
)

# A logged substance is "active" for at least this long, whatever its fact sheet says.
MIN_WINDOW_HOURS = 12.0


class TableError(ValueError):
    """The data files break a rule (unknown rating, missing pair, source, class)."""


@dataclass(frozen=True)
class Source:
    key: str
    title: str
    url: str


@dataclass(frozen=True)
class Rule:
    """A rating for an unordered pair of classes (or a class with itself)."""

    a: str
    b: str
    rating: str
    summary: str
    advice: str
    sources: tuple[str, ...]


@dataclass(frozen=True)
class Timing:
    route: str
    onset: str
    duration: str
    after: str


@dataclass(frozen=True)
class Member:
    """A catalogue substance within a class, with what is particular to it."""

    slug: str
    name: str
    note: str
    window_hours: float | None
    notes_with: Mapping[str, str]  # class slug → a note for this substance with that class


@dataclass(frozen=True)
class Sheet:
    """The fact sheet of one class."""

    slug: str
    name: str
    kind: str
    summary: str
    also: str
    forms: str
    timings: tuple[Timing, ...]
    window_hours: float
    redosing: str
    effects: str
    risks: str
    overdose: str
    safer_use: tuple[str, ...]
    what_to_do: str
    sources: tuple[str, ...]
    members: Mapping[str, Member]


@dataclass(frozen=True)
class Table:
    sources: Mapping[str, Source]
    sheets: Mapping[str, Sheet]
    rules: Mapping[frozenset[str], Rule]
    default_advice: Mapping[str, str]
    members: Mapping[str, str] = field(default_factory=dict)  # catalogue slug → class slug

    def rule(self, a: str, b: str) -> Rule | None:
        return self.rules.get(frozenset((a, b)))

    def class_of(self, slug: str) -> str | None:
        """The class of a class slug or a catalogue slug; None if neither."""
        if slug in self.sheets:
            return slug
        return self.members.get(slug)

    def window_hours(self, slug: str) -> float:
        """How long a dose counts as active: the longest duration on its sheet, at least 12 h."""
        klass = self.class_of(slug)
        if klass is None:
            return MIN_WINDOW_HOURS
        sheet = self.sheets[klass]
        member = sheet.members.get(slug)
        hours = member.window_hours if member and member.window_hours else sheet.window_hours
        return max(MIN_WINDOW_HOURS, hours)

    def note_between(self, slug: str, other_class: str) -> str:
        """A catalogue substance's own note with another class (buprenorphine with opioids)."""
        klass = self.class_of(slug)
        if klass is None or slug == klass:
            return ""
        member = self.sheets[klass].members.get(slug)
        return member.notes_with.get(other_class, "") if member else ""


@dataclass(frozen=True)
class PairResult:
    """One pair of what a person named: the two slugs as given and the rule between them."""

    a: str
    b: str
    rule: Rule
    notes: tuple[str, ...]

    @property
    def rating(self) -> str:
        return self.rule.rating

    @property
    def severity(self) -> int:
        return SEVERITY[self.rule.rating]


def pairs_for(table: Table, slugs: Sequence[str]) -> list[PairResult]:
    """Every pair among the named substances (class or catalogue slugs), worst first.

    The same slug twice is one substance and makes no pair; two substances of one class make
    a pair only when the table has a same-class rule for it (two opioids, two stimulants).
    Unknown slugs are left out (callers refuse them first). Ties keep the order given.
    """
    named = list(dict.fromkeys(slugs))
    found: list[PairResult] = []
    for a, b in combinations(named, 2):
        ca, cb = table.class_of(a), table.class_of(b)
        if ca is None or cb is None:
            continue
        rule = table.rule(ca, cb)
        if rule is None:
            continue
        notes = tuple(n for n in (table.note_between(a, cb), table.note_between(b, ca)) if n)
        found.append(PairResult(a=a, b=b, rule=rule, notes=notes))
    return sorted(found, key=lambda p: -p.severity)


def worst(results: Iterable[PairResult]) -> PairResult | None:
    return min(results, key=lambda p: -p.severity, default=None)


def problems(table: Table, catalogue: Iterable[str] = ()) -> list[str]:
    """Everything wrong with the data: an empty list means the table is complete and sourced."""
    found: list[str] = []
    classes = set(table.sheets)
    for slug in REQUIRED_CLASSES:
        if slug not in classes:
            found.append(f"class {slug} has no fact sheet")
    for a, b in combinations(sorted(classes), 2):
        if table.rule(a, b) is None:
            found.append(f"pair {a} + {b} has no rating")
    for key, rule in table.rules.items():
        where = " + ".join(sorted(key)) if len(key) == 2 else f"{rule.a} + {rule.a}"
        if rule.rating not in SEVERITY:
            found.append(f"{where}: rating {rule.rating!r} is not one of {', '.join(RATINGS)}")
        if not set(key) <= classes:
            found.append(f"{where}: names a class with no fact sheet")
        if rule.rating != "unknown" and not rule.sources:
            found.append(f"{where}: a {rule.rating} rating needs at least one source")
        if rule.rating != "unknown" and not rule.summary.strip():
            found.append(f"{where}: a {rule.rating} rating needs its reason")
        found.extend(
            f"{where}: source {s!r} is not in sources.toml"
            for s in rule.sources
            if s not in table.sources
        )
    for sheet in table.sheets.values():
        if not sheet.sources:
            found.append(f"sheet {sheet.slug} lists no source")
        found.extend(
            f"sheet {sheet.slug}: source {s!r} is not in sources.toml"
            for s in sheet.sources
            if s not in table.sources
        )
        for member in sheet.members.values():
            found.extend(
                f"{member.slug}: note with unknown class {other!r}"
                for other in member.notes_with
                if other not in classes
            )
    for rating in RATINGS:
        if rating not in table.default_advice:
            found.append(f"no default advice for {rating}")
    for slug in catalogue:
        if table.class_of(slug) is None:
            found.append(f"catalogue substance {slug} has no class")
    return found


def is_symmetric(table: Table) -> bool:
    """Looking a pair up either way gives the same rule (true by construction; checked anyway)."""
    return all(
        table.rule(a, b) is table.rule(b, a) for a, b in combinations(sorted(table.sheets), 2)
    )


# --- Active windows and time since a dose ----------------------------------------------------


@dataclass(frozen=True)
class Dose:
    slug: str  # class or catalogue slug
    at: datetime
    label: str = ""


def active_overlaps(
    table: Table, doses: Sequence[Dose], now: datetime
) -> list[tuple[Dose, Dose, PairResult]]:
    """Pairs of doses where the later one came while the earlier was still active, worst first.

    Only doses whose pair is still relevant count: the earlier dose's window must reach the
    later dose, and the later dose must itself still be active now. One result per pair of
    substances (the most recent doses), so five drinks and a pill make one note, not five.
    """
    ordered = sorted((d for d in doses if d.at <= now), key=lambda d: d.at)
    latest: dict[frozenset[str], tuple[Dose, Dose, PairResult]] = {}
    for i, later in enumerate(ordered):
        if now - later.at > timedelta(hours=table.window_hours(later.slug)):
            continue
        for earlier in ordered[:i]:
            if earlier.slug == later.slug:
                continue
            if later.at - earlier.at > timedelta(hours=table.window_hours(earlier.slug)):
                continue
            results = pairs_for(table, [earlier.slug, later.slug])
            if results:
                key = frozenset((earlier.slug, later.slug))
                latest[key] = (earlier, later, results[0])
    return sorted(latest.values(), key=lambda t: -t[2].severity)


def last_doses(doses: Iterable[Dose], now: datetime, within_hours: float = 24) -> list[Dose]:
    """The most recent dose of each substance in the last `within_hours`, newest first."""
    since = now - timedelta(hours=within_hours)
    newest: dict[str, Dose] = {}
    for dose in doses:
        if since <= dose.at <= now and (dose.slug not in newest or dose.at > newest[dose.slug].at):
            newest[dose.slug] = dose
    return sorted(newest.values(), key=lambda d: d.at, reverse=True)


# --- Loading the data files --------------------------------------------------------------------


def _text(raw: Mapping[str, Any], key: str, where: str) -> str:
    value = raw.get(key, "")
    if not isinstance(value, str):
        raise TableError(f"{where}: {key} must be text")
    return " ".join(value.split())


def _strings(raw: Mapping[str, Any], key: str, where: str) -> tuple[str, ...]:
    value = raw.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise TableError(f"{where}: {key} must be a list of text")
    return tuple(" ".join(v.split()) for v in value)


def _sheet(slug: str, raw: Mapping[str, Any]) -> Sheet:
    where = f"substances/{slug}.toml"
    timings = tuple(
        Timing(
            route=_text(t, "route", where),
            onset=_text(t, "onset", where),
            duration=_text(t, "duration", where),
            after=_text(t, "after", where),
        )
        for t in raw.get("timing", [])
    )
    members: dict[str, Member] = {}
    for member_slug, m in dict(raw.get("members", {})).items():
        members[member_slug] = Member(
            slug=member_slug,
            name=_text(m, "name", where),
            note=_text(m, "note", where),
            window_hours=float(m["window_hours"]) if "window_hours" in m else None,
            notes_with={k: " ".join(v.split()) for k, v in dict(m.get("with", {})).items()},
        )
    return Sheet(
        slug=slug,
        name=_text(raw, "name", where),
        kind=_text(raw, "kind", where),
        summary=_text(raw, "summary", where),
        also=_text(raw, "also", where),
        forms=_text(raw, "forms", where),
        timings=timings,
        window_hours=float(raw.get("window_hours", MIN_WINDOW_HOURS)),
        redosing=_text(raw, "redosing", where),
        effects=_text(raw, "effects", where),
        risks=_text(raw, "risks", where),
        overdose=_text(raw, "overdose", where),
        safer_use=_strings(raw, "safer_use", where),
        what_to_do=_text(raw, "what_to_do", where),
        sources=_strings(raw, "sources", where),
        members=members,
    )


def parse(
    sources_raw: Mapping[str, Any],
    combinations_raw: Mapping[str, Any],
    sheets_raw: Mapping[str, Mapping[str, Any]],
) -> Table:
    """Build a Table from parsed TOML; a duplicate pair is an error, never a silent overwrite."""
    sources = {
        key: Source(key=key, title=_text(s, "title", key), url=_text(s, "url", key))
        for key, s in dict(sources_raw.get("sources", {})).items()
    }
    rules: dict[frozenset[str], Rule] = {}
    for raw in list(combinations_raw.get("pair", [])):
        names = raw.get("classes", [])
        if not isinstance(names, list) or len(names) not in (1, 2):
            raise TableError(f"a pair needs one or two classes, got {names!r}")
        a, b = (names[0], names[-1])
        key = frozenset((a, b))
        if key in rules:
            raise TableError(f"pair {a} + {b} is rated twice")
        rules[key] = Rule(
            a=a,
            b=b,
            rating=str(raw.get("rating", "")),
            summary=_text(raw, "summary", f"{a} + {b}"),
            advice=_text(raw, "advice", f"{a} + {b}"),
            sources=_strings(raw, "sources", f"{a} + {b}"),
        )
    advice = {k: " ".join(v.split()) for k, v in dict(combinations_raw.get("advice", {})).items()}
    sheets = {slug: _sheet(slug, raw) for slug, raw in sheets_raw.items()}
    members: dict[str, str] = {}
    for sheet in sheets.values():
        for member_slug in sheet.members:
            if member_slug in members or (member_slug in sheets and member_slug != sheet.slug):
                raise TableError(f"{member_slug} belongs to two classes")
            members[member_slug] = sheet.slug
    return Table(
        sources=sources, sheets=sheets, rules=rules, default_advice=advice, members=members
    )


# --- Other languages ----------------------------------------------------------------------------
# A language's text lives beside the English in `data/<code>/`, in files of the same names and
# shapes that hold only the words: `combinations.toml` (the default advice, and each pair's
# summary and advice, found by its classes) and `substances/<slug>.toml` (every text field of a
# sheet, its timings in the same order, its members' names, notes and `with` notes). Ratings,
# sources, windows and classes are read from the English files only, so a translation can never
# change a rating. Source titles stay as published. `untranslated()` lists what is missing.

# Keys whose values are data, never words: a translation cannot override them.
_DATA_KEYS = frozenset({"rating", "sources", "classes", "kind", "window_hours", "url"})


def _toml(path: Path) -> dict[str, Any]:
    with path.open("rb") as handle:
        return tomllib.load(handle)


def _raw(directory: Path) -> tuple[dict[str, Any], dict[str, Any], dict[str, dict[str, Any]]]:
    sheets = {p.stem: _toml(p) for p in sorted((directory / "substances").glob("*.toml"))}
    return _toml(directory / "sources.toml"), _toml(directory / "combinations.toml"), sheets


def _pair_key(raw: Mapping[str, Any]) -> frozenset[str]:
    return frozenset(raw.get("classes", []))


def _walk(english: Any, local: Any, path: str, out: dict[str, Any] | None, gaps: list[str]) -> Any:
    """The English structure with every text replaced by the local one; gaps get the paths of
    texts that have no local counterpart (the English stays there)."""
    if isinstance(english, str):
        if isinstance(local, str) and local.strip():
            return local
        if english.strip():
            gaps.append(path)
        return english
    if isinstance(english, dict):
        local_map = local if isinstance(local, dict) else {}
        result = {}
        for key, value in english.items():
            if key in _DATA_KEYS:
                result[key] = value
            else:
                result[key] = _walk(value, local_map.get(key), f"{path}.{key}", out, gaps)
        return result
    if isinstance(english, list):
        local_list = local if isinstance(local, list) else []
        if english and all(isinstance(v, dict) and "classes" in v for v in english):
            by_pair = {_pair_key(v): v for v in local_list if isinstance(v, dict)}
            return [
                _walk(v, by_pair.get(_pair_key(v)), f"{path}[{'+'.join(v['classes'])}]", out, gaps)
                for v in english
            ]
        if len(local_list) != len(english) and any(isinstance(v, str) for v in english):
            gaps.append(f"{path} (needs {len(english)} items, has {len(local_list)})")
            return english
        return [
            _walk(v, local_list[i] if i < len(local_list) else None, f"{path}[{i}]", out, gaps)
            for i, v in enumerate(english)
        ]
    return english


def _localized(
    directory: Path, language: str
) -> tuple[dict[str, Any], dict[str, Any], dict[str, dict[str, Any]], list[str]]:
    sources, combos, sheets = _raw(directory)
    folder = directory / language
    gaps: list[str] = []
    local_combos = (
        _toml(folder / "combinations.toml") if (folder / "combinations.toml").exists() else {}
    )
    combos = _walk(combos, local_combos, "combinations.toml", None, gaps)
    local_sheets = {}
    for slug in sheets:
        path = folder / "substances" / f"{slug}.toml"
        local_sheets[slug] = _walk(
            sheets[slug],
            _toml(path) if path.exists() else {},
            f"substances/{slug}.toml",
            None,
            gaps,
        )
    return sources, combos, local_sheets, gaps


def languages(directory: Path = DATA_DIR) -> list[str]:
    """The languages that have a translation folder beside the English data."""
    return sorted(p.name for p in directory.iterdir() if p.is_dir() and p.name != "substances")


def untranslated(language: str, directory: Path = DATA_DIR) -> list[str]:
    """Every English text of the data files that has no counterpart in this language."""
    return _localized(directory, language)[3]


def read(directory: Path = DATA_DIR, language: str = "en") -> Table:
    """Read the data files from a directory, in a language (English where a text is missing)."""
    if language != "en" and (directory / language).is_dir():
        sources, combos, sheets, _gaps = _localized(directory, language)
        return parse(sources, combos, sheets)
    return parse(*_raw(directory))


@cache
def load(language: str = "en") -> Table:
    """The table from the repository's data files in a language, read once per process."""
    return read(language=language)
