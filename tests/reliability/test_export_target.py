"""`export -o` never overwrites the database (by name, through a link, or its side
files) and never replaces an existing file unless --force is given (issue 17, 1)."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pytest

from acctexit.cli import main
from acctexit.store import Store


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "a.sqlite3"
    with Store.open(path) as store:
        n = store.add_number("13800001234")
        store.add_note("keep me", number_id=n.id)
    return path


def _export(db: Path, *args: str) -> int:
    return main(["--lang", "en", "--db", str(db), "export", *args])


@pytest.mark.parametrize("target", ["a.sqlite3", "a.sqlite3-wal", "a.sqlite3-shm", "link"])
def test_export_refuses_the_database_and_its_side_files_even_with_force(
    db: Path, target: str, capsys: pytest.CaptureFixture[str]
) -> None:
    os.link(db, db.with_name("link"))
    before = _sha(db)
    for force in ([], ["--force"]):
        assert _export(db, "-o", str(db.with_name(target)), *force) == 2
        assert "the database itself" in capsys.readouterr().err
    assert _sha(db) == before
    with Store.open(db) as store:
        assert store.verify().ok
        assert [e.detail for e in store.notes()] == ["keep me"]


def test_export_refuses_an_existing_file_unless_forced(
    db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    other = db.with_name("notes.txt")
    other.write_text("my own notes\n")
    assert _export(db, "--format", "md", "-o", str(other)) == 2
    assert "already exists" in capsys.readouterr().err
    assert other.read_text() == "my own notes\n"
    assert _export(db, "--format", "json", "-o", str(other), "--force") == 0
    assert '"format": "acctexit-tui"' in other.read_text()
    assert other.stat().st_mode & 0o777 == 0o600


def test_every_export_names_the_chain_head(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with Store.open(db) as store:
        head = store.chain_head()
    assert head.startswith("2:") and len(head) == 66
    assert _export(db, "--format", "csv") == 0
    assert head in capsys.readouterr().err
    assert _export(db, "-o", str(db.with_name("out.json"))) == 0
    assert head in capsys.readouterr().err
