"""The command line: options, defaults and where the database lives."""

from __future__ import annotations

import contextlib
import io
import os
import stat
import subprocess
import sys
from pathlib import Path
from unittest import mock

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from acctexit import __version__
from acctexit.cli import build_parser, default_lang, main, parse_args
from acctexit.i18n import translate
from acctexit.paths import resolve_db_path


def test_version_flag_prints_the_package_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["--version"])
    assert exit_info.value.code == 0
    assert capsys.readouterr().out.strip() == f"acctexit-tui {__version__}"


def test_help_documents_every_global_option_and_subcommand() -> None:
    text = build_parser().format_help()
    for option in ("--db", "--demo", "--lang", "--today", "--version"):
        assert option in text
    for command in ("catalog", "plan", "import", "export", "verify"):
        assert command in text


@pytest.mark.parametrize(
    "argv",
    [
        [],
        ["--demo"],
        ["--lang", "zh", "--today", "2026-11-24", "--db", "x.sqlite3"],
        ["--db", "plan"],  # a value that happens to be a command's name
        ["plan"],
        ["--demo", "--lang", "en", "plan", "--format", "md"],
        ["catalog", "--check"],
    ],
)
def test_parsing_agrees_with_the_whole_parser(argv: list[str]) -> None:
    # Opening the app skips building the commands' parsers; the answer is the same.
    assert vars(parse_args(argv)) == vars(build_parser().parse_args(argv))


# Pieces of command lines: every form of the global options, good and bad values,
# abbreviations, help, a command and what argparse treats specially ("--", "-1").
_PIECES = [
    "--demo", "--demo=1", "--dem", "--db", "--db=", "--db=x.sqlite3", "--lang", "--lang=en",
    "--lang=zh", "--lang=fr", "--lang=", "--la", "--today", "--today=2026-11-24",
    "--today=2026-02-30", "--today=", "--version", "-h", "--", "-1", "", " ", "en", "zh",
    "fr", "x.sqlite3", "2026-11-24", "2026年3月1日", "1899-12-31", "plan", "--format=md",
]  # fmt: skip


def _outcome(parse: object, argv: list[str]) -> object:
    """What `parse(argv)` gives: the options, or its exit code and every word it said."""
    out, err = io.StringIO(), io.StringIO()
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            return vars(parse(argv))  # type: ignore[operator]
    except SystemExit as e:
        return ("exit", e.code, out.getvalue(), err.getvalue())


@settings(max_examples=300, deadline=None)
@given(argv=st.lists(st.sampled_from(_PIECES), max_size=6))
def test_any_command_line_reads_as_the_whole_parser_reads_it(argv: list[str]) -> None:
    """Opening the app is read without argparse; whatever that reading accepts, argparse
    reads the same, and whatever it leaves to argparse is refused or read as before."""
    with mock.patch("acctexit.commands.options.quick_options", return_value=None):  # argparse alone
        expected = _outcome(parse_args, argv)
    assert _outcome(parse_args, argv) == expected


def test_opening_the_app_does_not_load_argparse() -> None:
    """argparse's import and first parse are ≈ 3 ms of the first paint: the app's own
    options are read without it, and a command line that needs it still gets it."""
    code = (
        "import sys; from acctexit.cli import parse_args\n"
        "parse_args(['--demo', '--lang=en', '--today', '2026-11-24', '--db', 'x.sqlite3'])\n"
        "print('argparse' in sys.modules)\n"
        "parse_args(['--demo', 'plan'])\n"
        "print('argparse' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "True"]


@pytest.mark.parametrize("argv", [["--help"], ["-h"], ["--demo", "--help"]])
def test_help_still_lists_the_commands(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        parse_args(argv)
    assert exit_info.value.code == 0
    out = capsys.readouterr().out
    assert "plan" in out and "export" in out and "--demo" in out


def test_an_unknown_command_is_named_in_the_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        parse_args(["plna"])
    assert exit_info.value.code == 2
    err = capsys.readouterr().err
    assert "plna" in err and "choose from" in err


@pytest.mark.parametrize(
    ("environ", "expected"),
    [
        ({"LANG": "zh_CN.UTF-8"}, "zh"),
        ({"LANG": "en_US.UTF-8"}, "en"),
        ({"LC_ALL": "zh_TW.UTF-8", "LANG": "en_US.UTF-8"}, "zh"),
        ({"LC_ALL": "C", "LANG": "zh_CN.UTF-8"}, "en"),
        ({}, "en"),
    ],
)
def test_language_follows_the_locale(environ: dict[str, str], expected: str) -> None:
    assert default_lang(environ) == expected


def test_db_flag_beats_environment_which_beats_data_dir(tmp_path: Path) -> None:
    flag, env = tmp_path / "flag.db", tmp_path / "env.db"
    assert resolve_db_path(str(flag), {"ACCTEXIT_DB": str(env)}) == flag
    assert resolve_db_path(None, {"ACCTEXIT_DB": str(env)}) == env
    default = resolve_db_path(None, {})
    assert default.name == "acctexit.sqlite3"
    assert default.parent.name == "acctexit"


def test_default_database_respects_xdg_data_home(private_data_home: Path) -> None:
    assert resolve_db_path(None, {}) == private_data_home / "acctexit" / "acctexit.sqlite3"


def test_bad_today_is_a_clear_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["--today", "2026-13-01", "plan"])
    assert exit_info.value.code == 2
    # The date rule's own message (acctexit.domain.fields), as the forms show it.
    expected = translate("field_err_date_invalid", default_lang(os.environ))
    assert expected in capsys.readouterr().err


def test_first_run_creates_owner_only_folder_and_database(
    private_data_home: Path, tmp_path: Path
) -> None:
    """Under umask 022 the data folder must be 0700 and the database 0600. The first
    command that may create the database is import (verify, plan and export only read)."""
    source = tmp_path / "one.csv"
    source.write_text("number,state\n13800138000,kept\n", encoding="utf-8")
    code = (
        "import os, sys; os.umask(0o022); from acctexit.cli import main; "
        f"sys.exit(main(['import', {str(source)!r}]))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], env=os.environ.copy(), capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    folder = private_data_home / "acctexit"
    db = folder / "acctexit.sqlite3"
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    assert stat.S_IMODE(db.stat().st_mode) == 0o600
    for sidecar in [*folder.glob("acctexit.sqlite3-*"), *folder.glob("acctexit.sqlite3.*")]:
        assert stat.S_IMODE(sidecar.stat().st_mode) & 0o077 == 0, sidecar


def test_demo_never_touches_the_user_data_dir(private_data_home: Path) -> None:
    before = sorted(private_data_home.rglob("*"))
    result = subprocess.run(
        [sys.executable, "-m", "acctexit", "--demo", "--lang", "en", "plan"],
        env=os.environ.copy(),
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    assert "Alipay" in result.stdout
    assert sorted(private_data_home.rglob("*")) == before


def test_a_foreign_file_is_refused_with_a_message_not_a_traceback(tmp_path: Path) -> None:
    foreign = tmp_path / "notes.txt"
    foreign.write_text("not a database")
    before = foreign.read_bytes()
    result = subprocess.run(
        [sys.executable, "-m", "acctexit", "--db", str(foreign), "plan"],
        env=os.environ.copy(),
        capture_output=True,
        text=True,
    )
    assert result.returncode == 2
    assert "not an acctexit database" in result.stderr
    assert "Traceback" not in result.stderr
    assert foreign.read_bytes() == before


def test_demo_copy_is_removed_when_the_app_is_terminated(tmp_path: Path) -> None:
    """Closing the terminal (SIGHUP) or `kill` (SIGTERM) must not leave the demo behind."""
    import contextlib
    import pty
    import signal
    import threading
    import time

    temp_root = tmp_path / "tmp"
    temp_root.mkdir()
    env = {**os.environ, "TMPDIR": str(temp_root), "TERM": "xterm-256color"}
    leader, follower = pty.openpty()
    child = subprocess.Popen(
        [sys.executable, "-m", "acctexit", "--demo", "--lang", "en"],
        stdin=follower,
        stdout=follower,
        stderr=follower,
        env=env,
        start_new_session=True,
    )
    os.close(follower)

    def drain() -> None:  # a terminal nobody reads would block the app's writes
        with contextlib.suppress(OSError):
            while os.read(leader, 65536):
                pass

    threading.Thread(target=drain, daemon=True).start()
    try:
        deadline = time.monotonic() + 30
        while not list(temp_root.glob("acctexit-demo-*")) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert list(temp_root.glob("acctexit-demo-*")), "the demo never started"
        time.sleep(1.0)  # let the app reach its event loop
        child.send_signal(signal.SIGTERM)
        child.wait(timeout=30)
    finally:
        if child.poll() is None:
            child.kill()
        os.close(leader)
    assert child.returncode == 128 + signal.SIGTERM
    assert list(temp_root.glob("acctexit-demo-*")) == []
