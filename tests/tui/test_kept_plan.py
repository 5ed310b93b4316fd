"""The plan is derived once per change: filtering, L, R and notes re-use it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from dashboard_probe import count_plans, dashboard, shown_ids

from acctexit.app.search import platform_matches
from acctexit.tui.screens.prompt import TextPrompt
from acctexit.tui.widgets.log_view import LogView

SIZE = (120, 36)


async def test_filtering_and_switching_language_and_mask_derive_no_plan(
    open_app: Any, demo_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = open_app(demo_db, lang="en")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        everything = shown_ids(app)
        derived = count_plans(app, monkeypatch)
        await pilot.press("slash", *"alipay")
        await pilot.pause()
        narrowed = shown_ids(app)
        assert 0 < len(narrowed) < len(everything)
        await pilot.press("escape")
        await pilot.pause()
        assert shown_ids(app) == everything
        for key in "LRLR":
            await pilot.press(key)
            await pilot.pause()
        assert app.lang == "en" and not app.reveal
        assert shown_ids(app) == everything
        assert derived == []


async def test_a_note_shows_in_the_log_without_deriving_the_plan(
    open_app: Any, demo_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = open_app(demo_db, lang="en")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        derived = count_plans(app, monkeypatch)
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, TextPrompt)
        await pilot.press(*"called the bank", "enter")
        await pilot.pause()
        log = dashboard(app).query_one(LogView)
        assert "called the bank" in log.entry_text(0)
        assert derived == []
        # L after the note shows the kept snapshot in the other language: the note stays.
        await pilot.press("L")
        await pilot.pause()
        assert "called the bank" in dashboard(app).query_one(LogView).entry_text(0)
        assert derived == []


async def test_a_change_derives_the_plan_again(
    open_app: Any, demo_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = open_app(demo_db, lang="en")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        derived = count_plans(app, monkeypatch)
        await pilot.press("enter", "space")  # tick the first open step
        await pilot.pause(0.3)
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert len(derived) == 1


@pytest.mark.parametrize("query", ["ＡＬＩＰＡＹ", "alipay.com", "支付宝", "Alipay  alipay"])
async def test_the_filter_and_the_picker_find_by_the_same_rule(
    open_app: Any, demo_db: Path, query: str
) -> None:
    app = open_app(demo_db, lang="en")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        alipay = app.workspace.platform("alipay")
        assert alipay is not None and platform_matches(alipay, query)
        await pilot.press("slash", *query)
        await pilot.pause()
        snapshot = dashboard(app).snapshot
        assert snapshot is not None
        shown = [int(i[1:]) for i in shown_ids(app) if i.startswith("a")]
        platforms = {snapshot.account(a).platform_id for a in shown}  # type: ignore[union-attr]
        assert platforms == {"alipay"}


async def test_every_word_of_the_filter_must_match(open_app: Any, demo_db: Path) -> None:
    app = open_app(demo_db, lang="en")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("slash", *"alipay wechat")
        await pilot.pause()
        assert not [i for i in shown_ids(app) if i.startswith("a")]
