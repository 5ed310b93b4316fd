"""`verify` opens the database read-only and leaves every byte of it and its -wal as
it found them (issue 17, item 6): no checkpoint, no switch to WAL, nothing created."""

from __future__ import annotations

import hashlib
import shutil
import sqlite3
from pathlib import Path

import pytest

from acctexit.cli import main
from acctexit.store import Store


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_verify_leaves_a_crashed_database_and_its_wal_untouched(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    live = tmp_path / "live.sqlite3"
    store = Store.open(live)
    n = store.add_number("13800001234")
    for i in range(50):
        store.add_note(f"note {i}", number_id=n.id)
    # What a crash leaves: the main file and an un-checkpointed WAL, no process.
    evidence = tmp_path / "evidence"
    evidence.mkdir()
    db = evidence / "a.sqlite3"
    shutil.copy(live, db)
    shutil.copy(live.with_name("live.sqlite3-wal"), evidence / "a.sqlite3-wal")
    store.close()
    wal = evidence / "a.sqlite3-wal"
    assert wal.stat().st_size > 0
    before = (_sha(db), _sha(wal))
    assert main(["--db", str(db), "verify"]) == 0
    assert "51 log rows" in capsys.readouterr().out
    assert (_sha(db), _sha(wal)) == before


def test_verify_does_not_switch_a_rollback_journal_file_to_wal(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "a.sqlite3"
    with Store.open(db) as store:
        store.add_number("13800001234")
    conn = sqlite3.connect(db)
    conn.execute("PRAGMA journal_mode = DELETE")
    conn.close()
    before = _sha(db)
    assert main(["--db", str(db), "verify"]) == 0
    assert _sha(db) == before
    assert not db.with_name("a.sqlite3-wal").exists()


def test_verify_never_creates_a_missing_database(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "missing.sqlite3"
    assert main(["--db", str(db), "verify"]) == 2
    assert not db.exists()
