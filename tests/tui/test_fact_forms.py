"""After the picker, the facts forms say how far along the user is: "(2 / 3)"."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from textual.widgets import Static

from acctexit.i18n import translate
from acctexit.tui.screens.account_form import AccountForm
from acctexit.tui.screens.dashboard import DashboardScreen
from acctexit.tui.screens.number_form import NumberForm
from acctexit.tui.screens.picker import PlatformPicker
from acctexit.tui.screens.welcome import WelcomeScreen


async def wait_for(pilot: Any, screen_type: type, not_this: object = None) -> None:
    for _ in range(50):
        if isinstance(pilot.app.screen, screen_type) and pilot.app.screen is not not_this:
            return
        await pilot.pause(0.02)
    raise AssertionError(f"{screen_type.__name__} never appeared; on {pilot.app.screen!r}")


async def test_each_facts_form_after_the_picker_shows_its_place(
    open_app: Any, tmp_path: Path
) -> None:
    app = open_app(tmp_path / "new.sqlite3")
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_for(pilot, WelcomeScreen)
        await pilot.press("enter")
        await wait_for(pilot, NumberForm)
        await pilot.press(*"138 0000 1234", "enter")
        await wait_for(pilot, PlatformPicker)
        for query in ("alipay", "wechat", "jd.com"):
            await pilot.press(*query)
            await pilot.pause()
            await pilot.press("enter", "space", "slash")
        await pilot.press("ctrl+s")
        previous = None
        for at in (1, 2, 3):
            await wait_for(pilot, AccountForm, previous)
            previous = app.screen
            title = str(app.screen.query_one(".dialog-title", Static).render())
            assert f"({at} / 3)" in title, title
            # Asked for the first time, not "Edit the … account" (the account exists
            # already: it was added when the picker closed).
            assert translate("form_account_add_title", "en", platform="") in title, title
            await pilot.press("escape")
        await wait_for(pilot, DashboardScreen)
