"""The deadlines calendar (`export --format ics`, app/calendar.py), parsed back with
icalendar: the events, their reminders, masked numbers and stable UIDs."""

from __future__ import annotations

import sqlite3
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from icalendar import Calendar

from acctexit.app.calendar import calendar_text, write_calendar
from acctexit.catalog import load_catalog
from acctexit.cli import main
from acctexit.domain.models import Catalog, NumberState, StepStatus
from acctexit.store import Store

CANCEL = date(2026, 12, 17)
TODAY = date(2026, 12, 7)
NOW = datetime(2026, 12, 7, 9, 0, tzinfo=UTC)


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_catalog()


@pytest.fixture
def store(tmp_path: Path):
    path = tmp_path / "db.sqlite3"
    with Store.open(path) as s:
        old = s.add_number("+8613812341234", state=NumberState.WILL_CANCEL, cancel_date=CANCEL)
        s.add_number("+8613900005678")  # kept: no deadline events
        undated = s.add_number("+8613700001111", state=NumberState.WILL_CANCEL, cancel_date=CANCEL)
        s.add_account("wechat", old.id, last_sensitive_change=TODAY, label="私人")
        s.add_account("jd", old.id)
    # no date yet: the store now refuses that, a database written before the rule may hold it
    with sqlite3.connect(path) as older:
        older.execute("UPDATE numbers SET cancel_date = NULL WHERE id = ?", (undated.id,))
    older.close()
    with Store.open(path) as s:
        yield s


def events(text: str) -> dict[str, object]:
    cal = Calendar.from_ical(text)
    return {str(e["UID"]): e for e in cal.walk("VEVENT")}


def export(store, catalog, today=TODAY, lang="en") -> str:
    return calendar_text(store, catalog, lang=lang, today=today, now=NOW)


def test_both_deadlines_of_a_number_with_a_reminder_the_day_before(store, catalog):
    evs = events(export(store, catalog))
    cancel = [e for e in evs.values() if str(e["SUMMARY"]) == "138****1234 stops receiving codes"]
    reissue = [e for e in evs.values() if "may be re-issued" in str(e["SUMMARY"])]
    assert len(cancel) == 1 and len(reissue) == 1  # the kept and the undated number: none
    assert cancel[0].decoded("DTSTART") == CANCEL
    assert reissue[0].decoded("DTSTART") == date(2027, 3, 17)
    for e in evs.values():
        alarms = e.walk("VALARM")
        assert len(alarms) == 1
        assert alarms[0].decoded("TRIGGER") == -timedelta(days=1)
        assert str(alarms[0]["ACTION"]) == "DISPLAY"


def test_open_steps_get_their_earliest_and_do_by_dates(store, catalog):
    text = export(store, catalog)
    evs = events(text)
    wechat = store.accounts()[0].id
    dereg_by = evs[f"do-by-a{wechat}-deregister@acctexit-tui"]
    assert dereg_by.decoded("DTSTART") == CANCEL
    assert str(dereg_by["SUMMARY"]).startswith("No longer fits")  # 14 quiet days from today
    assert "instead: move the binding to your new number now" in str(dereg_by["DESCRIPTION"])
    dereg_from = evs[f"earliest-a{wechat}-deregister@acctexit-tui"]
    assert dereg_from.decoded("DTSTART") == TODAY + timedelta(days=14)
    rebind_by = evs[f"do-by-a{wechat}-rebind-phone@acctexit-tui"]
    assert str(rebind_by["SUMMARY"]) == (
        "Do by today: WeChat (私人) · If you keep WeChat, move the bound phone number to your new…"
    )
    # steps that need no code, and steps possible now, have no event of their own
    assert f"do-by-a{wechat}-export-data@acctexit-tui" not in evs
    assert f"earliest-a{wechat}-rebind-phone@acctexit-tui" not in evs


def test_numbers_are_masked_everywhere(store, catalog):
    for lang in ("en", "zh"):
        text = export(store, catalog, lang=lang)
        unfolded = text.replace("\r\n ", "")
        for digits in ("13812341234", "13900005678", "13700001111"):
            assert digits not in unfolded
        assert "138****1234" in unfolded


def test_chinese_calendar(store, catalog):
    evs = events(export(store, catalog, lang="zh"))
    summaries = {str(e["SUMMARY"]) for e in evs.values()}
    assert "138****1234 起收不到验证码" in summaries
    assert any(s.startswith("最晚今天：微信（私人） · ") for s in summaries)


def test_reexport_after_ticking_keeps_every_uid_of_events_that_still_exist(store, catalog):
    first = events(export(store, catalog))
    wechat, jd = (a.id for a in store.accounts())
    store.set_step((jd, None, "rebind-phone"), StepStatus.DONE)  # JD moved: now safe
    store.set_step((wechat, None, "export-data"), StepStatus.DONE)
    second = events(export(store, catalog, today=TODAY + timedelta(days=2)))
    assert second and set(second) <= set(first)  # nothing new, nothing renamed
    assert f"do-by-a{jd}-deregister@acctexit-tui" in first
    assert not any(uid.startswith(f"do-by-a{jd}-") for uid in second)  # its events went
    assert f"do-by-a{wechat}-deregister@acctexit-tui" in second  # the others stay
    assert len(first) == len(set(first))


def test_export_command_writes_an_ics_file(store, catalog, tmp_path):
    path = tmp_path / "deadlines.ics"
    code = main(["--db", str(store.path), "--lang", "en", "--today", "2026-12-07", "export", "-o",
                 str(path)])  # fmt: skip
    assert code == 0
    cal = Calendar.from_ical(path.read_bytes())
    assert any(str(e["UID"]) == "cancel-n1@acctexit-tui" for e in cal.walk("VEVENT"))
    assert (path.stat().st_mode & 0o777) == 0o600


def test_write_calendar_returns_the_path(store, catalog, tmp_path):
    target = write_calendar(
        store, catalog, lang="en", today=TODAY, path=tmp_path / "x.ics", now=NOW
    )
    assert target == tmp_path / "x.ics"
    assert events(target.read_text(encoding="utf-8"))
