"""What the user wrote stays readable where it belongs, and the log and list stay calm:
notes and skip reasons under their account or step, [s] apart from [-], short titles in
the log, waits that are over no longer said, rows that keep their places."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from acctexit.domain.models import StepStatus, Verb
from acctexit.domain.phone import mask_number
from acctexit.i18n import translate
from acctexit.tui.render import short_title
from acctexit.tui.screens.dashboard import DashboardScreen
from acctexit.tui.screens.prompt import TextPrompt
from acctexit.tui.viewmodel import Item
from acctexit.tui.widgets.account_list import AccountList
from acctexit.tui.widgets.log_view import LogView
from acctexit.tui.widgets.risk_view import RiskView
from acctexit.tui.widgets.step_list import StepList

SIZE = (120, 40)


def dashboard(app: Any) -> DashboardScreen:
    screen = app.screen
    assert isinstance(screen, DashboardScreen)
    return screen


async def show_account(pilot: Any, platform_id: str) -> tuple[DashboardScreen, StepList, int]:
    screen = dashboard(pilot.app)
    account = next(a for a in screen.snapshot.accounts if a.platform_id == platform_id)  # type: ignore[union-attr]
    screen.query_one(AccountList).select_item(Item(account_id=account.id))
    await pilot.pause(0.2)
    screen.flush_pending()
    return screen, screen.query_one(StepList), account.id


def step_index(step_list: StepList, step_id: str) -> int:
    return next(i for i, s in enumerate(step_list.steps) if s.step.id == step_id)


def risk_text(screen: DashboardScreen) -> str:
    return screen.query_one(RiskView).text


async def test_a_note_prompt_names_the_account_and_the_note_shows_in_its_risk_pane(
    open_app: Any, demo_db: Path
) -> None:
    app = open_app(demo_db)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen, _steps, _id = await show_account(pilot, "weibo")
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, TextPrompt)
        assert "Weibo" in app.screen.title_text
        await pilot.press(*"ask support about old posts", "enter")
        await pilot.pause(0.2)
        assert "ask support about old posts" in risk_text(screen)
        await show_account(pilot, "zhihu")  # another account: not its note
        assert "ask support about old posts" not in risk_text(screen)


async def test_a_step_note_shows_under_its_step(open_app: Any, demo_db: Path) -> None:
    app = open_app(demo_db)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        _screen, step_list, _id = await show_account(pilot, "weibo")
        step_list.focus()
        await pilot.pause()
        n = step_list.highlighted
        assert n is not None
        title = short_title(step_list.steps[n].step.text.get("en"))
        await pilot.press("n")
        await pilot.pause()
        assert "Weibo" in app.screen.title_text and title in app.screen.title_text  # type: ignore[attr-defined]
        await pilot.press(*"did it on the web", "enter")
        await pilot.pause(0.2)
        assert "did it on the web" in step_list.item_text(n)


async def test_a_skip_reads_s_with_its_reason_and_undoing_it_changes_the_step(
    open_app: Any, demo_db: Path
) -> None:
    app = open_app(demo_db)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        _screen, step_list, _id = await show_account(pilot, "weibo")
        step_list.focus()
        await pilot.pause()
        n = step_list.highlighted
        assert n is not None and step_list.steps[n].status is StepStatus.OPEN
        await pilot.press("s")
        await pilot.pause()
        assert "Weibo" in app.screen.title_text  # type: ignore[attr-defined]
        await pilot.press(*"never had one", "enter")
        await pilot.pause(0.4)
        text = step_list.item_text(n)
        assert text.startswith("[s]") and "never had one" in text
        await pilot.press("space")  # undo the skip
        await pilot.pause(0.4)
        text = step_list.item_text(n)
        assert text.startswith("[ ]") and "never had one" not in text


async def test_skipped_and_set_aside_steps_look_different(open_app: Any, demo_db: Path) -> None:
    app = open_app(demo_db)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        # The demo's CMB account: the user skipped rebinding its phone, with a reason.
        _screen, step_list, _id = await show_account(pilot, "cmb")
        skipped = step_list.item_text(step_index(step_list, "rebind-phone"))
        assert skipped.startswith("[s]")
        # ICBC is already safe: its open steps are set aside, not skipped by the user.
        _screen, step_list, _id = await show_account(pilot, "icbc")
        aside = step_list.item_text(step_index(step_list, "cancel-password-free"))
        assert aside.startswith("[-]")


async def test_what_a_step_waits_on_is_not_said_once_it_is_done(
    open_app: Any, demo_db: Path
) -> None:
    app = open_app(demo_db)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = dashboard(app)
        waits = translate("step_waits_on", "en").strip()
        # An account with a step that waits on others, all of them still open.
        snapshot = screen.snapshot
        assert snapshot is not None
        account, step = next(
            (a, s)
            for a in snapshot.accounts
            for s in snapshot.plan.for_account(a.id)
            if s.waits_on_text
            and s.is_open
            and all(k[0] == a.id and k not in snapshot.states for k in s.waits_on)
        )
        screen.query_one(AccountList).select_item(Item(account_id=account.id))
        await pilot.pause(0.2)
        screen.flush_pending()
        step_list = screen.query_one(StepList)
        assert waits in step_list.item_text(step_index(step_list, step.step.id))
        step_list.focus()
        for key in step.waits_on:  # do every step it waits on
            step_list.highlighted = step_index(step_list, key[2])
            await pilot.press("space")
        await pilot.pause(0.5)
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert waits not in step_list.item_text(step_index(step_list, step.step.id))


async def test_a_tick_logs_a_short_title_and_number_entries_name_the_number(
    open_app: Any, demo_db: Path
) -> None:
    app = open_app(demo_db)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = dashboard(app)
        await pilot.press("enter")  # the first row: the first number's discover steps
        await pilot.pause()
        step = screen.query_one(StepList).current
        assert step is not None and step.account_id is None
        await pilot.press("space")
        await pilot.pause(0.3)
        entry = screen.query_one(LogView).entry_text(0)
        number = screen.snapshot.number(step.number_id)  # type: ignore[union-attr,arg-type]
        assert number is not None and mask_number(number.e164) in entry
        assert step.step.text.get("en") not in entry  # the whole sentence is too long
        assert short_title(step.step.text.get("en")) in entry


async def test_rows_keep_their_places_while_steps_are_ticked(open_app: Any, demo_db: Path) -> None:
    app = open_app(demo_db)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen, step_list, account_id = await show_account(pilot, "weibo")
        accounts = screen.query_one(AccountList)
        before = [accounts.line_id(i) for i in range(accounts.line_count)]
        step_list.focus()
        await pilot.pause()
        for _ in range(len(step_list.steps)):  # tick every step: the account becomes safe
            current = step_list.current
            if current is not None and current.status is StepStatus.OPEN:
                await pilot.press("space")
            await pilot.press("down")
        await pilot.pause(0.5)
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert [accounts.line_id(i) for i in range(accounts.line_count)] == before
        item = accounts.current_item
        assert item is not None and item.account_id == account_id
        assert any(e.verb is Verb.DONE for e in screen.snapshot.recent_log)  # type: ignore[union-attr]
