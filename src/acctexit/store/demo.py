"""The built-in demo data: fictional 张小明, two numbers, fifteen accounts.

`data/demo.json` is the source, written in Chinese; `data/demo_en.json` holds the
English for each of its labels, notes and step details, so that the demo started
in English shows no Chinese user text and the Chinese demo no English.

`--demo` must start as fast as the app itself, so the package also ships the same
data as ready databases, one per language (`data/demo.sqlite3`,
`data/demo.en.sqlite3`), built from the JSON by `scripts/build_demo_db.py` (a test
checks that they still match the JSON and the current schema). Copying one skips
creating a schema, which loads sqlite-utils, and the import: about 90 ms of the
demo's first paint.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import tempfile
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from acctexit.resources import data_file
from acctexit.store.db import Store

if TYPE_CHECKING:
    from acctexit.domain.models import Lang

READY_DB = "demo.sqlite3"
READY_DBS: dict[Lang, str] = {"zh": READY_DB, "en": "demo.en.sqlite3"}
SOURCE = "demo.json"
ENGLISH = "demo_en.json"
# The fields of demo.json that hold free text shown to the user.
TEXT_FIELDS = frozenset({"label", "login_hint", "detail", "text"})
# The time the ready database says it was imported, so that rebuilding it from the
# same JSON gives the same content.
BUILT_AT = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)


def english(data: Any, texts: dict[str, str]) -> Any:
    """demo.json's data with every free text replaced by its English from `texts`.

    Raises KeyError naming a Chinese text that has no English, so a new text in
    demo.json cannot slip into the English demo unnoticed."""
    if isinstance(data, dict):
        return {
            key: _english_text(value, texts)
            if key in TEXT_FIELDS and isinstance(value, str)
            else english(value, texts)
            for key, value in data.items()
        }
    if isinstance(data, list):
        return [english(item, texts) for item in data]
    return data


def _english_text(value: str, texts: dict[str, str]) -> str:
    if value in texts:
        return texts[value]
    # Identifiers such as an e-mail address are the same in both languages.
    if any(0x3000 <= ord(ch) <= 0x9FFF or 0xFF00 <= ord(ch) <= 0xFFEF for ch in value):
        raise KeyError(f"no English for the demo text {value!r} in {ENGLISH}")
    return value


def build(path: Path, clock: Callable[[], datetime] | None = None, lang: Lang = "zh") -> Path:
    """Create a new database at `path` holding the demo data in `lang`, from demo.json
    (and demo_en.json for English)."""
    from importlib.resources import as_file  # only here: it costs ≈ 3 ms to import

    from acctexit.store.exchange import import_file

    if lang == "zh":
        with as_file(data_file(SOURCE)) as source, Store.open(path, clock=clock) as store:
            import_file(store, source)
        return path
    import json  # only when building: the ready database needs none of this

    data = json.loads(data_file(SOURCE).read_text(encoding="utf-8"))
    texts = json.loads(data_file(ENGLISH).read_text(encoding="utf-8"))["texts"]
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / SOURCE
        source.write_text(json.dumps(english(data, texts), ensure_ascii=False), "utf-8")
        with Store.open(path, clock=clock) as store:
            import_file(store, source)
    return path


def build_ready(target: Path, lang: Lang = "zh") -> None:
    """Write the ready database in `lang` (what `prepare` copies) to `target`,
    reproducibly."""
    with tempfile.TemporaryDirectory() as tmp:
        built = build(Path(tmp) / READY_DB, clock=lambda: BUILT_AT, lang=lang)
        # One self-contained file: fold the write-ahead log in and compact (VACUUM
        # needs the rollback journal), then mark it WAL again, as the store keeps it.
        # A copy marked WAL opens as it is; one marked DELETE was switched on every
        # `--demo` start, four fdatasyncs (0.5 ms each here, more on a laptop's disk).
        conn = sqlite3.connect(built)
        try:
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            conn.execute("PRAGMA journal_mode = DELETE")
            conn.execute("VACUUM")
            conn.execute("PRAGMA journal_mode = WAL")
        finally:
            conn.close()  # the last connection: checkpoints and removes the -wal file
        target.write_bytes(built.read_bytes())


def prepare(path: Path, lang: Lang = "zh") -> Path:
    """A new private copy of the demo database in `lang` at `path` (which must not
    exist).

    Falls back to building it from demo.json if the ready file is not shipped."""
    ready = data_file(READY_DBS[lang])
    if not ready.is_file():
        if path.exists():
            raise FileExistsError(path)
        return build(path, lang=lang)
    # O_EXCL + 0600: never write through an existing file, never readable by others.
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    os.fchmod(fd, 0o600)  # a umask such as 0277 would leave the copy read-only
    with os.fdopen(fd, "wb") as out, ready.open("rb") as src:
        shutil.copyfileobj(src, out)
    # No fsync: the copy is thrown away when the demo ends, and a crash loses nothing.
    return path
