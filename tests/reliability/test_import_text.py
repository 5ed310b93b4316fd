"""Import files whose text is not what it claims (issue 17, items 2 and 7/8): a lone
surrogate never crashes the CLI or the app; a UTF-8 file with one stray byte is
refused with the byte's offset instead of being read as GB18030 mojibake."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from acctexit.catalog import load_catalog
from acctexit.cli import main
from acctexit.store import Store
from acctexit.tui.app import build_app
from acctexit.tui.screens.dashboard import DashboardScreen
from acctexit.tui.screens.import_preview import ImportPreviewScreen
from acctexit.tui.screens.prompt import TextPrompt

SURROGATE_DOCS = [
    '{"numbers":[{"e164":"+8613800001234","label":"\\ud800"}]}',
    '{"numbers":[{"e164":"13800001234","notes":[{"text":"a\\udfffb"}],'
    '"steps":[{"step":"yzt-check","status":"done","detail":"\\ud800"}]}]}',
    '{"accounts":[{"platform":"alipay","number":"13800001234","login_hint":"\\udc00x"}]}',
    '{"\\ud800":1}',
]


@pytest.mark.parametrize("doc", SURROGATE_DOCS)
def test_a_lone_surrogate_never_crashes_the_cli_import(
    tmp_path: Path, doc: str, capsys: pytest.CaptureFixture[str]
) -> None:
    file = tmp_path / "s.json"
    file.write_text(doc, encoding="ascii")
    db = tmp_path / "a.sqlite3"
    code = main(["--lang", "en", "--db", str(db), "import", str(file)])
    out = capsys.readouterr()
    assert code in (0, 2)
    assert "Traceback" not in out.err and "UnicodeEncodeError" not in out.err
    # Whatever was stored is valid Unicode: it encodes, exports and verifies.
    with Store.open(db) as store:
        assert store.verify().ok
        for entry in store.iter_log():
            entry.detail.encode("utf-8")
        for account in store.accounts():
            (account.label + account.login_hint).encode("utf-8")
        for number in store.numbers():
            number.label.encode("utf-8")
    assert main(["--db", str(db), "export", "--format", "csv"]) == 0
    capsys.readouterr().out.encode("utf-8")


def _stray_byte_file(tmp_path: Path) -> Path:
    file = tmp_path / "list.csv"
    file.write_bytes("number,label\n13800001234,淘宝小号".encode() + b"\xff\n")
    return file


def test_utf8_with_a_stray_byte_is_refused_with_its_offset(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    file = _stray_byte_file(tmp_path)
    db = tmp_path / "a.sqlite3"
    assert main(["--lang", "en", "--db", str(db), "import", str(file)]) == 2
    err = capsys.readouterr().err
    assert "not valid UTF-8" in err and "byte 37" in err and "--encoding" in err
    with Store.open(db) as store:
        assert store.numbers() == []


def test_a_named_encoding_and_a_bom_are_honoured(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    gb = tmp_path / "gb.csv"
    gb.write_bytes("number,label\n13800001234,淘宝小号\n".encode("gb18030"))
    bom = tmp_path / "bom.csv"
    bom.write_bytes("\ufeffnumber,label\n13900005678,主号\n".encode())
    db = tmp_path / "a.sqlite3"
    assert main(["--db", str(db), "import", str(gb)]) == 2
    assert main(["--db", str(db), "import", "--encoding", "gb18030", str(gb)]) == 0
    assert main(["--db", str(db), "import", str(bom)]) == 0
    capsys.readouterr()
    with Store.open(db) as store:
        assert sorted(n.label for n in store.numbers()) == ["主号", "淘宝小号"]


async def _preview_problems(tmp_path: Path, file: Path) -> list[tuple[int | None, str]]:
    db = tmp_path / "app.sqlite3"
    with Store.open(db) as store:
        store.add_number("13700001111")
    store = Store.open(db)
    app = build_app(store=store, catalog=load_catalog(), lang="en", today=date(2026, 12, 5))
    try:
        async with app.run_test(size=(100, 30)) as pilot:
            for _ in range(100):
                if isinstance(app.screen, DashboardScreen):
                    break
                await pilot.pause(0.02)
            await pilot.press("i")
            for _ in range(100):
                if isinstance(app.screen, TextPrompt):
                    break
                await pilot.pause(0.02)
            await pilot.press(*str(file), "enter")
            for _ in range(200):
                if isinstance(app.screen, ImportPreviewScreen):
                    break
                await pilot.pause(0.02)
            assert isinstance(app.screen, ImportPreviewScreen), "the app went away"
            problems = list(app.screen.preview.problems)
            await pilot.press("enter")
            await pilot.pause()
            assert app.is_running
        return problems
    finally:
        store.close()


async def test_the_app_previews_a_surrogate_file_and_stays_up(tmp_path: Path) -> None:
    file = tmp_path / "s.json"
    file.write_text(json.dumps({"numbers": [{"e164": "13800001234", "label": "\ud800"}]}))
    await _preview_problems(tmp_path, file)


async def test_the_app_preview_names_the_stray_byte(tmp_path: Path) -> None:
    problems = await _preview_problems(tmp_path, _stray_byte_file(tmp_path))
    assert any("byte 37" in reason for _, reason in problems)
