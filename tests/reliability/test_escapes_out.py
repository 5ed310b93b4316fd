"""Text stored by any means (here: written into the file by another program, past
every inbound rule) never reaches a terminal or an export raw (issue 17, item 5):
no ESC, BEL, C1 CSI (U+009B) or bidi override in CSV, JSON or Markdown, and file
names with escapes are echoed escaped by import, export and verify."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from acctexit.cli import main
from acctexit.store import Store

HOSTILE = "\x1b]52;c;ZXZpbA==\x07\x1b]0;title\x07\x9b31m\u202eevil"
RAW = ("\x1b", "\x07", "\x9b", "\u202e")


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "a.sqlite3"
    with Store.open(path) as store:
        n = store.add_number("13800001234")
        a = store.add_account("alipay", n.id)
        store.add_note("plain", account_id=a.id)
    conn = sqlite3.connect(path)
    with conn:
        conn.execute("UPDATE accounts SET label = ?, login_hint = ?", (HOSTILE, HOSTILE))
        conn.execute("UPDATE numbers SET label = ?", (HOSTILE,))
        conn.execute("DROP TRIGGER IF EXISTS log_no_update")
        conn.execute("UPDATE log SET detail = ? WHERE verb = 'note'", (HOSTILE,))
    conn.close()
    return path


@pytest.mark.parametrize("fmt", ["csv", "json", "md"])
def test_exports_carry_no_escape_or_bidi_characters(
    db: Path, fmt: str, capsys: pytest.CaptureFixture[str]
) -> None:
    main(["--lang", "en", "--db", str(db), "export", "--format", fmt])
    out = capsys.readouterr()
    assert "evil" in out.out or fmt == "md"
    for char in RAW:
        assert char not in out.out and char not in out.err
    if fmt == "json":
        json.loads(out.out)  # still a whole document


def test_file_names_are_echoed_escaped(
    db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    name = "x\x1b]0;owned\x07\u202e.json"
    target = tmp_path / name
    assert main(["--lang", "en", "--db", str(db), "export", "-o", str(target)]) == 0
    assert main(["--lang", "en", "--db", str(db), "export", "-o", str(target)]) == 2
    bad = tmp_path / ("in\x1b[2J\x07" + ".json")
    bad.write_text("{")
    assert main(["--lang", "en", "--db", str(db), "import", str(bad)]) == 2
    odd_db = tmp_path / "db\x1b[2J\u202e.sqlite3"
    with Store.open(odd_db):
        pass
    assert main(["--lang", "en", "--db", str(odd_db), "verify"]) == 0
    out = capsys.readouterr()
    for char in RAW:
        assert char not in out.out and char not in out.err
    assert "\\x1b" in out.err and "\\x1b" in out.out


def test_plan_markdown_shows_a_hostile_label_as_text(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A label with Markdown syntax makes no link, emphasis or table cell in plan --format md."""
    db = tmp_path / "md.sqlite3"
    label = "[click](http://x.example) *bold* | cell `code`"
    with Store.open(db) as store:
        n = store.add_number(
            "13800001234", label=label, state="will_cancel", cancel_date="2027-01-10"
        )
        store.add_account("alipay", n.id, label=label)
    assert main(["--db", str(db), "--today", "2026-12-05", "plan", "--format", "md"]) == 0
    out = capsys.readouterr().out
    assert "[click](http" not in out and "*bold*" not in out and "`code`" not in out
    assert "\\[click\\]" in out and "\\*bold\\*" in out and "\\|" in out
