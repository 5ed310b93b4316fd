"""Reconcile compares like with like (issue 23): 一证通查's count with the accounts on the
platforms it covers, 一键查卡's with the cards recorded at banks; and the use case
that feeds the reconcile dialog applies that rule."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from acctexit.app.actions import reconcile_facts
from acctexit.app.workspace import Workspace
from acctexit.catalog import load_catalog
from acctexit.domain.models import Account, Catalog, NumberState
from acctexit.domain.reconcile import (
    Comparison,
    Verdict,
    card_totals,
    compare_cards,
    compare_yzt,
    discovered_total,
    is_bank,
)
from acctexit.i18n import say
from acctexit.store import Store


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_catalog()


def accounts(cards: dict[str, int | None]) -> list[Account]:
    return [
        Account(id=i, platform_id=pid, number_id=1, bank_cards=n)
        for i, (pid, n) in enumerate(cards.items(), start=1)
    ]


# The new user's case from issue 23: nine accounts, some on platforms 一证通查 covers;
# the two real cards recorded at their banks, and again inside Alipay (3) and WeChat (2).
LISTED = {
    "wechat": 2,
    "qq": None,
    "douyin": None,
    "jd": None,
    "alipay": 3,
    "icbc": 1,
    "ccb": 1,
    "railway12306": None,
    "unionpay": None,
}


def test_yzt_is_compared_with_the_accounts_on_the_platforms_it_covers(catalog: Catalog) -> None:
    listed = accounts(LISTED)
    covered = [a for a in listed if catalog.platforms[a.platform_id].covered_by_yzt]
    assert 0 < len(covered) < len(listed)  # the case only means something if both differ
    comparison = compare_yzt(catalog.platforms, listed, reported=6)
    assert comparison.recorded == len(covered)
    assert comparison.verdict is Verdict.MORE and comparison.missing == 6 - len(covered)
    # Reporting exactly the covered ones is a match, not "listing more is normal".
    assert compare_yzt(catalog.platforms, listed, len(covered)).verdict is Verdict.SAME


def test_cards_are_compared_with_the_cards_at_banks_only(catalog: Catalog) -> None:
    listed = accounts(LISTED)
    totals = card_totals(catalog.platforms, listed)
    assert totals.at_banks == 2  # icbc + ccb; Alipay's 3 and WeChat's 2 are the same cards
    assert totals.elsewhere == 5
    assert compare_cards(catalog.platforms, listed, reported=2).verdict is Verdict.SAME
    assert compare_cards(catalog.platforms, listed, reported=None).verdict is Verdict.NOT_CHECKED
    assert compare_cards(catalog.platforms, listed, reported=1).verdict is Verdict.FEWER


def test_banks_are_told_apart_from_wallets_and_card_apps(catalog: Catalog) -> None:
    platforms = catalog.platforms
    assert all(is_bank(platforms[p]) for p in ("icbc", "ccb", "abc", "boc", "cmb", "bank"))
    wallets_and_others = ("alipay", "wechat", "unionpay", "jd", "jd-finance", "bestpay", "paypal")
    assert not any(is_bank(platforms[p]) for p in wallets_and_others if p in platforms)


def test_a_comparison_says_how_many_may_be_missing() -> None:
    assert Comparison(7, 5).missing == 2
    assert Comparison(3, 5).missing == 0
    assert Comparison(None, 5).missing == 0
    assert Comparison(None, 5).with_reported(5).verdict is Verdict.SAME


def test_a_discovered_total_counts_each_platform_once(catalog: Catalog) -> None:
    total = discovered_total(catalog.platforms, ["jd", "jd", "wechat", "icbc", "not-a-platform"])
    assert (total.platforms, total.covered) == (4, 2)


def test_reconcile_facts_apply_the_rule(tmp_path: Path, catalog: Catalog, today: date) -> None:
    store = Store.open(tmp_path / "db.sqlite3")
    try:
        number = store.add_number("+8613800001234", state=NumberState.KEPT)
        for pid, cards in LISTED.items():
            account = store.add_account(pid, number.id)
            if cards is not None:
                store.update_account(account.id, bank_cards=cards)
        covered = sum(1 for pid in LISTED if catalog.platforms[pid].covered_by_yzt)
        number = store.update_number(number.id, yzt_count=covered, cards_reported=2)
        ws = Workspace(store, catalog, today)
        snapshot = ws.snapshot()
        facts = reconcile_facts(ws, snapshot, number, "en")
        # The plan's number risk applies the same rule: one more reported than are listed
        # on covered platforms is a gap, though fewer than all the accounts listed.
        gap = store.update_number(number.id, yzt_count=facts.yzt.recorded + 1)
        gap_risk = Workspace(store, catalog, today).snapshot().number_risks[gap.id]
    finally:
        store.close()
    assert facts.listed == len(LISTED)
    assert (facts.yzt.reported, facts.yzt.recorded) == (covered, covered)
    assert (facts.cards.reported, facts.cards.recorded, facts.cards_elsewhere) == (2, 2, 5)
    assert facts.discovered is None
    assert facts.yzt.recorded + 1 < len(LISTED)
    reasons = [say(r, "en") for r in gap_risk.reasons]
    expected = f"reported {facts.yzt.recorded + 1}; {facts.yzt.recorded} listed on the platforms"
    assert any(expected in r for r in reasons), reasons
    assert not any("一证通查" in say(r, "en") for r in snapshot.number_risks[number.id].reasons)
