"""The layers hold: the import-linter contracts in pyproject.toml, and what each
entry point really loads (the domain core and the store stay free of the UI, the
domain of SQLite, the dashboard's first frame of write-only modules)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def test_the_import_contracts_hold() -> None:
    # Layers (cli > tui, commands > app > catalog, store > domain), a pure domain, a
    # store and catalog that know nothing of the UI, a TUI that reaches the store only
    # through the use cases, and no import cycles between sibling modules.
    lint_imports = Path(sys.executable).with_name("lint-imports")
    result = subprocess.run(
        [str(lint_imports), "--no-cache", "--no-logo"],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


def _imported_after(statement: str) -> set[str]:
    code = f"import sys; {statement}; print('\\n'.join(sorted(sys.modules)))"
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    return set(result.stdout.split())


@pytest.mark.parametrize(
    "statement",
    [
        "import acctexit.domain.models, acctexit.domain.risk, acctexit.domain.plan",
        "import acctexit.catalog; acctexit.catalog.load_catalog()",
        "import acctexit.store",
        "import acctexit.app.workspace, acctexit.app.actions, acctexit.app.search",
    ],
)
def test_core_does_not_import_textual(statement: str) -> None:
    modules = _imported_after(statement)
    assert not {m for m in modules if m == "textual" or m.startswith("textual.")}


def test_domain_does_not_import_sqlite() -> None:
    modules = _imported_after(
        "import acctexit.domain.models, acctexit.domain.risk, acctexit.domain.plan"
    )
    assert "sqlite3" not in modules
    assert "sqlite_utils" not in modules


def test_reading_for_the_dashboard_loads_no_write_only_modules(tmp_path: Path) -> None:
    # What the app does before its first frame: parse the options, copy the demo data,
    # open the store, load the catalog, read and compute what the dashboard shows. hashlib and json
    # (log hashes, change details) and sqlite_utils (migrations) are for writes; each
    # would add milliseconds to every start.
    statement = (
        "from pathlib import Path; import acctexit.cli as cli; cli.build_parser(); "
        "from acctexit.app.database import demo_copy, open_database; "
        f"db = demo_copy(Path({str(tmp_path)!r})); s = open_database(db); "
        "from acctexit.catalog import load_catalog; catalog = load_catalog(); "
        "from datetime import date; from acctexit.app.workspace import Workspace; "
        "ws = Workspace(s, catalog, date(2026, 11, 24)); snap = ws.snapshot(); "
        "from acctexit.tui.rows import build_rows; "
        "build_rows(snap, ws, 'en', False); import acctexit.tui.app"
    )
    modules = _imported_after(statement)
    assert {"hashlib", "json", "sqlite_utils"} & modules == set()
