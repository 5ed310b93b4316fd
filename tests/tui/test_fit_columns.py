"""What the dashboard shows fits the terminal at 120, 100 and 80 columns in both
languages, and numbers are never cut in half (issue 23): the header shortens step by
step, the account list's level column fits its longest word, and a number's own rows
keep the whole (masked) number."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from rich.cells import cell_len

from acctexit.catalog import load_catalog
from acctexit.domain.deadlines import reissue_deadline
from acctexit.domain.models import Lang, NumberState, RiskLevel
from acctexit.domain.phone import mask_number
from acctexit.i18n import translate
from acctexit.store import Store
from acctexit.tui.app import build_app
from acctexit.tui.render import level_word
from acctexit.tui.screens.dashboard import DashboardScreen
from acctexit.tui.widgets.account_list import AccountList
from acctexit.tui.widgets.numbers_bar import NumbersBar

SIZES = [(120, 40), (100, 30), (80, 24)]


def dashboard(app: Any) -> DashboardScreen:
    screen = app.screen
    assert isinstance(screen, DashboardScreen)
    return screen


def header_text(screen: DashboardScreen) -> tuple[str, int]:
    """The header's one line and the cells it has (one must not wrap onto a hidden
    second line)."""
    bar = screen.query_one(NumbersBar)
    return bar.render().plain, bar.content_region.width  # type: ignore[union-attr]


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
async def test_the_demo_header_fits_with_every_number_and_the_progress(
    demo_db: Path, today: date, clock: Callable[[], datetime], lang: Lang, size: tuple[int, int]
) -> None:
    with Store.open(demo_db, clock=clock) as store:
        app = build_app(store=store, catalog=load_catalog(), lang=lang, today=today, demo=True)
        async with app.run_test(size=size) as pilot:
            await pilot.pause()
            screen = dashboard(app)
            text, cells = header_text(screen)
            assert cell_len(text) <= cells, text
            snapshot = screen.snapshot
            assert snapshot is not None
            progress = snapshot.plan.progress()
            assert text.rstrip().endswith(f" {progress.done + progress.skipped}/{progress.total}")
            for number in snapshot.numbers:
                assert mask_number(number.e164) in text
            # The demo's first number is being given up: its next countdown always shows,
            # and from 100 columns its re-issue countdown too.
            given_up = snapshot.numbers[0]
            assert given_up.state is NumberState.WILL_CANCEL
            assert given_up.cancel_date is not None
            cancel_in = (given_up.cancel_date - today).days
            assert translate("header_cancel_in", lang, days=cancel_in) in text
            reissue = reissue_deadline(given_up, today)
            assert reissue is not None
            reissue_in = translate("header_reissue_in", lang, days=reissue.days_left)
            assert (reissue_in in text) is (size[0] >= 100)


@pytest.mark.parametrize("lang", ["zh", "en"])
async def test_a_header_with_many_numbers_gives_way_whole_numbers_not_digits(
    demo_db: Path, today: date, clock: Callable[[], datetime], lang: Lang
) -> None:
    with Store.open(demo_db, clock=clock) as store:
        for i in range(5):
            store.add_number(
                f"1370000{i:04d}", state=NumberState.WILL_CANCEL, cancel_date=date(2027, 1, 1)
            )
        app = build_app(store=store, catalog=load_catalog(), lang=lang, today=today)
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            screen = dashboard(app)
            text, cells = header_text(screen)
            assert cell_len(text) <= cells, text
            numbers = screen.snapshot.numbers  # type: ignore[union-attr]
            masked = [mask_number(n.e164) for n in numbers]
            shown = [m for m in masked if m in text]
            assert shown == masked[: len(shown)] and shown  # the first ones, each whole
            hidden = len(masked) - len(shown)
            assert hidden > 0
            assert translate("header_more_numbers", lang, n=hidden) in text
            # No number is there in part: each masked number's first digits appear only
            # as often as whole numbers do.
            assert text.count("****") == len(shown)
            progress = screen.snapshot.plan.progress()  # type: ignore[union-attr]
            assert text.rstrip().endswith(f"{progress.done + progress.skipped}/{progress.total}")


def add_critical_account(db: Path, clock: Callable[[], datetime]) -> None:
    """A payment account with money, cards and password-free payments on a number
    already cancelled: CRITICAL, the longest level word in English."""
    with Store.open(db, clock=clock) as store:
        number = store.add_number(
            "13812340000", state=NumberState.CANCELLED, cancel_date=date(2026, 10, 1)
        )
        store.add_account("alipay", number.id, balance=500, bank_cards=3, password_free=True)


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("size", [(120, 40), (80, 24)], ids=["120x40", "80x24"])
async def test_account_rows_fit_with_the_whole_badge_and_aligned_progress(
    demo_db: Path, open_app: Any, clock: Callable[[], datetime], lang: Lang, size: tuple[int, int]
) -> None:
    add_critical_account(demo_db, clock)
    app = open_app(demo_db, lang)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        accounts = dashboard(app).query_one(AccountList)
        cells = accounts.scrollable_content_region.width
        levels = set()
        ends = set()
        for n in range(accounts.line_count):
            row = accounts.line_row(n)
            if row is None:
                continue  # a phase heading
            text = accounts.line_text(n)
            assert cell_len(text) <= cells, text
            progress = f"{row.done}/{row.total}"
            assert text.rstrip().endswith(progress), text
            ends.add(cell_len(text.rstrip()))
            if row.level is not None:
                levels.add(row.level)
                assert f" {level_word(row.level, lang)} " in text, text
        assert RiskLevel.CRITICAL in levels
        assert len(ends) == 1  # the progress column is aligned


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("size", [(120, 40), (80, 24)], ids=["120x40", "80x24"])
async def test_a_numbers_own_rows_show_the_whole_masked_number(
    demo_db: Path, open_app: Any, lang: Lang, size: tuple[int, int]
) -> None:
    app = open_app(demo_db, lang)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        screen = dashboard(app)
        accounts = screen.query_one(AccountList)
        cells = accounts.scrollable_content_region.width
        seen = 0
        for n in range(accounts.line_count):
            row = accounts.line_row(n)
            if row is None or row.item.account_id is not None:
                continue  # a heading or an account
            item = row.item
            number = screen.snapshot.number(item.number_id)  # type: ignore[union-attr,arg-type]
            assert number is not None
            text = accounts.line_text(n)
            assert mask_number(number.e164) in text, text
            assert cell_len(text) <= cells
            seen += 1
        assert seen >= 1
