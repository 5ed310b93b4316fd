"""Group headings in the steps pane (catalog-audit C13): Alipay's steps sit under the
phases of seed 000, each heading shown once, above the step that starts it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from acctexit.tui.screens.dashboard import DashboardScreen
from acctexit.tui.widgets.step_list import StepList

SIZE = (120, 36)

HEADINGS_EN = {
    "rebind-phone": "1. Clear everything tied to the account",
    "export-data": "2. Export the bills you keep, delete sensitive data",
    "rebind-final": "Or: keep Alipay and only move the number",
    "deregister": "3. Deregister, then ask for the data to be cleared",
}


async def alipay_steps(pilot: Any) -> StepList:
    await pilot.pause()
    await pilot.press("slash", *"alipay", "enter")
    await pilot.pause()
    await pilot.press("enter")
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, DashboardScreen)
    steps = screen.query_one(StepList)
    assert screen.focused is steps
    assert {s.platform_id for s in steps.steps} == {"alipay"}
    return steps


async def test_alipay_steps_show_the_phases_of_article_000(open_app: Any, demo_db: Path) -> None:
    app = open_app(demo_db, lang="en")
    async with app.run_test(size=SIZE) as pilot:
        steps = await alipay_steps(pilot)
        shown = {s.step.id: steps.item_text(i) for i, s in enumerate(steps.steps)}
        for sid, text in shown.items():
            lines = text.splitlines()
            if sid in HEADINGS_EN:
                assert lines[0] == HEADINGS_EN[sid], sid
                assert lines[1].startswith("["), sid  # the checkbox comes next
            else:
                assert not any(h in text for h in HEADINGS_EN.values()), sid
                assert lines[0].startswith("["), sid
        # one of each, in the article's order
        ids = [s.step.id for s in steps.steps]
        assert [i for i in ids if i in HEADINGS_EN] == list(HEADINGS_EN)


async def test_headings_follow_the_language(open_app: Any, demo_db: Path) -> None:
    app = open_app(demo_db, lang="zh")
    async with app.run_test(size=SIZE) as pilot:
        steps = await alipay_steps(pilot)
        first = steps.item_text(0).splitlines()[0]
        assert first == "一、先清掉账户的所有关联"
