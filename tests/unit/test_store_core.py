"""The Store's public API: numbers, accounts, steps, notes, and the log they leave."""

from __future__ import annotations

import os
import stat
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from acctexit.domain.models import (
    NumberState,
    StepStatus,
    Verb,
    derive_step_states,
)
from acctexit.store import InvalidInputError, Store


class Clock:
    """A fixed, advancing clock so timestamps are predictable."""

    def __init__(self) -> None:
        self.now = datetime(2026, 11, 1, 8, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        self.now += timedelta(minutes=1)
        return self.now


@pytest.fixture
def store(tmp_path: Path):
    with Store.open(tmp_path / "db" / "acctexit.sqlite3", clock=Clock()) as s:
        yield s


def test_new_database_is_owner_only_even_under_a_permissive_umask(tmp_path: Path) -> None:
    old = os.umask(0o022)
    try:
        path = tmp_path / "new" / "deeper" / "a.sqlite3"
        with Store.open(path) as s:
            s.add_number("13800001234")
        for folder in (path.parent, path.parent.parent):
            assert stat.S_IMODE(folder.stat().st_mode) == 0o700
        for f in path.parent.iterdir():
            assert stat.S_IMODE(f.stat().st_mode) == 0o600, f
        assert not [f for f in path.parent.iterdir() if f.name.endswith(".new")]
    finally:
        os.umask(old)


def test_existing_folder_permissions_are_left_alone(tmp_path: Path) -> None:
    os.chmod(tmp_path, 0o755)
    Store.open(tmp_path / "a.sqlite3").close()
    assert stat.S_IMODE(tmp_path.stat().st_mode) == 0o755


def test_numbers_are_normalised_and_listed(store: Store) -> None:
    n = store.add_number(
        "+86 138-0000-1234",
        label="old SIM",
        carrier="china-mobile",
        state=NumberState.WILL_CANCEL,
        cancel_date=date(2026, 12, 20),
    )
    assert n.e164 == "+8613800001234"
    assert n.freeze_days == 90
    assert store.numbers() == [n]
    with pytest.raises(InvalidInputError, match="already"):
        store.add_number("008613800001234")
    with pytest.raises(InvalidInputError):
        store.add_number("hello")


def test_update_and_remove_number_are_logged_and_remove_its_accounts(store: Store) -> None:
    n = store.add_number("13800001234")
    a = store.add_account("alipay", n.id)
    changed = store.update_number(
        n.id, state="cancelled", cancel_date="2026-12-20", freeze_days=120
    )
    assert changed.state is NumberState.CANCELLED and changed.freeze_days == 120
    store.remove_number(n.id)
    assert store.numbers() == [] and store.accounts() == []
    verbs = [e.verb for e in store.iter_log()]
    assert verbs == [
        Verb.NUMBER_ADDED,
        Verb.ACCOUNT_ADDED,
        Verb.NUMBER_CHANGED,
        Verb.ACCOUNT_REMOVED,
        Verb.NUMBER_REMOVED,
    ]
    removed = next(e for e in store.iter_log() if e.verb is Verb.ACCOUNT_REMOVED)
    assert removed.account_id == a.id
    # The number can be listed again once removed.
    assert store.add_number("13800001234").id != n.id


def test_account_facts_round_trip(store: Store) -> None:
    n = store.add_number("13900005678")
    a = store.add_account(
        "wechat",
        n.id,
        label="我的微信",
        balance="12.50",
        bank_cards=2,
        password_free="是",
        linked_apps=3,
        sign_in_via=None,
        last_order=date(2026, 10, 1),
        last_sensitive_change="2026-11-20",
    )
    assert (a.balance, a.bank_cards, a.password_free, a.linked_apps) == (12.5, 2, True, 3)
    assert a.last_sensitive_change == date(2026, 11, 20)
    b = store.update_account(a.id, balance=0, password_free=False)
    assert (b.balance, b.password_free) == (0, False)
    assert store.accounts() == [b]
    store.remove_account(a.id)
    assert store.accounts() == []
    with pytest.raises(InvalidInputError):
        store.update_account(a.id, balance=1)
    with pytest.raises(InvalidInputError):
        store.add_account("wechat", n.id, colour="red")


def test_text_is_cleaned_of_controls_and_bidi(store: Store) -> None:
    n = store.add_number("13800001234", label="a\x1b[31mb\u202ec\x9b")
    assert n.label == "a[31mbc"
    note = store.add_note("line1\nline2\x07\u2066", number_id=n.id)
    assert note.detail == "line1\nline2"


def test_steps_and_notes(store: Store) -> None:
    n = store.add_number("13800001234")
    a = store.add_account("jd", n.id)
    done = store.set_step((a.id, None, "deregister"), StepStatus.DONE)
    assert done.verb is Verb.DONE and done.ts.tzinfo is not None
    store.set_step((None, n.id, "yzt_check"), StepStatus.SKIPPED, "SMS not arrived yet")
    store.set_step((a.id, None, "deregister"), StepStatus.OPEN)
    # undone: open again, which step_states() says by leaving the step out
    assert store.step_states() == {(None, n.id, "yzt_check"): StepStatus.SKIPPED}
    store.add_note("called support", account_id=a.id)
    store.add_note("second", account_id=a.id, step_id="deregister")
    assert [e.detail for e in store.notes_for(a.id)] == ["called support", "second"]
    assert [e.verb for e in store.recent_log(2)] == [Verb.NOTE, Verb.NOTE]
    with pytest.raises(InvalidInputError):
        store.set_step((999, None, "x"), StepStatus.DONE)
    with pytest.raises(InvalidInputError):
        store.add_note("   ", account_id=a.id)


def test_data_survives_reopening(tmp_path: Path) -> None:
    path = tmp_path / "a.sqlite3"
    with Store.open(path) as s:
        n = s.add_number("13800001234")
        s.set_step((None, n.id, "yzt"), StepStatus.DONE)
    with Store.open(path) as s:
        assert s.step_states() == {(None, n.id, "yzt"): StepStatus.DONE}
        assert s.verify().ok


def test_log_rows_cannot_be_updated_or_deleted(store: Store) -> None:
    import sqlite3

    # The refusal lives in the file itself: any program that opens it is refused,
    # not only the store.
    store.add_number("13800001234")
    before = list(store.iter_log())
    assert store.path is not None and before
    other = sqlite3.connect(store.path)
    try:
        with pytest.raises(sqlite3.IntegrityError, match="append-only"):
            other.execute("UPDATE log SET detail = 'x'")
        with pytest.raises(sqlite3.IntegrityError, match="append-only"):
            other.execute("DELETE FROM log")
    finally:
        other.close()
    assert list(store.iter_log()) == before and store.verify().ok


_actions = st.lists(
    st.tuples(
        st.sampled_from(["done", "skipped", "open", "note"]),
        st.integers(0, 2),  # which account (0 = none)
        st.integers(0, 2),  # which number (0 = none)
        st.sampled_from(["a", "b", "c"]),
    ),
    max_size=40,
)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(actions=_actions)
def test_step_states_match_a_replay_of_the_log(tmp_path: Path, actions) -> None:
    path = tmp_path / f"h{os.urandom(4).hex()}.sqlite3"
    with Store.open(path) as s:
        n1 = s.add_number("13800001234")
        n2 = s.add_number("13900005678")
        accounts = [s.add_account("alipay", n1.id).id, s.add_account("qq", n2.id).id]
        numbers = [n1.id, n2.id]
        for verb, acc, num, step in actions:
            account_id = accounts[acc - 1] if acc else None
            number_id = numbers[num - 1] if num else None
            if account_id is None and number_id is None:
                number_id = numbers[0]
            if verb == "note":
                s.add_note("n", account_id=account_id, number_id=number_id, step_id=step)
            else:
                s.set_step((account_id, number_id, step), StepStatus(verb))
        assert s.step_states() == derive_step_states(list(s.iter_log()))
        assert s.verify().ok
