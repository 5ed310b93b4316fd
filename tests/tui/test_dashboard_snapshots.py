"""SVG snapshots of the dashboard's main states: demo data, fixed clock, fixed size.

Plain `def` tests: `snap_compare` runs its own event loop. Update deliberately with
`pytest --snapshot-update` and look at the SVGs before committing them.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest

from acctexit.catalog import load_catalog
from acctexit.domain.models import Lang
from acctexit.store import Store
from acctexit.tui.app import AcctExitApp, build_app


@pytest.fixture
def utc(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Log times are shown in local time; pin the zone so snapshots match anywhere."""
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


@pytest.fixture
def make_app(
    demo_in: Callable[[Lang], Path], today: date, clock: Callable[[], datetime], utc: None
) -> Iterator[Any]:
    stores: list[Store] = []

    def factory(lang: Lang) -> AcctExitApp:
        store = Store.open(demo_in(lang), clock=clock)
        stores.append(store)
        return build_app(store=store, catalog=load_catalog(), lang=lang, today=today)

    yield factory
    for store in stores:
        store.close()


def test_dashboard_zh(snap_compare: Any, make_app: Any) -> None:
    assert snap_compare(make_app("zh"), terminal_size=(120, 36))


def test_dashboard_en(snap_compare: Any, make_app: Any) -> None:
    assert snap_compare(make_app("en"), terminal_size=(120, 36))


def test_steps_of_a_finance_account_en(snap_compare: Any, make_app: Any) -> None:
    assert snap_compare(make_app("en"), terminal_size=(120, 36), press=["down", "down", "enter"])


def test_narrow_terminal_zh(snap_compare: Any, make_app: Any) -> None:
    async def move_and_rest(pilot: Any) -> None:
        await pilot.press("down", "down")
        await pilot.pause(0.3)  # the side panes follow the cursor once it rests

    assert snap_compare(make_app("zh"), terminal_size=(80, 24), run_before=move_and_rest)


def test_help_for_the_steps_pane_en(snap_compare: Any, make_app: Any) -> None:
    assert snap_compare(make_app("en"), terminal_size=(120, 36), press=["enter", "question_mark"])
