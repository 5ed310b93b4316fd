"""What the user wrote on a number itself is read through its own index (migration
0004), in an up-to-date database and in one upgraded from schema 3.

The speed itself is measured in benchmarks/ (at 10,000 accounts the read went from
18–25 ms to under 1 ms); here: the index exists, SQLite's plan for the query
`Store.remarks_for(number_id=…)` runs uses it, and the answer is the same."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from acctexit.store import Store, schema

# The statement remarks_for(number_id=…) runs, as SQLite is asked to plan it.
NUMBER_REMARKS = (
    "SELECT id FROM log WHERE account_id IS NULL AND number_id = ? "
    "AND verb IN ('note', 'skipped') ORDER BY id"
)


def _filled(path: Path) -> tuple[int, int]:
    with Store.open(path) as store:
        a = store.add_number("13800001234")
        b = store.add_number("13900005678")
        account = store.add_account("jd", a.id)
        store.add_note("on the number itself", number_id=a.id)
        store.add_note("on its account", account_id=account.id)
        store.add_note("on the other number", number_id=b.id)
        return a.id, b.id


def _plan(path: Path) -> str:
    conn = sqlite3.connect(path)
    try:
        rows = conn.execute(f"EXPLAIN QUERY PLAN {NUMBER_REMARKS}", (1,)).fetchall()
    finally:
        conn.close()
    return " ".join(str(r[-1]) for r in rows)


def test_a_numbers_own_remarks_are_read_through_their_index(tmp_path: Path) -> None:
    path = tmp_path / "a.sqlite3"
    a, b = _filled(path)
    assert "log_number_own" in _plan(path)
    with Store.open(path) as store:
        assert [e.detail for e in store.remarks_for(number_id=a)] == ["on the number itself"]
        assert [e.detail for e in store.remarks_for(number_id=b)] == ["on the other number"]


def test_a_database_of_schema_3_gets_the_index(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite3"
    a, _ = _filled(path)
    conn = sqlite3.connect(path)
    conn.execute("DROP INDEX log_number_own")
    conn.execute("DELETE FROM _sqlite_migrations WHERE name = '0004_number_remarks_index'")
    conn.execute("PRAGMA user_version = 3")
    conn.commit()
    conn.close()
    assert "log_number_own" not in _plan(path)
    with Store.open(path) as store:
        assert store.backup_path is not None  # the upgrade copied the file first
        assert [e.detail for e in store.remarks_for(number_id=a)] == ["on the number itself"]
        assert store.verify().ok
    assert "log_number_own" in _plan(path)
    conn = sqlite3.connect(path)
    try:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == schema.SCHEMA_VERSION == 4
    finally:
        conn.close()
