"""The ready demo database that `--demo` copies is the demo.json data, current schema.

If one of these fails after changing data/demo.json or adding a migration, run
`python scripts/build_demo_db.py`.
"""

from __future__ import annotations

import sqlite3
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from acctexit.resources import data_file
from acctexit.store import Store
from acctexit.store.demo import BUILT_AT, READY_DB, build, prepare
from acctexit.store.exchange import export_json
from acctexit.store.schema import SCHEMA_VERSION


def _content(path: Path) -> dict[str, object]:
    with Store.open(path) as store:
        data = export_json(store)
    data.pop("exported_at")
    return data


def test_the_shipped_database_holds_exactly_the_demo_json_data(tmp_path: Path) -> None:
    assert data_file(READY_DB).is_file()  # else prepare() would build it from the JSON
    copied = prepare(tmp_path / "copied.sqlite3")
    built = build(tmp_path / "built.sqlite3", clock=lambda: BUILT_AT)
    assert _content(copied) == _content(built)


def test_the_shipped_database_needs_no_migration() -> None:
    conn = sqlite3.connect(f"file:{data_file(READY_DB)}?mode=ro", uri=True)
    try:
        (version,) = conn.execute("PRAGMA user_version").fetchone()
    finally:
        conn.close()
    assert version == SCHEMA_VERSION


def test_a_demo_copy_is_private_and_never_overwrites(tmp_path: Path) -> None:
    path = prepare(tmp_path / "demo.sqlite3")
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    with Store.open(path) as store:
        assert store.numbers() and store.accounts()
    with pytest.raises(FileExistsError):
        prepare(path)


def test_starting_the_demo_never_loads_sqlite_utils(tmp_path: Path) -> None:
    """Creating a schema needs sqlite-utils (≈ 50 ms to import); a copy does not."""
    code = (
        "import sys; from pathlib import Path\n"
        "from acctexit.cli import _prepare_demo_db\n"
        "from acctexit.store import Store\n"
        f"path = _prepare_demo_db(Path({str(tmp_path)!r}))\n"
        "Store.open(path).close()\n"
        "print('sqlite_utils' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
