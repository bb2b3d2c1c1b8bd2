"""User-facing text keeps to shared/guide/language.md: templates, messages, emails, demo data."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from waypoint.core.words import stigmatizing_terms

ROOT = Path(__file__).resolve().parents[2] / "waypoint"


def _files() -> list[Path]:
    templates = [*ROOT.rglob("templates/**/*.html"), *ROOT.rglob("templates/**/*.txt")]
    python = [p for p in ROOT.rglob("*.py") if "migrations" not in p.parts]
    return sorted(templates + python)


def _texts(path: Path) -> list[tuple[int, str]]:
    """The user-facing text of a file: a whole template, or a module's non-docstring strings."""
    source = path.read_text()
    if path.suffix != ".py":
        return [(1, source)]
    tree = ast.parse(source)
    docstrings = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef)
        and node.body
        and isinstance(node.body[0], ast.Expr)
        and isinstance(node.body[0].value, ast.Constant)
    }
    return [
        (node.lineno, node.value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and id(node) not in docstrings
    ]


@pytest.mark.parametrize("path", _files(), ids=lambda p: str(p.relative_to(ROOT)))
def test_user_facing_text_avoids_stigmatizing_words(path: Path) -> None:
    found = [
        f"line {line}: {term!r} (instead: {instead})"
        for line, text in _texts(path)
        for term, instead in stigmatizing_terms(text)
    ]
    assert found == []


@pytest.mark.parametrize(
    "text",
    [
        "Welcome, addicts",
        "Substance abuse screening",
        "Stay clean for 30 days",
        "You relapsed",
        "Your sober streak broken",
        "Back to day one",
        "Visit the needle exchange",
        "You must stop",
        "Drug users welcome",
    ],
)
def test_the_check_catches_each_kind_of_stigmatizing_phrase(text: str) -> None:
    assert stigmatizing_terms(text)


@pytest.mark.parametrize(
    "text",
    [
        "A person who uses drugs",
        "Sterile syringes",
        "A day off plan",
        "You can",
        "username",
        "syringe services",
        "return to use",
    ],
)
def test_the_check_leaves_the_preferred_words_alone(text: str) -> None:
    assert stigmatizing_terms(text) == []


def test_the_check_finds_something_to_read() -> None:
    files = _files()
    assert sum(1 for p in files if p.suffix == ".html") >= 5
    assert sum(len(_texts(p)) for p in files if p.suffix == ".py") >= 50
