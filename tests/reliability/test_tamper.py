"""Tamper evidence (issue 17, items 3, 6 and 8): found without being asked on every
open, by `verify` for edits to the state tables, through the sidecar for a forged
chain and for acknowledged actions a damaged WAL dropped; writes, imports included,
are refused into a database that fails its checks."""

from __future__ import annotations

import hashlib
import json
import shutil
import sqlite3
from datetime import date
from pathlib import Path

import pytest

from acctexit.catalog import load_catalog
from acctexit.cli import main
from acctexit.store import Store, TamperedDatabaseError
from acctexit.store.log import row_hash
from acctexit.tui.app import build_app


def _db(path: Path, notes: int = 3) -> Path:
    with Store.open(path) as store:
        n = store.add_number("13800001234")
        store.add_account("alipay", n.id, balance=10)
        store.add_account("wechat", n.id)
        for i in range(notes):
            store.add_note(f"note {i}", number_id=n.id)
    return path


def _sql(path: Path, *statements: str) -> None:
    conn = sqlite3.connect(path)
    with conn:
        for sql in statements:
            conn.execute(sql)
    conn.close()


EDIT_LOG_ROW = ("DROP TRIGGER log_no_update", "UPDATE log SET detail = 'forged' WHERE id = 3")


def test_an_edited_log_row_is_seen_on_every_open_and_refuses_writes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = _db(tmp_path / "a.sqlite3")
    _sql(db, *EDIT_LOG_ROW)
    assert main(["--lang", "en", "--db", str(db), "plan"]) == 0
    assert "fails its own checks" in capsys.readouterr().err
    assert main(["--lang", "en", "--db", str(db), "export", "--format", "json"]) == 0
    assert "fails its own checks" in capsys.readouterr().err
    export = tmp_path / "in.json"
    export.write_text(json.dumps({"numbers": [{"e164": "13900005678"}]}))
    with Store.open(db) as store:
        before = store.log_count()
    assert main(["--lang", "en", "--db", str(db), "import", str(export)]) == 2
    err = capsys.readouterr().err
    assert "nothing will be written" in err and "restore a backup" in err
    with Store.open(db) as store:
        assert store.log_count() == before
        with pytest.raises(TamperedDatabaseError):
            store.add_note("more")
    assert main(["--lang", "zh", "--db", str(db), "verify"]) == 1


async def test_the_app_shows_the_warning(tmp_path: Path) -> None:
    db = _db(tmp_path / "a.sqlite3")
    _sql(db, *EDIT_LOG_ROW)
    store = Store.open(db)
    app = build_app(store=store, catalog=load_catalog(), lang="en", today=date(2026, 12, 5))
    shown: list[str] = []
    app.notify = lambda message, **kwargs: shown.append(str(message))  # type: ignore[method-assign]
    try:
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            assert any("fails its own checks" in text for text in shown), shown
    finally:
        store.close()


STATE_EDITS = {
    "balance changed": "UPDATE accounts SET balance = 9999 WHERE id = 1",
    "account hidden": "UPDATE accounts SET removed = 1 WHERE id = 2",
    "account inserted": "INSERT INTO accounts (platform_id, number_id) VALUES ('jd', 1)",
    "number inserted": "INSERT INTO numbers (e164) VALUES ('+8613900000000')",
    "number label": "UPDATE numbers SET label = 'x' WHERE id = 1",
    "number state": "UPDATE numbers SET state = 'cancelled', cancel_date = '2026-01-01'",
    "password-free": "UPDATE accounts SET password_free = 1 WHERE id = 2",
    "platform changed": "UPDATE accounts SET platform_id = 'jd' WHERE id = 1",
}


@pytest.mark.parametrize("sql", STATE_EDITS.values(), ids=STATE_EDITS.keys())
def test_verify_finds_edits_to_the_state_tables(
    tmp_path: Path, sql: str, capsys: pytest.CaptureFixture[str]
) -> None:
    db = _db(tmp_path / "a.sqlite3")
    assert main(["--db", str(db), "verify"]) == 0
    _sql(db, sql)
    assert main(["--db", str(db), "verify"]) == 1
    assert "log" in capsys.readouterr().out


def _forge(db: Path, row_id: int) -> None:
    """Edit a row and recompute the unkeyed chain after it, head included."""
    conn = sqlite3.connect(db)
    conn.execute("DROP TRIGGER log_no_update")
    rows = conn.execute("SELECT * FROM log WHERE id >= ? ORDER BY id", (row_id,)).fetchall()
    prev = conn.execute("SELECT hash FROM log WHERE id = ?", (row_id - 1,)).fetchone()[0]
    for i, (rid, ts, verb, a, n, s, detail, _, _) in enumerate(rows):
        detail = "forged" if i == 0 else detail
        digest = row_hash(rid, ts, verb, a, n, s, detail, prev)
        conn.execute(
            "UPDATE log SET detail = ?, prev_hash = ?, hash = ? WHERE id = ?",
            (detail, prev, digest, rid),
        )
        prev = digest
    conn.execute("UPDATE meta SET value = ? WHERE key = 'log_head'", (f"{rows[-1][0]}:{prev}",))
    conn.execute(
        "CREATE TRIGGER log_no_update BEFORE UPDATE ON log "
        "BEGIN SELECT RAISE(ABORT, 'the acctexit action log is append-only'); END"
    )
    conn.commit()
    conn.close()


@pytest.mark.parametrize("row_id", [3, 4, 5])
def test_a_recomputed_chain_is_caught_by_the_sidecar(
    tmp_path: Path, row_id: int, capsys: pytest.CaptureFixture[str]
) -> None:
    db = _db(tmp_path / "a.sqlite3")
    with Store.open(db) as store:
        anchor = store.chain_head()
    _forge(db, row_id)
    with Store.open(db) as store:
        assert store.integrity_error is not None
        assert "rewritten" in str(store.integrity_error)
        assert store.chain_head() != anchor  # the head an export printed no longer matches
    assert main(["--db", str(db), "verify"]) == 1


def _flip(path: Path, offset: int, count: int) -> None:
    data = bytearray(path.read_bytes())
    for i in range(offset, min(offset + count, len(data))):
        data[i] ^= 0xFF
    path.write_bytes(bytes(data))


def test_acknowledged_actions_lost_in_a_damaged_wal_are_counted(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    live = tmp_path / "live.sqlite3"
    store = Store.open(live)
    n = store.add_number("13800001234")
    for i in range(20):
        store.add_note(f"acknowledged {i}", number_id=n.id)
    crash = tmp_path / "crash"  # the files as a crash leaves them
    crash.mkdir()
    db = crash / "a.sqlite3"
    for suffix in ("", "-wal", ".head"):
        shutil.copy(f"{live}{suffix}", f"{db}{suffix}")
    store.close()
    wal = Path(f"{db}-wal")
    _flip(wal, wal.stat().st_size // 2, 200)
    with Store.open(db) as store:
        kept = store.log_count()
        assert kept < 21
        assert store.integrity_error is not None
        assert f"{21 - kept} acknowledged action(s) are missing" in str(store.integrity_error)
    assert main(["--lang", "en", "--db", str(db), "verify"]) == 1
    assert "missing" in capsys.readouterr().out


def test_the_sidecar_is_owner_only_and_follows_every_commit(tmp_path: Path) -> None:
    db = _db(tmp_path / "a.sqlite3")
    head = Path(f"{db}.head")
    assert head.stat().st_mode & 0o777 == 0o600
    with Store.open(db) as store:
        entry = store.add_note("one more")
        assert store.integrity_error is None
    assert head.read_text().split()[2:] == [str(entry.id), entry.hash]
    assert hashlib.sha256(b"").hexdigest() not in head.read_text()


def test_a_new_database_ignores_a_stale_sidecar(tmp_path: Path) -> None:
    db = _db(tmp_path / "a.sqlite3")
    db.unlink()
    with Store.open(db) as store:
        assert store.integrity_error is None
        store.add_note("fresh start")


def test_a_move_through_the_app_verifies_and_one_past_it_does_not(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = _db(tmp_path / "a.sqlite3")
    with Store.open(db) as store:
        other = store.add_number("13900005678")
        store.move_account(1, other.id)
    assert main(["--db", str(db), "verify"]) == 0
    _sql(db, "UPDATE accounts SET number_id = 1 WHERE id = 1")
    assert main(["--db", str(db), "verify"]) == 1
    assert "number_id" in capsys.readouterr().out
