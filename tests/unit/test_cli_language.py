"""Every CLI message in the chosen language (issues 16 and 23): each command runs under
`--lang zh` and `--lang en`, and its output is checked against the OTHER language's
string table, so no English template leaks into Chinese output (and the reverse)."""

from __future__ import annotations

import contextlib
import re
import string
from pathlib import Path

import pytest

from acctexit.cli import main
from acctexit.i18n import _table  # the whole table is what this test scans

# Words that are the same in both languages: product and file-format names, options.
ALLOWED = {
    "acctexit-tui", "acctexit", "ACCTEXIT_DB", "SQLite", "CSV", "JSON", "UTF-8",
    "Markdown", "XML", "PATH", "FILE", "DAYS", "COMMAND", "YYYY-MM-DD",
    "ID", "SMS", "Backup", "Restore",  # the name of an Android app (SMS Backup & Restore)
}  # fmt: skip


def _fragments(text: str) -> list[str]:
    """The literal pieces of a template between its {placeholders}, long enough to
    be recognisable (short ones like ": " would match anything)."""
    pieces = [literal for literal, *_ in string.Formatter().parse(text)]
    return [p.strip() for p in pieces if len(p.strip()) >= 12]


def _other_language_fragments(lang: str) -> list[tuple[str, str]]:
    other = "en" if lang == "zh" else "zh"
    found = []
    for key, entry in _table().items():
        if not key.startswith((*MESSAGE_KEYS, "field_", "import_problem")):
            continue
        if entry.get(other) and entry.get(other) != entry.get(lang):
            found += [(key, f) for f in _fragments(entry[other])]
    return found


_ENGLISH_RUN = re.compile(r"[A-Za-z][A-Za-z'-]+(?: [A-Za-z][A-Za-z'-]+)+")


def _english_runs(text: str) -> list[str]:
    """Runs of two or more Latin words (an English sentence leaking into Chinese)."""
    runs = []
    text = re.sub(r"--?[\w-]+", " ", text)  # option names are the same in both languages
    for run in _ENGLISH_RUN.findall(text):
        words = [w for w in run.split() if w not in ALLOWED]
        if len(words) >= 2:
            runs.append(run)
    return runs


@pytest.fixture
def files(tmp_path: Path) -> dict[str, Path]:
    good = tmp_path / "good.csv"
    good.write_text("number,platform,label\n13800001234,alipay,main\n", encoding="utf-8")
    bad = tmp_path / "bad.csv"
    bad.write_text("number,platform,balance\nhello,BAD!,lots\n", encoding="utf-8")
    return {"good": good, "bad": bad, "db": tmp_path / "db.sqlite3", "dir": tmp_path}


def _commands(f: dict[str, Path]) -> list[list[str]]:
    db = ["--db", str(f["db"])]
    return [
        ["--help"],
        *[
            [c, "--help"]
            for c in ("catalog", "plan", "verify", "export", "import", "discover", "accounts")
        ],
        ["catalog"],
        ["catalog", "--stale", "30"],
        ["plan", *db],  # missing database: refused
        ["verify", *db],
        ["import", str(f["bad"]), *db],
        ["import", str(f["good"]), *db],
        ["verify", *db],
        ["plan", *db],
        ["accounts", *db],
        ["export", "-o", str(f["dir"] / "out.csv"), *db],
        ["export", "--format", "md", "-o", str(f["dir"] / "out.md"), *db],
        ["--today", "2026-13-01", "verify"],
        ["catalog", "--stale", "-1"],
    ]


def _run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> str:
    with contextlib.suppress(SystemExit):  # --help and usage errors exit
        main(argv)
    captured = capsys.readouterr()
    return captured.out + captured.err


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_no_message_of_the_other_language(
    lang: str, files: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    foreign = _other_language_fragments(lang)
    assert foreign  # the table is read
    for argv in _commands(files):
        output = _run([*argv, "--lang", lang], capsys)
        assert output.strip(), argv
        leaks = [(key, frag) for key, frag in foreign if frag in output]
        assert not leaks, (argv, leaks)
        if lang == "zh" and argv != ["catalog"]:  # the table lists platform names
            assert not _english_runs(output), (argv, _english_runs(output))


def test_store_errors_are_said_in_the_chosen_language(tmp_path: Path) -> None:
    from acctexit.i18n import error_text
    from acctexit.store.errors import (
        CorruptDatabaseError,
        DatabaseBusyError,
        DiskFullError,
        EmptyDatabaseError,
        ForeignDatabaseError,
        MissingDatabaseError,
        NewerVersionError,
        NotSQLiteError,
    )

    path = tmp_path / "x.sqlite3"
    errors = [
        NotSQLiteError(path),
        EmptyDatabaseError(path),
        ForeignDatabaseError(path, 0x1234),
        NewerVersionError(path, 9, 3),
        CorruptDatabaseError(path, "disk image is malformed"),
        DiskFullError(None),
        DatabaseBusyError(path, 5.0),
        MissingDatabaseError(path),
    ]
    for error in errors:
        zh, en = error_text(error, "zh"), error_text(error, "en")
        assert str(error) == en
        assert zh != en and re.search(r"[\u4e00-\u9fff]", zh)
        assert "：" in zh or "，" in zh or "。" in zh
        assert not re.search(r"[\u4e00-\u9fff]", en)
        if error.path is not None:
            assert str(path) in zh and str(path) in en
        assert "the database" not in zh


# The keys of the CLI's messages and of the problems the store, import, verify and
# `catalog --check` report.
MESSAGE_KEYS = ("cli_", "store_", "imp_", "verify_", "cat_", "os_err_")


def test_every_cli_and_store_text_is_written_in_both_languages() -> None:
    cjk = re.compile(r"[\u4e00-\u9fff]")
    keys = [k for k in _table() if k.startswith(MESSAGE_KEYS)]
    assert len(keys) > 40
    for key in keys:
        entry = _table()[key]
        if key == "cli_catalog_verified_yes":  # "✓" alone in English
            continue
        assert cjk.search(entry["zh"]), key
        assert entry.get("en") and not cjk.search(entry["en"]), key
        zh = set(re.findall(r"\{(\w+)", entry["zh"]))
        en = set(re.findall(r"\{(\w+)", entry["en"]))
        # `detail` is what SQLite, the OS or a parser said, in English only: Chinese
        # says the same thing in its own words and leaves it out.
        assert zh == en or zh == en - {"detail"}, key
