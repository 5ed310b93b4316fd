"""`--demo` is marked: a badge in the header, a notice on start, a question before a
quit would discard changes, and its exports say they hold demo data."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from notices import notices

from acctexit.catalog import load_catalog
from acctexit.cli import main
from acctexit.domain.models import Lang
from acctexit.i18n import translate
from acctexit.store import Store
from acctexit.tui.app import build_app
from acctexit.tui.screens.confirm import ConfirmScreen
from acctexit.tui.screens.dashboard import DashboardScreen
from acctexit.tui.widgets.numbers_bar import NumbersBar


def demo_app(path: Path, lang: Lang, demo: bool = True) -> Any:
    store = Store.open(path)
    return store, build_app(
        store=store, catalog=load_catalog(), lang=lang, today=date(2026, 12, 5), demo=demo
    )


@pytest.mark.parametrize(("lang", "badge"), [("zh", "演示"), ("en", "DEMO")])
async def test_the_demo_shows_a_badge_and_says_changes_are_not_kept(
    demo_db: Path, lang: Lang, badge: str
) -> None:
    store, app = demo_app(demo_db, lang)
    with store:
        async with app.run_test(size=(80, 24), notifications=True) as pilot:
            await pilot.pause()
            header = app.screen.query_one(NumbersBar).render().plain
            assert header.strip().startswith(badge)
            await pilot.pause()
            said = f"{translate('demo_badge', lang)}\n{translate('demo_notice', lang)}"
            assert said in notices(app)
            await pilot.press("L")  # the badge follows the language
            await pilot.pause()
            other = "DEMO" if lang == "zh" else "演示"
            assert app.screen.query_one(NumbersBar).render().plain.strip().startswith(other)


async def test_a_real_database_has_no_badge(demo_db: Path) -> None:
    store, app = demo_app(demo_db, "en", demo=False)
    with store:
        async with app.run_test(size=(120, 36), notifications=True) as pilot:
            await pilot.pause()
            assert "DEMO" not in app.screen.query_one(NumbersBar).render().plain
            await pilot.pause()
            assert notices(app) == []


async def test_quitting_the_demo_after_a_change_asks_first(demo_db: Path) -> None:
    store, app = demo_app(demo_db, "en")
    with store:
        async with app.run_test(size=(120, 36)) as pilot:
            await pilot.pause()
            await pilot.press("enter", "space")  # one tick
            await pilot.pause(0.3)
            await pilot.press("q")
            await pilot.pause()
            assert isinstance(app.screen, ConfirmScreen)
            assert "not kept" in app.screen.body_text
            await pilot.press("escape")  # stay
            await pilot.pause()
            assert isinstance(app.screen, DashboardScreen) and app.is_running
            await pilot.press("q")
            await pilot.pause()
            await pilot.press("y")  # leave, discarding
            await pilot.pause()
            assert not app.is_running


async def test_quitting_an_untouched_demo_just_quits(demo_db: Path) -> None:
    store, app = demo_app(demo_db, "en")
    with store:
        async with app.run_test(size=(120, 36)) as pilot:
            await pilot.pause()
            await pilot.press("q")
            await pilot.pause()
            assert not app.is_running


@pytest.mark.parametrize("fmt", ["csv", "json", "md", "html"])
def test_demo_exports_are_marked_and_still_import(tmp_path: Path, fmt: str) -> None:
    out = tmp_path / f"demo.{fmt}"
    assert main(["--demo", "--lang", "en", "export", "-o", str(out)]) == 0
    text = out.read_text(encoding="utf-8")
    note = translate("demo_export_note", "en")
    if fmt == "json":
        assert json.loads(text)["notes"][0]["text"] == note
    else:  # near the top: the CSV's second line, the report's first lines
        assert note in "\n".join(text.splitlines()[:80])
    if fmt in ("csv", "json"):
        assert main(["--db", str(tmp_path / "again.sqlite3"), "import", str(out)]) == 0


@pytest.mark.parametrize("fmt", ["csv", "json", "md", "html"])
def test_exports_of_a_real_database_are_not_marked(tmp_path: Path, fmt: str) -> None:
    db, out = tmp_path / "real.sqlite3", tmp_path / f"real.{fmt}"
    from acctexit.store import Store

    with Store.open(db) as store:  # export reads an existing database only
        store.add_number("13800001234")
    assert main(["--db", str(db), "--lang", "en", "export", "-o", str(out)]) == 0
    assert translate("demo_export_note", "en") not in out.read_text(encoding="utf-8")
