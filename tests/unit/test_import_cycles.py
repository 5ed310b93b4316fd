"""No import cycles between modules (issue 16), at any depth.

The `no-cycles` import-linter contract (pyproject.toml) checks cycles between the
children of each package. This test checks the module graph itself: every import in
src/acctexit, at the top of a module or inside a function (a lazy import is still a
dependency), gives an edge; `from package import name` points at the submodule when
`name` is one, else at the package. Imports under `if TYPE_CHECKING:` are left out:
they never run. (Two such type-only imports close a loop inside domain/plan, between
templates and the modules that name its Template type; the contract lists them.)
"""

from __future__ import annotations

import ast
from pathlib import Path

from source_tree import source_modules


def _type_checking_only(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def imports_of(module: str, source: str, modules: dict[str, tuple[Path, bool]]) -> set[str]:
    """The acctexit modules `module` imports when it runs."""
    is_package = modules.get(module, (None, False))[1]
    package = module if is_package else module.rpartition(".")[0]
    found: set[str] = set()

    def visit(node: ast.AST) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.If) and _type_checking_only(child):
                for other in child.orelse:
                    visit_statement(other)
                continue
            visit_statement(child)

    def visit_statement(node: ast.AST) -> None:
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names if alias.name in modules)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")
                parts = parts[: len(parts) - node.level + 1]
                base = ".".join([*parts, node.module] if node.module else parts)
            for alias in node.names:
                if f"{base}.{alias.name}" in modules:
                    found.add(f"{base}.{alias.name}")
                elif base in modules:
                    found.add(base)
        visit(node)

    visit(ast.parse(source))
    found.discard(module)
    return found


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def connect(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(graph.get(v, ())):
            if w not in index:
                connect(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for v in sorted(graph):
        if v not in index:
            connect(v)
    return found


def test_the_modules_import_each_other_without_cycles() -> None:
    modules = source_modules()
    graph = {
        name: imports_of(name, path.read_text(encoding="utf-8"), modules)
        for name, (path, _) in modules.items()
    }
    assert sum(map(len, graph.values())) > 500  # the graph really was read
    assert cycles(graph) == []


def test_a_lazy_import_back_is_a_cycle_and_a_type_only_one_is_not() -> None:
    modules = {
        "acctexit.tui.flows": (Path(), False),
        "acctexit.tui.screens": (Path(), True),
        "acctexit.tui.screens.dashboard": (Path(), False),
    }
    flows = (
        "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from .screens import dashboard\n"
    )
    dashboard = "def _flows():\n    from acctexit.tui import flows\n    return flows\n"
    graph = {
        "acctexit.tui.flows": imports_of("acctexit.tui.flows", flows, modules),
        "acctexit.tui.screens.dashboard": imports_of(
            "acctexit.tui.screens.dashboard", dashboard, modules
        ),
    }
    assert graph == {
        "acctexit.tui.flows": set(),
        "acctexit.tui.screens.dashboard": {"acctexit.tui.flows"},
    }
    assert cycles(graph) == []
    runtime = flows.replace("if TYPE_CHECKING:\n    ", "")
    graph["acctexit.tui.flows"] = imports_of("acctexit.tui.flows", runtime, modules)
    assert cycles(graph) == [["acctexit.tui.flows", "acctexit.tui.screens.dashboard"]]
