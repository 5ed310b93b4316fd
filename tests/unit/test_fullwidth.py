"""Chinese text uses full-width punctuation (issue 23): every zh string of the string
tables, and every Chinese literal the domain's reasons are built from."""

from __future__ import annotations

import io
import re
import tokenize
from pathlib import Path

import acctexit.domain.reasons as reasons
from acctexit.i18n import _table  # the whole table is what this test scans

HALF_WIDTH = re.compile(r"[(),:;]")
CJK = re.compile(r"[\u4e00-\u9fff]")


def _outside_placeholders(text: str) -> str:
    return re.sub(r"\{[^{}]*\}", "", text)


def test_every_chinese_string_in_the_tables_is_full_width() -> None:
    bad = {
        key: entry["zh"]
        for key, entry in _table().items()
        if HALF_WIDTH.search(_outside_placeholders(entry.get("zh", "")))
    }
    assert not bad


def test_the_reasons_chinese_literals_are_full_width() -> None:
    source = Path(reasons.__file__).read_text(encoding="utf-8")
    bad = []
    for token in tokenize.generate_tokens(io.StringIO(source).readline):
        if token.type != tokenize.STRING or not CJK.search(token.string):
            continue
        text = _outside_placeholders(token.string)
        if re.search(r"[A-Za-z]{3,}", text.lstrip("fr")):  # an English text naming 一证通查
            continue
        if HALF_WIDTH.search(text):
            bad.append((token.start[0], token.string))
    assert not bad
