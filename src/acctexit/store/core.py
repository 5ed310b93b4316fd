"""The core of `Store`: the connection, transactions, the read caches and the
hash-chained log append. Every write runs in `BEGIN IMMEDIATE … COMMIT` with
synchronous=FULL in WAL mode: when a method returns, its log row is on disk, and a
second copy of the app waits for the write lock instead of failing.

The other parts of `Store` (records.py, history.py, importing.py) build on these
methods; nothing outside acctexit.store uses them.
"""

from __future__ import annotations

import contextlib
import functools
import re
import sqlite3
from collections.abc import Callable, Iterator, Mapping
from datetime import UTC, datetime
from pathlib import Path
from types import MappingProxyType
from typing import Any, TypeVar

from acctexit.domain.models import LogEntry, StepKey, StepStatus, Verb
from acctexit.i18n import KeyedText
from acctexit.store.errors import (
    CorruptDatabaseError,
    DatabaseBusyError,
    InvalidInputError,
    NewerVerbError,
    StoreError,
    TamperedDatabaseError,
    WriterBusyError,
)
from acctexit.store.integrity import write_sidecar
from acctexit.store.log import GENESIS_HASH, format_ts, parse_ts, row_hash
from acctexit.store.opening import translate_error
from acctexit.store.rows import LOG_COLUMNS, STEP_VERBS, BadRowError

_T = TypeVar("_T")
_F = TypeVar("_F", bound=Callable[..., Any])
_VERB_NAME = r"[a-z][a-z0-9_]{1,39}"  # compiled on first use (by `re`): never at start


def bad_row_error(e: BadRowError, path: Path | None) -> StoreError:
    """The store's words for a row that breaks the schema's rules: an unknown verb
    that looks like one is from a newer version; anything else is damage."""
    if e.verb is not None and re.fullmatch(_VERB_NAME, e.verb):
        return NewerVerbError(
            "store_err_newer_verb", path, file=str(path or ""), row=e.row_id, verb=e.verb
        )
    return CorruptDatabaseError(path, e.text)


def reads_rows(method: _F) -> _F:
    """A Store method whose damaged rows raise the store's error, never a traceback."""

    @functools.wraps(method)
    def wrapper(self: StoreCore, *args: Any, **kwargs: Any) -> Any:
        try:
            return method(self, *args, **kwargs)
        except BadRowError as e:
            raise bad_row_error(e, self.path) from None

    return wrapper  # type: ignore[return-value]


def utcnow() -> datetime:
    return datetime.now(UTC)


class StoreCore:
    """Connection, transactions, caches and the log append. Use from one thread."""

    def __init__(
        self, conn: sqlite3.Connection, path: Path | None, clock: Callable[[], datetime]
    ) -> None:
        self._conn = conn
        self._conn.row_factory = sqlite3.Row
        self.path = path
        self._clock = clock
        self.backup_path: Path | None = None  # set when opening migrated the file
        self.read_only = False  # opened with mode=ro (verify): nothing may be written
        # What the checks on open found (store/integrity.py); with any, writes are
        # refused with integrity_error, and the CLI and the TUI show the warning.
        self.open_problems: list[str] = []
        self.integrity_error: TamperedDatabaseError | None = None
        self._appended: tuple[int, str] | None = None  # newest row of this transaction
        self._write_wait: float | None = None  # set_write_wait(): a short wait, own words
        self._states: dict[StepKey, StepStatus] | None = None  # step_states() cache
        self._states_view: Mapping[StepKey, StepStatus] = MappingProxyType({})
        self._states_upto = 0  # last log id folded into _states
        # numbers() / accounts() cache: (data_version, _rows_gen) when read, and the
        # result. Every key press re-reads them through Workspace.snapshot(); the
        # objects are frozen, so handing the same ones out again is safe.
        self._rows_gen = 0  # bumped by _append() for every verb that may change those rows
        self._cache: dict[str, tuple[tuple[int, int], list[Any]]] = {}

    def now(self) -> datetime:
        """The store's clock (UTC): the time its next log row would carry."""
        return self._clock()

    def _data_version(self) -> int:
        (data_version,) = self._conn.execute("PRAGMA data_version").fetchone()
        return int(data_version)

    def set_write_wait(self, seconds: float) -> None:
        """Wait at most `seconds` for another copy's write lock, then refuse with
        "another copy of acctexit is writing" (the app: a key press must not freeze the
        screen for the 10 s a command waits)."""
        self._write_wait = seconds
        self._conn.execute(f"PRAGMA busy_timeout = {int(seconds * 1000)}")

    @property
    def integrity_warning(self) -> str | None:
        """The open checks' finding in English (None: all well); `integrity_error`
        carries it for acctexit.i18n.error_text in the user's language."""
        return None if self.integrity_error is None else str(self.integrity_error)

    def close(self) -> None:
        with contextlib.suppress(sqlite3.Error):
            self._conn.close()

    # -- transactions ----------------------------------------------------------------

    @contextlib.contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        """BEGIN IMMEDIATE … COMMIT: take the write lock first, so reading the log head
        and appending cannot race another process; any SQLite error becomes a
        StoreError and nothing from the block is kept."""
        conn = self._conn
        if self.integrity_error is not None:
            raise self.integrity_error
        try:
            conn.execute("BEGIN IMMEDIATE")
        except sqlite3.Error as e:
            error = translate_error(e, self.path)
            if isinstance(error, DatabaseBusyError) and self._write_wait is not None:
                raise WriterBusyError(
                    "store_err_writer_busy", self.path, file=str(self.path or "")
                ) from None
            raise error from None
        self._appended = None
        try:
            yield conn
            conn.execute("COMMIT")
            if self._appended is not None and self.path is not None:
                write_sidecar(self.path, *self._appended)
        except BaseException as e:
            if conn.in_transaction:
                with contextlib.suppress(sqlite3.Error):
                    conn.execute("ROLLBACK")
            if isinstance(e, BadRowError):
                raise bad_row_error(e, self.path) from None
            if isinstance(e, sqlite3.IntegrityError):
                raise InvalidInputError(KeyedText("store_refused_by_db", detail=str(e))) from None
            if isinstance(e, sqlite3.Error):
                raise translate_error(e, self.path) from None
            raise

    @contextlib.contextmanager
    def _read(self) -> Iterator[sqlite3.Connection]:
        """A consistent snapshot for multi-query reads."""
        conn = self._conn
        nested = conn.in_transaction
        try:
            if not nested:
                conn.execute("BEGIN")
            yield conn
        except sqlite3.Error as e:
            raise translate_error(e, self.path) from None
        except BadRowError as e:
            raise bad_row_error(e, self.path) from None
        finally:
            if not nested and conn.in_transaction:
                with contextlib.suppress(sqlite3.Error):
                    conn.execute("COMMIT")

    def _query(self, sql: str, params: tuple[Any, ...] = ()) -> list[Any]:
        try:
            return self._conn.execute(sql, params).fetchall()
        except sqlite3.Error as e:
            raise translate_error(e, self.path) from None

    def _tuples(self, sql: str, params: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
        """Like _query, but plain tuples: about twice as fast to fetch as sqlite3.Row."""
        try:
            cur = self._conn.cursor()
            cur.row_factory = None
            return cur.execute(sql, params).fetchall()
        except sqlite3.Error as e:
            raise translate_error(e, self.path) from None

    def _cached(
        self,
        name: str,
        sql: str,
        convert: Callable[[list[Any]], list[_T]],
    ) -> list[_T]:
        """`convert(rows of sql)`, re-read only when the database may have changed.

        `PRAGMA data_version` moves when another connection (another copy of the app,
        an import in another process) commits. It does not move for this connection's
        own commits; those change numbers and accounts only together with a
        number_*/account_*/imported log row (the store's rule: every such write goes
        through _append), and _append() bumps _rows_gen for each. Step and note writes, the ones
        made on every key press, keep the cache. data_version is read before the rows,
        so a commit racing the read makes the next call re-read rather than keep stale
        rows; inside a transaction nothing is cached (it might still roll back).
        Returns a new list each time: callers may sort it.
        """
        conn = self._conn
        try:
            version = (self._data_version(), self._rows_gen)
        except sqlite3.Error as e:
            raise translate_error(e, self.path) from None
        hit = self._cache.get(name)
        if hit is not None and hit[0] == version and not conn.in_transaction:
            return list(hit[1])
        try:
            result = convert(self._tuples(sql))
        except BadRowError as e:
            raise bad_row_error(e, self.path) from None
        if not conn.in_transaction:
            self._cache[name] = (version, result)
        return list(result)

    def _append(
        self,
        conn: sqlite3.Connection,
        verb: Verb,
        *,
        account_id: int | None = None,
        number_id: int | None = None,
        step_id: str | None = None,
        detail: str = "",
        ts: datetime | None = None,
    ) -> LogEntry:
        """Append one chained log row; must run inside _write()."""
        if verb not in STEP_VERBS:
            self._rows_gen += 1  # numbers/accounts may change: see _cached()
        head = conn.execute("SELECT id, hash FROM log ORDER BY id DESC LIMIT 1").fetchone()
        row_id, prev = (head[0] + 1, head[1]) if head else (1, GENESIS_HASH)
        ts_text = format_ts(ts if ts is not None else self._clock())
        digest = row_hash(row_id, ts_text, verb.value, account_id, number_id, step_id, detail, prev)
        conn.execute(
            f"INSERT INTO log ({LOG_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (row_id, ts_text, verb.value, account_id, number_id, step_id, detail, prev, digest),
        )
        self._appended = (row_id, digest)
        return LogEntry(
            id=row_id,
            ts=parse_ts(ts_text),
            verb=verb,
            account_id=account_id,
            number_id=number_id,
            step_id=step_id,
            detail=detail,
            hash=digest,
        )

    @contextlib.contextmanager
    def snapshot(self) -> Iterator[None]:
        """Reads inside the block see one consistent state of the database (an export
        taken while another copy of the app writes stays whole)."""
        with self._read():
            yield

    @staticmethod
    def log_head(conn: sqlite3.Connection) -> int:
        """Id of the newest log row (0 for an empty log)."""
        return int(conn.execute("SELECT coalesce(max(id), 0) FROM log").fetchone()[0])

    def log_count(self) -> int:
        return int(self._query("SELECT count(*) FROM log")[0][0])
