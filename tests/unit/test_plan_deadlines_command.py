"""`acctexit-tui --today D plan`: both deadlines and each step's earliest, do-by and
feasibility, before the cancel date, between the two dates and after re-issue.

Through the command line (`cli.main`) on a real store and the shipped catalog.
"""

from __future__ import annotations

import json
import sqlite3
from datetime import date
from pathlib import Path

import pytest

from acctexit.cli import main
from acctexit.domain.models import NumberState
from acctexit.store import Store

CANCEL = date(2026, 12, 17)  # re-issue from 2027-03-17 (90 days)
CHANGED = date(2026, 12, 7)  # a sensitive change 10 days before the cancel date
BEFORE, BETWEEN, AFTER = "2026-12-07", "2027-01-10", "2027-03-20"


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "db.sqlite3"
    with Store.open(path) as store:
        n = store.add_number("+8613812341234", state=NumberState.WILL_CANCEL, cancel_date=CANCEL)
        store.add_account("wechat", n.id, last_sensitive_change=CHANGED, balance=0)
    return path


def plan(db: Path, today: str, capsys: pytest.CaptureFixture[str], *rest: str) -> str:
    assert main(["--db", str(db), "--lang", "en", "--today", today, "plan", *rest]) == 0
    return capsys.readouterr().out


def steps(db: Path, today: str, capsys: pytest.CaptureFixture[str]) -> dict[str, dict]:
    doc = json.loads(plan(db, today, capsys, "--format", "json"))
    return {s["step_id"]: s for s in doc["steps"] if s["platform_id"] == "wechat"}


def number(db: Path, today: str, capsys: pytest.CaptureFixture[str]) -> dict:
    return json.loads(plan(db, today, capsys, "--format", "json"))["numbers"][0]


def dates(step: dict) -> tuple[str | None, str | None, bool]:
    return step["earliest"], step["do_by"], step["feasible"]


def test_before_the_cancel_date(db, capsys):
    s = steps(db, BEFORE, capsys)
    # 14 quiet days after the change: 2026-12-21, after the cancel date
    assert dates(s["deregister"]) == ("2026-12-21", "2026-12-17", False)
    assert dates(s["rebind-phone"]) == (BEFORE, "2026-12-17", True)
    assert dates(s["export-data"]) == (BEFORE, None, True)  # needs no code
    notes = [n["en"] for n in s["deregister"]["notes"]]
    assert notes[0].startswith("no longer fits: possible only from 2026-12-21")
    assert notes[1].startswith("instead: move the binding to your new number now")
    n = number(db, BEFORE, capsys)
    assert n["stage"] == "before_cancel"
    assert [c["text"]["en"] for c in n["countdowns"]] == [
        "stops receiving codes in 10 days (2026-12-17)",
        "may be re-issued from 2027-03-17 (100 days)",
    ]


def test_between_the_two_dates(db, capsys):
    s = steps(db, BETWEEN, capsys)
    assert dates(s["rebind-phone"]) == (BETWEEN, "2026-12-17", False)
    assert dates(s["deregister"]) == (BETWEEN, "2026-12-17", False)  # quiet days are over
    assert s["deregister"]["notes"][1]["en"].startswith("what remains: appeal")
    assert dates(s["export-data"]) == (BETWEEN, None, True)
    n = number(db, BETWEEN, capsys)
    assert n["stage"] == "frozen"
    assert n["countdowns"][0]["text"]["en"] == (
        "has not received codes since 2026-12-17 (24 days ago)"
    )


def test_after_the_reissue_date(db, capsys):
    s = steps(db, AFTER, capsys)
    assert dates(s["deregister"]) == (AFTER, "2026-12-17", False)
    n = number(db, AFTER, capsys)
    assert n["stage"] == "reissued"
    for today, exposed in ((BETWEEN, False), (AFTER, True)):
        doc = json.loads(plan(db, today, capsys, "--format", "json"))
        assert doc["accounts"][0]["exposed_now"] is exposed
    assert n["countdowns"][1]["text"]["en"].startswith("exposed now:")
    text = plan(db, AFTER, capsys)
    assert "  exposed now · " in text  # the account list marks it, first


def test_text_and_markdown_show_do_by_and_both_countdowns(db, capsys):
    text = plan(db, BEFORE, capsys)
    assert "stops receiving codes in 10 days (2026-12-17)" in text
    assert "may be re-issued from 2027-03-17 (100 days)" in text
    assert "do by 2026-12-17: no longer fits" in text  # the deregistration
    assert "do by 2026-12-17\n" in text  # the rebind, which still fits
    md = plan(db, BEFORE, capsys, "--format", "md")
    assert "  - do by 2026-12-17" in md
    zh = main(["--db", str(db), "--lang", "zh", "--today", BEFORE, "plan"])
    out = capsys.readouterr().out
    assert zh == 0
    assert "10 天后（2026-12-17）起收不到验证码" in out and "最晚 2026-12-17 前完成" in out


def test_a_number_without_a_cancel_date_asks_for_one(tmp_path, capsys):
    path = tmp_path / "db.sqlite3"
    with Store.open(path) as store:
        n = store.add_number("+8613812341234", state=NumberState.WILL_CANCEL, cancel_date=CANCEL)
        store.add_account("wechat", n.id)
    # The store now refuses "will cancel" without a date; an older database may hold one.
    with sqlite3.connect(path) as older:
        older.execute("UPDATE numbers SET cancel_date = NULL")
    older.close()
    out = plan(path, BEFORE, capsys)
    assert "no cancel date yet: enter one (or not decided)" in out
    s = steps(path, BEFORE, capsys)
    assert all(step["do_by"] is None and step["feasible"] for step in s.values())
