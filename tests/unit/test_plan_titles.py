"""Issue 18: `plan` (text, Markdown, JSON) and the report tell two unlabelled accounts of
one platform on one number apart by "#2", as the TUI does (one rule: domain/own.py)."""

from __future__ import annotations

import contextlib
import io
import json
from pathlib import Path

from acctexit.store import Store

TODAY = "2026-12-05"


def _cli(db: Path, *args: str) -> tuple[int, str]:
    from acctexit.cli import main

    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(["--db", str(db), "--lang", "en", "--today", TODAY, *args])
    return code, out.getvalue()


def _twins(tmp_path: Path) -> tuple[Path, int, int, int]:
    db = tmp_path / "twins.sqlite3"
    with Store.open(db) as store:
        n = store.add_number("13800001234", state="will_cancel", cancel_date="2027-01-10")
        kept = store.add_number("13900005678")
        first = store.add_account("wechat", n.id)
        second = store.add_account("wechat", n.id)
        work = store.add_account("wechat", n.id, label="work")
        store.add_account("wechat", kept.id)  # alone on its number: no "#"
    return db, first.id, second.id, work.id


def test_plan_text_and_markdown_number_the_second_unlabelled_twin(tmp_path: Path) -> None:
    db, *_ = _twins(tmp_path)
    for fmt in ("text", "md"):
        code, out = _cli(db, "plan", "--format", fmt)
        assert code == 0
        assert "WeChat #2" in out, fmt
        assert "WeChat #3" not in out  # the labelled one is told apart by its label
        assert "WeChat (work)" in out, fmt


def test_plan_json_gives_each_account_its_title_and_ordinal(tmp_path: Path) -> None:
    db, first, second, work = _twins(tmp_path)
    code, out = _cli(db, "plan", "--format", "json")
    assert code == 0
    by_id = {a["id"]: a for a in json.loads(out)["accounts"]}
    assert by_id[first]["ordinal"] == 1 and by_id[second]["ordinal"] == 2
    assert by_id[work]["ordinal"] is None
    assert by_id[second]["title"] == {"zh": "微信 #2", "en": "WeChat #2"}
    assert by_id[first]["title"]["en"] == "WeChat"
    assert by_id[work]["title"]["en"] == "WeChat (work)"
    alone = [a for a in by_id.values() if a["id"] not in (first, second, work)]
    assert alone[0]["ordinal"] is None and alone[0]["title"]["en"] == "WeChat"


def test_the_report_numbers_the_twin_too(tmp_path: Path) -> None:
    db, *_ = _twins(tmp_path)
    code, out = _cli(db, "export", "--format", "md")
    assert code == 0
    assert "WeChat #2" in out
