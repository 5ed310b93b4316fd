"""The filter follows typing key by key and a burst of keys alike: the list shows the
rows matching the whole text, and the side panes the highlighted one.

Each key filters within its own handling (the field calls the dashboard), except when
more keys already wait: then the list is filtered once, after the last of them."""

from __future__ import annotations

from itertools import pairwise
from pathlib import Path
from typing import Any

import pytest
from dashboard_probe import dashboard, shown_ids
from textual import events

from acctexit.tui.app import AcctExitApp
from acctexit.tui.widgets.account_list import AccountList
from acctexit.tui.widgets.step_list import StepList

SIZE = (120, 36)


def steps_title(app: AcctExitApp) -> str:
    return str(dashboard(app).query_one(StepList).border_title)


def title_of_highlighted(app: AcctExitApp) -> str:
    """The steps pane's title for the account under the list's cursor, as the
    dashboard words it."""
    screen = dashboard(app)
    item = screen.query_one(AccountList).current_item
    assert item is not None and item.account_id is not None and screen.snapshot is not None
    account = screen.snapshot.account(item.account_id)
    assert account is not None
    return app.workspace.account_title(screen.snapshot, account, screen.lang)


async def shown_after_typing(app: AcctExitApp, pilot: Any, text: str) -> list[str]:
    await pilot.press("slash", *text)
    await pilot.pause()
    return shown_ids(app)


async def test_each_key_narrows_the_list_and_the_panes_follow(open_app: Any, demo_db: Path) -> None:
    app = open_app(demo_db, lang="en")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        everything = shown_ids(app)
        await pilot.press("slash")
        seen = [everything]
        for ch in "wechat":
            await pilot.press(ch)
            await pilot.pause()
            seen.append(shown_ids(app))
            assert title_of_highlighted(app) in steps_title(app)
        assert all(set(b) <= set(a) for a, b in pairwise(seen))
        assert len(seen[-1]) < len(everything)


async def test_a_burst_of_keys_shows_what_typing_them_one_by_one_shows(
    open_app: Any, demo_db: Path
) -> None:
    typed = open_app(demo_db, lang="en")
    async with typed.run_test(size=SIZE) as pilot:
        await pilot.pause()
        one_by_one = await shown_after_typing(typed, pilot, "alipay")
    app = open_app(demo_db, lang="en")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        everything = shown_ids(app)
        await pilot.press("slash")
        for ch in "alipay":  # all posted before the first is handled
            app.post_message(events.Key(ch, ch))
        await pilot.pause(0.1)
        assert dashboard(app).query_one("#filter").value == "alipay"  # type: ignore[attr-defined]
        assert shown_ids(app) == one_by_one
        assert len(one_by_one) < len(everything)
        assert title_of_highlighted(app) in steps_title(app)
        await pilot.press("escape")
        await pilot.pause()
        assert shown_ids(app) == everything


@pytest.mark.parametrize(("lang", "words"), [("en", "查清"), ("zh", "find bindings")])
async def test_a_number_s_own_items_are_found_by_either_language_s_words(
    open_app: Any, demo_db: Path, lang: str, words: str
) -> None:
    """As an account is found by its platform's name in either language, so is a
    number's discover item (its rows carry both languages' names)."""
    app = open_app(demo_db, lang=lang)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        shown = await shown_after_typing(app, pilot, words)
        assert [i for i in shown if i.endswith("-discover")]
        assert not [i for i in shown if i.startswith("a")]  # no account matches
