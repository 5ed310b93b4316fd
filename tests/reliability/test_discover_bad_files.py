"""`acctexit-tui discover` on hostile and broken files.

Every bad file gives one line on stderr naming it (control characters escaped), exit
status 2, nothing on stdout, and the database unchanged, even with --add. XML bombs and
external entities are refused before anything expands or is fetched.
"""

from __future__ import annotations

import hashlib
import json
import tracemalloc
from collections.abc import Callable
from pathlib import Path

import pytest

from acctexit.cli import main
from acctexit.discover import DiscoverFileError, discover
from acctexit.store import Store

GOOD_SMS = (
    "<?xml version='1.0' encoding='UTF-8' standalone='yes' ?>\n"
    '<smses count="2">\n'
    '  <sms address="1069001" date="1711929600000" type="1" body="【京东】验证码387481" />\n'
    '  <sms address="95588" date="1711929600000" type="1" body="【支付宝】验证码749201" />\n'
    "</smses>\n"
)
CHROME = "name,url,username,password\npassport.jd.com,https://passport.jd.com/,13800001234,pw\n"

BILLION_LAUGHS = (
    '<?xml version="1.0"?>\n<!DOCTYPE smses [\n <!ENTITY lol "lol">\n'
    + "".join(
        f' <!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">\n'
        for i in range(1, 10)
    )
    + ']>\n<smses><sms address="1" date="1" type="1" body="&lol9;" /></smses>\n'
)
EXTERNAL_ENTITY = (
    '<?xml version="1.0"?>\n<!DOCTYPE smses [ <!ENTITY xxe SYSTEM "file:///etc/passwd"> ]>\n'
    '<smses><sms address="1" date="1" type="1" body="&xxe;" /></smses>\n'
)
EXTERNAL_DTD = (
    '<?xml version="1.0"?>\n<!DOCTYPE smses SYSTEM "http://example.invalid/sms.dtd">\n'
    '<smses><sms address="1" date="1" type="1" body="x" /></smses>\n'
)


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "db.sqlite3"
    with Store.open(path) as store:
        store.add_number("13800001234")
    return path


def _write(data: bytes | str, name: str = "input") -> Callable[[Path], Path]:
    def make(folder: Path) -> Path:
        path = folder / name
        path.write_bytes(data.encode() if isinstance(data, str) else data)
        return path

    return make


def _directory(folder: Path) -> Path:
    path = folder / "a-folder.xml"
    path.mkdir()
    return path


def _missing(folder: Path) -> Path:
    return folder / "no-such-file.xml"


BAD: dict[str, tuple[Callable[[Path], Path], str]] = {
    "billion laughs": (_write(BILLION_LAUGHS, "bomb.xml"), "DTD"),
    "external entity": (_write(EXTERNAL_ENTITY, "xxe.xml"), "DTD"),
    "external DTD": (_write(EXTERNAL_DTD, "dtd.xml"), "DTD"),
    "truncated XML": (_write(GOOD_SMS[: len(GOOD_SMS) // 2 + 7], "cut.xml"), "ends early"),
    "XML that is not a backup": (_write("<html><body>hi</body></html>", "page.xml"), "<html>"),
    "invalid UTF-8 in XML": (
        _write(GOOD_SMS.encode().replace("验证码".encode(), b"\xff\xfe\xfd"), "bytes.xml"),
        "not UTF-8",
    ),
    "invalid UTF-8 in CSV": (_write(CHROME.encode() + b"x.com,\xff\xfe,u,p\n", "b.csv"), "UTF-8"),
    "UTF-16 CSV": (_write(CHROME.encode("utf-16"), "utf16.csv"), "UTF-16"),
    "JSON": (_write('{"numbers": []}', "data.json"), "unrecognised CSV header"),
    "binary": (_write(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "photo.png"), "not a text file"),
    "0-byte file": (_write(b"", "empty.xml"), "empty"),
    "only a BOM and blanks": (_write(b"\xef\xbb\xbf \n\n", "blank.csv"), "empty"),
    "a directory": (_directory, "folder"),
    "a missing file": (_missing, "no such file"),
    "a device": (lambda folder: Path("/dev/null"), "not a regular file"),
    "CSV with a broken quote": (
        _write('name,url,username,password\n"x,https://a.com,u,p\n' + "y" * 200_000, "q.csv"),
        "CSV",
    ),
}


@pytest.mark.parametrize("case", sorted(BAD))
def test_bad_file_gives_one_line_naming_it_exit_2_database_unchanged(
    case: str, tmp_path: Path, db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    make, reason = BAD[case]
    folder = tmp_path / "files"
    folder.mkdir()
    bad = make(folder)
    good = _write(GOOD_SMS, "good.xml")(folder)
    before = _sha(db)
    code = main(["--db", str(db), "--lang", "en", "discover", str(good), str(bad), "--add"])
    captured = capsys.readouterr()
    assert code == 2
    assert captured.out == ""
    assert captured.err.count("\n") == 1 and captured.err.endswith("\n")
    assert str(bad) in captured.err
    assert reason in captured.err
    assert "Traceback" not in captured.err
    assert _sha(db) == before
    with Store.open(db) as store:
        assert store.accounts() == []


def test_errors_are_in_chinese_too(
    tmp_path: Path, db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bomb = _write(BILLION_LAUGHS, "bomb.xml")(tmp_path)
    assert main(["--db", str(db), "--lang", "zh", "discover", str(bomb)]) == 2
    err = capsys.readouterr().err
    assert "bomb.xml" in err and "拒绝读取" in err


def test_control_characters_in_the_file_name_are_escaped(
    tmp_path: Path, db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = _write(b"", "evil\x1b[2J\u202ename.xml")(tmp_path)
    assert main(["--db", str(db), "discover", str(bad)]) == 2
    err = capsys.readouterr().err
    assert "\x1b" not in err and "\u202e" not in err
    assert "evil\\x1b[2J\\u202ename.xml" in err
    assert err.count("\n") == 1


@pytest.mark.parametrize("data", [BILLION_LAUGHS, EXTERNAL_ENTITY])
def test_entity_attacks_are_refused_before_anything_expands(data: str, tmp_path: Path) -> None:
    path = _write(data, "attack.xml")(tmp_path)
    tracemalloc.start()
    try:
        with pytest.raises(DiscoverFileError) as caught:
            discover([path], _empty_index())
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert caught.value.key == "discover_err_xml_dtd"
    assert peak < 5_000_000  # a billion laughs expanded would take gigabytes


def test_entities_are_refused_even_where_a_dtd_would_be_allowed(tmp_path: Path) -> None:
    """Defence in depth: the parser forbids entities and external references on top of
    refusing the DTD (checked against defusedxml directly, with the DTD allowed)."""
    from defusedxml import EntitiesForbidden  # type: ignore[import-untyped]
    from defusedxml.ElementTree import iterparse  # type: ignore[import-untyped]

    for data in (BILLION_LAUGHS, EXTERNAL_ENTITY):
        path = _write(data, "attack.xml")(tmp_path)
        with pytest.raises(EntitiesForbidden), open(path, "rb") as f:
            for _ in iterparse(f, forbid_dtd=False):
                pass


@pytest.mark.parametrize("kind", ["xml", "csv"])
def test_a_byte_order_mark_is_accepted(
    kind: str, tmp_path: Path, db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = GOOD_SMS if kind == "xml" else CHROME
    path = _write(b"\xef\xbb\xbf" + text.encode(), f"bom.{kind}")(tmp_path)
    assert main(["--db", str(db), "--lang", "en", "discover", str(path), "--format", "json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    if kind == "xml":  # the shipped catalog may not list signatures yet: count what was read
        assert doc["messages_read"] == 2
    else:
        assert [p["platform_id"] for p in doc["platforms"]] == ["jd"]


def _empty_index():  # type: ignore[no-untyped-def]
    from acctexit.domain.discovery import DiscoveryIndex

    return DiscoveryIndex({}, {}, {})
