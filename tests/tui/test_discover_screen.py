"""The discover screen (f, the palette), the report key (p), and reconcile's discovered
total, driven by key presses on a real app and database.

The backup is the generated one of tests/unit/discover_samples.py, read with that
module's test catalog (the shipped catalog may not carry SMS signatures yet), so the
expected platforms come from the generator, not from constants.
"""

from __future__ import annotations

import importlib.util
import sys
from collections.abc import Callable, Iterator
from datetime import date, datetime
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from textual import events
from textual.command import CommandList
from textual.widgets import Button, Input, SelectionList, Static

from acctexit.domain.models import Lang, NumberState, Verb
from acctexit.i18n import translate
from acctexit.store import Store
from acctexit.tui.app import AcctExitApp, build_app
from acctexit.tui.screens.dashboard import DashboardScreen
from acctexit.tui.screens.discover import DiscoverScreen
from acctexit.tui.screens.reconcile import ReconcileScreen

SIZE = (120, 40)
NUMBER = "+8613800001234"


def _samples() -> ModuleType:
    """tests/unit/discover_samples.py (the unit tests' folder is not on the path here)."""
    name = "discover_samples"
    if name in sys.modules:
        return sys.modules[name]
    path = Path(__file__).parents[1] / "unit" / "discover_samples.py"
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


samples = _samples()


@pytest.fixture
def one_number(
    tmp_path: Path, clock: Callable[[], datetime], today: date
) -> Iterator[Callable[[Lang], tuple[AcctExitApp, Store]]]:
    """An app on a database holding one number and no accounts, with the test catalog."""
    stores: list[Store] = []

    def factory(lang: Lang = "en") -> tuple[AcctExitApp, Store]:
        store = Store.open(tmp_path / "db.sqlite3", clock=clock)
        stores.append(store)
        store.add_number(NUMBER, state=NumberState.KEPT)
        app = build_app(store=store, catalog=samples.sample_catalog(), lang=lang, today=today)
        return app, store

    yield factory
    for store in stores:
        store.close()


def text_of(screen: Any, selector: str) -> str:
    return str(screen.query_one(selector, Static).render())


async def read_path(pilot: Any, path: Path | str) -> None:
    """Type a path into the discover screen and wait for the worker to read it."""
    field = pilot.app.screen.query_one("#discover-path", Input)
    field.focus()
    field.value = str(path)
    await pilot.press("enter")
    # Only the screen's reader: the flow that opened the dialog is a worker too, and
    # it is waiting for the dialog to close.
    for worker in [w for w in pilot.app.workers if w.group == "discover"]:
        await worker.wait()
    await pilot.pause()


async def test_discover_adds_the_two_ticked_platforms_in_one_logged_transaction(
    one_number: Any, tmp_path: Path
) -> None:
    backup = samples.make_backup()
    file = samples.write(tmp_path / "sms.xml", samples.backup_xml(backup))
    expected = sorted(backup.platforms)  # the new catalog matches, in the screen's order
    keep = expected[:2]
    app, store = one_number("en")
    log_before = len(list(store.iter_log()))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("f")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, DiscoverScreen)
        await read_path(pilot, file)
        checklist = screen.query_one("#discover-found", SelectionList)
        # Every new match is offered, all ticked, with its evidence.
        offered = [checklist.get_option_at_index(i).value for i in range(checklist.option_count)]
        assert offered == expected
        assert sorted(checklist.selected) == expected
        jd = backup.platforms["jd"]
        jd_line = str(checklist.get_option_at_index(expected.index("jd")).prompt)
        assert f"{jd.messages} messages ({jd.codes} with codes)" in jd_line
        assert f"{jd.first.isoformat()} to {jd.last.isoformat()}" in jd_line
        assert "high confidence" in jd_line
        # Ambiguous signatures and unknown senders are shown, not offered.
        others = text_of(screen, "#discover-others")
        assert "腾讯科技" in others and "停车宝" in others
        assert backup.secret not in others + jd_line
        # Untick all but the first two, by keys.
        checklist.focus()
        await pilot.press("home", "down", "down")
        for _ in expected[2:]:
            await pilot.press("space", "down")
        await pilot.pause()
        assert sorted(checklist.selected) == keep
        assert "(2)" in str(screen.query_one("#add", Button).label)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, DashboardScreen)
        # The dashboard shows them at once.
        shown = {a.platform_id for a in app.screen.snapshot.accounts}  # type: ignore[union-attr]
        assert shown == set(keep)
    assert sorted(a.platform_id for a in store.accounts()) == keep
    new_entries = list(store.iter_log())[log_before:]
    assert [e.verb for e in new_entries].count(Verb.ACCOUNT_ADDED) == 2
    imported = [e for e in new_entries if e.verb is Verb.IMPORTED]
    assert len(imported) == 1 and "discover" in imported[0].detail
    assert store.verify().ok


async def test_a_bad_file_shows_one_line_and_adds_nothing(one_number: Any, tmp_path: Path) -> None:
    bad = tmp_path / "[b]not-a-backup[red].xml"
    bad.write_text("<html><body>nope</body></html>", encoding="utf-8")
    app, store = one_number("en")
    log_before = len(list(store.iter_log()))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("f")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, DiscoverScreen)
        await read_path(pilot, bad)
        error = text_of(screen, "#discover-error")
        # One line, naming the file literally (its brackets are not markup).
        assert "\n" not in error.strip()
        assert "[b]not-a-backup[red].xml" in error and "<smses>" in error
        assert screen.query_one("#add", Button).disabled
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is screen  # nothing to add: the dialog stays
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, DashboardScreen)
    assert store.accounts() == []
    assert len(list(store.iter_log())) == log_before


async def test_a_bad_file_after_a_good_one_keeps_the_findings(
    one_number: Any, tmp_path: Path
) -> None:
    good = samples.write(tmp_path / "chrome.csv", samples.chrome_csv())
    app, _ = one_number("zh")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("f")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, DiscoverScreen)
        await read_path(pilot, good)
        checklist = screen.query_one("#discover-found", SelectionList)
        before = list(checklist.selected)
        assert before
        await read_path(pilot, tmp_path / "missing.xml")
        assert "missing.xml：文件不存在。" in text_of(screen, "#discover-error")
        assert list(checklist.selected) == before
        assert screen.paths == [good]


async def test_a_paste_of_several_lines_reads_every_file(one_number: Any, tmp_path: Path) -> None:
    backup = samples.make_backup()
    sms = samples.write(tmp_path / "sms.xml", samples.backup_xml(backup))
    logins = samples.write(tmp_path / "chrome.csv", samples.chrome_csv())
    app, _ = one_number("en")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("f")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, DiscoverScreen)
        field = screen.query_one("#discover-path", Input)
        field.focus()
        field.post_message(events.Paste(f"{sms}\n'{logins}'\n"))
        await pilot.pause()
        for worker in [w for w in app.workers if w.group == "discover"]:
            await worker.wait()
        await pilot.pause()
        assert screen.paths == [sms, logins]
        assert screen.findings is not None
        assert screen.findings.messages_read > 0 and screen.findings.logins_read > 0


async def test_reconcile_shows_the_last_discovery_beside_the_yzt_count(
    one_number: Any, tmp_path: Path
) -> None:
    backup = samples.make_backup()
    file = samples.write(tmp_path / "sms.xml", samples.backup_xml(backup))
    app, _ = one_number("en")
    catalog = app.workspace.catalog
    covered = sum(1 for pid in backup.platforms if catalog.platforms[pid].covered_by_yzt)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("r")
        await pilot.pause()
        assert isinstance(app.screen, ReconcileScreen)
        assert not app.screen.query("#discovered")  # no discovery yet this session
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("f")
        await pilot.pause()
        await read_path(pilot, file)
        await pilot.press("escape")  # read, nothing added: still remembered
        await pilot.pause()
        await pilot.press("r")
        await pilot.pause()
        assert isinstance(app.screen, ReconcileScreen)
        line = text_of(app.screen, "#discovered")
        assert f"showed {len(backup.platforms)} catalog platforms" in line
        assert f"{covered} of them on platforms 一证通查 covers" in line


async def test_discover_and_report_are_in_the_palette(one_number: Any) -> None:
    app, _ = one_number("zh")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        titles = [c.title for c in app.get_system_commands(app.screen)]
        assert translate("cmd_discover", "zh") in titles
        assert translate("cmd_report", "zh") in titles
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*translate("cmd_discover", "zh"))
        commands = app.screen.query_one(CommandList)
        for _ in range(100):  # the palette searches in a worker: wait for its answer
            if commands.option_count:
                break
            await pilot.pause(0.02)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, DiscoverScreen)


async def test_the_report_key_writes_the_html_report_and_says_where(
    one_number: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, today: date
) -> None:
    documents = tmp_path / "Documents"
    documents.mkdir()
    monkeypatch.setenv("XDG_DOCUMENTS_DIR", str(documents))
    monkeypatch.setenv("HOME", str(tmp_path))
    app, _ = one_number("en")
    notes: list[str] = []
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        monkeypatch.setattr(app, "notify", lambda message, **kw: notes.append(str(message)))
        await pilot.press("p")
        await app.workers.wait_for_complete()
        await pilot.pause()
    written = documents / f"acctexit-report-{today.isoformat()}.html"
    assert written.is_file()
    html = written.read_text(encoding="utf-8")
    assert "<html" in html and "138****1234" in html and "13800001234" not in html
    assert translate("report_written", "en", path=str(written)) in notes
    assert sorted(p.name for p in documents.iterdir()) == [written.name]  # nothing else


async def test_on_a_small_terminal_the_findings_take_the_keys_and_show_each_line_whole(
    one_number: Any, tmp_path: Path
) -> None:
    # At 80×24 the intro and the status fill the dialog and a finding's line is cut
    # at the checklist's edge: after reading, the list has the keys and the line under
    # the cursor is repeated whole above it.
    backup = samples.make_backup()
    file = samples.write(tmp_path / "sms.xml", samples.backup_xml(backup))
    app, _ = one_number("en")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("f")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, DiscoverScreen)
        await read_path(pilot, file)
        await pilot.pause()
        checklist = screen.query_one("#discover-found", SelectionList)
        assert app.focused is checklist
        first = str(checklist.get_option_at_index(0).prompt)
        assert text_of(screen, "#discover-detail") == first
        assert checklist.region.height > 0 and screen.query_one("#discover-detail").region.height
        await pilot.press("down")
        second = str(checklist.get_option_at_index(1).prompt)
        assert second != first
        assert text_of(screen, "#discover-detail") == second
        # Space still ticks, now without reaching for the list first.
        before = set(checklist.selected)
        await pilot.press("space")
        assert set(checklist.selected) == before - {checklist.get_option_at_index(1).value}
