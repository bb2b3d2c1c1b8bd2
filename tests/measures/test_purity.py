"""waypoint.measures stays plain Python: no Django, so it runs anywhere (bench, exports, API)."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import waypoint.measures

PACKAGE = Path(waypoint.measures.__file__).parent


def imported_roots(source: str) -> set[str]:
    """Top-level names of every module a source file imports."""
    roots = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            roots |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            roots.add(node.module.split(".")[0])
    return roots


def test_the_import_scanner_sees_django() -> None:
    assert "django" in imported_roots("from django.db import models")
    assert "django" in imported_roots("import django.utils.translation as t")


def test_no_module_in_the_package_imports_django() -> None:
    modules = sorted(PACKAGE.glob("*.py"))
    assert len(modules) >= 5
    for module in modules:
        assert "django" not in imported_roots(module.read_text()), module.name


def test_importing_the_package_loads_no_django() -> None:
    code = "import sys, waypoint.measures; print('django' in sys.modules)"
    root = PACKAGE.parent.parent
    output = subprocess.run(
        [sys.executable, "-c", code], cwd=root, capture_output=True, text=True, check=True
    ).stdout
    assert output.strip() == "False"
