"""Checking a database: SQLite's integrity check and the action log's hash chain.

`verify_database` is what `acctexit-tui verify` runs. It opens the file read-only, so
neither it nor its -wal changes by a single byte, and never creates one: a path that
does not exist, or a file that cannot be opened, raises a `StoreError` whose message
can be shown as it is. The report lists every problem found (each a `KeyedText`, said
in the user's language by `acctexit.i18n.say`) and the first broken log row.
"""

from __future__ import annotations

from pathlib import Path

from acctexit.app.database import open_read_only
from acctexit.store import VerifyReport

__all__ = ["VerifyReport", "verify_database"]


def verify_database(path: Path) -> VerifyReport:
    """Every problem in the database at `path` (`ok` when there is none)."""
    store = open_read_only(path)
    try:
        return store.verify()
    finally:
        store.close()
