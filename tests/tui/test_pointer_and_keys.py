"""Clicks land on the row under the pointer; Enter opens steps but never ticks; `?`
lists the moving keys. Driven through Pilot on the demo data."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from acctexit.tui.screens.dashboard import DashboardScreen
from acctexit.tui.screens.help import HelpScreen
from acctexit.tui.widgets.account_list import AccountList
from acctexit.tui.widgets.log_view import LogView
from acctexit.tui.widgets.step_list import StepList

SMALL = (80, 24)


def dashboard(app: Any) -> DashboardScreen:
    screen = app.screen
    assert isinstance(screen, DashboardScreen)
    return screen


def row_lines(accounts: AccountList) -> list[int]:
    return [n for n in range(accounts.line_count) if accounts.line_id(n) is not None]


async def test_a_click_selects_the_account_under_the_pointer_at_every_scroll_position(
    open_app: Any, demo_db: Path
) -> None:
    app = open_app(demo_db)
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        accounts = dashboard(app).query_one(AccountList)
        rows = row_lines(accounts)
        for scroll_to_end in (False, True):
            if scroll_to_end:
                await pilot.press("end")
                await pilot.pause()
                assert accounts.scroll_offset.y > 0  # the list really scrolled
            top = accounts.scroll_offset.y
            height = accounts.scrollable_content_region.height
            visible = [n for n in rows if top <= n < top + height]
            for n in (visible[0], visible[-1]):
                if n == accounts.highlighted:
                    continue
                # +1: the pane's top border is part of the widget.
                await pilot.click(AccountList, offset=(4, n - top + 1))
                await pilot.pause()
                assert accounts.highlighted == n, (scroll_to_end, n)


async def test_a_double_click_opens_the_steps_of_the_account_clicked(
    open_app: Any, demo_db: Path
) -> None:
    app = open_app(demo_db)
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        screen = dashboard(app)
        accounts = screen.query_one(AccountList)
        target = next(n for n in row_lines(accounts) if n != accounts.highlighted)
        wanted = accounts.line_id(target)
        await pilot.click(AccountList, offset=(4, target + 1))
        await pilot.click(AccountList, offset=(4, target + 1))
        await pilot.pause(0.2)
        assert screen.focused is screen.query_one(StepList)
        item = accounts.current_item
        assert item is not None and item.option_id == wanted


async def test_a_click_on_the_last_line_of_the_selected_step_ticks_that_step(
    open_app: Any, demo_db: Path
) -> None:
    app = open_app(demo_db)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        step_list = dashboard(app).query_one(StepList)
        step_list.highlighted = 0
        await pilot.pause()
        first, second = step_list.steps[0], step_list.steps[1]
        last_line = len(step_list.item_text(0).splitlines())  # border + its lines - 1
        assert last_line > 1
        logged = app.workspace.store.log_count()
        await pilot.click(StepList, offset=(5, last_line))  # arms the list
        await pilot.pause()
        assert step_list.highlighted == 0
        await pilot.click(StepList, offset=(5, last_line))
        await pilot.pause(0.3)
        assert app.workspace.store.log_count() == logged + 1
        assert step_list.steps[0].key == first.key
        assert step_list.steps[0].status is not first.status
        assert step_list.steps[1].status is second.status  # not the step below


async def test_a_click_in_the_scrolled_log_selects_the_entry_under_the_pointer(
    open_app: Any, demo_db: Path
) -> None:
    app = open_app(demo_db)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        log = dashboard(app).query_one(LogView)
        await pilot.press("tab", "end")
        await pilot.pause()
        top = log.scroll_offset.y
        assert top > 0
        height = log.scrollable_content_region.height
        # The last line of an entry, right above the next one's first line.
        after = next(i for i in range(log.item_count) if top < _start(log, i) < top + height)
        line = _start(log, after) - 1
        expected = after - 1
        await pilot.click(LogView, offset=(5, line - top + 1))
        await pilot.pause()
        assert log.highlighted == expected


def _start(log: LogView, index: int) -> int:
    return sum(len(log.item_text(i).splitlines()) for i in range(index))


async def test_enter_opens_the_steps_and_enter_again_ticks_nothing(
    open_app: Any, demo_db: Path
) -> None:
    app = open_app(demo_db)
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        logged = app.workspace.store.log_count()
        await pilot.press("enter")
        await pilot.pause()
        screen = dashboard(app)
        step_list = screen.query_one(StepList)
        assert screen.focused is step_list
        before = list(step_list.steps)
        await pilot.press("enter", "enter")
        await pilot.pause(0.3)
        assert app.workspace.store.log_count() == logged
        assert step_list.steps == before
        await pilot.press("space")  # Space is the key that ticks
        await pilot.pause(0.3)
        assert app.workspace.store.log_count() == logged + 1


async def test_help_lists_the_pane_page_and_palette_keys(open_app: Any, demo_db: Path) -> None:
    app = open_app(demo_db)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        for pane_keys in ((), ("enter",)):
            await pilot.press(*pane_keys, "question_mark")
            await pilot.pause()
            assert isinstance(app.screen, HelpScreen)
            keys = {row.keys for row in app.screen.rows}
            assert {"Tab", "Shift+Tab", "PgUp", "PgDn", "Home", "End", "Ctrl+P"} <= keys
            await pilot.press("escape")
            await pilot.pause()
        await pilot.press("question_mark")
        await pilot.pause()
        toggle = next(r for r in app.screen.rows if r.keys == "Space")  # type: ignore[attr-defined]
        assert "Enter never ticks" in toggle.help


async def test_the_command_palette_speaks_chinese(open_app: Any, demo_db: Path) -> None:
    from textual.command import CommandInput, CommandPalette

    app = open_app(demo_db, "zh")
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+p")
        await pilot.pause()
        assert isinstance(app.screen, CommandPalette)
        placeholder = app.screen.query_one(CommandInput).placeholder
        assert placeholder == "搜索命令…"
