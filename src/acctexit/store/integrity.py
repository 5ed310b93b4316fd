"""The checks every open makes (cheap: a few rows, never a scan), and the sidecar
that records the log head outside the database.

Opening checks that the log's guard triggers are all there (dropping one is how a
row gets edited), that the last row links to the one before and match the head in
`meta`, and that the database is not behind `<db>.head`: after each commit the store
writes the newest log row's id and hash there, atomically and owner-only. SQLite
cannot see a WAL that lost committed frames (the chain head moves with the rows, so
the log looks whole); the sidecar, outside the file, still remembers. A database
that fails any of these is opened for reading only: writes are refused.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
from pathlib import Path

from acctexit.i18n import KeyedText

GUARD_TRIGGERS = frozenset({"log_no_update", "log_no_delete", "log_step_state", "log_head"})
_MAGIC = "acctexit-head 1"


def sidecar_path(db_path: Path) -> Path:
    return db_path.with_name(db_path.name + ".head")


def read_sidecar(db_path: Path) -> tuple[int, str] | None:
    """The (id, hash) recorded after the last commit, or None if there is none."""
    try:
        text = sidecar_path(db_path).read_text(encoding="ascii")
    except (OSError, UnicodeDecodeError):
        return None
    parts = text.split()
    if len(parts) != 4 or " ".join(parts[:2]) != _MAGIC or not parts[2].isdigit():
        return None
    return int(parts[2]), parts[3]


def write_sidecar(db_path: Path, row_id: int, digest: str) -> None:
    """Record the head after a commit: temp file, rename, 0600. Best effort (a
    read-only folder just has no sidecar), and never backwards: another copy of the
    app may have committed a later row already."""
    current = read_sidecar(db_path)
    if current is not None and current[0] >= row_id:
        return
    target = sidecar_path(db_path)
    tmp = target.with_name(f".{target.name}.{os.getpid()}.{os.urandom(4).hex()}.tmp")
    with contextlib.suppress(OSError):
        fd = os.open(tmp, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
        try:
            os.write(fd, f"{_MAGIC} {row_id} {digest}\n".encode("ascii"))
        finally:
            os.close(fd)
        os.replace(tmp, target)
    with contextlib.suppress(OSError):
        tmp.unlink()


def drop_stale_sidecar(db_path: Path) -> None:
    """A new database starts without a record (an old one would say it lost rows)."""
    with contextlib.suppress(FileNotFoundError):
        sidecar_path(db_path).unlink()


def open_problems(conn: sqlite3.Connection, db_path: Path | None) -> list[str]:
    """What the cheap checks on open find (empty: all well), each a KeyedText."""
    # The sidecar first: it is written after each commit, so read before the log it can
    # only be at or behind what the log then holds. Read after, another copy's commit
    # in between looked like a lost row. The log reads share one snapshot for the same
    # reason (the last rows and the head must come from the same commit).
    recorded = read_sidecar(db_path) if db_path is not None else None
    nested = conn.in_transaction
    if not nested:
        conn.execute("BEGIN")
    try:
        return _log_problems(conn, db_path, recorded)
    finally:
        if not nested and conn.in_transaction:
            conn.execute("COMMIT")


def _log_problems(
    conn: sqlite3.Connection, db_path: Path | None, recorded: tuple[int, str] | None
) -> list[str]:
    problems: list[str] = []
    triggers = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")}
    missing = sorted(GUARD_TRIGGERS - triggers)
    if missing:
        problems.append(KeyedText("verify_guards_removed", triggers=", ".join(missing)))
    rows = conn.execute(
        "SELECT id, ts, verb, account_id, number_id, step_id, detail, prev_hash, hash "
        "FROM log ORDER BY id DESC LIMIT 2"
    ).fetchall()
    head_row = conn.execute("SELECT value FROM meta WHERE key = 'log_head'").fetchone()
    head = head_row[0] if head_row else None
    if rows:
        # Links and the head only: re-hashing even one row would load hashlib and
        # json on every start (≈ 4 ms); `verify` re-hashes every row.
        last = tuple(rows[0])
        if len(rows) == 2 and (rows[1][0] != last[0] - 1 or rows[1][8] != last[7]):
            problems.append(KeyedText("verify_row_not_linked", row=last[0]))
        if head != f"{last[0]}:{last[8]}":
            problems.append(KeyedText("verify_head_not_last", head=head, row=last[0]))
    elif head is not None:
        problems.append(KeyedText("verify_empty_with_head", head=head))
    if db_path is not None and recorded is not None:
        problems.extend(_behind(conn, db_path, recorded, int(rows[0][0]) if rows else 0))
    return problems


def _behind(
    conn: sqlite3.Connection, db_path: Path, recorded: tuple[int, str], last_id: int
) -> list[str]:
    row_id, digest = recorded
    sidecar = sidecar_path(db_path).name
    if last_id < row_id:
        return [
            KeyedText(
                "verify_acknowledged_missing",
                n=row_id - last_id,
                sidecar=sidecar,
                row=row_id,
                last=last_id,
            )
        ]
    found = conn.execute("SELECT hash FROM log WHERE id = ?", (row_id,)).fetchone()
    if found is None or found[0] != digest:
        return [KeyedText("verify_row_rewritten", row=row_id, sidecar=sidecar)]
    return []
