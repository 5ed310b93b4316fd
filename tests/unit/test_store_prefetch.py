"""`Store.prefetch()`: the first accounts and step states read on a thread while the
app starts give exactly what the ordinary reads give, and never an out-of-date answer.
"""

from __future__ import annotations

import random
import sqlite3
import threading
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from acctexit.store import Store, StoreError
from acctexit.store import db as db_module
from acctexit.store import prefetch as prefetch_module

# Balances whose 15-digit JSON form is another double, and some that are not.
BALANCES = [0.1, 1 / 3, 2 / 3, 123456789.12345679, 1e-7, 5e-324, 999999999999.99, 100.0, 0.0, None]
EDGES = [1e12, -1e12, 1e12 + 0.0001, 5e-324, -0.0, 2.0**53, 1.0252614048284124e248]


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


def _spy(monkeypatch: pytest.MonkeyPatch, name: str) -> list[object]:
    """Record each call of db.`name` (still calling it)."""
    calls: list[object] = []
    real = getattr(db_module, name)

    def spy(*args: object) -> Any:
        calls.append(args)
        return real(*args)

    monkeypatch.setattr(db_module, name, spy)
    return calls


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
        # printf('%!.17g') is not exact for every double this large: must not be used
        "UPDATE accounts SET balance = 1.0252614048284124e+248 WHERE id = 4",
        "UPDATE accounts SET balance = 1.7976931348623157e+308 WHERE id = 5",
        # control characters and line separators the app itself would have stripped
        "UPDATE accounts SET label = 'a' || char(9) || char(0) || 'b' || char(8232) || '\"'"
        " WHERE id = 6",
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


def test_text_that_is_not_utf8_fails_the_same_way(tmp_path: Path) -> None:
    path = tmp_path / "a.sqlite3"
    _fill(path)
    _edit(path, "UPDATE accounts SET login_hint = CAST(x'ff' AS TEXT) WHERE id = 2")
    with Store.open(path) as s, pytest.raises(StoreError) as ordinary:
        s.accounts()
    with Store.open(path) as s, pytest.raises(StoreError) as prefetched:
        s.prefetch()
        s.accounts()
    assert type(prefetched.value) is type(ordinary.value)


def _rewrite_balances(path: Path, balances: list[float]) -> None:
    conn = sqlite3.connect(path)
    with conn:
        conn.execute("DELETE FROM accounts")
        conn.executemany(
            "INSERT INTO accounts (platform_id, number_id, balance) VALUES ('jd', 1, ?)",
            [(b,) for b in balances],
        )
    conn.close()


def _both_ways(path: Path) -> tuple[list[float | None], list[float | None]]:
    with Store.open(path) as s:
        ordinary = [a.balance for a in s.accounts()]
    with Store.open(path) as s:
        s.prefetch()
        prefetched = [a.balance for a in s.accounts()]
    return ordinary, prefetched


@pytest.fixture(scope="module")
def one_number_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("prefetch") / "a.sqlite3"
    with Store.open(path) as s:
        assert s.add_number("13800001234").id == 1
    return path


def test_balances_come_back_as_the_same_doubles(one_number_db: Path) -> None:
    # What this SQLite's printf does with every kind of amount the store accepts:
    # log-uniform magnitudes from 1e-12 to 1e12 with random digits, and money in cents.
    rng = random.Random(20261130)
    balances = [rng.choice([-1, 1]) * 10 ** rng.uniform(-12, 12) for _ in range(10_000)]
    balances += [rng.randrange(-(10**14), 10**14) / 100 for _ in range(10_000)]
    _rewrite_balances(one_number_db, balances)
    ordinary, prefetched = _both_ways(one_number_db)
    assert ordinary == balances
    assert prefetched == ordinary


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.floats(min_value=-1e300, max_value=1e300, allow_nan=False) | st.sampled_from(EDGES),
        min_size=1,
        max_size=50,
    )
)
def test_any_balance_comes_back_the_same_or_is_read_as_rows(
    one_number_db: Path, balances: list[float]
) -> None:
    _rewrite_balances(one_number_db, balances)
    ordinary, prefetched = _both_ways(one_number_db)
    assert prefetched == ordinary
    assert [repr(b) for b in prefetched] == [repr(b) for b in ordinary]  # -0.0 and 0.0


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
        read_rows = _spy(monkeypatch, "_accounts")
        assert (s.accounts(), dict(s.step_states())) == expected
    assert read_rows  # it fell back to the rows, not to what the thread left


def test_closing_before_using_it_is_harmless(tmp_path: Path) -> None:
    path = tmp_path / "a.sqlite3"
    _fill(path)
    expected = _ordinary(path)
    s = Store.open(path)
    s.prefetch()
    s.close()  # waits for the thread: no reader left on the file
    assert not [t for t in threading.enumerate() if t.name == "acctexit-prefetch"]
    assert _ordinary(path) == expected


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


def test_later_step_reads_start_where_the_prefetch_read_ended(tmp_path: Path) -> None:
    path = tmp_path / "a.sqlite3"
    _fill(path)
    with Store.open(path) as s:
        s.prefetch()
        s.accounts()
        before = dict(s.step_states())  # from the prefetch
        with Store.open(path) as other:
            a = other.accounts()[0]
            other.set_step((a.id, None, "from-elsewhere"), "done")
            other.set_step((a.id, None, "deregister"), "open")
        after = dict(s.step_states())
    assert after == _ordinary(path)[1]
    assert after != before and (a.id, None, "from-elsewhere") in after


def test_inside_a_read_transaction_it_is_not_used(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The exports read numbers, then accounts, in one transaction (`_read`). A commit
    # elsewhere in between, read by a prefetch thread that started late, must not show
    # up in the accounts: they would name a number the numbers do not have.
    path = tmp_path / "a.sqlite3"
    _fill(path)
    go = threading.Event()
    real_run = prefetch_module.Prefetch._run

    def late_run(self: Any) -> None:
        go.wait(10)
        real_run(self)

    monkeypatch.setattr(prefetch_module.Prefetch, "_run", late_run)
    with Store.open(path) as s:
        s.prefetch()
        with s._read():
            numbers = s.numbers()
            with Store.open(path) as other:
                n = other.add_number("13700001111")
                other.add_account("weibo", n.id)
            go.set()
            _wait_for_prefetch_thread()
            accounts = s.accounts()
    assert {a.number_id for a in accounts} <= {n.id for n in numbers}
    assert len(accounts) == len(BALANCES)  # as when the transaction began
