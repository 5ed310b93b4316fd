"""The note dialog's field: what is typed shows (scrolled along when it outgrows the
field) and is saved, and a typed key repaints the field without laying the screen out
(Textual's `Input` asked for a layout of the whole screen on every key)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from acctexit.store import Store
from acctexit.tui.screens.dashboard import DashboardScreen
from acctexit.tui.screens.prompt import TextPrompt
from acctexit.tui.viewmodel import Item
from acctexit.tui.widgets.account_list import AccountList
from acctexit.tui.widgets.risk_view import RiskView

SIZE = (120, 36)
# Longer than the field (the dialog is 70 cells wide): its start scrolls out of view.
NOTE = "called support on Monday, they want a photo of the ID card first " * 2


async def open_note_on(pilot: Any, platform_id: str) -> tuple[DashboardScreen, TextPrompt, int]:
    screen = pilot.app.screen
    assert isinstance(screen, DashboardScreen)
    account = next(a for a in screen.snapshot.accounts if a.platform_id == platform_id)  # type: ignore[union-attr]
    screen.query_one(AccountList).select_item(Item(account_id=account.id))
    await pilot.pause(0.2)
    await pilot.press("n")
    await pilot.pause()
    prompt = pilot.app.screen
    assert isinstance(prompt, TextPrompt)
    return screen, prompt, account.id


def field_line(prompt: TextPrompt) -> str:
    """The field's text line as drawn (inside its border)."""
    return prompt.query_one("#prompt-input").render_line(0).text


async def test_a_long_note_shows_as_typed_and_is_saved(open_app: Any, demo_db: Path) -> None:
    app = open_app(demo_db)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen, prompt, account_id = await open_note_on(pilot, "weibo")
        await pilot.press(*NOTE.strip())
        await pilot.pause()
        shown = field_line(prompt)
        assert NOTE.strip()[-20:] in shown  # the end, where the cursor is
        assert NOTE[:20] not in shown  # the start scrolled out of the field
        await pilot.press("home")
        await pilot.pause()
        assert NOTE[:20] in field_line(prompt)  # and back
        await pilot.press("enter")
        await pilot.pause(0.2)
        assert app.screen is screen
        assert NOTE.strip()[:30] in screen.query_one(RiskView).text
    with Store.open(demo_db) as store:
        assert NOTE.strip() in [e.detail for e in store.notes_for(account_id)]


async def test_typing_a_note_lays_nothing_out(open_app: Any, demo_db: Path) -> None:
    app = open_app(demo_db)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        _screen, prompt, _id = await open_note_on(pilot, "weibo")
        field = prompt.query_one("#prompt-input")
        await pilot.pause()
        layouts: list[bool] = []
        repaint = field.refresh

        def spy(*args: Any, **kwargs: Any) -> Any:
            layouts.append(bool(kwargs.get("layout")))
            return repaint(*args, **kwargs)

        field.refresh = spy  # type: ignore[method-assign]
        await pilot.press(*"ask about old posts")
        await pilot.pause()
        assert layouts and not any(layouts)  # repainted on every key, never laid out
        assert "ask about old posts" in field_line(prompt)


async def test_closing_the_dialog_lays_the_dashboard_out_no_more(
    open_app: Any, demo_db: Path
) -> None:
    """The dialog is kept, not removed: Textual laid the whole dashboard out twice when
    a dialog was removed, and drew it twice more."""
    app = open_app(demo_db)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen, prompt, _id = await open_note_on(pilot, "weibo")
        await pilot.press(*"asked")
        await pilot.pause()
        layouts: list[object] = []
        lay_out = screen._refresh_layout

        def spy(*args: Any, **kwargs: Any) -> Any:
            layouts.append(args)
            return lay_out(*args, **kwargs)

        screen._refresh_layout = spy  # type: ignore[method-assign]
        await pilot.press("enter")
        await pilot.pause(0.2)
        assert app.screen is screen
        assert layouts == []
        assert prompt.is_attached  # put aside, for the next question


async def test_the_next_question_starts_empty_and_names_its_subject(
    open_app: Any, demo_db: Path
) -> None:
    app = open_app(demo_db)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen, prompt, _id = await open_note_on(pilot, "weibo")
        await pilot.press(*"half a thought")
        await pilot.press("escape")  # cancelled: nothing saved, and nothing kept typed
        await pilot.pause()
        assert app.screen is screen
        _screen, again, account_id = await open_note_on(pilot, "alipay")
        assert again is prompt
        assert "half a thought" not in field_line(again)
        title = str(again.query_one(".prompt-title").render())
        assert "支付宝" in title or "Alipay" in title
        await pilot.press("enter")  # required: refused, and said so
        await pilot.pause()
        assert app.screen is again
        assert str(again.query_one("#prompt-error").render())
        await pilot.press(*"called", "enter")
        await pilot.pause(0.2)
        assert app.screen is screen
        _screen, third, _id = await open_note_on(pilot, "weibo")
        assert not str(third.query_one("#prompt-error").render())  # the refusal is gone
    with Store.open(demo_db) as store:
        notes = [e.detail for e in store.notes_for(account_id)]
    assert notes[-1] == "called"
    assert "half a thought" not in notes
