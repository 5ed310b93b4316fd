"""Problem lines in the user's language (issues 16 and 23): what `verify`, `import`,
`catalog --check`, opening a database and adding a duplicate number report comes
through the string tables, so under `--lang zh` it is Chinese throughout.

Each check removes the paths and the names that are the same in both languages
(commands, options, field and column names, the file's own values) and then asks for
no Latin letter at all: one English template left anywhere fails it. The English
side is checked too, so the keys really carry both languages.
"""

from __future__ import annotations

import io
import re
import sqlite3
from datetime import date
from pathlib import Path

import pytest

from acctexit.app import actions
from acctexit.app.workspace import Workspace
from acctexit.catalog import load_catalog
from acctexit.catalog.schema import PLATFORM_KEYS
from acctexit.cli import main
from acctexit.commands import catalog as catalog_command
from acctexit.commands.context import Context
from acctexit.domain.models import Catalog, Category, Lang, NumberState
from acctexit.i18n import error_text
from acctexit.store import InvalidInputError, Store

# Names that are the same in both languages: the program, its commands and options,
# file formats, and the pieces of the backup file pattern `*.pre-v<N>.bak`.
SAME_IN_BOTH = {
    "acctexit", "acctexit-tui", "verify", "import", "export", "db", "ACCTEXIT_DB",
    "SQLite", "JSON", "CSV", "UTF-8", "pre-v", "N", "bak",
}  # fmt: skip

_WORD = re.compile(r"[A-Za-z][A-Za-z0-9_-]*")
_CJK = re.compile(r"[\u4e00-\u9fff]")


def latin_words(
    text: str, *, paths: tuple[str, ...] = (), allowed: frozenset[str] | set[str] = frozenset()
) -> set[str]:
    """The Latin words in `text` once its paths and the names above are taken out."""
    for path in sorted(paths, key=len, reverse=True):
        text = text.replace(path, " ")
    return set(_WORD.findall(text)) - SAME_IN_BOTH - allowed


def file_words(path: Path) -> set[str]:
    """The words a file holds: quoted back in a problem, they are the user's own."""
    return set(_WORD.findall(path.read_text(encoding="utf-8", errors="replace")))


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def chinese_lines(text: str) -> list[str]:
    lines = [line for line in text.splitlines() if line.strip()]
    assert lines
    for line in lines:
        assert _CJK.search(line), line
    return lines


# --- verify on a damaged database ---------------------------------------------------


@pytest.fixture
def damaged_db(tmp_path: Path) -> Path:
    path = tmp_path / "damaged.sqlite3"
    store = Store.open(path)
    number = store.add_number("+8613800001234", label="old", state=NumberState.KEPT)
    store.add_account("alipay", number.id)
    store.add_own_service("健身房", "life")
    store.close()
    conn = sqlite3.connect(path)
    # Edited past the app: a number's label, an own service's name, then a log row
    # with its guard removed.
    conn.execute("UPDATE numbers SET label = 'edited'")
    conn.execute("UPDATE own_services SET name = '别的'")
    conn.execute("DROP TRIGGER log_no_update")
    conn.execute("UPDATE log SET detail = '{}' WHERE id = 1")
    conn.commit()
    conn.close()
    return path


def test_verify_names_each_problem_in_chinese(
    damaged_db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(capsys, "--lang", "zh", "--db", str(damaged_db), "verify")
    assert code == 1
    lines = chinese_lines(out)
    assert any("哈希不符" in line for line in lines)  # the altered log row
    assert any("保护触发器" in line for line in lines)  # the dropped trigger
    assert any("与操作记录不同" in line for line in lines)  # the edited label
    assert any("自有服务" in line for line in lines)  # the renamed own service
    ids = {"log_no_update", "label", "name"}  # a trigger's and columns' names
    assert latin_words(out, paths=(str(damaged_db),), allowed=ids) == set()
    assert latin_words(err, paths=(str(damaged_db),), allowed={"NEW_FILE"}) == set()


def test_verify_says_the_same_problems_in_english(
    damaged_db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(capsys, "--lang", "en", "--db", str(damaged_db), "verify")
    assert code == 1
    assert "contents do not match its hash" in out
    assert "guard trigger(s) log_no_update were removed" in out
    assert not _CJK.search(out)


def test_the_app_warns_of_a_damaged_database_in_chinese(damaged_db: Path) -> None:
    store = Store.open(damaged_db)
    try:
        warning = Workspace(store, load_catalog(), date(2026, 12, 1)).integrity_warning("zh")
    finally:
        store.close()
    assert warning is not None and "保护触发器" in warning
    allowed = {"log_no_update", "NEW_FILE", "FILE", "o"}  # export -o FILE
    assert latin_words(warning, paths=(str(damaged_db),), allowed=allowed) == set()


# --- import of a bad file -----------------------------------------------------------

BAD_FILES = {
    "structure.json": '{"format": "acctexit-tui", "numbers": 3, "foo": 1, "notes": [{"text": 1,'
    ' "at": "soon", "zzz": 2}]}',
    "rows.csv": "record,number,platform,step,status,at,text\n"
    "step,13800001234,,wechat-unbind,halfway,yesterday,\n"
    "bogus,13800001234,,,,,\n"
    "number,13800001234,,,,,,,extra\n",
    "columns.csv": "number,platform,colour\n13800001234,alipay,red\n",
    "binary.csv": "number\x00\n",
    "empty.json": "{}",
}


@pytest.mark.parametrize("name", sorted(BAD_FILES))
def test_an_import_problem_is_said_in_chinese(
    tmp_path: Path, name: str, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / name
    bad.write_text(BAD_FILES[name], encoding="utf-8")
    db = tmp_path / "x.sqlite3"
    code, out, err = run(capsys, "--lang", "zh", "--db", str(db), "import", str(bad))
    assert code != 0 and out == ""
    lines = chinese_lines(err)
    assert len(lines) >= 2  # the headline, then each problem
    ids = file_words(bad) | {"done", "skipped", "open", "number", "account", "step", "note"}
    ids |= {"log", "own_step", "docs", "store", "md", "at"}  # record kinds, a doc's path, a field
    assert latin_words(err, paths=(str(bad), str(db), name), allowed=ids) == set()


def test_a_file_that_cannot_be_read_is_said_in_chinese(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = tmp_path / "missing.csv"
    db = str(tmp_path / "x.db")
    code, _, err = run(capsys, "--lang", "zh", "--db", db, "import", str(missing))
    assert code != 0
    assert "文件不存在" in err
    assert latin_words(err, paths=(str(missing), "missing.csv", str(tmp_path))) == set()


def test_every_field_error_of_a_line_is_reported(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Issue 23: a line with three bad values names all three, not the first."""
    bad = tmp_path / "three.csv"
    bad.write_text(
        "number,platform,freeze_days,cancel_date\n12345,alipay,0,2026-02-30\n", encoding="utf-8"
    )
    code, _, err = run(capsys, "--lang", "zh", "--db", str(tmp_path / "x.db"), "import", str(bad))
    assert code != 0
    on_line_2 = [line for line in err.splitlines() if line.strip().startswith("第 2 行")]
    assert len(on_line_2) == 3, err


# --- catalog --check on a broken data folder ------------------------------------------


class RootContext(Context):
    """A Context whose catalog comes from a chosen data folder."""

    root: Path | None = None

    def load_catalog(self, use_stored: bool = True) -> Catalog:
        return load_catalog(self.root, use_stored=use_stored)


def check(root: Path, lang: Lang) -> tuple[int, str]:
    err = io.StringIO()
    ctx = RootContext(
        db_path=Path("unused.db"), lang=lang, today=date(2026, 1, 1), out=io.StringIO(), err=err
    )
    ctx.root = root
    args = __import__("argparse").Namespace(json=False, check=True, stale=None)
    return catalog_command.run(args, ctx), err.getvalue()


def _platform(pid: str, extra: str = "") -> str:
    return (
        f'id = "{pid}"\nname.zh = "样例"\nname.en = "Sample"\ncategory = "commerce"\n'
        f'deletion_method = "support"\n{extra}'
    )


@pytest.fixture
def unreadable_root(tmp_path: Path) -> Path:
    """Files the loader refuses: bad TOML, bad UTF-8, a malformed source id."""
    root = tmp_path / "data"
    (root / "platforms").mkdir(parents=True)
    (root / "platforms" / "broken.toml").write_text("id = \n", encoding="utf-8")
    (root / "platforms" / "latin.toml").write_bytes(b'id = "latin"\nname.zh = "\xff"\n')
    (root / "sources.toml").write_text('[[source]]\nid = "Not An Id"\ntitle = "t"\n')
    return root


@pytest.fixture
def rule_breaking_root(tmp_path: Path) -> Path:
    """A catalog that loads but breaks `--check`'s rules: no grade, a grade that
    disagrees with the deletion method, a date in the future, a signature without source."""
    root = tmp_path / "data"
    (root / "platforms").mkdir(parents=True)
    (root / "platforms" / "shop.toml").write_text(_platform("shop"), encoding="utf-8")
    (root / "platforms" / "mall.toml").write_text(
        _platform(
            "mall",
            'grade = "easy"\ngrade_reason.zh = "原因。"\ngrade_reason.en = "Why."\n'
            'checked = 2030-01-01\n\n[[sms]]\nsignature = "商城"\nconfidence = "high"\n',
        ),
        encoding="utf-8",
    )
    return root


@pytest.fixture
def mistyped_root(tmp_path: Path) -> Path:
    """Values of the wrong type or outside their list, a key with a typo, a missing name."""
    root = tmp_path / "data"
    (root / "platforms").mkdir(parents=True)
    (root / "platforms" / "typo.toml").write_text(
        'id = "typo"\nname.zh = "样例"\ncategory = "comerce"\ndeletion_method = "support"\n'
        'holds_funds = "yes"\nverifed = true\ninactivity_days = -3\n',
        encoding="utf-8",
    )
    return root


@pytest.mark.parametrize("root_name", ["unreadable_root", "rule_breaking_root", "mistyped_root"])
def test_catalog_check_is_said_in_chinese(root_name: str, request: pytest.FixtureRequest) -> None:
    root: Path = request.getfixturevalue(root_name)
    code, zh = check(root, "zh")
    assert code == 1
    lines = chinese_lines(zh)
    assert len(lines) >= 4  # three or more problems, then the count
    fields = {"grade", "grade_reason", "checked", "sms", "source", "id", "data", "platforms", "en"}
    values = {"easy", "medium", "hard", "limited", "impossible", "support", "toml"}
    allowed = fields | values | {"Not", "An", "Id"}  # the malformed id, quoted back
    # the file's own words, quoted back, and the keys and categories a platform may use
    allowed |= {w for f in root.rglob("*.toml") for w in file_words(f)}
    allowed |= set(PLATFORM_KEYS) | {c.value for c in Category}
    files = tuple(sorted(set(re.findall(r"data/[\w/.-]+\.toml", zh))))
    assert latin_words(zh, paths=files, allowed=allowed) == set()
    code, en = check(root, "en")
    assert code == 1 and not _CJK.search(en)
    assert len(en.splitlines()) == len(lines)


# --- opening a file that is not a usable database ------------------------------------


def _folder(tmp_path: Path) -> Path:
    folder = tmp_path / "a-folder"
    folder.mkdir()
    return folder


def _cut_header(tmp_path: Path) -> Path:
    path = tmp_path / "cut.sqlite3"
    path.write_bytes(b"SQLite format 3\x00" + b"\x00" * 20)
    return path


def _ends_in_a_page(tmp_path: Path) -> Path:
    path = tmp_path / "short.sqlite3"
    Store.open(path).close()
    path.write_bytes(path.read_bytes()[:-100])
    return path


@pytest.mark.parametrize("make", [_folder, _cut_header, _ends_in_a_page])
def test_a_file_that_cannot_be_opened_is_said_in_chinese(
    tmp_path: Path, make: object, capsys: pytest.CaptureFixture[str]
) -> None:
    path = make(tmp_path)  # type: ignore[operator]
    code, out, err = run(capsys, "--lang", "zh", "--db", str(path), "verify")
    assert code == 2 and out == ""
    chinese_lines(err)
    assert latin_words(err, paths=(str(path),), allowed={"NEW_FILE"}) == set()
    code, _, en = run(capsys, "--lang", "en", "--db", str(path), "verify")
    assert code == 2 and not _CJK.search(en)


# --- a duplicate number ---------------------------------------------------------------


def test_a_duplicate_number_is_refused_in_chinese(tmp_path: Path) -> None:
    store = Store.open(tmp_path / "x.sqlite3")
    try:
        ws = Workspace(store, load_catalog(), date(2026, 12, 1))
        fields = actions.NumberFields(
            e164="+8613800001234",
            label="",
            carrier=None,
            state=NumberState.KEPT,
            cancel_date=None,
            freeze_days=90,
        )
        actions.add_number(ws, fields)
        with pytest.raises(InvalidInputError) as refused:
            actions.add_number(ws, fields)
    finally:
        store.close()
    zh = error_text(refused.value, "zh")
    assert zh == "138****1234 已经在你的列表里了"
    assert error_text(refused.value, "en") == "138****1234 is already in your list"
    assert str(refused.value) == "138****1234 is already in your list"  # as before
    assert refused.value.field_error is None
