"""`Store.remarks_for`: the notes and skips on one account or on one number itself,
oldest first, however many log rows came after them."""

from __future__ import annotations

from pathlib import Path

import pytest

from acctexit.domain.models import StepStatus, Verb
from acctexit.store import Store


def test_remarks_are_the_notes_and_skips_of_one_owner_at_any_age(tmp_path: Path) -> None:
    with Store.open(tmp_path / "a.sqlite3") as store:
        n = store.add_number("13800001234")
        a = store.add_account("jd", n.id)
        b = store.add_account("taobao", n.id)
        store.set_step((a.id, None, "deregister"), StepStatus.SKIPPED, "no account left")
        store.add_note("on the number", number_id=n.id)
        store.add_note("on jd", account_id=a.id, step_id="deregister")
        store.add_note("on taobao", account_id=b.id)
        store.set_step((None, n.id, "yzt_check"), StepStatus.SKIPPED, "SMS not arrived")
        for i in range(200):  # far more rows than any pane keeps
            state = StepStatus.DONE if i % 2 == 0 else StepStatus.OPEN
            store.set_step((b.id, None, "deregister"), state)
        on_a = store.remarks_for(account_id=a.id)
        on_n = store.remarks_for(number_id=n.id)
        with pytest.raises(ValueError):
            store.remarks_for()
        with pytest.raises(ValueError):
            store.remarks_for(account_id=a.id, number_id=n.id)
    assert [(e.verb, e.detail) for e in on_a] == [
        (Verb.SKIPPED, "no account left"),
        (Verb.NOTE, "on jd"),
    ]
    assert [(e.verb, e.detail) for e in on_n] == [
        (Verb.NOTE, "on the number"),
        (Verb.SKIPPED, "SMS not arrived"),
    ]
