"""The safety content in every language (issue 18): each English text has its counterpart, the
words keep to the Spanish avoid list, and pages show the reader's language with the same ratings.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest
from django.test import Client

from waypoint.core.words import stigmatizing_terms
from waypoint.safety.table import DATA_DIR, languages, read, untranslated


def test_spanish_is_one_of_the_content_languages() -> None:
    assert "es" in languages()


@pytest.mark.parametrize("language", languages())
def test_every_english_text_has_its_translation(language: str) -> None:
    missing = untranslated(language)
    assert missing == [], f"{len(missing)} texts need a translator: {missing[:40]}"


def test_a_missing_translation_is_listed_and_falls_back_to_english(tmp_path: Path) -> None:
    (tmp_path / "substances").mkdir()
    (tmp_path / "xx" / "substances").mkdir(parents=True)
    for name in ("sources.toml", "combinations.toml"):
        (tmp_path / name).write_bytes((DATA_DIR / name).read_bytes())
    (tmp_path / "substances" / "alcohol.toml").write_bytes(
        (DATA_DIR / "substances" / "alcohol.toml").read_bytes()
    )
    (tmp_path / "xx" / "substances" / "alcohol.toml").write_text('name = "Alkohol"\n')
    gaps = untranslated("xx", tmp_path)
    assert "substances/alcohol.toml.summary" in gaps
    assert "substances/alcohol.toml.name" not in gaps
    table = read(tmp_path, "xx")
    assert table.sheets["alcohol"].name == "Alkohol"
    assert table.sheets["alcohol"].summary == read(tmp_path).sheets["alcohol"].summary


def test_a_translation_never_changes_a_rating_a_source_or_a_window() -> None:
    english, spanish = read(), read(language="es")
    assert {k: r.rating for k, r in english.rules.items()} == {
        k: r.rating for k, r in spanish.rules.items()
    }
    assert {k: r.sources for k, r in english.rules.items()} == {
        k: r.sources for k, r in spanish.rules.items()
    }
    for slug, sheet in english.sheets.items():
        assert spanish.sheets[slug].window_hours == sheet.window_hours
        assert spanish.sheets[slug].kind == sheet.kind
        assert set(spanish.sheets[slug].members) == set(sheet.members)
    assert spanish.rules[frozenset({"alcohol", "opioids"})].summary.startswith("El alcohol")


def _texts(value: object) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [t for v in value.values() for t in _texts(v)]
    if isinstance(value, list):
        return [t for v in value for t in _texts(v)]
    return []


@pytest.mark.parametrize("path", sorted((DATA_DIR / "es").rglob("*.toml")), ids=lambda p: p.name)
def test_spanish_content_avoids_stigmatizing_words(path: Path) -> None:
    with path.open("rb") as handle:
        texts = _texts(tomllib.load(handle))
    found = [(term, text[:60]) for text in texts for term, _i in stigmatizing_terms(text, "es")]
    assert found == []


@pytest.mark.django_db
def test_the_pages_show_the_content_in_the_reader_s_language() -> None:
    spanish = Client(HTTP_ACCEPT_LANGUAGE="es").get("/safety/substances/alcohol/").content.decode()
    assert "Come antes y mientras tomas, y alterna con agua." in spanish
    english = Client(HTTP_ACCEPT_LANGUAGE="en").get("/safety/substances/alcohol/").content.decode()
    assert "Eat before and while drinking, and alternate with water." in english
    mix = Client(HTTP_ACCEPT_LANGUAGE="es").get(
        "/safety/combinations/", {"substances": "alcohol,heroin"}
    )
    assert "juntos mucho más que cualquiera de los dos" in mix.content.decode()
