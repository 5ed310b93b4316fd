"""Skip reasons and notes stay under their step, account or number however old they
are: the steps and risk panes read them from the store, not from the log pane's
window of the newest rows (issue 23)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from acctexit.app.workspace import LOG_PANE_ROWS
from acctexit.domain.models import Phase, StepStatus, Verb
from acctexit.store import Store
from acctexit.tui.screens.dashboard import DashboardScreen
from acctexit.tui.viewmodel import Item
from acctexit.tui.widgets.account_list import AccountList
from acctexit.tui.widgets.risk_view import RiskView
from acctexit.tui.widgets.step_list import StepList

SIZE = (120, 40)


def dashboard(app: Any) -> DashboardScreen:
    screen = app.screen
    assert isinstance(screen, DashboardScreen)
    return screen


async def show(pilot: Any, item: Item) -> DashboardScreen:
    screen = dashboard(pilot.app)
    screen.query_one(AccountList).select_item(item)
    await pilot.pause(0.2)
    screen.flush_pending()
    await pilot.pause()
    return screen


def account_item(screen: DashboardScreen, platform_id: str) -> Item:
    assert screen.snapshot is not None
    account = next(a for a in screen.snapshot.accounts if a.platform_id == platform_id)
    return Item(account_id=account.id)


def bury_under_newer_rows(db: Path, clock: Any) -> None:
    """More log rows than the log pane keeps, none of them about the items tested."""
    with Store.open(db, clock=clock) as store:
        zhihu = next(a for a in store.accounts() if a.platform_id == "zhihu")
        key = (zhihu.id, None, "export-data")
        for i in range(LOG_PANE_ROWS + 10):
            store.set_step(key, StepStatus.DONE if i % 2 == 0 else StepStatus.OPEN)


async def test_skip_reasons_and_notes_older_than_the_log_pane_stay_shown(
    open_app: Any, demo_db: Path, clock: Any
) -> None:
    app = open_app(demo_db)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = await show(pilot, account_item(dashboard(app), "weibo"))
        step_list = screen.query_one(StepList)
        step_list.focus()
        await pilot.pause()
        skipped = step_list.highlighted
        assert skipped is not None and step_list.steps[skipped].status is StepStatus.OPEN
        skipped_id = step_list.steps[skipped].step.id
        await pilot.press("s", *"never had one", "enter")
        await pilot.pause(0.3)
        # A note on the number itself, from its discover row.
        assert screen.snapshot is not None
        number_id = screen.snapshot.numbers[0].id
        await show(pilot, Item(number_id=number_id, phase=Phase.DISCOVER))
        screen.query_one(AccountList).focus()
        await pilot.press("n", *"asked the carrier", "enter")
        await pilot.pause(0.3)
    bury_under_newer_rows(demo_db, clock)

    app = open_app(demo_db)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = await show(pilot, account_item(dashboard(app), "weibo"))
        assert screen.snapshot is not None
        recent = {e.detail for e in screen.snapshot.recent_log}
        assert "never had one" not in recent and "asked the carrier" not in recent
        step_list = screen.query_one(StepList)
        n = next(i for i, s in enumerate(step_list.steps) if s.step.id == skipped_id)
        text = step_list.item_text(n)
        assert text.startswith("[s]") and "never had one" in text
        await show(pilot, Item(number_id=number_id, phase=Phase.DISCOVER))
        assert "asked the carrier" in screen.query_one(RiskView).text


async def test_an_old_skip_reason_of_the_demo_is_shown_after_many_ticks(
    open_app: Any, demo_db: Path, clock: Any
) -> None:
    """The demo's CMB account: rebinding its phone was skipped, with a reason."""
    with Store.open(demo_db, clock=clock) as store:
        cmb = next(a for a in store.accounts() if a.platform_id == "cmb")
        reason = next(
            e.detail
            for e in store.iter_log()
            if e.account_id == cmb.id and e.step_id == "rebind-phone" and e.verb is Verb.SKIPPED
        )
    assert reason
    bury_under_newer_rows(demo_db, clock)
    app = open_app(demo_db)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = await show(pilot, account_item(dashboard(app), "cmb"))
        step_list = screen.query_one(StepList)
        n = next(i for i, s in enumerate(step_list.steps) if s.step.id == "rebind-phone")
        shown = "".join(step_list.item_text(n).split())  # wrapped: compare without spaces
        assert "".join(reason.split()) in shown
