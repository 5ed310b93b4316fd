"""Several numbers in the account list (issues 23 and 18): the list is grouped by number,
each group headed by the number's own row (masked unless revealed) with how many of its
accounts are safe by the domain's rule; a kept number has a row like any other, which
e edits, d removes (after a confirmation) and r reconciles."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from textual.widgets import Input, Static

from acctexit.domain.models import Catalog, Lang, NumberState, StepStatus
from acctexit.domain.phone import mask_number
from acctexit.domain.safety import account_safety
from acctexit.store import Store
from acctexit.tui.screens.confirm import ConfirmScreen
from acctexit.tui.screens.dashboard import DashboardScreen
from acctexit.tui.screens.number_form import NumberForm
from acctexit.tui.screens.reconcile import ReconcileScreen
from acctexit.tui.widgets.account_list import AccountList

OLD, KEPT = "+8613800001234", "+8613900005678"


async def wait_for(pilot: Any, screen_type: type) -> None:
    for _ in range(50):
        if isinstance(pilot.app.screen, screen_type):
            return
        await pilot.pause(0.02)
    raise AssertionError(f"{screen_type.__name__} never appeared; on {pilot.app.screen!r}")


@pytest.fixture
def two_numbers(tmp_path: Path, catalog: Catalog, today: date) -> Path:
    """Alipay on an old number and on a kept one; ICBC on the old one, closed (safe)."""
    path = tmp_path / "two.sqlite3"
    with Store.open(path) as store:
        old = store.add_number(
            OLD, state=NumberState.WILL_CANCEL, cancel_date=today + timedelta(days=30)
        )
        kept = store.add_number(KEPT, label="new phone")
        store.add_account("alipay", old.id)
        icbc = store.add_account("icbc", old.id)
        store.add_account("alipay", kept.id)
        for step in catalog.platforms["icbc"].steps:
            store.set_step((icbc.id, None, step.id), StepStatus.DONE)
    return path


def lines(accounts: AccountList) -> list[tuple[str | None, str]]:
    return [(accounts.line_id(n), accounts.line_text(n)) for n in range(accounts.line_count)]


def group_of(shown: list[tuple[str | None, str]]) -> dict[str, str]:
    """Each row's option id -> the text of the number row above it."""
    out: dict[str, str] = {}
    head = ""
    for option, text in shown:
        if option is None:
            continue
        if option.startswith("n") and "-" not in option:
            head = text
        else:
            out[option] = head
    return out


@pytest.mark.parametrize(("lang", "size"), [("zh", (80, 24)), ("en", (120, 40))])
async def test_two_alipay_rows_on_two_numbers_are_told_apart(
    open_app: Any, two_numbers: Path, lang: Lang, size: tuple[int, int]
) -> None:
    app = open_app(two_numbers, lang)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, DashboardScreen) and screen.snapshot is not None
        accounts = screen.query_one(AccountList)
        shown = lines(accounts)
        heads = group_of(shown)
        alipay = [a for a in screen.snapshot.accounts if a.platform_id == "alipay"]
        numbers = {n.id: n for n in screen.snapshot.numbers}
        under = [heads[f"a{a.id}"] for a in alipay]
        for account, head in zip(alipay, under, strict=True):
            e164 = numbers[account.number_id].e164
            assert mask_number(e164) in head and e164 not in head
        assert len(set(under)) == 2
        # every number has its row, masked, the kept one included
        texts = " ".join(text for _, text in shown)
        assert OLD not in texts and KEPT not in texts
        await pilot.press("R")  # revealed: the rows show the numbers in full
        await pilot.pause()
        revealed = group_of(lines(accounts))
        assert OLD in revealed[f"a{alipay[0].id}"] and KEPT in revealed[f"a{alipay[1].id}"]


async def test_a_filter_keeps_each_match_under_its_number(open_app: Any, two_numbers: Path) -> None:
    app = open_app(two_numbers)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("slash", *"alipay")
        await pilot.pause(0.2)
        accounts = app.screen.query_one(AccountList)
        shown = lines(accounts)
        heads = group_of(shown)
        rows = [option for option, _ in shown if option and option.startswith("a")]
        assert len(rows) == 2  # the two Alipay accounts, ICBC filtered out
        assert {mask_number(OLD), mask_number(KEPT)} == {
            next(m for m in (mask_number(OLD), mask_number(KEPT)) if m in heads[r]) for r in rows
        }


@pytest.mark.parametrize("lang", ["en", "zh"])
async def test_each_number_row_counts_its_accounts_and_the_safe_ones(
    open_app: Any, two_numbers: Path, catalog: Catalog, lang: Lang
) -> None:
    app = open_app(two_numbers, lang)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        screen = app.screen
        snapshot = screen.snapshot
        accounts = screen.query_one(AccountList)
        shown = dict((o, t) for o, t in lines(accounts) if o is not None)
        for number in snapshot.numbers:
            on = [a for a in snapshot.accounts if a.number_id == number.id]
            safe = sum(
                account_safety(catalog.platforms[a.platform_id], a, snapshot.states) is not None
                for a in on
            )
            text = shown[f"n{number.id}"]
            word = f"safe {safe}/{len(on)}" if lang == "en" else f"已安全 {safe}/{len(on)}"
            assert word in text, text
        assert "1/2" in shown[f"n{snapshot.numbers[0].id}"]  # ICBC closed, Alipay not
        assert "0/1" in shown[f"n{snapshot.numbers[1].id}"]


async def select_kept(pilot: Any) -> Any:
    screen = pilot.app.screen
    assert isinstance(screen, DashboardScreen) and screen.snapshot is not None
    kept = next(n for n in screen.snapshot.numbers if n.state is NumberState.KEPT)
    accounts = screen.query_one(AccountList)
    assert f"n{kept.id}" in [accounts.line_id(n) for n in range(accounts.line_count)]
    accounts.focus()
    await pilot.press("home")
    for _ in range(accounts.line_count):  # reached with the keys, like any other row
        item = accounts.current_item
        if item is not None and item.account_id is None and item.number_id == kept.id:
            break
        await pilot.press("down")
    else:
        raise AssertionError("the kept number's row is not reached with ↓")
    await pilot.pause(0.2)
    return kept


async def test_a_kept_number_can_be_edited_from_its_row(open_app: Any, two_numbers: Path) -> None:
    app = open_app(two_numbers)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        kept = await select_kept(pilot)
        await pilot.press("e")
        await wait_for(pilot, NumberForm)
        title = str(app.screen.query_one(".dialog-title", Static).render())
        assert mask_number(KEPT) in title
        # masking is on: the number is not shown in full, even in its own field
        number = app.screen.query_one("#number", Input)
        assert number.value == "" and KEPT not in number.placeholder
        assert mask_number(KEPT) in number.placeholder
        # fix a typo in the number itself
        number.focus()
        await pilot.press(*"13900005679", "ctrl+s")
        await wait_for(pilot, DashboardScreen)
        await pilot.pause()
        assert app.screen.snapshot.number(kept.id).e164 == "+8613900005679"


async def test_a_kept_number_can_be_removed_from_its_row_after_confirming(
    open_app: Any, two_numbers: Path
) -> None:
    app = open_app(two_numbers)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        kept = await select_kept(pilot)
        await pilot.press("d")
        await wait_for(pilot, ConfirmScreen)
        await pilot.press("escape")  # not confirmed: nothing removed
        await wait_for(pilot, DashboardScreen)
        assert app.screen.snapshot.number(kept.id) is not None
        await pilot.press("d")
        await wait_for(pilot, ConfirmScreen)
        await pilot.press("enter")
        await wait_for(pilot, DashboardScreen)
        await pilot.pause()
        assert [n.e164 for n in app.screen.snapshot.numbers] == [OLD]


async def test_a_kept_number_can_be_reconciled_from_its_row(
    open_app: Any, two_numbers: Path
) -> None:
    app = open_app(two_numbers)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        kept = await select_kept(pilot)
        await pilot.press("r")
        await wait_for(pilot, ReconcileScreen)
        assert app.screen.number_label == mask_number(KEPT)
        app.screen.query_one("#yzt_count", Input).focus()
        await pilot.press(*"3", "ctrl+s")
        await wait_for(pilot, DashboardScreen)
        await pilot.pause()
        assert app.screen.snapshot.number(kept.id).yzt_count == 3
