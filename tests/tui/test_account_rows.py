"""The account list's rows: every account once, in phase order, riskiest first within a
phase, resolved ones last, and ties by name."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from acctexit.app.workspace import Workspace
from acctexit.domain.models import Catalog, Lang, RiskLevel, StepStatus
from acctexit.i18n import translate
from acctexit.store import Store
from acctexit.tui.rows import build_rows
from acctexit.tui.viewmodel import is_number_row


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_rows_list_every_account_in_display_order(
    demo_db: Path, catalog: Catalog, today: date, lang: Lang
) -> None:
    with Store.open(demo_db) as store:
        # One more resolved account, and two with equal scores, so each tie-break counts.
        number = store.numbers()[0]
        first = store.add_account("taobao", number.id, label="b")
        store.add_account("taobao", number.id, label="c")
        store.add_account("taobao", number.id, label="a")
        for step in catalog.platforms["taobao"].steps:
            store.set_step((first.id, None, step.id), StepStatus.SKIPPED)
        workspace = Workspace(store, catalog, today)
        snapshot = workspace.snapshot()
        rows = build_rows(snapshot, workspace, lang, reveal=False)
    # Grouped by number, in the numbers' order, each group headed by the number's row.
    heads = [i for i, r in enumerate(rows) if is_number_row(r)]
    assert [rows[i].item.number_id for i in heads] == [n.id for n in snapshot.numbers]
    assert heads[0] == 0
    number_of = {a.id: a.number_id for a in snapshot.accounts}
    for start, end in zip(heads, [*heads[1:], len(rows)], strict=True):
        head, group = rows[start], rows[start + 1 : end]
        for r in group:
            on = r.item.number_id if r.item.account_id is None else number_of[r.item.account_id]
            assert on == head.item.number_id
        keys = [
            (r.phase.order, r.level is RiskLevel.RESOLVED, -r.score, r.name.get(lang))
            for r in group
            if r.phase is not None
        ]
        assert len(keys) == len(group) and keys == sorted(keys)
    accounts = [r.item.account_id for r in rows if r.item.account_id is not None]
    assert sorted(accounts) == sorted(a.id for a in snapshot.accounts)
    assert sum(r.level is RiskLevel.RESOLVED for r in rows) >= 2
    # Labelled as domain.own.account_title names them everywhere: "name（a）", "name (a)".
    ends = {translate("report_account_with_label", lang, name="", label=x): x for x in "abc"}
    labelled = [ends[e] for r in rows for e in ends if r.name.get(lang).endswith(e)]
    assert labelled == ["a", "c", "b"]  # equal risks by name; the resolved one last
    assert len({r.phase for r in rows}) >= 4
    # Progress as the plan counts it: done and skipped steps of each account.
    for r in rows:
        if r.item.account_id is not None:
            progress = snapshot.plan.account_progress(r.item.account_id)
            assert (r.done, r.total) == (progress.done + progress.skipped, progress.total)


def test_a_numbers_row_and_the_accounts_command_count_safe_accounts_alike(
    demo_db: Path, catalog: Catalog, today: date
) -> None:
    """Each number's totals (the list's number row, `acctexit-tui accounts`) are its
    accounts and those whose own risk is resolved, as the plan rated each account."""
    from acctexit.app.accounts import number_totals

    with Store.open(demo_db) as store:
        number = store.numbers()[0]
        done = store.add_account("taobao", number.id, label="done")
        for step in catalog.platforms["taobao"].steps:
            store.set_step((done.id, None, step.id), StepStatus.SKIPPED)
        workspace = Workspace(store, catalog, today)
        snapshot = workspace.snapshot()
        rows = build_rows(snapshot, workspace, "en", reveal=False)
        cli = number_totals(snapshot, reveal=True)
    expected = {
        n.id: (
            sum(a.number_id == n.id for a in snapshot.accounts),
            sum(
                a.number_id == n.id and snapshot.account_risks[a.id].level is RiskLevel.RESOLVED
                for a in snapshot.accounts
            ),
        )
        for n in snapshot.numbers
    }
    assert expected[number.id][1] >= 1  # the account just finished counts as safe
    shown = {r.item.number_id: (r.total, r.done) for r in rows if is_number_row(r)}
    assert shown == expected
    assert [(t.number, t.accounts, t.safe) for t in cli] == [
        (n.e164, *expected[n.id]) for n in snapshot.numbers
    ]
