"""The house rules a newcomer can rely on, checked by reading the source with ``ast``.

- No import cycles between Waypoint's modules (imports inside functions count too: a deferred
  import is a cycle put off, not taken away; ``if TYPE_CHECKING:`` blocks do not).
- No module imports a private (``_underscore``) name from another app.
- Services and selectors never raise HTTP errors; one API module maps errors to answers.
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "waypoint"


def _modules() -> dict[str, Path]:
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        if "migrations" in path.parts:
            continue
        parts = list(path.relative_to(ROOT).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts = parts[:-1]
        found[".".join(parts)] = path
    return found


MODULES = _modules()
TREES = {name: ast.parse(path.read_text(), filename=str(path)) for name, path in MODULES.items()}


def _app(module: str) -> str:
    return ".".join(module.split(".")[:2])


def _type_checking_only(tree: ast.Module) -> set[int]:
    skipped: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            skipped |= {id(sub) for sub in ast.walk(node)}
    return skipped


def _imports(module: str) -> list[tuple[str, str | None]]:
    """(module imported from, name imported or None) for every Waypoint import in a module."""
    path = MODULES[module]
    package = module if path.name == "__init__.py" else module.rsplit(".", 1)[0]
    tree = TREES[module]
    skipped = _type_checking_only(tree)
    found: list[tuple[str, str | None]] = []
    for node in ast.walk(tree):
        if id(node) in skipped:
            continue
        if isinstance(node, ast.Import):
            found += [(alias.name, None) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                source = ".".join(base + ([node.module] if node.module else []))
            else:
                source = node.module or ""
            found += [(source, alias.name) for alias in node.names]
    return [(source, name) for source, name in found if source.split(".")[0] == "waypoint"]


def _graph() -> dict[str, set[str]]:
    graph: dict[str, set[str]] = {}
    for module in MODULES:
        targets = set()
        for source, name in _imports(module):
            submodule = f"{source}.{name}" if name else None
            target = submodule if submodule in MODULES else source
            if target in MODULES and target != module:
                targets.add(target)
        graph[module] = targets
    return graph


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one module (Tarjan, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    counter = 0
    for start in graph:
        if start in index:
            continue
        work = [(start, iter(sorted(graph[start])))]
        index[start] = low[start] = counter
        counter += 1
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph[child]))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1:
                    found.append(sorted(component))
    return found


# Known cycles, to be removed by their owners (this list may only shrink): programs' catalogue
# names Item.Category from its models, whose methods import the catalogue back (issue 12).
KNOWN_CYCLES: list[list[str]] = []


def test_no_import_cycles() -> None:
    assert [c for c in _cycles(_graph()) if c not in KNOWN_CYCLES] == []


def test_the_cycle_check_finds_a_cycle() -> None:
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


def test_no_module_imports_a_private_name_of_another_app() -> None:
    crossings = [
        f"{module} imports {name} from {source}"
        for module in MODULES
        for source, name in _imports(module)
        if name
        and name.startswith("_")
        and not name.startswith("__")
        and _app(source) != _app(module)
    ]
    assert crossings == []


def _raised_names(tree: ast.Module) -> set[str]:
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Raise) and node.exc is not None:
            target = node.exc.func if isinstance(node.exc, ast.Call) else node.exc
            names.add(ast.unparse(target).split(".")[-1])
    return names


def test_services_and_selectors_raise_no_http_errors() -> None:
    offenders = [
        module
        for module in MODULES
        if module.rsplit(".", 1)[-1] in ("services", "selectors")
        and _raised_names(TREES[module]) & {"Http404", "HttpError"}
    ]
    assert offenders == []


def test_one_module_maps_errors_to_api_answers() -> None:
    handlers = [
        module
        for module, tree in TREES.items()
        if "exception_handler" in {getattr(node, "attr", None) for node in ast.walk(tree)}
    ]
    assert handlers == ["waypoint.api.main"]
    routers = [m for m in MODULES if m.startswith("waypoint.api.") and m != "waypoint.api.main"]
    assert [m for m in routers if "HttpError" in _raised_names(TREES[m])] == []
