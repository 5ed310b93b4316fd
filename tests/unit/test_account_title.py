"""One rule for an account's title everywhere it is shown: the platform's name, then
the label in brackets (full-width in Chinese) or "#2" for a second unlabelled account
of the platform on a number. The screens (through the workspace), `accounts`, `plan`,
the report and the calendar all write what `domain.own.account_title` says."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from acctexit.app.accounts import account_rows
from acctexit.app.calendar import calendar_text
from acctexit.app.report import ChainInfo, build_report
from acctexit.app.workspace import Workspace
from acctexit.catalog import load_catalog
from acctexit.commands.plan_shared import who_account
from acctexit.domain.models import Lang
from acctexit.domain.own import account_title, ordinals
from acctexit.i18n import say
from acctexit.store import Store

TODAY = date(2026, 12, 5)
LABELLED = {"zh": "微信（work）", "en": "WeChat (work)"}  # full-width brackets in Chinese
SECOND = {"zh": "微信 #2", "en": "WeChat #2"}


@pytest.fixture
def store(tmp_path: Path):  # type: ignore[no-untyped-def]
    with Store.open(tmp_path / "titles.sqlite3") as store:
        n = store.add_number("13800001234", state="will_cancel", cancel_date="2026-12-20")
        store.add_account("wechat", n.id)
        store.add_account("wechat", n.id)
        store.add_account("wechat", n.id, label="work")
        yield store


def titles(store: Store, lang: Lang) -> dict[str, list[str]]:
    """Every place's titles of the three accounts, in the order they were added."""
    catalog = load_catalog()
    ws = Workspace(store, catalog, TODAY)
    snap = ws.snapshot()
    accounts = sorted(snap.accounts, key=lambda a: a.id)
    numbering = ordinals(accounts)
    report = build_report(
        catalog, store.numbers(), accounts, snap.plan, [], ChainInfo(None, "", True),
        lang=lang, today=TODAY, made_at=datetime(2026, 12, 5, tzinfo=UTC),
    )  # fmt: skip
    in_report = [r.name for section in report.numbers for r in section.accounts]
    ics = calendar_text(store, catalog, lang=lang, today=TODAY).replace("\r\n ", "")
    return {
        "rule": [say(account_title("微信" if lang == "zh" else "WeChat", a, numbering), lang)
                 for a in accounts],
        "screens": [ws.account_title(snap, a, lang) for a in accounts],
        "accounts": [r.title for r in sorted(account_rows(ws, snap, lang), key=lambda r: r.id)],
        "plan": [who_account(a, catalog, lang, numbering) for a in accounts],
        "report": sorted(in_report),  # the report orders them by phase and risk
        "calendar": [t for t in (SECOND[lang], LABELLED[lang]) if t in ics],
    }  # fmt: skip


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_place_titles_an_account_by_the_one_rule(store: Store, lang: Lang) -> None:
    shown = titles(store, lang)
    name = "微信" if lang == "zh" else "WeChat"
    assert shown["rule"] == [name, SECOND[lang], LABELLED[lang]]
    for place in ("screens", "accounts", "plan"):
        assert shown[place] == shown["rule"], place
    assert shown["report"] == sorted(shown["rule"])
    assert shown["calendar"] == [SECOND[lang], LABELLED[lang]]
