"""The translation catalogues: building `.mo` files from `locale/*/LC_MESSAGES/*.po` in pure
Python (polib), so `make setup` and the tests need no gettext tools, and listing what is missing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import polib

LOCALE_DIR = Path(__file__).resolve().parents[2] / "locale"

# printf-style (%(name)s, %s, %d) and brace-style ({name}) placeholders, and HTML tags.
_PRINTF = re.compile(r"%\((\w+)\)[sdif]|%[sdif]")
_BRACES = re.compile(r"\{(\w*)\}")
_TAGS = re.compile(r"</?[a-zA-Z][^>]*>")


def catalogues(locale_dir: Path = LOCALE_DIR) -> list[Path]:
    return sorted(locale_dir.glob("*/LC_MESSAGES/*.po"))


def build(locale_dir: Path = LOCALE_DIR, *, force: bool = False) -> list[Path]:
    """Compile every `.po` whose `.mo` is missing or older; returns the files written."""
    written = []
    for po_path in catalogues(locale_dir):
        mo_path = po_path.with_suffix(".mo")
        if not force and mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
            continue
        catalogue = polib.pofile(str(po_path))
        # Fuzzy and untranslated messages are left out, as msgfmt does: they show in English.
        catalogue.save_as_mofile(str(mo_path))
        written.append(mo_path)
    return written


@dataclass(frozen=True)
class Problem:
    msgid: str
    where: str
    why: str


def _where(entry: polib.POEntry) -> str:
    return ", ".join(f"{path}:{line}" for path, line in entry.occurrences[:2])


def _placeholders(text: str) -> list[str]:
    return sorted(m.group(0) for m in _PRINTF.finditer(text)) + sorted(
        m.group(0) for m in _BRACES.finditer(text)
    )


def _tags(text: str) -> list[str]:
    return sorted(m.group(0) for m in _TAGS.finditer(text))


def problems(po_path: Path) -> list[Problem]:
    """Every message of one catalogue that is untranslated, fuzzy, or whose translation does
    not keep the placeholders and HTML tags of the English exactly."""
    found = []
    for entry in polib.pofile(str(po_path)):
        if entry.obsolete:
            continue
        where = _where(entry)
        if "fuzzy" in entry.flags:
            found.append(Problem(entry.msgid, where, "fuzzy"))
            continue
        pairs = (
            [(entry.msgid, entry.msgstr)]
            if not entry.msgid_plural
            else [
                (entry.msgid_plural if index else entry.msgid, text)
                for index, text in sorted(entry.msgstr_plural.items())
            ]
        )
        if not all(text for _english, text in pairs) or not pairs:
            found.append(Problem(entry.msgid, where, "untranslated"))
            continue
        for english, text in pairs:
            if entry.msgid_plural:
                # A plural's singular form may say "one" instead of its number.
                same = set(_placeholders(text)) <= set(_placeholders(entry.msgid_plural))
            else:
                same = _placeholders(text) == _placeholders(english)
            if not same:
                found.append(Problem(entry.msgid, where, f"placeholders differ: {text!r}"))
                break
            if _tags(text) != _tags(english):
                found.append(Problem(entry.msgid, where, f"HTML differs: {text!r}"))
                break
    return found


def translations(po_path: Path) -> list[str]:
    """Every translated text of one catalogue (for the words check)."""
    texts = []
    for entry in polib.pofile(str(po_path)):
        if entry.obsolete:
            continue
        texts.append(entry.msgstr)
        texts.extend(entry.msgstr_plural.values())
    return [text for text in texts if text]
