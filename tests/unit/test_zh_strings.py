"""The Chinese UI strings use full-width punctuation and no English words, except the
proper names, key names, file formats and command-line words listed here."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest

DATA = Path(__file__).resolve().parents[2] / "data"

CJK = "[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]"
# Half-width , : ; ( ) ! ? next to a Chinese character ("(未填)", "无需再做:").
HALF_WIDTH = re.compile(rf"(?<={CJK})[ ]?[,:;()!?]|[,:;()!?][ ]?(?={CJK})")
# A Latin word, not a {placeholder}, not part of a --option.
WORD = re.compile(r"(?<![{\w\-])[A-Za-z][A-Za-z0-9+.\-_]*")

# Words that stay in Latin letters in Chinese text, and why.
ALLOWED_WORDS = frozenset(
    {
        # proper names of products, services and people's tools
        "QQ",
        "App",
        "ID",
        "English",
        "Chrome",
        "Edge",
        "Brave",
        "Firefox",
        "Bitwarden",
        "KeePassXC",
        "SMS",
        "Backup",
        "Restore",
        # key names as printed on the keyboard, and single-letter keys
        "Esc",
        "Enter",
        "Space",
        "Tab",
        "Shift",
        "Ctrl",
        "PgUp",
        "PgDn",
        "Home",
        "End",
        "a",
        "e",
        "n",
        "q",
        "s",
        "r",
        "i",
        "L",
        "R",
        "N",
        # file formats and encodings
        "CSV",
        "JSON",
        "HTML",
        "XML",
        "DTD",
        "UTF-8",
        "UTF-16",
        "ICS",
        "Markdown",
        # the command line and its subcommands, as typed
        "acctexit-tui",
        "discover",
        "verify",
        "import",
        "export",
        "plan",
        "catalog",
        # values written as they must be typed in an import file (each is followed by
        # its Chinese meaning in the message)
        "kept",
        "will_cancel",
        "cancelled",
        "china-mobile",
        "china-unicom",
        "china-telecom",
        "china-broadnet",
        "other",
        "finance",
        "social",
        "commerce",
        "life",
        "government",
        "login",
        "reset",
        "second_factor",
        "contact",
        # import-file column names, as they must be typed
        "platform",
        "name",
        "category",
        # the command line's own words, as typed: format values (--format csv), the
        # metavars argparse prints (FILE, DAYS), the environment variable, the program
        # and its files (acctexit, data/platforms/*.toml, *.pre-v.bak, the .head sidecar)
        "csv",
        "json",
        "md",
        "html",
        "ics",
        "text",
        "FILE",
        "DAYS",
        "ACCTEXIT_DB",
        "acctexit",
        "data",
        "platforms",
        "toml",
        "pre-v.bak",
        "head",
        "application_id",
        "sms-backup.xml",
        # names of other programs and encodings the user may need to know
        "SQLite",
        "Excel",
        "gb18030",
        # examples of what to type
        "accounts.csv",
        "zhang",
        "YYYY-MM-DD",
    }
)
# Strings where half-width punctuation is a key name: "Esc、? 或 q 关闭".
KEY_PUNCTUATION = {"help_close": "?"}


def zh_values() -> list[tuple[str, str, str]]:
    found = []
    for path in sorted(DATA.glob("strings*.toml")):
        with path.open("rb") as f:
            table = tomllib.load(f)
        for key, value in table.items():
            if isinstance(value, dict) and isinstance(value.get("zh"), str):
                found.append((path.name, key, value["zh"]))
    return found


def test_the_string_tables_are_found() -> None:
    assert len(zh_values()) > 100


@pytest.mark.parametrize(("file", "key", "zh"), zh_values(), ids=lambda v: str(v)[:40])
def test_chinese_strings_use_full_width_punctuation(file: str, key: str, zh: str) -> None:
    text = re.sub(r"\{[^}]*\}", "", zh)  # placeholders are filled in later
    for char in KEY_PUNCTUATION.get(key, ""):
        text = text.replace(char, "")
    assert not HALF_WIDTH.findall(text), f"{file} [{key}] zh = {zh!r}"


@pytest.mark.parametrize(("file", "key", "zh"), zh_values(), ids=lambda v: str(v)[:40])
def test_chinese_strings_have_no_english_words(file: str, key: str, zh: str) -> None:
    text = re.sub(r"\{[^}]*\}", "", zh)
    text = re.sub(r"--[\w-]+", "", text)  # command-line options, typed as they are
    text = re.sub(r"<\w+>", "", text)  # an XML element's name, quoted from the file
    words = set(WORD.findall(text)) - ALLOWED_WORDS
    assert not words, f"{file} [{key}] zh = {zh!r}: {sorted(words)}"


def test_the_checks_catch_what_they_name() -> None:
    assert HALF_WIDTH.findall("号码保留,不会被回收")
    assert HALF_WIDTH.findall("无需再做:账户已离开")
    assert HALF_WIDTH.findall("(未填)")
    assert not HALF_WIDTH.findall("号码保留，不会被回收（未填）")
    assert set(WORD.findall("搜索 Search for commands…")) - ALLOWED_WORDS
    assert not set(WORD.findall("在云闪付 App 里用 QQ")) - ALLOWED_WORDS
