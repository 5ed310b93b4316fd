"""The account list's scroll extent follows the filter: the scrollbar's thumb, the
largest scroll offset and the scroll offset match the lines shown, whether the
filter's lines still overflow the pane or not (the list updates its extent in place
when the scrollbar stays, see `AccountList._set_line_count`); once the matches fit
the pane, all of them are drawn from the top."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from acctexit.tui.screens.dashboard import DashboardScreen
from acctexit.tui.widgets.account_list import AccountList

SMALL = (120, 22)  # a list pane of a few lines, so the demo's rows overflow it


def extent_matches(accounts: AccountList) -> None:
    lines, height = accounts.line_count, accounts.scrollable_content_region.height
    assert accounts.virtual_size.height == lines
    if lines > height:
        assert accounts.show_vertical_scrollbar
    if accounts.show_vertical_scrollbar:
        assert accounts.vertical_scrollbar.window_virtual_size == lines
    assert accounts.max_scroll_y == max(0, lines - height)
    assert 0 <= accounts.scroll_y <= accounts.max_scroll_y


async def test_the_scroll_extent_follows_the_filter(open_app: Any, demo_db: Path) -> None:
    app = open_app(demo_db)
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, DashboardScreen)
        accounts = screen.query_one(AccountList)
        everything = accounts.line_count
        await pilot.press("end")  # scrolled to the bottom of the whole list
        await pilot.pause()
        extent_matches(accounts)
        assert accounts.scroll_y > 0
        counts = [everything]
        await pilot.press("slash")
        for typed in ("a", "l", "ipay"):  # "a", "al", "alipay"
            await pilot.press(*typed)
            await pilot.pause()
            extent_matches(accounts)
            counts.append(accounts.line_count)
        # filters that still overflow the pane, then one that fits in it
        height = accounts.scrollable_content_region.height
        assert everything > counts[1] > counts[2] > height >= counts[3]
        # every match is drawn, from the first line (the number's own row) down
        drawn = [accounts.render_line(y).text.rstrip() for y in range(counts[3])]
        assert drawn == [accounts.line_text(n).rstrip() for n in range(counts[3])]
        await pilot.press("escape")
        await pilot.pause()
        extent_matches(accounts)
        assert accounts.line_count == everything


async def test_the_extent_follows_a_filter_typed_again(open_app: Any, demo_db: Path) -> None:
    """The same query a second time (and the whole list again after it) sets the
    extent again: each extent is the lines shown now, whatever was shown before."""
    app = open_app(demo_db)
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, DashboardScreen)
        accounts = screen.query_one(AccountList)
        everything = accounts.line_count
        seen = []
        for _ in range(2):
            await pilot.press("slash", "a")
            await pilot.pause()
            extent_matches(accounts)
            seen.append(accounts.line_count)
            await pilot.press("escape")
            await pilot.pause()
            extent_matches(accounts)
            assert accounts.line_count == everything
        assert seen[0] == seen[1] < everything
