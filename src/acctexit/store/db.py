"""`Store`: the user's numbers, accounts and append-only action log, and the one
public face of acctexit.store.

`Store.open(path)` opens or creates the database (acctexit.store.opening says how
safely). The methods come in parts, one job each: core.py (connection, transactions,
caches, the hash-chained log append), records.py (numbers, accounts, steps, notes),
history.py (log reads, step states, export reads, verify), own.py and own_steps.py
(own services and their steps) and importing.py (`apply_import`, loaded when an import
is applied). Code outside acctexit.store uses only `Store`'s public methods.
"""

from __future__ import annotations

import errno
import sqlite3
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from acctexit.domain.fields import ACCOUNT_FACTS
from acctexit.i18n import KeyedText, os_reason
from acctexit.store import schema
from acctexit.store.core import utcnow
from acctexit.store.errors import (
    CorruptDatabaseError,
    ForeignDatabaseError,
    NewerVersionError,
    StoreError,
    StoreIOError,
    TamperedDatabaseError,
)
from acctexit.store.history import History
from acctexit.store.integrity import drop_stale_sidecar, open_problems
from acctexit.store.opening import (
    BUSY_TIMEOUT_S,
    backup,
    connect,
    create_new,
    migrate,
    preflight,
    tidy,
    translate_error,
)
from acctexit.store.own_steps import OwnSteps

if TYPE_CHECKING:
    from acctexit.store.batch import ImportBatch, ImportResult

__all__ = ["ACCOUNT_FACTS", "BUSY_TIMEOUT_S", "Store"]


class Store(OwnSteps, History):
    """The user's numbers, accounts and action log. Use from the thread that opened it."""

    # -- lifecycle --------------------------------------------------------------------

    @classmethod
    def open(
        cls,
        path: Path,
        *,
        clock: Callable[[], datetime] | None = None,
        read_only: bool = False,
    ) -> Store:
        """Open (or create) the database at `path`; raise a StoreError if it is unusable.

        `read_only` (for `verify`): never create, migrate or set anything; SQLite opens
        the file with mode=ro, so neither it nor its -wal changes by a single byte."""
        path = Path(path).expanduser()
        try:
            if read_only and not path.exists():
                raise FileNotFoundError(errno.ENOENT, "no such file", str(path))
            if not path.exists() and not path.is_symlink():
                drop_stale_sidecar(path)
                create_new(path)
            preflight(path)
            if not read_only:
                tidy(path)
            conn = connect(path, read_only=read_only)
        except StoreError:
            raise
        except sqlite3.Error as e:
            raise translate_error(e, path) from None
        except OSError as e:
            said = KeyedText("store_io_cannot_open", path=path, reason=os_reason(e))
            raise StoreIOError(said, path) from None
        try:
            store = cls(conn, path, clock or utcnow)
            store.read_only = read_only
            store._check_and_upgrade()
            store._check_integrity()
        except BaseException as e:
            conn.close()
            if isinstance(e, sqlite3.Error):
                raise translate_error(e, path) from None
            raise
        return store

    def _check_and_upgrade(self) -> None:
        assert self.path is not None
        conn = self._conn
        (app_id,) = conn.execute("PRAGMA application_id").fetchone()
        if app_id != schema.APPLICATION_ID:
            raise ForeignDatabaseError(self.path, app_id)
        (version,) = conn.execute("PRAGMA user_version").fetchone()
        if version > schema.SCHEMA_VERSION:
            raise NewerVersionError(self.path, version, schema.SCHEMA_VERSION)
        if version < 1:
            raise CorruptDatabaseError(self.path, KeyedText("store_detail_no_tables"))
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        if not tables >= schema.REQUIRED_TABLES and version == schema.SCHEMA_VERSION:
            missing = ", ".join(sorted(schema.REQUIRED_TABLES - tables))
            said = KeyedText("store_detail_missing_tables", tables=missing)
            raise CorruptDatabaseError(self.path, said)
        if self.read_only:
            return
        # Only now, with the file proven ours, do we write settings to it.
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = FULL")
        conn.execute("PRAGMA foreign_keys = ON")
        if version < schema.SCHEMA_VERSION:
            self.backup_path = backup(conn, self.path, version)
            migrate(conn)

    def _check_integrity(self) -> None:
        problems = open_problems(self._conn, self.path)
        self.open_problems = problems
        if problems:
            self.integrity_error = TamperedDatabaseError(
                "store_err_integrity", self.path, file=str(self.path), problems=tuple(problems)
            )

    def apply_import(self, batch: ImportBatch, name: str = "") -> ImportResult:
        """Write a parsed import (acctexit.store.exchange.parse_import) all or nothing, in
        one transaction that starts with an `imported` log row. Numbers and accounts
        already here are matched and updated; unchanged steps and notes already noted
        are not written again. Raises ImportFileError (nothing changed) if the database
        refuses a value, e.g. an existing number's state without a cancel date."""
        from acctexit.store.importing import Importer  # not needed to start the app

        return Importer(self).apply(batch, name)

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
