"""Disk full, and a corpus of files that are not (or no longer) good acctexit databases.

Each bad file must give a StoreError with a clear, actionable message, and its bytes
must be exactly the same afterwards: we never modify or replace a file we cannot prove
is ours.
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from acctexit.cli import main
from acctexit.domain.models import StepStatus
from acctexit.store import (
    CorruptDatabaseError,
    DiskFullError,
    EmptyDatabaseError,
    ForeignDatabaseError,
    NewerVersionError,
    NotSQLiteError,
    Store,
    StoreError,
)
from acctexit.store.schema import APPLICATION_ID


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _real_db(path: Path, notes: int = 200) -> Path:
    with Store.open(path) as store:
        n = store.add_number("13800001234")
        for i in range(notes):
            store.add_note(f"note {i} " + "x" * 200, number_id=n.id)
    return path


def test_disk_full_gives_a_clear_error_and_keeps_earlier_actions(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "full.sqlite3"
    # SQLite's own page cap makes the disk full for one connection: the one the store
    # writes through, seen as sqlite3.connect hands it over.
    connect, opened = sqlite3.connect, []

    def connect_and_keep(*args: Any, **kwargs: Any) -> sqlite3.Connection:
        opened.append(connect(*args, **kwargs))
        return opened[-1]

    monkeypatch.setattr(sqlite3, "connect", connect_and_keep)
    store = Store.open(path)
    monkeypatch.undo()
    conn = opened[-1]  # creating the file opened (and closed) one before it
    n = store.add_number("13800001234")
    saved = [store.set_step((None, n.id, f"s{i}"), StepStatus.DONE).id for i in range(20)]
    (pages,) = conn.execute("PRAGMA page_count").fetchone()
    conn.execute(f"PRAGMA max_page_count = {pages + 1}")  # the "disk" is now full
    with pytest.raises(DiskFullError) as caught:
        for _ in range(10_000):
            saved.append(store.add_note("y" * 2000, number_id=n.id).id)
    message = str(caught.value)
    assert "full" in message and "NOT saved" in message and "intact" in message
    # The failed action left nothing half-done, and the store still works for reads.
    assert {e.id for e in store.iter_log()} == {1, *saved}
    store.close()
    with Store.open(path) as store:
        assert {e.id for e in store.iter_log()} == {1, *saved}
        assert store.verify().ok
        store.add_note("space again", number_id=n.id)  # a new connection has room again


def _random_bytes(path: Path) -> None:
    path.write_bytes(os.urandom(8192))


def _text_file(path: Path) -> None:
    path.write_text("numbers,accounts\n+8613800001234,alipay\n", encoding="utf-8")


def _empty(path: Path) -> None:
    path.write_bytes(b"")


def _truncated_mid_page(path: Path) -> None:
    data = _real_db(path).read_bytes()
    path.write_bytes(data[: len(data) // 2 + 123])


def _truncated_on_page(path: Path) -> None:
    data = _real_db(path).read_bytes()
    path.write_bytes(data[: 4096 * 3])


def _header_only(path: Path) -> None:
    path.write_bytes(_real_db(path).read_bytes()[:60])


def _other_app(path: Path) -> None:
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE contacts (name TEXT)")
    conn.execute("INSERT INTO contacts VALUES ('someone else')")
    conn.commit()
    conn.close()


def _other_app_with_id(path: Path) -> None:
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA application_id = 1196444237")  # another program's id
    conn.execute("CREATE TABLE t (x)")
    conn.commit()
    conn.close()


def _newer_version(path: Path) -> None:
    _real_db(path, notes=3)
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA user_version = 99")
    conn.commit()
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()


def _garbage_after_header(path: Path) -> None:
    data = bytearray(_real_db(path).read_bytes())
    for i in range(100, len(data)):
        data[i] = (data[i] * 7 + 13) & 0xFF
    path.write_bytes(bytes(data))


CORPUS: dict[str, tuple[Callable[[Path], None], type[StoreError]]] = {
    "random bytes": (_random_bytes, NotSQLiteError),
    "text file": (_text_file, NotSQLiteError),
    "empty file": (_empty, EmptyDatabaseError),
    "truncated mid-page": (_truncated_mid_page, CorruptDatabaseError),
    "truncated on a page boundary": (_truncated_on_page, CorruptDatabaseError),
    "header only": (_header_only, CorruptDatabaseError),
    "another app's SQLite": (_other_app, ForeignDatabaseError),
    "another app's application_id": (_other_app_with_id, ForeignDatabaseError),
    "newer user_version": (_newer_version, NewerVersionError),
    "garbage after the header": (_garbage_after_header, CorruptDatabaseError),
}


@pytest.mark.parametrize("case", list(CORPUS))
def test_bad_database_files_are_refused_and_left_untouched(tmp_path: Path, case: str) -> None:
    make, expected = CORPUS[case]
    path = tmp_path / "bad.sqlite3"
    make(path)
    for side in ("-wal", "-shm"):
        Path(f"{path}{side}").unlink(missing_ok=True)
    before = _sha(path)
    with pytest.raises(expected) as caught:
        Store.open(path).close()
    message = str(caught.value)
    assert str(path) in message and "--db" in message, message
    assert "has not been changed" in message
    assert _sha(path) == before, "the file was modified"
    assert sorted(
        p.name for p in tmp_path.iterdir() if not p.name.endswith(("-wal", "-shm", ".head"))
    ) == ["bad.sqlite3"]


@pytest.mark.parametrize("command", [["verify"], ["export"], ["import", "x.json"]])
def test_commands_on_a_bad_file_exit_non_zero_without_traceback(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], command: list[str]
) -> None:
    path = tmp_path / "bad.sqlite3"
    _random_bytes(path)
    before = _sha(path)
    (tmp_path / "x.json").write_text('{"numbers": []}')
    assert main(["--db", str(path), *command[:1], *(str(tmp_path / c) for c in command[1:])]) == 2
    err = capsys.readouterr().err
    assert "not an acctexit database" in err and "Traceback" not in err
    assert _sha(path) == before


def test_a_flipped_byte_in_a_log_row_is_found_by_verify(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "flip.sqlite3"
    with Store.open(path) as store:
        n = store.add_number("13800001234")
        for i in range(30):
            store.add_note(f"note-{i:03d}-MARKER", number_id=n.id)
        target = next(e.id for e in store.iter_log() if e.detail == "note-017-MARKER")
    data = bytearray(path.read_bytes())
    at = data.find(b"note-017-MARKER")
    assert at > 0, "the row should be in the main file after a clean close"
    data[at + 5] ^= 0x01  # "note-017" -> "note-117": bit rot in one row's contents
    path.write_bytes(bytes(data))
    with Store.open(path) as store:
        report = store.verify()
    assert not report.ok
    assert report.first_broken_id == target
    assert main(["--db", str(path), "verify"]) == 1
    out = capsys.readouterr().out
    assert f"first broken log row: {target}" in out


def test_migration_takes_a_backup_first(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """An older file (user_version below ours) is copied with the backup API first."""
    from acctexit.store import schema

    path = _real_db(tmp_path / "old.sqlite3", notes=5)
    # Pretend the code knows one more migration than the file has seen.
    monkeypatch.setattr(schema, "SCHEMA_VERSION", schema.SCHEMA_VERSION + 1)

    migrations = schema.get_migrations()

    @migrations(name="9999_test_extra")
    def _extra(db) -> None:  # type: ignore[no-untyped-def]
        db.conn.execute("CREATE TABLE extra (x)")

    try:
        with Store.open(path) as store:
            backup = store.backup_path
            assert store.verify().ok
        assert backup is not None and backup.exists()
        assert oct(backup.stat().st_mode & 0o777) == "0o600"
        conn = sqlite3.connect(backup)
        assert conn.execute("PRAGMA user_version").fetchone()[0] == schema.SCHEMA_VERSION - 1
        assert conn.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
        assert conn.execute("SELECT count(*) FROM log").fetchone()[0] == 6
        conn.close()
    finally:
        migrations._migrations.pop()  # undo the test migration
