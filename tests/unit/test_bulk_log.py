"""`acctexit.store.bulk`: generated log rows are chained as the store's own appends, so
the log verifies, the step states follow and the store's remembered head moves with it."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from acctexit.domain.models import StepStatus, Verb
from acctexit.store import Store
from acctexit.store.bulk import append_log, compact, unsynced
from acctexit.store.integrity import read_sidecar


def test_bulk_rows_verify_and_move_step_states_and_the_head(tmp_path: Path) -> None:
    path = tmp_path / "gen.sqlite3"
    store = Store.open(path)
    number = store.add_number("13800001234")
    account = store.add_account("wechat", number.id)
    step = "unbind-cards"
    t = datetime(2026, 1, 1, tzinfo=UTC)
    rows = [
        (Verb.DONE, account.id, number.id, step, "", t),
        (Verb.UNDONE, account.id, number.id, step, "", t + timedelta(seconds=1)),
        (Verb.NOTE, account.id, number.id, None, "a note", t + timedelta(seconds=2)),
        (Verb.SKIPPED, account.id, number.id, "deregister", "n/a", t + timedelta(seconds=3)),
        (Verb.DONE, account.id, number.id, step, "", t + timedelta(seconds=4)),
    ]
    before = store.log_count()
    with unsynced(store):
        assert append_log(store, rows, batch=2) == len(rows)
    compact(store)
    assert store.log_count() == before + len(rows)
    report = store.verify()
    assert report.ok, report.problems
    states = store.step_states()
    assert states[account.id, None, step] is StepStatus.DONE
    assert states[account.id, None, "deregister"] is StepStatus.SKIPPED
    head = store.recent_log(1)[0]
    store.close()
    assert read_sidecar(path) == (head.id, head.hash)
    with Store.open(path) as again:  # opens clean: the remembered head is the log's
        assert again.integrity_error is None
        assert again.verify().ok
