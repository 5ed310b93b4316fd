"""Damaged but openable databases (issue 17, item 4): a row that breaks the schema's
rules raises the store's clear error, never a traceback, in plan, export and the app;
`verify` reports it; a verb from a newer version says so."""

from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path

import pytest

from acctexit.catalog import load_catalog
from acctexit.cli import main
from acctexit.store import CorruptDatabaseError, Store, StoreError
from acctexit.store.errors import NewerVerbError
from acctexit.tui.app import build_app

DAMAGE = {
    "unknown verb": "UPDATE log SET verb = 'x!?' WHERE id = 3",
    "bad timestamp": "UPDATE log SET ts = 'yesterday' WHERE id = 3",
    "last_used": "UPDATE accounts SET last_used = 'last week'",
    "number state": "UPDATE numbers SET state = 'sold'",
    "step status": "UPDATE step_state SET status = 'paused'",
}


def _damaged(tmp_path: Path, sql: str) -> Path:
    db = tmp_path / "a.sqlite3"
    with Store.open(db) as store:
        n = store.add_number("13800001234")
        a = store.add_account("alipay", n.id)
        store.set_step((a.id, None, "alipay-unbind-cards"), "done")  # type: ignore[arg-type]
        store.add_note("hello", account_id=a.id)
    conn = sqlite3.connect(db)
    conn.execute("PRAGMA ignore_check_constraints = ON")  # what a hex editor can do
    with conn:
        conn.execute("DROP TRIGGER IF EXISTS log_no_update")
        conn.execute(sql)
        # Put the guard back: this test is about damaged values, not the dropped trigger.
        conn.execute(
            "CREATE TRIGGER log_no_update BEFORE UPDATE ON log "
            "BEGIN SELECT RAISE(ABORT, 'the acctexit action log is append-only'); END"
        )
    conn.close()
    return db


@pytest.mark.parametrize("sql", DAMAGE.values(), ids=DAMAGE.keys())
@pytest.mark.parametrize(
    "command", [["plan"], ["export", "--format", "json"], ["export", "--format", "csv"]]
)
def test_cli_commands_say_damaged_never_a_traceback(
    tmp_path: Path, sql: str, command: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    db = _damaged(tmp_path, sql)
    code = main(["--lang", "en", "--db", str(db), *command])
    err = capsys.readouterr().err
    if code != 0:  # some damage is not read by every command; what is read is said
        assert code == 2
        assert "damaged" in err or "newer version" in err


@pytest.mark.parametrize("sql", DAMAGE.values(), ids=DAMAGE.keys())
def test_every_damage_is_met_by_a_store_error_in_the_store(tmp_path: Path, sql: str) -> None:
    db = _damaged(tmp_path, sql)
    with Store.open(db) as store, pytest.raises(StoreError):
        store.numbers()
        store.accounts()
        list(store.iter_log())
        store.step_records()


@pytest.mark.parametrize("sql", DAMAGE.values(), ids=DAMAGE.keys())
def test_verify_reports_every_damage(
    tmp_path: Path, sql: str, capsys: pytest.CaptureFixture[str]
) -> None:
    db = _damaged(tmp_path, sql)
    assert main(["--lang", "en", "--db", str(db), "verify"]) == 1
    assert "ok:" not in capsys.readouterr().out


def test_a_verb_from_a_newer_version_says_so(tmp_path: Path) -> None:
    db = _damaged(tmp_path, "UPDATE log SET verb = 'account_archived' WHERE id = 3")
    with Store.open(db) as store, pytest.raises(NewerVerbError) as caught:
        list(store.iter_log())
    assert "newer version" in str(caught.value) and "account_archived" in str(caught.value)


@pytest.mark.parametrize("sql", [DAMAGE["last_used"], DAMAGE["number state"]])
async def test_the_app_ends_with_the_stores_words(tmp_path: Path, sql: str) -> None:
    db = _damaged(tmp_path, sql)
    store = Store.open(db)
    app = build_app(store=store, catalog=load_catalog(), lang="en", today=date(2026, 12, 5))
    try:
        with pytest.raises(CorruptDatabaseError) as caught:
            async with app.run_test(size=(100, 30)) as pilot:
                await pilot.pause()
        # Textual renders an exception with __rich__ as that text instead of a traceback.
        assert "damaged" in str(caught.value.__rich__())
    finally:
        store.close()
