"""At 80×24 the key facts stay on screen: the level and top reason of the selected
account without Tab, and the steps pane opening at the top of the first open step."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from acctexit.domain.models import Lang, StepStatus
from acctexit.i18n import say
from acctexit.tui.render import level_word
from acctexit.tui.screens.dashboard import DashboardScreen
from acctexit.tui.widgets.account_list import AccountList
from acctexit.tui.widgets.numbers_bar import NumbersBar
from acctexit.tui.widgets.risk_view import RiskView
from acctexit.tui.widgets.step_list import StepList

SMALL = (80, 24)


def dashboard(app: Any) -> DashboardScreen:
    screen = app.screen
    assert isinstance(screen, DashboardScreen)
    return screen


async def test_the_level_and_top_reason_show_without_tab(open_app: Any, demo_db: Path) -> None:
    app = open_app(demo_db, "zh")
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        screen = dashboard(app)
        accounts = screen.query_one(AccountList)
        # Down to the first account row (the first row is the number's own discover row).
        while (item := accounts.current_item) is None or item.account_id is None:
            await pilot.press("down")
        await pilot.pause(0.2)
        risk = screen.snapshot.account_risks[item.account_id]  # type: ignore[union-attr]
        assert risk.reasons
        assert screen.focused is accounts  # no Tab pressed
        shown = _risk_in_view(screen)
        assert level_word(risk.level, "zh") in shown
        assert say(risk.reasons[0], "zh")[:8] in shown.replace("\n", ""), shown


def _risk_in_view(screen: DashboardScreen) -> str:
    """The risk pane's lines that fit in it as it is now (folded or not)."""
    pane = screen.query_one("#risk", RiskView)
    lines = pane.text.splitlines()
    return "\n".join(
        lines[pane.scroll_offset.y : pane.scroll_offset.y + pane.scrollable_content_region.height]
    )


async def test_steps_open_at_the_top_of_the_first_open_step(open_app: Any, demo_db: Path) -> None:
    app = open_app(demo_db, "zh")
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause(0.2)
        checked = 0
        for _ in range(8):  # a few accounts down, each opened in turn
            await pilot.press("enter")
            await pilot.pause(0.2)
            step_list = dashboard(app).query_one(StepList)
            n = step_list.highlighted
            assert n is not None
            if all(s.status is not StepStatus.OPEN for s in step_list.steps):
                await pilot.press("escape", "down")  # nothing open here
                continue
            assert step_list.steps[n].status is StepStatus.OPEN
            checked += 1
            starts, total = _step_starts(step_list)
            first_line, height = starts[n], step_list.scrollable_content_region.height
            bottom = first_line + len(step_list.item_text(n).splitlines())
            assert step_list.scroll_offset.y == _expected_top(starts, total, height, n)
            # its [ ] line first, or right under the heading of the group it starts
            assert "[ ]" in [line[:3] for line in step_list.item_text(n).splitlines()[:2]]
            assert bottom > step_list.scroll_offset.y  # its [ ] line is in view
            await pilot.press("escape", "down")
            await pilot.pause(0.2)
        assert checked >= 5


def _step_starts(step_list: StepList) -> tuple[list[int], int]:
    """Each step's first line in the pane, and the lines of all of them."""
    starts, total = [], 0
    for i in range(len(step_list.steps)):
        starts.append(total)
        total += len(step_list.item_text(i).splitlines())
    return starts, total


def _expected_top(starts: list[int], total: int, height: int, n: int) -> int:
    """Where the view starts for step `n`: at its first line; when the end of the list
    comes first, at the first line of the latest step that still shows step `n` whole;
    only when none does, as far down as the list goes."""
    last_top = max(0, total - height)
    if starts[n] <= last_top:
        return starts[n]
    end = starts[n + 1] if n + 1 < len(starts) else total
    tops = [s for s in starts[: n + 1] if s <= last_top and s + height >= end]
    return tops[-1] if tops else last_top


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("size", [SMALL, (100, 30), (120, 36)])
async def test_the_demo_opens_with_a_step_at_the_top_of_the_steps_pane(
    open_app: Any, demo_in: Callable[[Lang], Path], lang: Lang, size: tuple[int, int]
) -> None:
    # Before any key: the steps below the cursor are wrapped lazily, and the pane used
    # to stop scrolling short of them (at 80×24 in English, a few lines into a step).
    app = open_app(demo_in(lang), lang)
    async with app.run_test(size=size) as pilot:
        await pilot.pause(0.2)
        step_list = dashboard(app).query_one(StepList)
        n = step_list.highlighted
        assert n is not None and step_list.steps[n].status is StepStatus.OPEN
        starts, total = _step_starts(step_list)
        height = step_list.scrollable_content_region.height
        top = step_list.scroll_offset.y
        assert top == _expected_top(starts, total, height, n)
        end = starts[n + 1] if n + 1 < len(starts) else total
        if any(s <= max(0, total - height) and s + height >= end for s in starts[: n + 1]):
            assert top in starts  # no step cut at the top of the pane
        assert top <= starts[n] < top + height  # its [ ] line is in view


async def test_the_header_keeps_one_line_with_every_number(open_app: Any, demo_db: Path) -> None:
    app = open_app(demo_db, "zh")
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        bar = dashboard(app).query_one(NumbersBar)
        assert bar.outer_size.height == 1
        text = bar.render().plain  # type: ignore[union-attr]
        for number in dashboard(app).snapshot.numbers:  # type: ignore[union-attr]
            assert number.e164[-4:] in text


async def test_the_steps_pane_follows_the_cursor_with_a_step_at_its_top(
    open_app: Any, demo_in: Callable[[Lang], Path]
) -> None:
    # The account list's cursor moving (no Enter): each account's steps are shown anew.
    app = open_app(demo_in("en"), "en")
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause(0.2)
        step_list = dashboard(app).query_one(StepList)
        checked = 0
        for _ in range(10):
            await pilot.press("down")
            await pilot.pause(0.3)  # the side panes follow the cursor once it rests
            n = step_list.highlighted
            if n is None or step_list.steps[n].status is not StepStatus.OPEN:
                continue  # nothing open here
            starts, total = _step_starts(step_list)
            height = step_list.scrollable_content_region.height
            assert step_list.scroll_offset.y == _expected_top(starts, total, height, n)
            checked += 1
        assert checked >= 5
