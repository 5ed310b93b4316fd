"""Issue 18 through the real dashboard: `o` edits the selected account's own service
(the form opens prefilled), `w` edits its steps (add, reword, move, remove)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from notices import notices
from textual.widgets import OptionList

from acctexit.domain.models import Category, PhoneRole
from acctexit.store import Store
from acctexit.tui.screens.dashboard import DashboardScreen
from acctexit.tui.screens.own_service_form import OwnServiceForm
from acctexit.tui.screens.own_steps import OwnStepForm, OwnStepsScreen
from acctexit.tui.viewmodel import Item
from acctexit.tui.widgets.account_list import AccountList
from acctexit.tui.widgets.log_view import LogView

SIZE = (120, 36)


async def wait_for(pilot: Any, screen_type: type) -> None:
    for _ in range(100):
        if isinstance(pilot.app.screen, screen_type):
            return
        await pilot.pause(0.02)
    raise AssertionError(f"{screen_type.__name__} never appeared; on {pilot.app.screen!r}")


def _own_account(path: Path) -> tuple[int, int]:
    with Store.open(path) as store:
        n = store.add_number("13800001234")
        bank = store.add_own_service("宁波银行", "finance", phone_use="reset", holds_funds=True)
        account = store.add_account(f"own:{bank.id}", n.id, label="尾号 1234")
        return bank.id, account.id


async def _select(pilot: Any, account_id: int) -> None:
    await wait_for(pilot, DashboardScreen)
    await pilot.pause()
    pilot.app.screen.query_one(AccountList).select_item(Item(account_id=account_id))
    await pilot.pause()


async def test_o_opens_the_own_service_form_prefilled_and_saves(
    open_app: Any, tmp_path: Path
) -> None:
    db = tmp_path / "edit.sqlite3"
    service_id, account_id = _own_account(db)
    app = open_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await _select(pilot, account_id)
        await pilot.press("o")
        await wait_for(pilot, OwnServiceForm)
        form = app.screen
        assert form.query_one("#name").value == "宁波银行"
        assert form.query_one("#category").value == Category.FINANCE.value
        assert form.query_one("#role-reset").value is True
        assert form.query_one("#role-login").value is False
        assert form.query_one("#holds_funds").value is True
        assert len(form.query("Input#label")) == 0  # a label is the account's, not the service's
        form.query_one("#name").value = "宁波银行（信用卡）"
        form.query_one("#role-login").value = True
        await pilot.press("ctrl+s")
        await wait_for(pilot, DashboardScreen)
        await pilot.pause()
    with Store.open(db) as store:
        service = store.own_service(service_id)
        assert service.name == "宁波银行（信用卡）"
        assert service.phone_use == (PhoneRole.LOGIN, PhoneRole.RESET)
        assert store.accounts()[0].label == "尾号 1234"  # the account is untouched


async def test_o_on_a_catalog_account_changes_nothing(open_app: Any, tmp_path: Path) -> None:
    db = tmp_path / "catalog.sqlite3"
    with Store.open(db) as store:
        n = store.add_number("13800001234")
        wechat = store.add_account("wechat", n.id)
        before = store.log_count()
    app = open_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await _select(pilot, wechat.id)
        await pilot.press("o")
        await pilot.pause()
        assert isinstance(app.screen, DashboardScreen)
        await pilot.press("w")
        await pilot.pause()
        assert isinstance(app.screen, DashboardScreen)
    with Store.open(db) as store:
        assert store.log_count() == before


async def _type_step(pilot: Any, title: str, detail: str = "") -> None:
    await wait_for(pilot, OwnStepForm)
    pilot.app.screen.query_one("#title").value = title
    pilot.app.screen.query_one("#detail").value = detail
    await pilot.press("ctrl+s")
    await wait_for(pilot, OwnStepsScreen)


async def test_w_adds_rewords_moves_and_removes_steps(open_app: Any, tmp_path: Path) -> None:
    db = tmp_path / "steps.sqlite3"
    service_id, account_id = _own_account(db)
    app = open_app(db)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await _select(pilot, account_id)
        await pilot.press("w")
        await wait_for(pilot, OwnStepsScreen)
        await pilot.press("a")
        await _type_step(pilot, "下载流水", "近一年")
        await pilot.press("a")
        await _type_step(pilot, "取消代扣")
        # the cursor is on the new step: move it above the first one
        options = app.screen.query_one(OptionList)
        assert app.screen.rows[options.highlighted].words == "取消代扣"
        await pilot.press("K")
        await wait_for(pilot, OwnStepsScreen)
        # reword the generic rebind step
        rows = app.screen.rows
        app.screen.query_one(OptionList).highlighted = [r.id for r in rows].index("rebind-phone")
        await pilot.press("e")
        await _type_step(pilot, "在网银里改手机号")
        # an empty title is refused in the form
        await pilot.press("a")
        await wait_for(pilot, OwnStepForm)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, OwnStepForm)
        assert str(app.screen.query_one("#title-error").render()).strip()
        await pilot.press("escape")
        await wait_for(pilot, OwnStepsScreen)
        rows = app.screen.rows
        words = [r.words for r in rows]
        assert words.index("取消代扣") < words.index("下载流水: 近一年")
        assert "在网银里改手机号" in words
        # remove the first own step
        app.screen.query_one(OptionList).highlighted = words.index("取消代扣")
        await pilot.press("d")
        await wait_for(pilot, OwnStepsScreen)
        assert "取消代扣" not in [r.words for r in app.screen.rows]
        # a generic step in its own words cannot be removed: nothing changes
        before = [r.words for r in app.screen.rows]
        app.screen.query_one(OptionList).highlighted = len(before) - 1  # closing
        await pilot.press("d")
        await wait_for(pilot, OwnStepsScreen)
        await pilot.pause()
        assert [r.words for r in app.screen.rows] == before
        await pilot.pause()
        assert any("cannot be removed" in notice for notice in notices(app))
        await pilot.press("escape")
        await wait_for(pilot, DashboardScreen)
        await pilot.pause()
        log = app.screen.query_one(LogView)
        assert "own step removed 宁波银行 · 取消代扣" in log.entry_text(0)
        assert any("在网银里改手机号" in log.entry_text(i) for i in range(1, 5))
    with Store.open(db) as store:
        service = store.own_service(service_id)
        assert [(s.title, s.detail) for s in service.steps] == [("下载流水", "近一年")]
        assert [(e.id, e.title) for e in service.edits] == [("rebind-phone", "在网银里改手机号")]
        assert store.verify().ok
