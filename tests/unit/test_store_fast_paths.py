"""The store's start-up and per-key-press shortcuts keep giving the same answers.

Opening an up-to-date database must not import sqlite-utils (≈ 100 ms of start-up),
step_states() hands out read-only views instead of copies, and numbers()/accounts()
are served from a cache that any change to those rows, by this or another process,
invalidates. Timings themselves live in benchmarks/, not here.
"""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from acctexit.domain.models import NumberState, StepKey, StepStatus, derive_step_states
from acctexit.store import InvalidInputError, Store, schema
from acctexit.store import rows as db_module


def _imports_sqlite_utils(code: str) -> bool:
    # A fresh interpreter: this test process has imported sqlite_utils long ago.
    result = subprocess.run(
        [sys.executable, "-c", f"{code}\nimport sys; print('sqlite_utils' in sys.modules)"],
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout.strip().splitlines()[-1] == "True"


def test_opening_an_existing_database_does_not_import_sqlite_utils(tmp_path: Path) -> None:
    path = tmp_path / "a.sqlite3"
    with Store.open(path) as s:  # creating it runs the migrations (sqlite-utils)
        n = s.add_number("13800001234")
        s.add_account("jd", n.id, last_used="2026-01-02")
    code = (
        "from acctexit.store import Store\n"
        f"s = Store.open({str(path)!r})\n"
        "s.numbers(); s.accounts(); s.step_states(); s.recent_log()\n"
        "a = s.accounts()[0]\n"
        "s.set_step((a.id, None, 'deregister'), 'done'); s.add_note('hi', account_id=a.id)\n"
        "s.close()"
    )
    assert not _imports_sqlite_utils(code)
    assert not _imports_sqlite_utils("import acctexit.store, acctexit.store.exchange")


def test_a_new_database_still_migrates_with_sqlite_utils(tmp_path: Path) -> None:
    path = tmp_path / "new.sqlite3"
    assert _imports_sqlite_utils(f"from acctexit.store import Store; Store.open({str(path)!r})")
    conn = sqlite3.connect(path)
    try:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == schema.SCHEMA_VERSION
        applied = [r[0] for r in conn.execute("SELECT name FROM _sqlite_migrations")]
    finally:
        conn.close()
    assert applied == list(schema.MIGRATION_NAMES)


def test_schema_constants_match_the_migrations() -> None:
    names = [m.name for m in schema.get_migrations()._migrations]
    assert names[: len(schema.MIGRATION_NAMES)] == list(schema.MIGRATION_NAMES)
    assert len(schema.MIGRATION_NAMES) == schema.SCHEMA_VERSION
    assert schema.migrations is schema.get_migrations()  # the old attribute still works


def test_step_states_is_a_read_only_snapshot(tmp_path: Path) -> None:
    with Store.open(tmp_path / "a.sqlite3") as s:
        n = s.add_number("13800001234")
        a = s.add_account("jd", n.id)
        s.set_step((a.id, None, "deregister"), StepStatus.DONE)
        first = s.step_states()
        with pytest.raises(TypeError):
            first[(a.id, None, "x")] = StepStatus.DONE  # type: ignore[index]
        assert s.step_states() is first  # nothing new: the same view, no copy
        s.set_step((a.id, None, "deregister"), StepStatus.OPEN)
        s.set_step((None, n.id, "yzt"), StepStatus.SKIPPED)
        second = s.step_states()
        # The earlier view is not changed under its holder's feet.
        assert first == {(a.id, None, "deregister"): StepStatus.DONE}
        assert second == {(None, n.id, "yzt"): StepStatus.SKIPPED}  # undone: open, left out
        assert second == derive_step_states(list(s.iter_log()))
        assert dict(second) == second


def _with_steps_of_each_status(path: Path) -> dict[StepKey, StepStatus]:
    """A database with an account step and a number step done, skipped and undone;
    returns the states a replay of its log gives."""
    with Store.open(path) as s:
        n = s.add_number("13800001234")
        a = s.add_account("jd", n.id)
        for i, status in enumerate([StepStatus.DONE, StepStatus.SKIPPED, StepStatus.OPEN]):
            s.set_step((a.id, None, f"a{i}"), status)
            s.set_step((None, n.id, f"n{i}"), status)
        return derive_step_states(list(s.iter_log()))


def test_step_states_first_read_has_the_same_keys_and_members(tmp_path: Path) -> None:
    path = tmp_path / "a.sqlite3"
    replay = _with_steps_of_each_status(path)
    with Store.open(path) as s:  # a fresh store: the first read, from step_state
        states = s.step_states()
    assert states == replay
    assert all(type(v) is StepStatus for v in states.values())
    assert all(type(k) is tuple and len(k) == 3 for k in states)


def test_step_states_first_read_takes_the_json_path(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "a.sqlite3"
    replay = _with_steps_of_each_status(path)

    def no_rows(cur: object) -> None:
        raise AssertionError("read row by row")

    monkeypatch.setattr(db_module, "read_states_as_rows", no_rows)
    with Store.open(path) as s:
        assert dict(s.step_states()) == replay


@pytest.mark.parametrize("broken", ["no such function", "text that is not JSON"])
def test_step_states_first_read_without_sqlite_json_gives_the_same(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, broken: str
) -> None:
    # The first read gathers step_state as JSON arrays; an SQLite built without its JSON
    # functions, or JSON that does not decode, falls back to reading row by row.
    path = tmp_path / "a.sqlite3"
    expected = _with_steps_of_each_status(path)
    assert len(expected) == 4
    sql = db_module.STATES_AS_JSON
    if broken == "no such function":
        sql = sql.replace("json_group_array", "no_such_json_function")
    else:
        sql = sql.replace("json_group_array(step_id)", "'[not json'")
    monkeypatch.setattr(db_module, "STATES_AS_JSON", sql)
    with Store.open(path) as s:
        assert dict(s.step_states()) == expected


def test_accounts_and_numbers_see_every_change(tmp_path: Path) -> None:
    path = tmp_path / "a.sqlite3"
    with Store.open(path) as s:
        n = s.add_number("13800001234")
        a = s.add_account("jd", n.id, last_used=date(2026, 1, 2), password_free=True)
        assert s.accounts() == [a] and s.numbers() == [n]
        s.accounts().clear()  # each call is a new list
        assert s.accounts() == [a]

        b = s.update_account(a.id, balance=12.5)
        assert s.accounts() == [b] and b.balance == 12.5
        m = s.update_number(n.id, label="work")
        assert s.numbers() == [m]
        with pytest.raises(InvalidInputError):
            s.update_account(a.id, number_id=999)  # rolled back: nothing changes
        assert s.accounts() == [b]

        # A step write does not touch accounts: the cached objects are reused.
        before = s.accounts()[0]
        s.set_step((a.id, None, "deregister"), StepStatus.DONE)
        assert s.accounts()[0] is before

        # Another connection's commit is seen (PRAGMA data_version).
        with Store.open(path) as other:
            other.add_account("alipay", n.id, label="other")
            other.update_number(n.id, label="from elsewhere")
        assert [x.platform_id for x in s.accounts()] == ["jd", "alipay"]
        assert s.numbers()[0].label == "from elsewhere"

        s.remove_number(n.id)
        assert s.accounts() == [] and s.numbers() == []


def test_rows_convert_like_before(tmp_path: Path) -> None:
    with Store.open(tmp_path / "a.sqlite3") as s:
        n = s.add_number(
            "13800001234",
            state=NumberState.WILL_CANCEL,
            cancel_date=date(2026, 12, 1),
            yzt_count=3,
        )
        full = s.add_account(
            "jd",
            n.id,
            label="main",
            login_hint="j***",
            balance=1.5,
            bank_cards=2,
            password_free=False,
            linked_apps=0,
            sign_in_via="wechat",
            last_order="2026-01-01",
            orders_closed="2026-01-02",
            last_sensitive_change="2026-01-03",
            last_used="2026-01-04",
        )
        empty = s.add_account("alipay", n.id)
    with Store.open(tmp_path / "a.sqlite3") as s:
        assert s.accounts() == [full, empty]
        assert s.account(full.id) == full and s.number(n.id) == n
        assert s.numbers() == [n]
    assert full.password_free is False and empty.password_free is None
    assert full.last_used == date(2026, 1, 4) and empty.last_used is None
    assert n.cancel_date == date(2026, 12, 1)
