"""While another copy holds the write lock, the app does not freeze for the store's
10 s: after a short wait the write is refused with "another copy of acctexit is
writing", nothing is saved, and the app stays up (issue 17, item 9)."""

from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path

import pytest

from acctexit.catalog import load_catalog
from acctexit.store import Store, WriterBusyError
from acctexit.store.demo import build as build_demo
from acctexit.tui.app import build_app


def _hold_lock(db: Path) -> sqlite3.Connection:
    other = sqlite3.connect(db, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    return other


def test_a_short_write_wait_refuses_in_words(tmp_path: Path) -> None:
    db = tmp_path / "a.sqlite3"
    with Store.open(db) as store:
        n = store.add_number("13800001234")
    other = _hold_lock(db)
    try:
        with Store.open(db) as store:
            store.set_write_wait(0.05)
            with pytest.raises(WriterBusyError) as caught:
                store.add_note("while locked", number_id=n.id)
            assert "another copy of acctexit is writing" in str(caught.value)
            count = store.log_count()
    finally:
        other.execute("ROLLBACK")
        other.close()
    with Store.open(db) as store:
        assert store.log_count() == count
        store.add_note("after the lock", number_id=n.id)  # and writing works again


async def test_the_app_says_another_copy_is_writing(tmp_path: Path) -> None:
    db = build_demo(tmp_path / "demo.sqlite3")
    store = Store.open(db)
    app = build_app(store=store, catalog=load_catalog(), lang="en", today=date(2026, 12, 5))
    shown: list[str] = []
    app.notify = lambda message, **kwargs: shown.append(str(message))  # type: ignore[method-assign]
    before = store.log_count()
    other = _hold_lock(db)
    try:
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            await pilot.press("enter")  # into the selected account's steps
            await pilot.press("space")  # tick one
            await pilot.pause()
            assert any("another copy of acctexit is writing" in m for m in shown), shown
            assert app.is_running
    finally:
        other.execute("ROLLBACK")
        other.close()
        assert store.log_count() == before
        store.close()
