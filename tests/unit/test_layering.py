"""The domain core and the store stay free of the UI (and the domain of SQLite)."""

from __future__ import annotations

import subprocess
import sys

import pytest


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
        "import acctexit.workspace",
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
