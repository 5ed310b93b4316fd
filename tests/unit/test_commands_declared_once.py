"""Commands are declared once, in tui/commands.py (issue 16): key, label, help text,
palette entry and footer all come from its table.

Read from the source with `ast`: outside tui/commands.py, a `Binding(...)` may only
be a hidden one (`show=False`: cursor keys of a list, Escape on a prompt), which never
reaches a footer, the `?` help or the palette (the palette offers only the table's
commands, tui/app.py `get_system_commands`). A key the user is told about must be
in the table.
"""

from __future__ import annotations

import ast
from pathlib import Path

TUI = Path(__file__).resolve().parents[2] / "src" / "acctexit" / "tui"


def shown_bindings(source: str) -> list[str]:
    """The `Binding(...)` calls in `source` that a footer could show."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if not (isinstance(node, ast.Call) and ast.unparse(node.func).endswith("Binding")):
            continue
        show = next((k.value for k in node.keywords if k.arg == "show"), None)
        hidden = isinstance(show, ast.Constant) and show.value is False
        if not hidden:
            found.append(f"line {node.lineno}: {ast.unparse(node)}")
    return found


def test_only_the_command_table_declares_keys_the_user_sees() -> None:
    table = TUI / "commands.py"
    found = {
        str(path.relative_to(TUI)): calls
        for path in sorted(TUI.rglob("*.py"))
        if path != table and (calls := shown_bindings(path.read_text(encoding="utf-8")))
    }
    assert not found, found
    assert shown_bindings(table.read_text(encoding="utf-8"))  # the table does declare keys


def test_the_scan_tells_shown_from_hidden_bindings() -> None:
    source = (
        "from textual.binding import Binding\n"
        "A = [Binding('down', 'cursor_down', 'Down', show=False)]\n"
        "B = [Binding('x', 'export', 'Export')]\n"
    )
    assert shown_bindings(source) == ["line 3: Binding('x', 'export', 'Export')"]
