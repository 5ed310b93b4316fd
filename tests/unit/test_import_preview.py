"""The import preview (app/actions.preview_import, issue 23): "will add" counts only
what the database does not have yet, and every number and account shows its label."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from acctexit.app.actions import preview_import
from acctexit.app.workspace import Workspace
from acctexit.catalog import load_catalog
from acctexit.i18n import translate
from acctexit.store import Store


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_preview_counts_only_new_records_and_shows_labels(tmp_path: Path, lang: str) -> None:
    store = Store.open(tmp_path / "db.sqlite3")
    try:
        old = store.add_number("+8613800001234", label="旧号")
        store.add_account("alipay", old.id, label="主号")
        file = tmp_path / "in.csv"
        file.write_text(
            "record,number,platform,label\n"
            "number,13800001234,,旧号\n"
            "number,13900005678,,工作号\n"
            "account,13800001234,alipay,主号\n"
            "account,13900005678,wechat,小号\n",
            encoding="utf-8",
        )
        ws = Workspace(store, load_catalog(), date(2026, 12, 1))
        summary = preview_import(ws, file, lang)
    finally:
        store.close()
    assert (summary.numbers_new, summary.accounts_new) == (1, 1)
    listed = translate("import_already_listed", lang)
    old_line, new_line = sorted(summary.numbers)
    assert old_line.startswith("138****1234") and "旧号" in old_line and listed in old_line
    assert new_line.startswith("139****5678") and "工作号" in new_line and listed not in new_line
    alipay = next(a for a in summary.accounts if "主号" in a)
    wechat = next(a for a in summary.accounts if "小号" in a)
    assert listed in alipay and listed not in wechat
    assert "138****1234" in alipay and "139****5678" in wechat
