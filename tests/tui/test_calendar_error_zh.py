"""The calendar key's write error in the user's language (issue 16): when the file
cannot be written, the notice says why in Chinese, not in the OS's English."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path

import pytest
from notices import notices

from acctexit.catalog import load_catalog
from acctexit.store import Store
from acctexit.tui.app import build_app


async def test_a_calendar_that_cannot_be_written_is_said_in_chinese(
    demo_db: Path, clock: Callable[[], datetime], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    home = tmp_path / "no-such-home"  # neither it nor a Documents folder exists
    monkeypatch.setenv("HOME", str(home))
    for var in ("XDG_CONFIG_HOME", "XDG_DOCUMENTS_DIR"):
        monkeypatch.delenv(var, raising=False)
    store = Store.open(demo_db, clock=clock)
    try:
        app = build_app(store=store, catalog=load_catalog(), lang="zh", today=date(2026, 12, 12))
        async with app.run_test(size=(120, 36), notifications=True) as pilot:
            await pilot.pause()
            await pilot.press("c")
            await app.workers.wait_for_complete()
            await pilot.pause()
            await pilot.pause()
            shown = notices(app)
    finally:
        store.close()
    assert len(shown) == 1, shown
    notice = shown[0]
    assert "未能保存" in notice and "文件不存在" in notice, notice
    words = set(re.findall(r"[A-Za-z][A-Za-z0-9_-]*", notice.replace(str(home), " ")))
    assert words <= {"acctexit-deadlines-2026-12-12", "ics"}, notice
