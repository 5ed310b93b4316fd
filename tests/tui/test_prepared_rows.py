"""L re-orders the rows already built (they carry both languages' names): it builds
none, after start, after a form's save or after a tick, and what it shows is what
building the rows for that language would show."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from dashboard_probe import dashboard

from acctexit.tui import rows as rows_module
from acctexit.tui.app import AcctExitApp
from acctexit.tui.rows import in_order, row_set
from acctexit.tui.screens.dashboard import screen as dashboard_module
from acctexit.tui.viewmodel import Listing
from acctexit.tui.widgets.account_list import AccountList

SIZE = (120, 36)


def shown_lines(app: AcctExitApp) -> list[object]:
    accounts = dashboard(app).query_one(AccountList)
    return [accounts.line_row(n) or accounts.line_id(n) for n in range(accounts.line_count)]


def fresh_lines(app: AcctExitApp) -> list[object]:
    """The lines of rows built now for the screen's snapshot, language and masking."""
    screen = dashboard(app)
    assert screen.snapshot is not None
    # (row_set as imported here: the tests count the row cache's calls of the module's)
    made, names = row_set(screen.snapshot, app.workspace, screen.lang, screen.reveal)
    lines, _ = Listing(in_order(made, names)).lines("")
    return [line if not isinstance(line, str) else None for line in lines]


async def test_l_after_start_shows_the_rows_it_would_build(open_app: Any, demo_db: Path) -> None:
    app = open_app(demo_db, lang="en")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause(dashboard_module.GC_RESUME_DELAY + 0.1)  # after the first frame
        await pilot.press("L")
        await pilot.pause()
        assert app.lang == "zh"
        assert shown_lines(app) == fresh_lines(app)


def count_builds(monkeypatch: pytest.MonkeyPatch) -> list[object]:
    """The row sets the dashboard's row cache builds from now on."""
    built: list[object] = []

    def counting(*args: Any) -> Any:
        built.append(args)
        return row_set(*args)

    monkeypatch.setattr(rows_module, "row_set", counting)
    return built


async def l_builds_nothing(app: AcctExitApp, pilot: Any, built: list[object]) -> None:
    """L switches to Chinese without building rows, showing what building them would."""
    await pilot.press("L")
    await pilot.pause()
    assert app.lang == "zh"
    assert built == []
    assert shown_lines(app) == fresh_lines(app)


async def test_l_after_start_builds_no_rows(
    open_app: Any, demo_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = open_app(demo_db, lang="en")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause(dashboard_module.GC_RESUME_DELAY + 0.1)
        await l_builds_nothing(app, pilot, count_builds(monkeypatch))


async def test_l_after_a_form_builds_no_rows(
    open_app: Any, demo_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A form's save re-reads everything at once (no recompute); L builds nothing."""
    app = open_app(demo_db, lang="en")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause(dashboard_module.GC_RESUME_DELAY + 0.1)
        screen = dashboard(app)
        before = screen.snapshot
        screen.refresh_data()  # what every form's save ends with (tui/screens/flows.py)
        assert screen.snapshot is not before
        await pilot.pause()
        await l_builds_nothing(app, pilot, count_builds(monkeypatch))


async def test_l_after_a_tick_shows_the_ticked_rows(open_app: Any, demo_db: Path) -> None:
    app = open_app(demo_db, lang="en")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause(dashboard_module.GC_RESUME_DELAY + 0.1)
        accounts = dashboard(app).query_one(AccountList)
        item = accounts.current_item
        assert item is not None
        before = accounts.row(item)
        await pilot.press("enter", "space")  # tick the first open step
        await pilot.pause(dashboard_module.RECOMPUTE_DELAY + 0.05)
        await app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.press("escape", "L")
        await pilot.pause()
        assert app.lang == "zh"
        after = accounts.row(item)
        assert before is not None and after is not None
        assert after.done == before.done + 1  # the tick, in the other language's rows
        assert shown_lines(app) == fresh_lines(app)


async def test_r_builds_no_rows_and_shows_what_building_them_would(
    open_app: Any, demo_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """R makes only the numbers' rows again (the accounts' rows show no number)."""
    app = open_app(demo_db, lang="en")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause(dashboard_module.GC_RESUME_DELAY + 0.1)
        built = count_builds(monkeypatch)
        for key in ("R", "L", "R", "L"):
            await pilot.press(key)
            await pilot.pause()
            assert shown_lines(app) == fresh_lines(app)
        assert built == []
        await pilot.press("R")
        await pilot.pause()
        assert app.reveal
        snapshot = dashboard(app).snapshot
        assert snapshot is not None
        shown = " ".join(
            str(line.name.get(app.lang))
            for line in map(dashboard(app).query_one(AccountList).line_row, range(3))
            if line
        )
        assert snapshot.numbers[0].e164 in shown
