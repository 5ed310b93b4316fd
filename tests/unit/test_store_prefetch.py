"""`Store.prefetch()`: the first accounts and step states read on a thread while the
app starts give exactly what the ordinary reads give, and never an out-of-date answer.
"""

from __future__ import annotations

import sqlite3
import threading
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from acctexit.store import Store
from acctexit.store import db as db_module
from acctexit.store import prefetch as prefetch_module

# Balances whose 15-digit JSON form is another double, and some that are not.
BALANCES = [0.1, 1 / 3, 2 / 3, 123456789.12345679, 1e-7, 5e-324, 999999999999.99, 100.0, 0.0, None]


def _fill(path: Path) -> None:
    with Store.open(path) as s:
        n = s.add_number("13800001234", cancel_date=date(2026, 12, 1))
        m = s.add_number("13900005678")
        for i, balance in enumerate(BALANCES):
            a = s.add_account(
                "alipay" if i % 2 else "jd",
                (n if i % 3 else m).id,
                label=["", '主号 "quoted" \\ back', "tab\there", "é☃𝄞"][i % 4],
                login_hint="j***" if i % 2 else "",
                balance=balance,
                bank_cards=None if i % 3 == 0 else i,
                password_free=[None, True, False][i % 3],
                linked_apps=None if i % 2 else i,
                sign_in_via="wechat" if i == 3 else None,
                last_order=date(2026, 1, 1 + i) if i % 2 else None,
                orders_closed=date(2025, 2, 1 + i) if i % 3 else None,
                last_sensitive_change=date(2026, 3, 1 + i) if i % 4 else None,
                last_used=date(2026, 4, 1 + i),
            )
            s.set_step((a.id, None, "deregister"), ["done", "skipped", "open"][i % 3])
            s.set_step((a.id, None, f"step{i}"), "done")
        s.set_step((None, n.id, "yzt"), "skipped")
        s.set_step((None, m.id, "yzt"), "done")
        doomed = s.add_account("weibo", n.id)
        s.remove_account(doomed.id)  # removed accounts are left out both ways


def _ordinary(path: Path) -> tuple[list[Any], dict[Any, Any]]:
    with Store.open(path) as s:
        return s.accounts(), dict(s.step_states())


def _wait_for_prefetch_thread() -> None:
    for t in threading.enumerate():
        if t.name == "acctexit-prefetch":
            t.join(timeout=10)


def _forbid(monkeypatch: pytest.MonkeyPatch, name: str) -> None:
    def fail(*args: object) -> None:
        raise AssertionError(f"{name} was called: the prefetch was not used")

    monkeypatch.setattr(db_module, name, fail)


def test_prefetched_reads_equal_the_ordinary_ones(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "a.sqlite3"
    _fill(path)
    accounts, states = _ordinary(path)
    undone = sum(1 for i in range(len(BALANCES)) if i % 3 == 2)  # open: left out
    assert len(accounts) == len(BALANCES)
    assert len(states) == 2 * len(BALANCES) - undone + 2
    with Store.open(path) as s:
        s.prefetch()
        # Used, not read again: the row readers must not run.
        _forbid(monkeypatch, "_accounts")
        _forbid(monkeypatch, "_read_states")
        got_accounts, got_states = s.accounts(), dict(s.step_states())
    assert got_accounts == accounts
    assert [a.balance for a in got_accounts] == BALANCES  # the same doubles, not close ones
    assert [type(a.password_free) for a in got_accounts] == [
        type(a.password_free) for a in accounts
    ]
    assert got_states == states


def test_then_the_store_reads_as_usual(tmp_path: Path) -> None:
    path = tmp_path / "a.sqlite3"
    _fill(path)
    with Store.open(path) as s:
        s.prefetch()
        first = s.accounts()
        s.step_states()
        a = first[0]
        s.set_step((a.id, None, "later"), "done")
        b = s.update_account(a.id, label="changed")
        assert s.step_states()[(a.id, None, "later")].value == "done"
        assert s.accounts()[0] == b


def test_a_commit_elsewhere_after_the_prefetch_is_seen(tmp_path: Path) -> None:
    path = tmp_path / "a.sqlite3"
    _fill(path)
    with Store.open(path) as s:
        s.prefetch()
        _wait_for_prefetch_thread()  # its snapshot is now older than the commit below
        with Store.open(path) as other:
            n = other.numbers()[0]
            added = other.add_account("weibo", n.id, label="from elsewhere")
            other.set_step((added.id, None, "deregister"), "done")
        assert added in s.accounts()
        assert s.step_states()[(added.id, None, "deregister")].value == "done"
    assert _ordinary(path)[0][-1] == added


@pytest.mark.parametrize("first", ["accounts", "step_states"])
def test_a_write_of_its_own_after_the_prefetch_is_seen(tmp_path: Path, first: str) -> None:
    path = tmp_path / "a.sqlite3"
    _fill(path)
    with Store.open(path) as s:
        s.prefetch()
        _wait_for_prefetch_thread()
        n = s.numbers()[0]
        # A step write does not move data_version for this connection's own reads.
        if first == "step_states":
            s.set_step((None, n.id, "fresh"), "done")
            assert s.step_states()[(None, n.id, "fresh")].value == "done"
        else:
            added = s.add_account("weibo", n.id)
            assert s.accounts()[-1] == added


def _edit(path: Path, sql: str) -> None:
    conn = sqlite3.connect(path)
    with conn:
        conn.execute(sql)
    conn.close()


@pytest.mark.parametrize(
    "edit",
    [
        "UPDATE accounts SET balance = 'a lot' WHERE id = 1",  # a text in a REAL column
        "UPDATE accounts SET bank_cards = 2.5 WHERE id = 2",
        "UPDATE accounts SET last_used = '20260102' WHERE id = 3",  # not YYYY-MM-DD
    ],
)
def test_values_edited_by_hand_come_out_as_rows_give_them(tmp_path: Path, edit: str) -> None:
    path = tmp_path / "a.sqlite3"
    _fill(path)
    _edit(path, edit)
    expected, states = _ordinary(path)
    with Store.open(path) as s:
        s.prefetch()
        assert s.accounts() == expected
        assert dict(s.step_states()) == states


@pytest.mark.parametrize("broken", ["ACCOUNTS_AS_JSON", "connect"])
def test_a_failed_prefetch_falls_back_to_the_ordinary_reads(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, broken: str
) -> None:
    path = tmp_path / "a.sqlite3"
    _fill(path)
    expected = _ordinary(path)

    def refuse(*args: object, **kwargs: object) -> sqlite3.Connection:
        raise sqlite3.OperationalError("unable to open database file")

    with Store.open(path) as s:
        if broken == "connect":  # (the module is shared: patched once the store is open)
            monkeypatch.setattr(prefetch_module.sqlite3, "connect", refuse)
        else:
            monkeypatch.setattr(prefetch_module, "ACCOUNTS_AS_JSON", "SELECT no_such_function()")
        s.prefetch()
        _wait_for_prefetch_thread()
        monkeypatch.undo()
        assert (s.accounts(), dict(s.step_states())) == expected


def test_closing_before_using_it_is_harmless(tmp_path: Path) -> None:
    path = tmp_path / "a.sqlite3"
    _fill(path)
    s = Store.open(path)
    s.prefetch()
    s.close()
    _wait_for_prefetch_thread()
    assert _ordinary(path)[0]


def _slow(fetch: Callable[..., Any]) -> Callable[..., Any]:
    def slower(*args: Any) -> Any:
        time.sleep(0.2)
        return fetch(*args)

    return slower


def test_a_read_still_running_is_waited_for(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "a.sqlite3"
    _fill(path)
    expected = _ordinary(path)
    monkeypatch.setattr(db_module, "_fetch_states", _slow(db_module._fetch_states))
    with Store.open(path) as s:
        s.prefetch()
        _forbid(monkeypatch, "_accounts")
        assert (s.accounts(), dict(s.step_states())) == expected
