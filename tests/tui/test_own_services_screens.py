"""Issue 18 through the real dashboard: an own service from the picker, labels and
"#2" in the account list, moving an account to another number."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from acctexit.domain.models import Category, PhoneRole, Verb
from acctexit.store import Store
from acctexit.tui.screens.account_form import AccountForm
from acctexit.tui.screens.choose_number import ChooseNumberScreen
from acctexit.tui.screens.dashboard import DashboardScreen
from acctexit.tui.screens.own_service_form import OwnServiceForm
from acctexit.tui.screens.picker import PlatformPicker
from acctexit.tui.viewmodel import Item
from acctexit.tui.widgets.account_list import AccountList
from acctexit.tui.widgets.step_list import StepList

SIZE = (120, 36)


async def wait_for(pilot: Any, screen_type: type) -> None:
    for _ in range(100):
        if isinstance(pilot.app.screen, screen_type):
            return
        await pilot.pause(0.02)
    raise AssertionError(f"{screen_type.__name__} never appeared; on {pilot.app.screen!r}")


def _list_lines(screen: Any) -> list[str]:
    shown = screen.query_one(AccountList)
    return [shown.line_text(i) for i in range(shown.line_count)]


def _two_numbers(path: Path) -> tuple[int, int]:
    with Store.open(path) as store:
        a = store.add_number("13800001234")
        b = store.add_number("13900005678", label="kept")
        store.add_account("wechat", a.id)
        return a.id, b.id


async def test_a_search_with_no_match_adds_an_own_service(open_app: Any, tmp_path: Path) -> None:
    db = tmp_path / "own.sqlite3"
    first, _ = _two_numbers(db)
    app = open_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, DashboardScreen)
        await pilot.pause()
        await pilot.press("a")
        await wait_for(pilot, PlatformPicker)
        await pilot.press(*"宁波银行")
        await pilot.pause()
        await pilot.press("enter", "enter")  # into the list, onto the offer, take it
        await wait_for(pilot, OwnServiceForm)
        form = app.screen
        assert form.query_one("#name").value == "宁波银行"  # prefilled with the search
        form.query_one("#category").value = Category.FINANCE.value
        form.query_one("#role-reset").value = True
        form.query_one("#holds_funds").value = True
        form.query_one("#label").value = "尾号 1234"
        form.query_one("#name").focus()
        await pilot.press("ctrl+s")
        await wait_for(pilot, DashboardScreen)
        await pilot.pause()
        screen = app.screen
        own = [a for a in screen.snapshot.accounts if a.platform_id.startswith("own:")]
        assert len(own) == 1 and own[0].number_id == first and own[0].label == "尾号 1234"
        platform = screen.workspace.platform(own[0].platform_id)
        assert platform is not None and platform.category is Category.FINANCE
        assert screen.snapshot.plan.for_account(own[0].id)  # it is in the plan
        assert any("宁波银行 (尾号 1234)" in line for line in _list_lines(screen))
    with Store.open(db) as store:
        (service,) = store.own_services()
        assert service.phone_use == (PhoneRole.LOGIN, PhoneRole.RESET)
        assert service.holds_funds
        assert Verb.OWN_SERVICE_ADDED in {e.verb for e in store.iter_log()}
        assert store.verify().ok


async def test_an_own_service_with_an_empty_name_is_refused_in_the_form(
    open_app: Any, tmp_path: Path
) -> None:
    db = tmp_path / "own.sqlite3"
    _two_numbers(db)
    app = open_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, DashboardScreen)
        await pilot.press("a")
        await wait_for(pilot, PlatformPicker)
        await pilot.press(*"zzqq", "enter", "enter")
        await wait_for(pilot, OwnServiceForm)
        await pilot.press("ctrl+u", "end", "ctrl+u", "ctrl+s")  # emptied the name
        await pilot.pause()
        assert isinstance(app.screen, OwnServiceForm)  # still open
        error = str(app.screen.query_one("#name-error").render())
        assert "Required" in error
        await pilot.press("escape")
        await wait_for(pilot, DashboardScreen)
    with Store.open(db) as store:
        assert store.own_services() == []


async def test_labels_and_numbering_in_the_list_and_steps_title(
    open_app: Any, tmp_path: Path
) -> None:
    db = tmp_path / "labels.sqlite3"
    with Store.open(db) as store:
        n = store.add_number("13800001234")
        store.add_account("wechat", n.id)
        second = store.add_account("wechat", n.id)
        store.add_account("wechat", n.id, label="work")
    app = open_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, DashboardScreen)
        await pilot.pause()
        lines = _list_lines(app.screen)
        assert any("WeChat #2" in line for line in lines)
        assert any("WeChat (work)" in line for line in lines)  # as the report names it
        assert not any("#3" in line for line in lines)  # the labelled one is not numbered
        app.screen.query_one(AccountList).select_item(Item(account_id=second.id))
        await pilot.pause()
        app.screen.flush_pending()  # the side panes follow the cursor after a pause
        await pilot.pause()
        assert "WeChat #2" in str(app.screen.query_one(StepList).border_title)


async def test_moving_an_account_to_another_number(open_app: Any, tmp_path: Path) -> None:
    db = tmp_path / "move.sqlite3"
    first, kept = _two_numbers(db)
    app = open_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, DashboardScreen)
        await pilot.pause()
        screen = app.screen
        (wechat,) = screen.snapshot.accounts
        screen.query_one(AccountList).select_item(Item(account_id=wechat.id))
        await pilot.pause()
        await pilot.press("m")
        await wait_for(pilot, ChooseNumberScreen)
        await pilot.press("enter")  # the only other number
        await wait_for(pilot, DashboardScreen)
        await pilot.pause()
        assert screen.snapshot.account(wechat.id).number_id == kept
        assert screen.snapshot.per_number() == {first: (0, 0), kept: (1, 0)}
    with Store.open(db) as store:
        moved = [e for e in store.iter_log() if e.verb is Verb.ACCOUNT_MOVED]
        assert [(e.account_id, e.number_id) for e in moved] == [(wechat.id, kept)]
        assert store.verify().ok


async def test_the_picker_lets_a_listed_platform_be_added_again(
    open_app: Any, tmp_path: Path
) -> None:
    db = tmp_path / "again.sqlite3"
    _two_numbers(db)
    app = open_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, DashboardScreen)
        await pilot.press("a")
        await wait_for(pilot, PlatformPicker)
        await pilot.press(*"wechat", "enter", "enter")
        await wait_for(pilot, AccountForm)
        await pilot.press("escape")
        await wait_for(pilot, DashboardScreen)
        await pilot.pause()
        assert [a.platform_id for a in app.screen.snapshot.accounts] == ["wechat", "wechat"]
