"""Editing a number while numbers are masked does not show it in full."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from textual.widgets import Input

from acctexit.domain.phone import mask_number
from acctexit.tui.screens.dashboard import DashboardScreen
from acctexit.tui.screens.number_form import NumberForm
from acctexit.tui.viewmodel import Item
from acctexit.tui.widgets.account_list import AccountList


async def wait_for(pilot: Any, screen_type: type) -> None:
    for _ in range(50):
        if isinstance(pilot.app.screen, screen_type):
            return
        await pilot.pause(0.02)
    raise AssertionError(f"{screen_type.__name__} never appeared")


async def open_number_form(pilot: Any) -> tuple[DashboardScreen, Any]:
    screen = pilot.app.screen
    assert isinstance(screen, DashboardScreen)
    accounts = screen.query_one(AccountList)
    number = screen.snapshot.numbers[0]  # type: ignore[union-attr]
    item = next(
        i
        for n in range(accounts.line_count)
        if (i := _item(accounts, n)) is not None and i.number_id == number.id
    )
    accounts.select_item(item)
    await pilot.pause(0.2)
    await pilot.press("e")
    await wait_for(pilot, NumberForm)
    return screen, number


def _item(accounts: AccountList, n: int) -> Item | None:
    accounts.highlighted = n
    item = accounts.current_item
    return item if item is not None and item.account_id is None else None


async def test_the_number_form_keeps_the_number_masked_and_unchanged_when_left_empty(
    open_app: Any, demo_db: Path
) -> None:
    app = open_app(demo_db)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        screen, number = await open_number_form(pilot)
        field = app.screen.query_one("#number", Input)
        assert field.value == ""
        assert mask_number(number.e164) in field.placeholder
        assert number.e164 not in field.placeholder
        await pilot.press("ctrl+s")
        await wait_for(pilot, DashboardScreen)
        await pilot.pause()
        assert screen.snapshot.number(number.id).e164 == number.e164  # type: ignore[union-attr]


async def test_revealed_numbers_are_edited_in_full(open_app: Any, demo_db: Path) -> None:
    app = open_app(demo_db)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        await pilot.press("R")
        await pilot.pause()
        _screen, number = await open_number_form(pilot)
        assert app.screen.query_one("#number", Input).value == number.e164
