"""Issue 17, item 9: the smaller failures, each as a user would expect it fixed."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from acctexit.cli import main
from acctexit.store import Store


def _dead_pid() -> int:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def test_leftovers_of_a_crashed_first_creation_are_removed(tmp_path: Path) -> None:
    db = tmp_path / "a.sqlite3"
    pid = _dead_pid()
    leftovers = [tmp_path / f".a.sqlite3.{pid}.0badcafe.new{s}" for s in ("", "-wal", "-shm")]
    leftovers.append(tmp_path / f".a.sqlite3.head.{pid}.0badcafe.tmp")
    for file in leftovers:
        file.write_bytes(b"half-built")
    with Store.open(db) as store:
        store.add_number("13800001234")
    assert not any(f.exists() for f in leftovers)
    # A living process's temporary file (a first start racing ours) is left alone.
    alive = tmp_path / f".a.sqlite3.{os.getpid()}.0badcafe.new"
    alive.write_bytes(b"")
    with Store.open(db):
        pass
    assert alive.exists()


def test_an_existing_world_readable_database_is_tightened(tmp_path: Path) -> None:
    db = tmp_path / "a.sqlite3"
    store = Store.open(db)
    store.add_number("13800001234")
    files = [db, Path(f"{db}-wal"), Path(f"{db}-shm")]
    for file in files:
        os.chmod(file, 0o644)
    with Store.open(db):
        for file in files:
            assert file.stat().st_mode & 0o777 == 0o600, file
    store.close()


@pytest.mark.parametrize(
    "argv",
    [
        ["plan"],
        ["plan", "--format", "md"],
        ["export", "--format", "md"],
        ["export", "--format", "csv"],
        ["catalog"],
    ],
)
def test_an_ascii_only_stdout_does_not_crash(tmp_path: Path, argv: list[str]) -> None:
    db = tmp_path / "a.sqlite3"
    code = (
        "import sys; from acctexit.cli import main; "
        f"sys.exit(main(['--lang', 'zh', '--db', {str(db)!r}, *{argv!r}]))"
    )
    with Store.open(db) as store:
        n = store.add_number("13800001234", label="淘宝小号")
        store.add_account("alipay", n.id, label="主号")
    env = {**os.environ, "PYTHONIOENCODING": "ascii"}
    result = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True)
    assert result.returncode == 0, result.stderr.decode(errors="replace")
    assert b"Traceback" not in result.stderr


def test_an_empty_db_path_is_an_error_not_the_default(
    capsys: pytest.CaptureFixture[str],
) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["--lang", "en", "--db", "", "plan"])
    assert exit_info.value.code == 2
    assert "--db needs a file path" in capsys.readouterr().err


def test_today_takes_the_date_rule_of_the_forms(capsys: pytest.CaptureFixture[str]) -> None:
    """--today uses the one date rule: ISO dates, and the compact form the forms accept
    (20261231 is ISO 8601's basic format, unambiguous); a week date is refused."""
    with pytest.raises(SystemExit) as exit_info:
        main(["--lang", "en", "--today", "2026W011", "catalog", "--stale", "1"])
    assert exit_info.value.code == 2
    capsys.readouterr()
    from acctexit.cli import parse_args

    assert str(parse_args(["--today", "20261231", "plan"]).today) == "2026-12-31"
