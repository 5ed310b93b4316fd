"""The ready demo database that `--demo` copies is the demo.json data, current schema.

If one of these fails after changing data/demo.json or adding a migration, run
`python scripts/build_demo_db.py`.
"""

from __future__ import annotations

import re
import sqlite3
import stat
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from acctexit.domain.models import Lang
from acctexit.resources import data_file
from acctexit.store import Store
from acctexit.store.demo import BUILT_AT, READY_DBS, TEXT_FIELDS, build, english, prepare
from acctexit.store.exchange import export_json
from acctexit.store.schema import SCHEMA_VERSION


def _content(path: Path) -> dict[str, object]:
    with Store.open(path) as store:
        data = export_json(store)
    data.pop("exported_at")
    return data


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_shipped_database_holds_exactly_the_demo_json_data(tmp_path: Path, lang: Lang) -> None:
    assert data_file(READY_DBS[lang]).is_file()  # else prepare() would build it from the JSON
    copied = prepare(tmp_path / "copied.sqlite3", lang)
    built = build(tmp_path / "built.sqlite3", clock=lambda: BUILT_AT, lang=lang)
    assert _content(copied) == _content(built)


@pytest.mark.parametrize("lang", sorted(READY_DBS))
def test_the_shipped_database_needs_no_migration(tmp_path: Path, lang: Lang) -> None:
    # Read from a copy: a WAL-mode file opened where it lies would get -wal and -shm
    # files next to it (in data/, or in an installed package).
    conn = sqlite3.connect(prepare(tmp_path / "copy.sqlite3", lang))
    try:
        (version,) = conn.execute("PRAGMA user_version").fetchone()
    finally:
        conn.close()
    assert version == SCHEMA_VERSION


@pytest.mark.parametrize("lang", sorted(READY_DBS))
def test_opening_a_demo_copy_leaves_its_file_as_it_was(tmp_path: Path, lang: Lang) -> None:
    """The copy is already in the store's journal mode (WAL): the store opens it without
    switching it, which rewrote the file's header and cost four fdatasyncs per start."""
    path = prepare(tmp_path / "demo.sqlite3", lang)
    before = path.read_bytes()
    store = Store.open(path)
    try:
        assert store.accounts()
        assert path.read_bytes() == before
    finally:
        store.close()


def test_a_demo_copy_is_private_and_never_overwrites(tmp_path: Path) -> None:
    path = prepare(tmp_path / "demo.sqlite3")
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    with Store.open(path) as store:
        assert store.numbers() and store.accounts()
    with pytest.raises(FileExistsError):
        prepare(path)


def test_starting_the_demo_never_loads_sqlite_utils(tmp_path: Path) -> None:
    """Creating a schema needs sqlite-utils (≈ 50 ms to import); a copy does not."""
    code = (
        "import sys; from pathlib import Path\n"
        "from acctexit.app.database import demo_copy, open_database\n"
        f"path = demo_copy(Path({str(tmp_path)!r}))\n"
        "open_database(path).close()\n"
        "print('sqlite_utils' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


# --- one language per demo -------------------------------------------------------------

_HAN = re.compile(r"[\u3000-\u9fff\uff00-\uffef]")
_LATIN_WORD = re.compile(r"[A-Za-z]{2,}")
# Identifiers the person typed (e-mail, WeChat id, shop names, a QQ number) are the same
# in both languages; labels, notes and step details are words and must not mix.
_WORDS = TEXT_FIELDS - {"login_hint"}


def _texts(data: object, key: str = "") -> Iterator[tuple[str, str]]:
    if isinstance(data, dict) and "log" in data:  # the log is the app's own record
        data = {k: v for k, v in data.items() if k != "log"}
    if isinstance(data, dict):
        for k, v in data.items():
            yield from _texts(v, k)
    elif isinstance(data, list):
        for item in data:
            yield from _texts(item, key)
    elif isinstance(data, str) and key in TEXT_FIELDS and data:
        yield key, data


def test_the_chinese_demo_has_no_english_words(tmp_path: Path) -> None:
    data = _content(prepare(tmp_path / "zh.sqlite3", "zh"))
    mixed = [t for k, t in _texts(data) if k in _WORDS and _LATIN_WORD.search(t)]
    assert mixed == []


def test_the_english_demo_has_no_chinese(tmp_path: Path) -> None:
    data = _content(prepare(tmp_path / "en.sqlite3", "en"))
    texts = list(_texts(data))
    assert any(t == "Zhang Xiaoming's old number" for _, t in texts)
    assert [t for _, t in texts if _HAN.search(t)] == []


def test_a_chinese_text_without_english_stops_the_build() -> None:
    with pytest.raises(KeyError, match="新的备注"):
        english({"notes": [{"text": "新的备注"}]}, {})
    assert english({"label": "jd_zxm", "e164": "+86"}, {}) == {"label": "jd_zxm", "e164": "+86"}


@pytest.mark.parametrize(
    ("lang", "shown", "hidden"),
    [("en", "Zhang Xiaoming's old number", "张小明"), ("zh", "张小明的旧号", "old number")],
)
def test_the_demo_starts_in_the_language_asked_for(
    capsys: pytest.CaptureFixture[str], lang: str, shown: str, hidden: str
) -> None:
    from acctexit.cli import main

    assert main(["--demo", "--lang", lang, "--today", "2026-11-24", "plan"]) == 0
    out = capsys.readouterr().out
    assert shown in out and hidden not in out
