"""The built-in demo data: fictional 张小明, two numbers, fifteen accounts.

`data/demo.json` is the source. `--demo` must start as fast as the app itself, so
the package also ships the same data as a ready database, `data/demo.sqlite3`,
built from the JSON by `scripts/build_demo_db.py` (a test checks that it still
matches the JSON and the current schema). Copying it skips creating a schema,
which loads sqlite-utils, and the import: about 90 ms of the demo's first paint.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import tempfile
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from acctexit.resources import data_file
from acctexit.store.db import Store

READY_DB = "demo.sqlite3"
SOURCE = "demo.json"
# The time the ready database says it was imported, so that rebuilding it from the
# same JSON gives the same content.
BUILT_AT = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)


def build(path: Path, clock: Callable[[], datetime] | None = None) -> Path:
    """Create a new database at `path` holding the demo data, from demo.json."""
    from importlib.resources import as_file  # only here: it costs ≈ 3 ms to import

    from acctexit.store.exchange import import_file

    with as_file(data_file(SOURCE)) as source, Store.open(path, clock=clock) as store:
        import_file(store, source)
    return path


def build_ready(target: Path) -> None:
    """Write the ready database (what `prepare` copies) to `target`, reproducibly."""
    with tempfile.TemporaryDirectory() as tmp:
        built = build(Path(tmp) / READY_DB, clock=lambda: BUILT_AT)
        # One self-contained file: fold the write-ahead log in and compact; the store
        # switches a copy back to WAL when it opens it.
        conn = sqlite3.connect(built)
        try:
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            conn.execute("PRAGMA journal_mode = DELETE")
            conn.execute("VACUUM")
        finally:
            conn.close()
        target.write_bytes(built.read_bytes())


def prepare(path: Path) -> Path:
    """A new private copy of the demo database at `path` (which must not exist).

    Falls back to building it from demo.json if the ready file is not shipped."""
    ready = data_file(READY_DB)
    if not ready.is_file():
        if path.exists():
            raise FileExistsError(path)
        return build(path)
    # O_EXCL + 0600: never write through an existing file, never readable by others.
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    os.fchmod(fd, 0o600)  # a umask such as 0277 would leave the copy read-only
    with os.fdopen(fd, "wb") as out, ready.open("rb") as src:
        shutil.copyfileobj(src, out)
    # No fsync: the copy is thrown away when the demo ends, and a crash loses nothing.
    return path
