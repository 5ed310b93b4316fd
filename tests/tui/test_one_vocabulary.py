"""One vocabulary per idea, and a plan kept while the user only looks (issue 16).

- The word a risk badge shows is a word the filter finds: typing the badge's word
  (in either language) keeps every account that carries that badge. (The bug this
  guards: the badge said 高 while the filter knew only 高危, so 高危 found nothing.)
- Moving around the dashboard (rows, panes, pages, first and last) re-uses the plan:
  it is derived once per change, not once per look.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from dashboard_probe import count_plans, dashboard

from acctexit.domain.models import Lang, RiskLevel
from acctexit.tui.app import AcctExitApp
from acctexit.tui.render import level_word
from acctexit.tui.widgets.account_list import AccountList

SIZE = (120, 36)


def _shown_accounts(app: AcctExitApp) -> set[int]:
    rows = dashboard(app).query_one(AccountList)
    ids = (rows.line_id(n) for n in range(rows.line_count))
    return {int(i[1:]) for i in ids if i and i.startswith("a")}


@pytest.mark.parametrize("lang", ["zh", "en"])
async def test_the_badge_s_word_finds_its_accounts(
    open_app: Any, demo_db: Path, lang: Lang
) -> None:
    app = open_app(demo_db, lang=lang)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        snapshot = dashboard(app).snapshot
        assert snapshot is not None
        by_level: dict[RiskLevel, set[int]] = {}
        for account_id, risk in snapshot.account_risks.items():
            by_level.setdefault(risk.level, set()).add(account_id)
        assert len(by_level) >= 3  # the demo shows several badges
        await pilot.press("slash")
        for level, accounts in sorted(by_level.items()):
            word = level_word(level, lang)  # what the badge shows
            await pilot.press(*word)
            await pilot.pause()
            shown = _shown_accounts(app)
            assert accounts <= shown, (level, word, accounts - shown)
            await pilot.press(*["backspace"] * len(word))
            await pilot.pause()


async def test_moving_around_re_uses_the_plan(
    open_app: Any, demo_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = open_app(demo_db, lang="en")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        derived = count_plans(app, monkeypatch)
        rows = dashboard(app).query_one(AccountList)
        before = rows.highlighted
        for key in ("down", "down", "pagedown", "end", "up", "home", "tab", "down", "tab"):
            await pilot.press(key)
            await pilot.pause()
        await pilot.press("down")
        await pilot.pause(0.3)  # the side panes follow the cursor once the keys pause
        assert rows.highlighted != before or rows.line_count < 2  # the cursor moved
        assert derived == []
