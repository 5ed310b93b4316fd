"""Issue 7 flows through the real dashboard: first run, edit, remove, import preview."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from acctexit.domain.models import StepStatus, Verb
from acctexit.store import Store
from acctexit.tui.screens.account_form import AccountForm
from acctexit.tui.screens.confirm import ConfirmScreen
from acctexit.tui.screens.dashboard import DashboardScreen
from acctexit.tui.screens.import_preview import ImportPreviewScreen
from acctexit.tui.screens.number_form import NumberForm
from acctexit.tui.screens.picker import PlatformPicker
from acctexit.tui.screens.prompt import TextPrompt
from acctexit.tui.screens.welcome import WelcomeScreen
from acctexit.tui.viewmodel import Item
from acctexit.tui.widgets.account_list import AccountList
from acctexit.tui.widgets.step_list import StepList

SIZE = (120, 36)


async def wait_for(pilot: Any, screen_type: type) -> None:
    for _ in range(50):
        if isinstance(pilot.app.screen, screen_type):
            return
        await pilot.pause(0.02)
    raise AssertionError(f"{screen_type.__name__} never appeared; on {pilot.app.screen!r}")


async def test_first_run_from_empty_database_to_a_plan(open_app: Any, tmp_path: Path) -> None:
    db = tmp_path / "new.sqlite3"
    app = open_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, WelcomeScreen)
        await pilot.press("enter")
        await wait_for(pilot, NumberForm)
        await pilot.press(*"138 0000 1234", "enter")
        await wait_for(pilot, PlatformPicker)
        for query in ("alipay", "wechat", "jd.com"):
            await pilot.press(*query)
            await pilot.pause()
            await pilot.press("enter", "space", "slash")
        await pilot.press("ctrl+s")
        for _ in range(3):  # one facts form per chosen account; all facts are optional
            await wait_for(pilot, AccountForm)
            await pilot.press("escape")
        await wait_for(pilot, DashboardScreen)
        await pilot.pause()
        screen = app.screen
        snapshot = screen.snapshot
        assert [n.e164 for n in snapshot.numbers] == ["+8613800001234"]
        assert sorted(a.platform_id for a in snapshot.accounts) == ["alipay", "jd", "wechat"]
        assert set(snapshot.account_risks) == {a.id for a in snapshot.accounts}
        for account in snapshot.accounts:
            assert snapshot.plan.for_account(account.id), account.platform_id
        shown = screen.query_one(AccountList)
        ids = {shown.line_id(i) for i in range(shown.line_count)}
        assert {f"a{a.id}" for a in snapshot.accounts} <= ids


async def test_edit_account_facts_updates_risk(open_app: Any, demo_db: Path) -> None:
    app = open_app(demo_db)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = app.screen
        accounts = screen.query_one(AccountList)
        alipay = next(a for a in screen.snapshot.accounts if a.platform_id == "alipay")
        accounts.select_item(Item(account_id=alipay.id))
        await pilot.pause()
        await pilot.press("e")
        await wait_for(pilot, AccountForm)
        form = app.screen
        field = form.query_one("#bank_cards")
        field.focus()
        await pilot.press("ctrl+u", "end", "ctrl+u", "9", "ctrl+s")
        await wait_for(pilot, DashboardScreen)
        await pilot.pause()
        assert screen.snapshot.account(alipay.id).bank_cards == 9
        assert screen.snapshot.recent_log[0].verb is Verb.ACCOUNT_CHANGED


async def test_remove_asks_first_and_keeps_history(open_app: Any, demo_db: Path) -> None:
    app = open_app(demo_db)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = app.screen
        accounts = screen.query_one(AccountList)
        jd = next(a for a in screen.snapshot.accounts if a.platform_id == "jd")
        accounts.select_item(Item(account_id=jd.id))
        await pilot.pause()
        await pilot.press("d")
        await wait_for(pilot, ConfirmScreen)
        await pilot.press("escape")  # changed their mind: nothing happens
        await wait_for(pilot, DashboardScreen)
        assert screen.snapshot.account(jd.id) is not None
        await pilot.press("d")
        await wait_for(pilot, ConfirmScreen)
        await pilot.press("enter")
        await wait_for(pilot, DashboardScreen)
        await pilot.pause()
        assert screen.snapshot.account(jd.id) is None
    with Store.open(demo_db) as store:
        history = [e for e in store.iter_log() if e.account_id == jd.id]
        assert history[-1].verb is Verb.ACCOUNT_REMOVED
        assert any(e.verb is Verb.DONE for e in history), "earlier progress stays in the log"


async def test_import_preview_rejects_a_bad_file_and_writes_nothing(
    open_app: Any, demo_db: Path, tmp_path: Path
) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text(
        json.dumps({"numbers": [{"number": "12345"}], "accounts": [{"platform": "nope"}]})
    )
    with Store.open(demo_db) as store:
        rows_before = store.log_count()
    app = open_app(demo_db)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("i")
        await wait_for(pilot, TextPrompt)
        await pilot.press(*str(bad), "enter")
        await wait_for(pilot, ImportPreviewScreen)
        preview = app.screen.preview
        assert preview.problems and not preview.ok
        await pilot.press("enter")
        await wait_for(pilot, DashboardScreen)
    with Store.open(demo_db) as store:
        assert store.log_count() == rows_before


async def test_import_preview_then_import_adds_the_accounts(
    open_app: Any, tmp_path: Path, demo_db: Path
) -> None:
    from acctexit.store.exchange import export_json_text

    with Store.open(demo_db) as store:
        exported = tmp_path / "export.json"
        exported.write_text(export_json_text(store))
        expected = len(store.accounts())
    app = open_app(tmp_path / "fresh.sqlite3")
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, WelcomeScreen)
        await pilot.press("escape")
        await wait_for(pilot, DashboardScreen)
        await pilot.press("i")
        await wait_for(pilot, TextPrompt)
        await pilot.press(*str(exported), "enter")
        await wait_for(pilot, ImportPreviewScreen)
        assert len(app.screen.preview.accounts) == expected
        await pilot.press("enter")
        await wait_for(pilot, DashboardScreen)
        await pilot.pause()
        assert len(app.screen.snapshot.accounts) == expected
        assert any(s is StepStatus.DONE for s in app.screen.snapshot.states.values())
        assert app.screen.query_one(StepList).steps
