"""The TUI reaches the store only through the use cases (issue 16), also at run time.

The `tui-through-app` import contract stops the TUI importing the store; this test
stops it reaching the store through the workspace's `store` attribute, which no
import shows. Read from the source with `ast`: no `<anything>.store` in
src/acctexit/tui, except the places listed with the reason.
"""

from __future__ import annotations

import ast
from pathlib import Path

TUI = Path(__file__).resolve().parents[2] / "src" / "acctexit" / "tui"

# (module, count) -> why; debt for the use-case layer to take over
KNOWN: dict[str, tuple[int, str]] = {
    "app.py": (
        2,
        "DEBT: the demo's 'changes are not kept' notice counts the log rows "
        "(workspace.store.log_count()) at start and at quit",
    ),
}


def store_reaches(source: str) -> list[str]:
    return [
        f"line {node.lineno}: {ast.unparse(node)}"
        for node in ast.walk(ast.parse(source))
        if isinstance(node, ast.Attribute) and node.attr == "store"
    ]


def test_the_tui_does_not_reach_the_store_through_the_workspace() -> None:
    found = {}
    for path in sorted(TUI.rglob("*.py")):
        name = str(path.relative_to(TUI))
        reaches = store_reaches(path.read_text(encoding="utf-8"))
        if len(reaches) != KNOWN.get(name, (0, ""))[0]:
            found[name] = reaches
    assert not found, found


def test_the_scan_finds_a_reach() -> None:
    source = "def f(ws):\n    return ws.store.numbers(), ws.catalog\n"
    assert store_reaches(source) == ["line 2: ws.store"]
