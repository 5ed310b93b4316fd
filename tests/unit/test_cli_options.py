"""Global options after the command, and read-only commands on a missing database
(issue 23): `plan --db X` works, and a mistyped --db never creates a file."""

from __future__ import annotations

from pathlib import Path

import pytest

from acctexit.cli import build_parser, main, parse_args
from acctexit.i18n import translate


def test_global_options_work_after_the_command(tmp_path: Path) -> None:
    db = str(tmp_path / "x.sqlite3")
    after = parse_args(["plan", "--db", db, "--lang", "en", "--today", "2026-12-01"])
    before = parse_args(["--db", db, "--lang", "en", "--today", "2026-12-01", "plan"])
    assert (after.db, after.lang, after.today) == (before.db, before.lang, before.today)
    assert after.command == "plan"


def test_an_option_given_before_the_command_survives_the_subcommand_parser() -> None:
    args = parse_args(["--lang", "zh", "--demo", "verify"])
    assert args.lang == "zh" and args.demo is True and args.db is None


@pytest.mark.parametrize(
    "command", ["plan", "export", "verify", "import", "catalog", "discover", "accounts"]
)
def test_subcommand_help_lists_the_global_options(command: str) -> None:
    parser = build_parser()
    sub = parser._subparsers._group_actions[0].choices[command]  # type: ignore[union-attr]
    text = sub.format_help()
    for option in ("--db", "--demo", "--lang", "--today"):
        assert option in text


@pytest.mark.parametrize(
    "command", [["plan"], ["export"], ["export", "--format", "csv"], ["verify"]]
)
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_read_only_commands_refuse_a_missing_database(
    command: list[str], lang: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "typo.sqlite3"
    code = main([*command, "--db", str(db), "--lang", lang])
    captured = capsys.readouterr()
    assert code == 2
    assert not db.exists()
    assert list(tmp_path.iterdir()) == []
    assert "ok" not in captured.out
    expected = translate("store_err_missing", lang, path=db)  # type: ignore[arg-type]
    assert expected in captured.err


def test_import_still_creates_a_new_database(tmp_path: Path) -> None:
    db = tmp_path / "new.sqlite3"
    src = tmp_path / "in.csv"
    src.write_text("number,state\n13800138000,kept\n", encoding="utf-8")
    assert main(["import", str(src), "--db", str(db), "--lang", "en"]) == 0
    assert db.exists()


def test_csv_export_starts_with_a_bom_and_imports_again(tmp_path: Path) -> None:
    out = tmp_path / "all.csv"
    assert main(["--demo", "export", "-o", str(out), "--lang", "en"]) == 0
    data = out.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    assert data.count(b"\xef\xbb\xbf") == 1
    db = tmp_path / "copy.sqlite3"
    assert main(["import", str(out), "--db", str(db), "--lang", "en"]) == 0
    again = tmp_path / "again.csv"
    assert main(["export", "-o", str(again), "--db", str(db)]) == 0
    assert again.read_bytes().split(b"\r\n")[0] == data.split(b"\r\n")[0]
