"""The command line reaches the store only through the use cases (issue 16), also at
run time.

The `cli-through-app` import contract stops `cli.py` and `commands/` importing the
store; this test stops a command calling the store object it is handed by
`Context.open_store` (or reaching a workspace's `store`), which no import shows. Read
from the source with `ast`: a name bound to `….open_store(…)` may be passed to a use
case, used as a context manager and closed, and nothing else.
"""

from __future__ import annotations

import ast
from pathlib import Path

SRC = Path(__file__).resolve().parents[2] / "src" / "acctexit"
CLI_MODULES = [SRC / "cli.py", *sorted((SRC / "commands").glob("*.py"))]
ALLOWED = {"close"}  # closing what it opened is the command's own business


def _opened_names(tree: ast.AST) -> set[str]:
    """Names bound to the result of a call to `open_store`."""

    def opens(value: ast.expr | None) -> bool:
        return (
            isinstance(value, ast.Call)
            and isinstance(value.func, ast.Attribute)
            and value.func.attr == "open_store"
        )

    targets: list[ast.expr | None] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.withitem) and opens(node.context_expr):
            targets.append(node.optional_vars)
        elif isinstance(node, ast.Assign) and opens(node.value):
            targets.extend(node.targets)
        elif isinstance(node, ast.AnnAssign) and opens(node.value):
            targets.append(node.target)
    return {t.id for t in targets if isinstance(t, ast.Name)}


def store_calls(source: str) -> list[str]:
    tree = ast.parse(source)
    opened = _opened_names(tree)
    found = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Attribute):
            continue
        on_opened = isinstance(node.value, ast.Name) and node.value.id in opened
        if (on_opened and node.attr not in ALLOWED) or node.attr == "store":
            found.append((node.lineno, f"line {node.lineno}: {ast.unparse(node)}"))
    return [said for _, said in sorted(found)]


def test_no_command_calls_the_store_itself() -> None:
    found = {
        path.name: calls
        for path in CLI_MODULES
        if (calls := store_calls(path.read_text(encoding="utf-8")))
    }
    assert not found, found


def test_the_scan_finds_each_kind_of_call() -> None:
    source = (
        "def run(args, ctx):\n"
        "    with ctx.open_store() as store:\n"
        "        numbers = store.numbers()\n"
        "        result = use_case(Workspace(store, catalog, today))\n"
        "    db = ctx.open_store(create=False)\n"
        "    db.verify()\n"
        "    db.close()\n"
        "    ws.store.accounts()\n"
    )
    assert store_calls(source) == [
        "line 3: store.numbers",
        "line 6: db.verify",
        "line 8: ws.store",
    ]
