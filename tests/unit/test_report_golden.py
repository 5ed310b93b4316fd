"""Snapshot of the demo report, HTML and Markdown, in both languages.

The files under tests/unit/golden/ are what the report of the demo data looks like on
TODAY, made at a fixed time in UTC+8 (so the made-date needs no normalising; the
line is also replaced before comparing, in case a renderer adds seconds). A change to
the report, the catalog or the demo data changes them on purpose; look at the diff,
then regenerate with

    ACCTEXIT_REGENERATE_GOLDEN=1 .venv/bin/python -m pytest tests/unit/test_report_golden.py
"""

from __future__ import annotations

import os
import re
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path

import pytest

from acctexit.app.report import collect_report, render_report
from acctexit.catalog import load_catalog
from acctexit.store import Store
from acctexit.store.demo import prepare as prepare_demo

GOLDEN = Path(__file__).parent / "golden"
TODAY = date(2026, 11, 24)
MADE = datetime(2026, 11, 24, 12, 0, tzinfo=UTC)
_MADE = re.compile(r"\d{4}-\d\d-\d\d \d\d:\d\d(:\d\d)? [+-]\d\d:\d\d")


def _normalised(text: str) -> str:
    return _MADE.sub("MADE", text)


@pytest.mark.parametrize("fmt", ["html", "md"])
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_demo_report_matches_golden(tmp_path: Path, lang: str, fmt: str) -> None:
    # The demo's own texts are in the language it starts in.
    demo = prepare_demo(tmp_path / "demo.sqlite3", lang)  # type: ignore[arg-type]
    with Store.open(demo) as store:
        data = collect_report(
            store,
            load_catalog(),
            lang=lang,  # type: ignore[arg-type]
            today=TODAY,
            now=MADE,
            tz=timezone(timedelta(hours=8)),
        )
    text = render_report(data, fmt)  # type: ignore[arg-type]
    golden = GOLDEN / f"report-demo-{lang}.{fmt}"
    if os.environ.get("ACCTEXIT_REGENERATE_GOLDEN"):
        golden.write_text(text, encoding="utf-8")
    assert golden.is_file(), f"missing {golden}: regenerate (see the module docstring)"
    assert _normalised(text) == _normalised(golden.read_text(encoding="utf-8"))
