"""Opening a database file safely: preflight checks, creating a new file, backup
before a migration, migrating, fsync, and turning sqlite3 errors into StoreErrors.

Opening never modifies a file it cannot prove is ours. A brand-new database is built
in a private temporary file (created 0600 before SQLite touches it) and linked into
place, so the real path is either absent or a complete acctexit database; an existing
file is checked (SQLite header, page geometry, application_id, user_version) before
any write.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import struct
from pathlib import Path

from acctexit.i18n import KeyedText, os_reason
from acctexit.store import schema
from acctexit.store.errors import (
    CorruptDatabaseError,
    DatabaseBusyError,
    DiskFullError,
    EmptyDatabaseError,
    ForeignDatabaseError,
    NotSQLiteError,
    StoreError,
    StoreIOError,
)

BUSY_TIMEOUT_S = 10.0
_SQLITE_MAGIC = b"SQLite format 3\x00"


def make_private_dirs(directory: Path) -> None:
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


def preflight(path: Path) -> None:
    """Refuse, without opening it in SQLite, a file that cannot be an acctexit database."""
    try:
        st = path.stat()
        if not path.is_file():
            raise StoreIOError(KeyedText("store_io_not_a_file", path=path), path)
        with open(path, "rb") as f:
            header = f.read(100)
    except PermissionError:
        raise StoreIOError(KeyedText("store_io_no_permission", path=path), path) from None
    except OSError as e:
        raise StoreIOError(
            KeyedText("store_io_cannot_read", path=path, reason=os_reason(e)), path
        ) from None
    if st.st_size == 0:
        raise EmptyDatabaseError(path)
    if not header.startswith(_SQLITE_MAGIC):
        raise NotSQLiteError(path)
    if len(header) < 100:
        raise CorruptDatabaseError(path, KeyedText("store_detail_header_incomplete"))
    (page_size,) = struct.unpack(">H", header[16:18])
    page_size = 65536 if page_size == 1 else page_size
    if page_size < 512 or page_size & (page_size - 1):
        raise CorruptDatabaseError(path, KeyedText("store_detail_page_size"))
    (app_id,) = struct.unpack(">I", header[68:72])
    if app_id != schema.APPLICATION_ID:
        raise ForeignDatabaseError(path, app_id)
    if st.st_size % page_size:
        raise CorruptDatabaseError(path, KeyedText("store_detail_ends_in_page"))
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
            KeyedText("store_detail_shorter", size=st.st_size, promised=header_pages * page_size),
        )


def connect(path: Path, *, read_only: bool = False) -> sqlite3.Connection:
    # isolation_level=None: the driver never opens transactions by itself, so every
    # write goes through our BEGIN IMMEDIATE (see Store._write).
    if read_only:
        # mode=ro: SQLite itself refuses every write, a checkpoint of the WAL included
        # (`verify` must leave evidence exactly as it found it).
        from urllib.parse import quote

        uri = f"file:{quote(str(path.absolute()))}?mode=ro"
        conn = sqlite3.connect(uri, uri=True, timeout=BUSY_TIMEOUT_S, isolation_level=None)
    else:
        conn = sqlite3.connect(str(path), timeout=BUSY_TIMEOUT_S, isolation_level=None)
    conn.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_S * 1000)}")
    return conn


def translate_error(e: sqlite3.Error, path: Path | None) -> StoreError:
    code = getattr(e, "sqlite_errorcode", None)
    primary = code & 0xFF if isinstance(code, int) else None
    msg = str(e).lower()
    if primary == sqlite3.SQLITE_FULL or "disk is full" in msg:
        return DiskFullError(path)
    if primary in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED) or "locked" in msg:
        return DatabaseBusyError(path, BUSY_TIMEOUT_S)
    if primary in (sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB) or "malformed" in msg:
        return CorruptDatabaseError(path, sqlite_detail(e))
    if primary == sqlite3.SQLITE_READONLY:
        return StoreIOError(KeyedText("store_io_read_only", path=path), path)
    if primary in (sqlite3.SQLITE_IOERR, sqlite3.SQLITE_CANTOPEN, sqlite3.SQLITE_PERM):
        return StoreIOError(KeyedText("store_io_refused", path=path, detail=str(e)), path)
    return CorruptDatabaseError(path, sqlite_detail(e))


def sqlite_detail(e: sqlite3.Error) -> KeyedText:
    """SQLite's own words on damage: English only, so other languages say it plainly."""
    return KeyedText("store_detail_sqlite", detail=str(e))


def fsync_dir(directory: Path) -> None:
    with contextlib.suppress(OSError):
        fd = os.open(directory, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def create_new(path: Path) -> None:
    """Build an empty, migrated database next to `path` and link it into place.

    Returns normally if `path` exists afterwards, whoever made it (two first starts
    at once are fine: the loser's link fails with EEXIST and it opens the winner's).
    """
    make_private_dirs(path.parent)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{os.urandom(4).hex()}.new")
    fd = os.open(tmp, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    try:
        os.fchmod(fd, 0o600)  # the umask may have removed owner bits
    finally:
        os.close(fd)
    try:
        conn = connect(tmp)
        try:
            conn.execute(f"PRAGMA application_id = {schema.APPLICATION_ID}")
            conn.execute("PRAGMA journal_mode = WAL")
            migrate(conn)
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
        fsync_dir(path.parent)
    finally:
        for leftover in (tmp, Path(f"{tmp}-wal"), Path(f"{tmp}-shm")):
            with contextlib.suppress(FileNotFoundError):
                leftover.unlink()


def tidy(path: Path) -> None:
    """Before a writable open: remove what a crash left behind (`.<name>.<pid>.<rand>.new`
    and its -wal/-shm from a first creation, `.<name>.head.<pid>.<rand>.tmp` from the
    sidecar, when that process is gone), and
    make an existing database and its -wal/-shm owner-only again (0644 → 0600; a
    file of another user is left alone). Best effort: a read-only folder is fine."""
    prefix = f".{path.name}."
    with contextlib.suppress(OSError):
        for entry in os.scandir(path.parent):
            rest = entry.name[len(prefix) :] if entry.name.startswith(prefix) else ""
            if ".new" in rest:  # .<name>.<pid>.<rand>.new[-wal|-shm]
                pid_text = rest.split(".", 1)[0]
            elif rest.startswith("head.") and rest.endswith(".tmp"):  # the sidecar's temp
                pid_text = rest.split(".")[1]
            else:
                continue
            if pid_text.isdigit() and not _alive(int(pid_text)):
                with contextlib.suppress(OSError):
                    os.unlink(entry.path)
    for file in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
        with contextlib.suppress(OSError):
            st = os.stat(file)
            if hasattr(os, "getuid") and st.st_uid == os.getuid() and st.st_mode & 0o077:
                os.chmod(file, st.st_mode & 0o700)


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # another user's process: alive
        return True
    return True


def migrate(conn: sqlite3.Connection) -> None:
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


def backup(conn: sqlite3.Connection, path: Path, version: int) -> Path:
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
