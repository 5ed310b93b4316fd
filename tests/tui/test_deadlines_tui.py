"""The deadlines on the dashboard: both countdowns in the header and the risk pane,
"do by" on the steps, and the calendar export by key and from the command palette.

SVG snapshots at three dates (before the cancel date, between the two dates, after
the re-issue date), in both languages, on the demo data (its number is cancelled on
2026-12-20 and may be re-issued from 2027-03-20). Update deliberately with
`pytest --snapshot-update` and look at the SVGs before committing them.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from icalendar import Calendar

from acctexit.catalog import load_catalog
from acctexit.domain.models import Lang
from acctexit.store import Store
from acctexit.tui.app import AcctExitApp, build_app
from acctexit.tui.widgets.numbers_bar import NumbersBar
from acctexit.tui.widgets.risk_view import RiskView
from acctexit.tui.widgets.step_list import StepList

SIZE = (120, 36)
BEFORE, BETWEEN, AFTER = date(2026, 12, 12), date(2027, 1, 15), date(2027, 4, 1)
TO_SOCIAL = ["down"] * 7 + ["enter"]  # a social account (Douyin): a rebind and a deregistration


@pytest.fixture
def utc(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


@pytest.fixture
def app_on(
    demo_in: Callable[[Lang], Path], clock: Callable[[], datetime], utc: None
) -> Iterator[Any]:
    stores: list[Store] = []

    def factory(today: date, lang: Lang = "en") -> AcctExitApp:
        store = Store.open(demo_in(lang), clock=clock)
        stores.append(store)
        return build_app(store=store, catalog=load_catalog(), lang=lang, today=today)

    yield factory
    for store in stores:
        store.close()


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("today", [BEFORE, BETWEEN, AFTER], ids=["before", "between", "after"])
def test_deadlines_snapshot(snap_compare: Any, app_on: Any, today: date, lang: Lang) -> None:
    assert snap_compare(app_on(today, lang), terminal_size=SIZE, press=TO_SOCIAL)


def _text(widget: Any) -> str:
    return str(widget.render())


async def _shown(app: AcctExitApp) -> tuple[str, str, str]:
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press(*TO_SOCIAL)
        await pilot.pause(0.3)
        screen = app.screen
        header = _text(screen.query_one(NumbersBar))
        risk = screen.query_one(RiskView).text
        steps = screen.query_one(StepList)
        lines = "\n".join(steps.item_text(i) for i in range(len(steps.steps)))
        return header, risk, lines


@pytest.mark.parametrize(
    ("today", "header", "risk", "do_by"),
    [
        (BEFORE, "codes stop in 8 days · re-issue in 98 days",
         "stops receiving codes in 8 days (2026-12-20)", "do by 2026-12-20\n"),
        (BETWEEN, "no more codes · re-issue in 64 days",
         "has not received codes since 2026-12-20 (26 days ago)",
         "do by 2026-12-20: no longer fits"),
        (AFTER, "exposed now", "exposed now: may have been re-issued since 2027-03-20",
         "do by 2026-12-20: no longer fits"),
    ],
)  # fmt: skip
async def test_countdowns_and_do_by_follow_today(
    app_on: Any, today: date, header: str, risk: str, do_by: str
) -> None:
    shown_header, shown_risk, steps = await _shown(app_on(today))
    assert header in shown_header
    assert risk in shown_risk
    assert do_by in steps + "\n"


async def test_c_writes_the_deadlines_calendar(
    app_on: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HOME", str(tmp_path))  # no Documents folder: the home folder
    for var in ("XDG_CONFIG_HOME", "XDG_DOCUMENTS_DIR"):
        monkeypatch.delenv(var, raising=False)
    app = app_on(BEFORE)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("c")
        await app.workers.wait_for_complete()
        await pilot.pause()
    path = tmp_path / "acctexit-deadlines-2026-12-12.ics"
    cal = Calendar.from_ical(path.read_bytes())
    uids = {str(e["UID"]) for e in cal.walk("VEVENT")}
    assert {"cancel-n1@acctexit-tui", "reissue-n1@acctexit-tui"} <= uids
    assert any(uid.startswith("do-by-a") for uid in uids)


async def test_the_palette_offers_the_calendar(
    app_on: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HOME", str(tmp_path))
    for var in ("XDG_CONFIG_HOME", "XDG_DOCUMENTS_DIR"):
        monkeypatch.delenv(var, raising=False)
    app = app_on(BEFORE, "zh")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        command = next(c for c in app.get_system_commands(app.screen) if c.title == "日历")
        result = command.callback()
        if result is not None:
            await result
        await app.workers.wait_for_complete()
        await pilot.pause()
    text = (tmp_path / "acctexit-deadlines-2026-12-12.ics").read_text(encoding="utf-8")
    assert "起收不到验证码" in text.replace("\r\n ", "")
