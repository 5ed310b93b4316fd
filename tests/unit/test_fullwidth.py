"""Chinese text uses full-width punctuation (issue 23): every zh string of the string
tables (the domain's reasons are among them: it has no Chinese literals of its own,
tests/unit/test_one_text_mechanism.py)."""

from __future__ import annotations

import re

from acctexit.i18n import _table  # the whole table is what this test scans

HALF_WIDTH = re.compile(r"[(),:;]")


def _outside_placeholders(text: str) -> str:
    return re.sub(r"\{[^{}]*\}", "", text)


def test_every_chinese_string_in_the_tables_is_full_width() -> None:
    bad = {
        key: entry["zh"]
        for key, entry in _table().items()
        if HALF_WIDTH.search(_outside_placeholders(entry.get("zh", "")))
    }
    assert not bad
