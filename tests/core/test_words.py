"""User-facing text keeps to shared/guide/language.md: templates, messages, emails, demo data."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from waypoint.core.words import stigmatizing_terms

ROOT = Path(__file__).resolve().parents[2] / "waypoint"
GETTEXT = {"_", "gettext", "gettext_lazy", "ngettext", "ngettext_lazy", "pgettext", "pgettext_lazy"}


def _template_texts() -> list[tuple[str, str]]:
    files = [*ROOT.rglob("templates/**/*.html"), *ROOT.rglob("templates/**/*.txt")]
    return [(str(path.relative_to(ROOT)), path.read_text()) for path in files]


def _python_strings() -> list[tuple[str, str]]:
    """Every string literal in Waypoint's Python code that is not a docstring."""
    found = []
    for path in ROOT.rglob("*.py"):
        if "migrations" in path.parts:
            continue
        tree = ast.parse(path.read_text())
        docstrings = {
            id(node.body[0].value)
            for node in ast.walk(tree)
            if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef)
            and node.body
            and isinstance(node.body[0], ast.Expr)
            and isinstance(node.body[0].value, ast.Constant)
        }
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Constant)
                and isinstance(node.value, str)
                and id(node) not in docstrings
            ):
                found.append((f"{path.relative_to(ROOT)}:{node.lineno}", node.value))
    return found


@pytest.mark.parametrize("source,text", _template_texts() + _python_strings())
def test_user_facing_text_avoids_stigmatizing_words(source: str, text: str) -> None:
    assert stigmatizing_terms(text) == [], source


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
    assert len(_template_texts()) >= 5
    assert len(_python_strings()) >= 50
