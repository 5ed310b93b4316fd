"""`Store`: opening the database safely, and every read and write the app makes.

Opening never modifies a file it cannot prove is ours. A brand-new database is built
in a private temporary file (created 0600 before SQLite touches it) and linked into
place, so the real path is either absent or a complete acctexit database; an existing
file is checked (SQLite header, page geometry, application_id, user_version) before
any write. Every write runs in `BEGIN IMMEDIATE … COMMIT` with synchronous=FULL in WAL
mode: when a method returns, its log row is on disk, and a second copy of the app
waits for the write lock instead of failing.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import struct
from collections.abc import Callable, Iterator, Mapping
from datetime import UTC, date, datetime
from itertools import repeat
from operator import attrgetter
from pathlib import Path
from sys import intern
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, TypeVar

import msgspec

from acctexit.domain import fields
from acctexit.domain.fields import FieldError
from acctexit.domain.models import (
    DEFAULT_FREEZE_DAYS,
    Account,
    LogEntry,
    NumberState,
    PhoneNumber,
    StepKey,
    StepStatus,
    Verb,
)
from acctexit.domain.phone import mask_number
from acctexit.store import schema
from acctexit.store.errors import (
    CorruptDatabaseError,
    DatabaseBusyError,
    DiskFullError,
    EmptyDatabaseError,
    ForeignDatabaseError,
    InvalidInputError,
    NewerVersionError,
    NotSQLiteError,
    StoreError,
    StoreIOError,
)
from acctexit.store.log import (
    GENESIS_HASH,
    VerifyReport,
    check_chain,
    format_ts,
    parse_ts,
    row_hash,
)

if TYPE_CHECKING:
    from acctexit.store.prefetch import Prefetch

BUSY_TIMEOUT_S = 10.0
_SQLITE_MAGIC = b"SQLite format 3\x00"

_STATUS_VERB = {
    StepStatus.DONE: Verb.DONE,
    StepStatus.SKIPPED: Verb.SKIPPED,
    StepStatus.OPEN: Verb.UNDONE,
}
_STATUS = {s.value: s for s in StepStatus}
# step_states() reads step_state as JSON arrays (see _read_states)
_decode_ids = msgspec.json.Decoder(list[int | None]).decode
_decode_names = msgspec.json.Decoder(list[str]).decode
_VERB_STATUS = {"done": StepStatus.DONE, "skipped": StepStatus.SKIPPED, "undone": StepStatus.OPEN}
_VERBS = {v.value: v for v in Verb}
_ID_OF = attrgetter("id")
# Log verbs that never come with a change to the numbers or accounts tables.
_STEP_VERBS = frozenset({Verb.DONE, Verb.UNDONE, Verb.SKIPPED, Verb.NOTE})
_LOG_COLUMNS = "id, ts, verb, account_id, number_id, step_id, detail, prev_hash, hash"
# In the order of the PhoneNumber / Account fields, so a row becomes a record
# positionally (see _number / _account); never `SELECT *`, whose order a future
# migration could change.
_NUMBER_COLUMNS = (
    "id, e164, label, carrier, state, cancel_date, freeze_days, yzt_count, cards_reported"
)
_ACCOUNT_COLUMNS = (
    "id, platform_id, number_id, label, login_hint, balance, bank_cards, password_free, "
    "linked_apps, sign_in_via, last_order, orders_closed, last_sensitive_change, last_used"
)
_T = TypeVar("_T")


def _utcnow() -> datetime:
    return datetime.now(UTC)


# --- value checking: the rules are acctexit.domain.fields; refusals become
# InvalidInputError carrying the FieldError (shown with acctexit.i18n.error_text).


def _field(rule: Callable[..., _T], *args: Any) -> _T:
    try:
        return rule(*args)
    except FieldError as e:
        raise InvalidInputError.from_field(e) from None


def check_e164(value: Any) -> str:
    return _field(fields.phone, value)


def check_number_changes(changes: dict[str, Any]) -> dict[str, Any]:
    """Each number field through its rule (dates as `date`); see domain.fields."""
    return _field(fields.number_fields, changes)


def check_account_facts(facts: dict[str, Any]) -> dict[str, Any]:
    """Each account field through its rule, plus the number it moves to."""
    number_id = facts.get("number_id")
    out = _field(fields.account_fields, {k: v for k, v in facts.items() if k != "number_id"})
    if "number_id" in facts:
        if isinstance(number_id, bool) or not isinstance(number_id, int) or number_id < 1:
            raise InvalidInputError(f"number_id: {number_id!r} is not a number id")
        out["number_id"] = number_id
    return out


def _platform_id(value: Any) -> str:
    return _field(fields.platform_id, value)


def _step_id(value: Any) -> str:
    return _field(fields.step_id, value)


def _check_state(values: dict[str, Any], current: PhoneNumber | None = None) -> None:
    """A number that will be or was cancelled has a cancel date; a kept one has none."""
    if current is None and not ({"state", "cancel_date"} & values.keys()):
        return
    state = values.get("state", current.state if current else NumberState.KEPT)
    cancel = values.get("cancel_date", current.cancel_date if current else None)
    kept = _field(fields.cancel_date_for, state, cancel)
    if "cancel_date" in values or kept != cancel:
        values["cancel_date"] = kept


def _to_sql(value: Any) -> Any:
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, NumberState):
        return value.value
    return value


def _to_json(values: dict[str, Any]) -> str:
    import json  # on first write: start-up never needs it

    return json.dumps(
        {k: _to_sql(v) for k, v in values.items()}, ensure_ascii=False, sort_keys=True
    )


# --- row conversion ------------------------------------------------------------------


def _date(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


# Rows are plain tuples (or sqlite3.Rows) in _NUMBER_COLUMNS / _ACCOUNT_COLUMNS order.
# Positional unpacking and construction, no `row["name"]`: sqlite3.Row finds a name by
# a case-insensitive scan of the columns, 14 times per account, 10,000 accounts a call.


def _number(row: Any) -> PhoneNumber:
    i, e164, label, carrier, state, cancel, freeze, yzt, cards = row
    return PhoneNumber(
        i, e164, label, carrier, NumberState(state), _date(cancel), freeze, yzt, cards
    )


def _numbers(rows: list[Any]) -> list[PhoneNumber]:
    return [_number(r) for r in rows]


def _account(row: Any) -> Account:
    return _accounts([row])[0]


def _accounts(rows: list[Any]) -> list[Account]:
    # One comprehension, no function call per row: ≈ 1 ms less at 10,000 accounts.
    iso = date.fromisoformat
    return [
        Account(
            i,
            intern(platform),  # one string per platform, not per account (10,000 of them)
            number,
            label,
            hint,
            balance,
            cards,
            None if pf is None else bool(pf),
            apps,
            via,
            iso(lo) if lo else None,
            iso(oc) if oc else None,
            iso(lsc) if lsc else None,
            iso(lu) if lu else None,
        )
        for i, platform, number, label, hint, balance, cards, pf, apps, via, lo, oc, lsc, lu in rows
    ]


# step_states()'s first read: one query per status (0 → NULL in SQL), each one row of
# three JSON arrays (account ids, number ids, step ids) that msgspec decodes: ≈ 10 ms
# less at 10,000 accounts than ~31,000 rows through sqlite3, and the keys are zipped,
# deduplicated and interned with no Python code per key. Their parts are shared: SQLite
# (and the decoder) make a new string and int per row, ~90 bytes each that the
# dashboard would keep (≈ 2.6 MiB at 10,000 accounts).
_STATES_AS_JSON = (
    "SELECT json_group_array(nullif(account_key, 0)), "
    "json_group_array(nullif(number_key, 0)), json_group_array(step_id) "
    "FROM step_state WHERE status = ?"
)
_STATES_AS_ROWS = (
    "SELECT nullif(account_key, 0), nullif(number_key, 0), step_id FROM step_state WHERE status = ?"
)


def _read_states(cur: sqlite3.Cursor) -> dict[StepKey, StepStatus]:
    """Every done or skipped step's status, from the step_state table."""
    try:
        return _decode_states(_fetch_states(cur))
    except (sqlite3.OperationalError, msgspec.DecodeError):
        # An SQLite built without its JSON functions (built in since 3.38, an option
        # before), or text JSON cannot carry: the same answer, row by row. A real
        # problem with the file fails there again, as an sqlite3 error.
        return _read_states_as_rows(cur)


def _fetch_states(cur: sqlite3.Cursor) -> list[tuple[StepStatus, str, str, str]]:
    """The JSON texts of `_read_states` (all of SQLite's part: see store.prefetch)."""
    return [
        (member, *cur.execute(_STATES_AS_JSON, (text,)).fetchone())
        for text, member in _STATUS.items()
        if member is not StepStatus.OPEN
    ]


def _decode_states(fetched: list[tuple[StepStatus, str, str, str]]) -> dict[StepKey, StepStatus]:
    states: dict[StepKey, StepStatus] = {}
    ids: dict[int | None, int | None] = {}
    for member, accounts, numbers, steps in fetched:
        account_ids = _decode_ids(accounts)
        keys = zip(
            map(ids.setdefault, account_ids, account_ids),
            _decode_ids(numbers),
            map(intern, _decode_names(steps)),
            strict=True,
        )
        states.update(zip(keys, repeat(member)))
    return states


def _read_states_as_rows(cur: sqlite3.Cursor) -> dict[StepKey, StepStatus]:
    states: dict[StepKey, StepStatus] = {}
    ids: dict[int, int] = {}
    for text, member in _STATUS.items():
        if member is StepStatus.OPEN:
            continue
        rows = cur.execute(_STATES_AS_ROWS, (text,)).fetchall()
        keys = [(ids.setdefault(a, a), n, intern(s)) for a, n, s in rows]
        states.update(dict.fromkeys(keys, member))
    return states


def _entry(row: tuple[Any, ...]) -> LogEntry:
    return LogEntry(
        id=row[0],
        ts=parse_ts(row[1]),
        verb=_VERBS[row[2]],
        account_id=row[3],
        number_id=row[4],
        step_id=row[5],
        detail=row[6],
        hash=row[8],
    )


# --- opening -------------------------------------------------------------------------


def _make_private_dirs(directory: Path) -> None:
    """Create missing folders 0700. Existing folders are left alone: chmod-ing, say,
    /tmp because someone passed --db /tmp/x.sqlite3 would be wrong."""
    missing: list[Path] = []
    d = directory
    while not d.exists():
        missing.append(d)
        if d.parent == d:
            break
        d = d.parent
    for d in reversed(missing):
        try:
            d.mkdir(mode=0o700)
        except FileExistsError:
            continue
        os.chmod(d, 0o700)  # mkdir's mode is filtered by the umask


def _preflight(path: Path) -> None:
    """Refuse, without opening it in SQLite, a file that cannot be an acctexit database."""
    try:
        st = path.stat()
        if not path.is_file():
            raise StoreIOError(f"{path} is not a regular file; use --db with a file path.", path)
        with open(path, "rb") as f:
            header = f.read(100)
    except PermissionError:
        raise StoreIOError(
            f"{path} cannot be read (permission denied). Check the file's owner and "
            "permissions, or use --db to open another file.",
            path,
        ) from None
    except OSError as e:
        raise StoreIOError(f"{path} cannot be read: {e.strerror or e}.", path) from None
    if st.st_size == 0:
        raise EmptyDatabaseError(path)
    if not header.startswith(_SQLITE_MAGIC):
        raise NotSQLiteError(path)
    if len(header) < 100:
        raise CorruptDatabaseError(path, "the file is truncated: its header is incomplete")
    (page_size,) = struct.unpack(">H", header[16:18])
    page_size = 65536 if page_size == 1 else page_size
    if page_size < 512 or page_size & (page_size - 1):
        raise CorruptDatabaseError(path, "the file header is damaged (impossible page size)")
    (app_id,) = struct.unpack(">I", header[68:72])
    if app_id != schema.APPLICATION_ID:
        raise ForeignDatabaseError(path, app_id)
    if st.st_size % page_size:
        raise CorruptDatabaseError(path, "the file is truncated (it ends inside a page)")
    (change_counter, header_pages) = struct.unpack(">II", header[24:32])
    (valid_for,) = struct.unpack(">I", header[92:96])
    # The header's page count is only trustworthy when no WAL holds newer pages.
    wal = path.with_name(path.name + "-wal")
    try:
        has_wal = wal.stat().st_size > 0
    except FileNotFoundError:
        # Also when another copy closes the database between two checks and SQLite
        # removes the -wal file (seen as a rare failure with six first starts at once).
        has_wal = False
    if change_counter == valid_for and not has_wal and header_pages * page_size > st.st_size:
        raise CorruptDatabaseError(
            path,
            f"the file is truncated: {st.st_size} bytes where its header promises "
            f"{header_pages * page_size}",
        )


def _connect(path: Path) -> sqlite3.Connection:
    # isolation_level=None: the driver never opens transactions by itself, so every
    # write goes through our BEGIN IMMEDIATE (see Store._write).
    conn = sqlite3.connect(str(path), timeout=BUSY_TIMEOUT_S, isolation_level=None)
    conn.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_S * 1000)}")
    return conn


def _translate(e: sqlite3.Error, path: Path | None) -> StoreError:
    code = getattr(e, "sqlite_errorcode", None)
    primary = code & 0xFF if isinstance(code, int) else None
    msg = str(e).lower()
    if primary == sqlite3.SQLITE_FULL or "disk is full" in msg:
        return DiskFullError(path)
    if primary in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED) or "locked" in msg:
        return DatabaseBusyError(path, BUSY_TIMEOUT_S)
    if primary in (sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB) or "malformed" in msg:
        return CorruptDatabaseError(path, str(e))
    if primary == sqlite3.SQLITE_READONLY:
        return StoreIOError(
            f"{path} is read-only, so the last action was NOT saved. Check the file's "
            "permissions or the disk, or use --db to work in another file.",
            path,
        )
    if primary in (sqlite3.SQLITE_IOERR, sqlite3.SQLITE_CANTOPEN, sqlite3.SQLITE_PERM):
        return StoreIOError(
            f"The operating system refused to read or write {path} ({e}). The last action "
            "was NOT saved; earlier actions are safe. Check the disk and permissions.",
            path,
        )
    return CorruptDatabaseError(path, str(e))


def _fsync_dir(directory: Path) -> None:
    with contextlib.suppress(OSError):
        fd = os.open(directory, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _create_new(path: Path) -> None:
    """Build an empty, migrated database next to `path` and link it into place.

    Returns normally if `path` exists afterwards, whoever made it (two first starts
    at once are fine: the loser's link fails with EEXIST and it opens the winner's).
    """
    _make_private_dirs(path.parent)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{os.urandom(4).hex()}.new")
    fd = os.open(tmp, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    try:
        os.fchmod(fd, 0o600)  # the umask may have removed owner bits
    finally:
        os.close(fd)
    try:
        conn = _connect(tmp)
        try:
            conn.execute(f"PRAGMA application_id = {schema.APPLICATION_ID}")
            conn.execute("PRAGMA journal_mode = WAL")
            _migrate(conn)
        finally:
            conn.close()  # checkpoints and removes tmp-wal/-shm
        fd = os.open(tmp, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
        try:
            os.link(tmp, path)
        except FileExistsError:
            pass
        except OSError:
            # No hard links on this file system: rename is atomic but would replace a
            # file created in the meantime, so only use it if the path is still free.
            if not path.exists():
                os.rename(tmp, path)
        _fsync_dir(path.parent)
    finally:
        for leftover in (tmp, Path(f"{tmp}-wal"), Path(f"{tmp}-shm")):
            with contextlib.suppress(FileNotFoundError):
                leftover.unlink()


def _migrate(conn: sqlite3.Connection) -> None:
    """Apply pending migrations and set user_version, in one BEGIN IMMEDIATE."""
    from sqlite_utils import Database

    db = Database(conn, execute_plugins=False, recursive_triggers=False)
    conn.execute("BEGIN IMMEDIATE")
    try:
        # Inside our transaction, Migrations' own db.atomic() nests as a savepoint.
        schema.get_migrations().apply(db)
        conn.execute(f"PRAGMA user_version = {schema.SCHEMA_VERSION}")
        conn.execute("COMMIT")
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise


def _backup(conn: sqlite3.Connection, path: Path, version: int) -> Path:
    """Copy the database (SQLite backup API) to `<name>.pre-v<N>.bak`, 0600."""
    target = path.with_name(f"{path.name}.pre-v{version}.bak")
    n = 1
    while True:
        try:
            fd = os.open(target, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
            break
        except FileExistsError:
            n += 1
            target = path.with_name(f"{path.name}.pre-v{version}.{n}.bak")
    os.close(fd)
    dest = sqlite3.connect(str(target))
    try:
        conn.backup(dest)
        dest.execute("PRAGMA journal_mode = DELETE")
    finally:
        dest.close()
    return target


class Store:
    """The user's numbers, accounts and action log. Use from the thread that opened it."""

    def __init__(
        self, conn: sqlite3.Connection, path: Path | None, clock: Callable[[], datetime]
    ) -> None:
        self._conn = conn
        self._conn.row_factory = sqlite3.Row
        self.path = path
        self._clock = clock
        self.backup_path: Path | None = None  # set when opening migrated the file
        self._states: dict[StepKey, StepStatus] | None = None  # step_states() cache
        self._states_view: Mapping[StepKey, StepStatus] = MappingProxyType({})
        self._states_upto = 0  # last log id folded into _states
        # numbers() / accounts() cache: (data_version, _rows_gen) when read, and the
        # result. Every key press re-reads them through Workspace.snapshot(); the
        # objects are frozen, so handing the same ones out again is safe.
        self._rows_gen = 0  # bumped by _append() for every verb that may change those rows
        self._cache: dict[str, tuple[tuple[int, int], list[Any]]] = {}
        self._prefetch: Prefetch | None = None  # see prefetch()

    # -- lifecycle --------------------------------------------------------------------

    @classmethod
    def open(cls, path: Path, *, clock: Callable[[], datetime] | None = None) -> Store:
        """Open (or create) the database at `path`; raise a StoreError if it is unusable."""
        path = Path(path).expanduser()
        try:
            if not path.exists() and not path.is_symlink():
                _create_new(path)
            _preflight(path)
            conn = _connect(path)
        except StoreError:
            raise
        except sqlite3.Error as e:
            raise _translate(e, path) from None
        except OSError as e:
            raise StoreIOError(
                f"Cannot create or open {path}: {e.strerror or e}. Check that the folder "
                "exists and is writable, or use --db to choose another location.",
                path,
            ) from None
        try:
            store = cls(conn, path, clock or _utcnow)
            store._check_and_upgrade()
        except BaseException as e:
            conn.close()
            if isinstance(e, sqlite3.Error):
                raise _translate(e, path) from None
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
            raise CorruptDatabaseError(self.path, "it has no acctexit tables")
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        if not tables >= schema.REQUIRED_TABLES and version == schema.SCHEMA_VERSION:
            missing = ", ".join(sorted(schema.REQUIRED_TABLES - tables))
            raise CorruptDatabaseError(self.path, f"tables are missing: {missing}")
        # Only now, with the file proven ours, do we write settings to it.
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = FULL")
        conn.execute("PRAGMA foreign_keys = ON")
        if version < schema.SCHEMA_VERSION:
            self.backup_path = _backup(conn, self.path, version)
            _migrate(conn)

    def prefetch(self) -> None:
        """Start reading the accounts and step states on a thread (see
        acctexit.store.prefetch), for the first `accounts()` and `step_states()`.

        They use what it read only if nothing has been committed since this call:
        `PRAGMA data_version` moves for another connection's commits, and a write
        through this store drops it. Call it right after opening, before slow work.
        """
        if self.path is None or self._prefetch is not None or self._conn.in_transaction:
            return
        from acctexit.store.prefetch import Prefetch  # (threading: only for the app)

        try:
            version = (self._data_version(), self._rows_gen)
            self._prefetch = Prefetch(self.path, version, _fetch_states)
        except (sqlite3.Error, RuntimeError):  # RuntimeError: no thread to be had
            return  # reading the ordinary way will say what is wrong, if anything

    def _data_version(self) -> int:
        (data_version,) = self._conn.execute("PRAGMA data_version").fetchone()
        return int(data_version)

    def _prefetched(self) -> Prefetch | None:
        """The prefetch, finished, if it still shows the database as it is now.

        Outside a transaction only: inside one, data_version stays at the
        transaction's start, and the prefetch may have read commits made after it.
        Waits first, then compares: unchanged since `prefetch()` means nobody
        committed while the thread read either.
        """
        pre = self._prefetch
        if pre is None or self._conn.in_transaction:
            return None
        if not pre.wait() or pre.baseline != (self._data_version(), self._rows_gen):
            self._prefetch = None
            return None
        return pre

    def _take_prefetched(self, field: str) -> tuple[Any, int] | None:
        """One of the prefetch's results (given out once) and the log head it read,
        if still current; the prefetch goes once both results are out."""
        pre = self._prefetched()
        value = getattr(pre, field) if pre is not None else None
        if pre is None or value is None:
            return None
        setattr(pre, field, None)  # used once; free it
        if pre.accounts_json is None and pre.states is None:
            self._prefetch = None
        return value, pre.log_head

    def _prefetched_accounts(self) -> list[Account] | None:
        taken = self._take_prefetched("accounts_json")
        if taken is None:
            return None
        from acctexit.store.prefetch import decode_accounts

        try:
            accounts = decode_accounts(taken[0])
        except ValueError:  # msgspec's DecodeError, or text that is not UTF-8: read rows
            return None
        # In id order, as the rows come (json_group_array keeps its subquery's order
        # in practice, which SQLite does not promise); a no-op pass when it did.
        accounts.sort(key=_ID_OF)
        return accounts

    def _prefetched_states(self) -> tuple[dict[StepKey, StepStatus], int] | None:
        """The step states and the log head the prefetch read, if still current."""
        taken = self._take_prefetched("states")
        if taken is None:
            return None
        try:
            return _decode_states(taken[0]), taken[1]
        except ValueError:  # as in _read_states: read rows
            return None

    def close(self) -> None:
        pre, self._prefetch = self._prefetch, None
        if pre is not None:  # let its (read-only) connection close first; a short read
            pre.wait(timeout=BUSY_TIMEOUT_S)
        with contextlib.suppress(sqlite3.Error):
            self._conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- transactions ----------------------------------------------------------------

    @contextlib.contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        """BEGIN IMMEDIATE … COMMIT: take the write lock first, so reading the log head
        and appending cannot race another process; any SQLite error becomes a
        StoreError and nothing from the block is kept."""
        conn = self._conn
        self._prefetch = None  # what it read is about to be out of date
        try:
            conn.execute("BEGIN IMMEDIATE")
        except sqlite3.Error as e:
            raise _translate(e, self.path) from None
        try:
            yield conn
            conn.execute("COMMIT")
        except BaseException as e:
            if conn.in_transaction:
                with contextlib.suppress(sqlite3.Error):
                    conn.execute("ROLLBACK")
            if isinstance(e, sqlite3.IntegrityError):
                raise InvalidInputError(f"refused by the database: {e}") from None
            if isinstance(e, sqlite3.Error):
                raise _translate(e, self.path) from None
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
            raise _translate(e, self.path) from None
        finally:
            if not nested and conn.in_transaction:
                with contextlib.suppress(sqlite3.Error):
                    conn.execute("COMMIT")

    def _query(self, sql: str, params: tuple[Any, ...] = ()) -> list[Any]:
        try:
            return self._conn.execute(sql, params).fetchall()
        except sqlite3.Error as e:
            raise _translate(e, self.path) from None

    def _tuples(self, sql: str, params: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
        """Like _query, but plain tuples: about twice as fast to fetch as sqlite3.Row."""
        try:
            cur = self._conn.cursor()
            cur.row_factory = None
            return cur.execute(sql, params).fetchall()
        except sqlite3.Error as e:
            raise _translate(e, self.path) from None

    def _cached(
        self,
        name: str,
        sql: str,
        convert: Callable[[list[Any]], list[_T]],
        prefetched: Callable[[], list[_T] | None] | None = None,
    ) -> list[_T]:
        """`convert(rows of sql)`, re-read only when the database may have changed.

        `PRAGMA data_version` moves when another connection (another copy of the app,
        an import in another process) commits. It does not move for this connection's
        own commits; those change numbers and accounts only together with a
        number_*/account_*/imported log row (the store's rule, which exchange relies on
        too), and _append() bumps _rows_gen for each. Step and note writes, the ones
        made on every key press, keep the cache. data_version is read before the rows,
        so a commit racing the read makes the next call re-read rather than keep stale
        rows; inside a transaction nothing is cached (it might still roll back).
        `prefetched()`, if given, may answer instead of the query (once).
        Returns a new list each time: callers may sort it.
        """
        conn = self._conn
        try:
            version = (self._data_version(), self._rows_gen)
        except sqlite3.Error as e:
            raise _translate(e, self.path) from None
        hit = self._cache.get(name)
        if hit is not None and hit[0] == version and not conn.in_transaction:
            return list(hit[1])
        result = prefetched() if prefetched is not None else None
        if result is None:
            result = convert(self._tuples(sql))
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
        if verb not in _STEP_VERBS:
            self._rows_gen += 1  # numbers/accounts may change: see _cached()
        head = conn.execute("SELECT id, hash FROM log ORDER BY id DESC LIMIT 1").fetchone()
        row_id, prev = (head[0] + 1, head[1]) if head else (1, GENESIS_HASH)
        ts_text = format_ts(ts if ts is not None else self._clock())
        digest = row_hash(row_id, ts_text, verb.value, account_id, number_id, step_id, detail, prev)
        conn.execute(
            f"INSERT INTO log ({_LOG_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (row_id, ts_text, verb.value, account_id, number_id, step_id, detail, prev, digest),
        )
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

    # -- numbers ---------------------------------------------------------------------

    def numbers(self) -> list[PhoneNumber]:
        return self._cached(
            "numbers",
            f"SELECT {_NUMBER_COLUMNS} FROM numbers WHERE removed = 0 ORDER BY id",
            _numbers,
        )

    def number(self, number_id: int) -> PhoneNumber:
        rows = self._tuples(
            f"SELECT {_NUMBER_COLUMNS} FROM numbers WHERE id = ? AND removed = 0", (number_id,)
        )
        if not rows:
            raise InvalidInputError(f"there is no number with id {number_id}")
        return _number(rows[0])

    def _live_number(self, conn: sqlite3.Connection, number_id: Any) -> sqlite3.Row:
        row = conn.execute(
            f"SELECT {_NUMBER_COLUMNS} FROM numbers WHERE id = ? AND removed = 0", (number_id,)
        ).fetchone()
        if row is None:
            raise InvalidInputError(f"there is no number with id {number_id}")
        assert isinstance(row, sqlite3.Row)
        return row

    def _check_unique(self, conn: sqlite3.Connection, e164: str, exclude: int = 0) -> None:
        clash = conn.execute(
            "SELECT id FROM numbers WHERE e164 = ? AND removed = 0 AND id != ?", (e164, exclude)
        ).fetchone()
        if clash:
            raise InvalidInputError(f"{mask_number(e164)} is already in your list")

    def add_number(
        self,
        e164: str,
        *,
        label: str = "",
        carrier: str | None = None,
        state: NumberState = NumberState.KEPT,
        cancel_date: date | None = None,
        freeze_days: int = DEFAULT_FREEZE_DAYS,
        yzt_count: int | None = None,
        cards_reported: int | None = None,
    ) -> PhoneNumber:
        values = check_number_changes(
            {
                "e164": e164,
                "label": label,
                "carrier": carrier,
                "state": state,
                "cancel_date": cancel_date,
                "freeze_days": freeze_days,
                "yzt_count": yzt_count,
                "cards_reported": cards_reported,
            }
        )
        with self._write() as conn:
            number_id = self._insert_number(conn, values)
            row = self._live_number(conn, number_id)
        return _number(row)

    def _insert_number(
        self, conn: sqlite3.Connection, values: dict[str, Any], ts: datetime | None = None
    ) -> int:
        _check_state(values)
        self._check_unique(conn, values["e164"])
        cols = list(values)
        cur = conn.execute(
            f"INSERT INTO numbers ({', '.join(cols)}) VALUES ({', '.join('?' for _ in cols)})",
            [_to_sql(values[c]) for c in cols],
        )
        number_id = int(cur.lastrowid or 0)
        self._append(conn, Verb.NUMBER_ADDED, number_id=number_id, detail=_to_json(values), ts=ts)
        return number_id

    def update_number(self, number_id: int, **changes: Any) -> PhoneNumber:
        values = check_number_changes(changes)
        with self._write() as conn:
            self._update_number(conn, number_id, values)
            row = self._live_number(conn, number_id)
        return _number(row)

    def _update_number(
        self, conn: sqlite3.Connection, number_id: int, values: dict[str, Any]
    ) -> None:
        current = _number(self._live_number(conn, number_id))
        values = dict(values)
        _check_state(values, current)
        changed = {k: v for k, v in values.items() if getattr(current, k) != v}
        if not changed:
            return
        if "e164" in changed:
            self._check_unique(conn, changed["e164"], exclude=number_id)
        sets = ", ".join(f"{k} = ?" for k in changed)
        conn.execute(
            f"UPDATE numbers SET {sets} WHERE id = ?",
            [*(_to_sql(v) for v in changed.values()), number_id],
        )
        self._append(conn, Verb.NUMBER_CHANGED, number_id=number_id, detail=_to_json(changed))

    def remove_number(self, number_id: int) -> None:
        """Flag the number and its accounts removed; their history stays in the log."""
        with self._write() as conn:
            self._live_number(conn, number_id)
            for (account_id,) in conn.execute(
                "SELECT id FROM accounts WHERE number_id = ? AND removed = 0 ORDER BY id",
                (number_id,),
            ).fetchall():
                conn.execute("UPDATE accounts SET removed = 1 WHERE id = ?", (account_id,))
                self._append(conn, Verb.ACCOUNT_REMOVED, account_id=account_id, number_id=number_id)
            conn.execute("UPDATE numbers SET removed = 1 WHERE id = ?", (number_id,))
            self._append(conn, Verb.NUMBER_REMOVED, number_id=number_id)

    # -- accounts --------------------------------------------------------------------

    def accounts(self) -> list[Account]:
        return self._cached(
            "accounts",
            f"SELECT {_ACCOUNT_COLUMNS} FROM accounts WHERE removed = 0 ORDER BY id",
            _accounts,
            self._prefetched_accounts,
        )

    def account(self, account_id: int) -> Account:
        rows = self._tuples(
            f"SELECT {_ACCOUNT_COLUMNS} FROM accounts WHERE id = ? AND removed = 0", (account_id,)
        )
        if not rows:
            raise InvalidInputError(f"there is no account with id {account_id}")
        return _account(rows[0])

    def _live_account(self, conn: sqlite3.Connection, account_id: Any) -> sqlite3.Row:
        row = conn.execute(
            f"SELECT {_ACCOUNT_COLUMNS} FROM accounts WHERE id = ? AND removed = 0", (account_id,)
        ).fetchone()
        if row is None:
            raise InvalidInputError(f"there is no account with id {account_id}")
        assert isinstance(row, sqlite3.Row)
        return row

    def add_account(self, platform_id: str, number_id: int, **facts: Any) -> Account:
        platform = _platform_id(platform_id)
        values = check_account_facts(facts)
        values.pop("number_id", None)
        with self._write() as conn:
            account_id = self._insert_account(conn, platform, number_id, values)
            row = self._live_account(conn, account_id)
        return _account(row)

    def _insert_account(
        self,
        conn: sqlite3.Connection,
        platform: str,
        number_id: int,
        values: dict[str, Any],
        ts: datetime | None = None,
    ) -> int:
        self._live_number(conn, number_id)
        cols = ["platform_id", "number_id", *values]
        params = [platform, number_id, *(_to_sql(v) for v in values.values())]
        cur = conn.execute(
            f"INSERT INTO accounts ({', '.join(cols)}) VALUES ({', '.join('?' for _ in cols)})",
            params,
        )
        account_id = int(cur.lastrowid or 0)
        detail = _to_json({"platform_id": platform, **values})
        self._append(
            conn,
            Verb.ACCOUNT_ADDED,
            account_id=account_id,
            number_id=number_id,
            detail=detail,
            ts=ts,
        )
        return account_id

    def update_account(self, account_id: int, **changes: Any) -> Account:
        values = check_account_facts(changes)
        with self._write() as conn:
            self._update_account(conn, account_id, values)
            row = self._live_account(conn, account_id)
        return _account(row)

    def _update_account(
        self, conn: sqlite3.Connection, account_id: int, values: dict[str, Any]
    ) -> None:
        current = _account(self._live_account(conn, account_id))
        changed = {k: v for k, v in values.items() if getattr(current, k) != v}
        if not changed:
            return
        if "number_id" in changed:
            self._live_number(conn, changed["number_id"])
        sets = ", ".join(f"{k} = ?" for k in changed)
        conn.execute(
            f"UPDATE accounts SET {sets} WHERE id = ?",
            [*(_to_sql(v) for v in changed.values()), account_id],
        )
        self._append(
            conn,
            Verb.ACCOUNT_CHANGED,
            account_id=account_id,
            number_id=changed.get("number_id", current.number_id),
            detail=_to_json(changed),
        )

    def remove_account(self, account_id: int) -> None:
        with self._write() as conn:
            row = self._live_account(conn, account_id)
            conn.execute("UPDATE accounts SET removed = 1 WHERE id = ?", (account_id,))
            self._append(
                conn, Verb.ACCOUNT_REMOVED, account_id=account_id, number_id=row["number_id"]
            )

    # -- steps and notes -------------------------------------------------------------

    def _check_key(
        self, conn: sqlite3.Connection, account_id: Any, number_id: Any
    ) -> tuple[int | None, int | None]:
        if account_id is not None:
            self._live_account(conn, account_id)
        if number_id is not None:
            self._live_number(conn, number_id)
        return account_id, number_id

    def set_step(self, key: StepKey, status: StepStatus, detail: str = "") -> LogEntry:
        """Record done / undone (OPEN) / skipped for a step; committed when it returns."""
        account_id, number_id, step_id = key
        if account_id is None and number_id is None:
            raise InvalidInputError("a step belongs to an account or a number; neither given")
        try:
            verb = _STATUS_VERB[StepStatus(status)]
        except ValueError:
            raise InvalidInputError(f"{status!r} is not a step status") from None
        step = _step_id(step_id)
        text = _field(fields.step_detail, detail)
        with self._write() as conn:
            self._check_key(conn, account_id, number_id)
            return self._append(
                conn, verb, account_id=account_id, number_id=number_id, step_id=step, detail=text
            )

    def add_note(
        self,
        text: str,
        *,
        account_id: int | None = None,
        number_id: int | None = None,
        step_id: str | None = None,
    ) -> LogEntry:
        body = _field(fields.note, text)
        step = None if step_id is None else _step_id(step_id)
        with self._write() as conn:
            self._check_key(conn, account_id, number_id)
            return self._append(
                conn,
                Verb.NOTE,
                account_id=account_id,
                number_id=number_id,
                step_id=step,
                detail=body,
            )

    # -- reading the log -------------------------------------------------------------

    def recent_log(self, limit: int = 100) -> list[LogEntry]:
        """Newest first (by id: the order actions were recorded)."""
        rows = self._tuples(f"SELECT {_LOG_COLUMNS} FROM log ORDER BY id DESC LIMIT ?", (limit,))
        return [_entry(r) for r in rows]

    def iter_log(self, batch: int = 5000) -> Iterator[LogEntry]:
        """Oldest first, fetched in pages so a million rows need little memory."""
        after = 0
        while True:
            rows = self._tuples(
                f"SELECT {_LOG_COLUMNS} FROM log WHERE id > ? ORDER BY id LIMIT ?", (after, batch)
            )
            for r in rows:
                yield _entry(r)
            if len(rows) < batch:
                return
            after = rows[-1][0]

    def notes_for(self, account_id: int) -> list[LogEntry]:
        """The account's notes, oldest first."""
        rows = self._tuples(
            f"SELECT {_LOG_COLUMNS} FROM log WHERE account_id = ? AND verb = 'note' ORDER BY id",
            (account_id,),
        )
        return [_entry(r) for r in rows]

    def step_states(self) -> Mapping[StepKey, StepStatus]:
        """Each done or skipped step's status (same answer as derive_step_states over
        the log). A step not in it is open: never ticked, or undone. About a third of
        the steps the log mentions are open again, so leaving them out saves that share
        of the time and memory (at 10,000 accounts, ~16,000 entries).

        The first call reads `step_state` (kept by a trigger in step with every log
        insert); later calls only read log rows added since, by this or any other
        process. Log ids only grow and are assigned under the write lock, so "id >
        last seen" never misses a committed row.

        Returns a read-only view, not a copy: copying ~47,000 entries on every call
        cost more than the incremental read. A view once returned never changes: new
        log rows make a new dict (copy-on-write), so earlier views stay as they were.
        Callers that want to modify it take `dict(...)` of it.
        """
        try:
            # Outside the read transaction below: see _prefetched.
            found = self._prefetched_states() if self._states is None else None
            if found is not None:
                states, self._states_upto = found
                self._states = states
                self._states_view = MappingProxyType(states)
                return self._states_view
            with self._read() as conn:
                cur = conn.cursor()
                cur.row_factory = None  # plain tuples: about twice as fast as sqlite3.Row
                if self._states is None:
                    (upto,) = cur.execute("SELECT coalesce(max(id), 0) FROM log").fetchone()
                    states = _read_states(cur)
                    self._states = states
                    self._states_view = MappingProxyType(states)
                    self._states_upto = upto
                else:
                    rows = cur.execute(
                        "SELECT id, account_id, number_id, step_id, verb FROM log WHERE id > ? "
                        "AND step_id IS NOT NULL AND verb IN ('done', 'undone', 'skipped') "
                        "ORDER BY id",
                        (self._states_upto,),
                    ).fetchall()
                    (upto,) = cur.execute("SELECT coalesce(max(id), 0) FROM log").fetchone()
                    if rows:
                        states = dict(self._states)  # copy-on-write, see above
                        for _, a, n, s, verb in rows:
                            key = (a, n if a is None else None, s)
                            status = _VERB_STATUS[verb]
                            if status is StepStatus.OPEN:
                                states.pop(key, None)
                            else:
                                states[key] = status
                        self._states = states
                        self._states_view = MappingProxyType(states)
                    self._states_upto = upto
        except sqlite3.Error as e:
            raise _translate(e, self.path) from None
        return self._states_view

    @staticmethod
    def log_head(conn: sqlite3.Connection) -> int:
        """Id of the newest log row (0 for an empty log)."""
        return int(conn.execute("SELECT coalesce(max(id), 0) FROM log").fetchone()[0])

    def log_count(self) -> int:
        return int(self._query("SELECT count(*) FROM log")[0][0])

    # -- checking ----------------------------------------------------------------------

    def verify(self) -> VerifyReport:
        """PRAGMA integrity_check, the hash chain, and step_state against a replay."""
        from acctexit.domain.models import derive_step_states

        problems: list[str] = []
        try:
            with self._read() as conn:
                integrity = [r[0] for r in conn.execute("PRAGMA integrity_check(20)")]
                if integrity != ["ok"]:
                    problems.extend(f"integrity_check: {line}" for line in integrity)
                head_row = conn.execute("SELECT value FROM meta WHERE key = 'log_head'").fetchone()
                cursor = conn.execute(f"SELECT {_LOG_COLUMNS} FROM log ORDER BY id")
                report = check_chain((tuple(r) for r in cursor), head_row[0] if head_row else None)
        except StoreError as e:
            return VerifyReport(ok=False, problems=[str(e)])
        report.problems[:0] = problems
        if report.ok or not report.first_broken_id:
            # Only worth comparing when the log itself reads back cleanly.
            try:
                replayed = derive_step_states(list(self.iter_log()))
                if replayed != self.step_states():
                    report.problems.append(
                        "the saved step states differ from a replay of the log "
                        "(the log is authoritative; an export and import rebuilds them)"
                    )
            except (StoreError, KeyError, ValueError) as e:
                report.problems.append(f"the log could not be replayed: {e}")
        report.ok = not report.problems
        return report
