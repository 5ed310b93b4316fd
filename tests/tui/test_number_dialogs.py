"""The number dialogs on the demo data: adding a number that is already listed keeps
the form open with the reason under the number field (nothing typed is lost), and the
platform picker names the number it adds accounts to (masked unless revealed)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from textual.widgets import Input, Select, Static

from acctexit.domain.models import Lang
from acctexit.domain.phone import mask_number
from acctexit.tui.screens.dashboard import DashboardScreen
from acctexit.tui.screens.number_form import NumberForm
from acctexit.tui.screens.picker import PlatformPicker
from acctexit.tui.viewmodel import Item
from acctexit.tui.widgets.account_list import AccountList

SIZE = (120, 36)


def number_row(number_id: int) -> Item:
    """The row of a number itself, where e, d and r act on the number."""
    return Item(number_id=number_id)


async def wait_for(pilot: Any, screen_type: type) -> None:
    for _ in range(50):
        if isinstance(pilot.app.screen, screen_type):
            return
        await pilot.pause(0.02)
    raise AssertionError(f"{screen_type.__name__} never appeared; on {pilot.app.screen!r}")


def _error(screen: Any) -> str:
    return str(screen.query_one("#number-error", Static).render())


@pytest.mark.parametrize(
    ("lang", "words"), [("en", "is already in your list"), ("zh", "已经在你的号码列表里了")]
)
async def test_a_duplicate_number_keeps_the_form_open_with_the_reason_under_the_field(
    open_app: Any, demo_db: Path, lang: Lang, words: str
) -> None:
    app = open_app(demo_db, lang)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        listed = [n.e164 for n in app.screen.snapshot.numbers]
        await pilot.press("N")
        await wait_for(pilot, NumberForm)
        await pilot.press(*"138 0000 1234", "tab", *"typed label", "ctrl+s")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, NumberForm)  # still open
        masked = mask_number("+8613800001234")
        assert words in _error(form) and masked in _error(form)
        assert form.query_one("#number", Input).value == "138 0000 1234"
        assert form.query_one("#label", Input).value == "typed label"
        # a number not listed yet is accepted: the form closes and the number is added
        form.query_one("#number", Input).focus()
        await pilot.press("ctrl+u", "end", "ctrl+u", *"13700009999")
        await pilot.pause()
        assert _error(form) == ""
        await pilot.press("ctrl+s")
        await wait_for(pilot, DashboardScreen)
        await pilot.pause()
        assert [n.e164 for n in app.screen.snapshot.numbers] == [*listed, "+8613700009999"]


async def test_editing_a_number_into_another_listed_one_is_refused_in_the_form(
    open_app: Any, demo_db: Path
) -> None:
    app = open_app(demo_db)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, DashboardScreen)
        old, kept = screen.snapshot.numbers
        screen.query_one(AccountList).select_item(number_row(old.id))
        await pilot.pause(0.2)
        await pilot.press("e")
        await wait_for(pilot, NumberForm)
        await pilot.press(*kept.e164, "ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, NumberForm)
        assert "is already in your list" in _error(app.screen)
        # its own number is no duplicate of itself
        await pilot.press("ctrl+u", "end", "ctrl+u", *old.e164)
        await pilot.pause()
        assert _error(app.screen) == ""


async def test_the_picker_names_the_number_it_adds_to(open_app: Any, demo_db: Path) -> None:
    for lang, reveal in (("en", False), ("zh", False), ("en", True)):
        app = open_app(demo_db, lang)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            if reveal:
                await pilot.press("R")
                await pilot.pause()
            screen = app.screen
            number = screen.selected_number()
            await pilot.press("a")
            await wait_for(pilot, PlatformPicker)
            title = str(app.screen.query_one(".dialog-title", Static).render())
            shown = number.e164 if reveal else mask_number(number.e164)
            assert shown in title, title
            if not reveal:
                assert number.e164 not in title
            assert ("this number" not in title) and ("这个号码" not in title)
            await pilot.press("escape")
            await wait_for(pilot, DashboardScreen)


async def test_a_china_broadnet_number_is_added_from_the_form(open_app: Any, demo_db: Path) -> None:
    app = open_app(demo_db, "zh")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("N")
        await wait_for(pilot, NumberForm)
        await pilot.press(*"192 0000 1234")
        app.screen.query_one("#carrier", Select).value = "china-broadnet"  # one of its options
        await pilot.press("ctrl+s")
        await wait_for(pilot, DashboardScreen)
        await pilot.pause()
        added = app.screen.snapshot.numbers[-1]
        assert (added.e164, added.carrier) == ("+8619200001234", "china-broadnet")
