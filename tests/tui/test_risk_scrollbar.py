"""The risk pane's scrollbar follows its lines from one account to the next: shown
when they overflow the pane, gone when they fit, its extent and largest scroll offset
those of the lines shown (the pane sets its extent without a layout of the screen,
then settles its scrollbars itself)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from acctexit.tui.screens.dashboard import DashboardScreen
from acctexit.tui.viewmodel import Item
from acctexit.tui.widgets.account_list import AccountList
from acctexit.tui.widgets.risk_view import RiskView

SIZE = (120, 36)  # the demo's accounts have from 5 to 15 lines of risk in 11 rows


async def test_the_risk_pane_scrollbar_follows_each_account(open_app: Any, demo_db: Path) -> None:
    app = open_app(demo_db)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, DashboardScreen)
        risk = screen.query_one(RiskView)
        seen = set()
        for account in screen.snapshot.accounts:  # type: ignore[union-attr]
            screen.query_one(AccountList).select_item(Item(account_id=account.id))
            await pilot.pause(0.15)
            screen.flush_pending()
            await pilot.pause()
            lines, height = len(risk.text.splitlines()), risk.scrollable_content_region.height
            assert risk.virtual_size.height == lines, account.platform_id
            assert risk.show_vertical_scrollbar == (lines > height), account.platform_id
            assert risk.max_scroll_y == max(0, lines - height)
            seen.add(lines > height)
        assert seen == {True, False}  # both cases met, in turn
