"""L's and R's work is done while the user reads (screens/dashboard/language.py): after
a rest, L orders no rows, and L and R describe no log entry and lay out no header, and
show what doing that work then would have shown; while keys keep coming, nothing is
done ahead."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from dashboard_probe import dashboard
from test_prepared_rows import fresh_lines, shown_lines

from acctexit.app.workspace import Snapshot, Workspace
from acctexit.domain.models import Lang
from acctexit.tui import rows as rows_module
from acctexit.tui.app import AcctExitApp
from acctexit.tui.screens.dashboard import language as language_module
from acctexit.tui.screens.dashboard import screen as dashboard_module
from acctexit.tui.widgets import log_view as log_module
from acctexit.tui.widgets.log_view import LogView
from acctexit.tui.widgets.numbers_bar import NumbersBar, numbers_bar_content

SIZE = (120, 36)
REST = dashboard_module.GC_RESUME_DELAY + language_module.AHEAD_AFTER_QUIET + 0.3


def count_calls(monkeypatch: pytest.MonkeyPatch, module: Any, name: str) -> list[object]:
    """The calls of `module.name` from now on."""
    calls: list[object] = []
    real = getattr(module, name)

    def counting(*args: Any, **kwargs: Any) -> Any:
        calls.append(args)
        return real(*args, **kwargs)

    monkeypatch.setattr(module, name, counting)
    return calls


def expected_log(snapshot: Snapshot, workspace: Workspace, lang: Lang) -> list[str]:
    return [
        when + what.plain
        for when, what in (
            log_module.entry_parts(e, snapshot, workspace, lang) for e in snapshot.recent_log
        )
    ]


def shown_log(app: AcctExitApp) -> list[str]:
    log = dashboard(app).query_one(LogView)
    return [log.entry_text(i) for i in range(log.item_count)]


async def add_note(pilot: Any, text: str) -> None:
    await pilot.press("n")
    await pilot.pause()
    await pilot.press(*text, "enter")
    await pilot.pause()


@pytest.mark.parametrize("key", ["L", "R"])
@pytest.mark.parametrize("note_first", [False, True], ids=["after start", "after a note"])
async def test_l_or_r_after_a_rest_only_draws(
    open_app: Any, demo_db: Path, monkeypatch: pytest.MonkeyPatch, note_first: bool, key: str
) -> None:
    app = open_app(demo_db, lang="en")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause(REST)
        if note_first:  # a new snapshot, and a log entry described in English only
            await add_note(pilot, "asked")
            await pilot.pause(language_module.AHEAD_AFTER_QUIET + 0.3)
        ordered = count_calls(monkeypatch, rows_module, "in_order")
        described = count_calls(monkeypatch, log_module, "entry_parts")
        headers = count_calls(monkeypatch, language_module, "numbers_bar_content")
        await pilot.press(key)
        await pilot.pause()
        lang, reveal = ("zh", False) if key == "L" else ("en", True)
        assert (app.lang, app.reveal) == (lang, reveal)
        # (R orders the rows then: kept from ahead for the memory, language.py)
        assert len(ordered) == (0 if key == "L" else 1)
        assert (described, headers) == ([], [])
        screen = dashboard(app)
        assert screen.snapshot is not None
        assert shown_lines(app) == fresh_lines(app)
        log = shown_log(app)
        assert log == expected_log(screen.snapshot, app.workspace, lang)
        assert any("asked" in entry for entry in log) == note_first
        header = screen.query_one(NumbersBar).render().plain
        columns = app.size.width - language_module.HEADER_PADDING
        expected = numbers_bar_content(
            screen.snapshot, lang, reveal, app.workspace.today, width=columns, demo=screen.demo
        )
        assert header == expected.plain


async def test_nothing_is_done_ahead_while_keys_come(
    open_app: Any, demo_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(language_module, "AHEAD_AFTER_QUIET", 1.0)
    ordered = count_calls(monkeypatch, rows_module, "in_order")
    app = open_app(demo_db, lang="en")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        made_at_start = len(ordered)  # the English order of the first frame
        await pilot.press("down")  # before start-up's pause of the collector ends
        await pilot.pause(dashboard_module.GC_RESUME_DELAY + 0.3)
        await pilot.press("up")
        await pilot.pause(0.5)
        assert len(ordered) == made_at_start  # (a second since a key has not passed)
        await pilot.pause(1.2)
        assert len(ordered) == made_at_start + 1  # the order in Chinese, once the user rested
        await pilot.press("L")
        await pilot.pause()
        assert len(ordered) == made_at_start + 1
        assert shown_lines(app) == fresh_lines(app)
