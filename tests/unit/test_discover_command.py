"""`acctexit-tui discover` and the database: read-only without --add (byte-identical,
not even created), one logged transaction with --add, clear refusals otherwise."""

from __future__ import annotations

import hashlib
import io
from datetime import date
from pathlib import Path

import pytest
from discover_samples import (
    UNKNOWN,
    CatalogContext,
    backup_xml,
    chrome_csv,
    make_backup,
    write,
)

from acctexit.cli import build_parser
from acctexit.commands.discover import run
from acctexit.domain.models import Verb
from acctexit.store import Store


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _run(db: Path, lang: str = "en", *argv: str) -> tuple[int, str, str]:
    args = build_parser().parse_args(["discover", *argv])
    out, err = io.StringIO(), io.StringIO()
    ctx = CatalogContext(db_path=db, lang=lang, today=date(2026, 11, 24), out=out, err=err)  # type: ignore[arg-type]
    return run(args, ctx), out.getvalue(), err.getvalue()


@pytest.fixture
def files(tmp_path: Path) -> list[str]:
    sms = write(tmp_path / "sms.xml", backup_xml(make_backup()))
    pw = write(tmp_path / "pw.csv", chrome_csv())
    return [str(sms), str(pw)]


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "db.sqlite3"
    with Store.open(path) as store:
        n = store.add_number("13800001234")
        store.add_account("jd", n.id)
    return path


def test_without_add_the_database_is_byte_identical(db: Path, files: list[str]) -> None:
    before = {p.name: _sha(p) for p in db.parent.glob("db.sqlite3*")}
    for fmt in ("text", "json"):
        code, out, err = _run(db, "en", *files, "--format", fmt)
        assert code == 0, err
        assert "Alipay" in out
    assert {p.name: _sha(p) for p in db.parent.glob("db.sqlite3*")} == before


def test_without_add_a_missing_database_is_not_created(tmp_path: Path, files: list[str]) -> None:
    db = tmp_path / "absent" / "db.sqlite3"
    code, _, err = _run(db, "en", *files)
    assert code == 0, err
    assert not db.exists() and not db.parent.exists()


def test_add_adds_the_new_matches_in_one_logged_transaction(db: Path, files: list[str]) -> None:
    with Store.open(db) as store:
        head = store.log_count()
    code, out, err = _run(db, "en", *files, "--add", "--format", "json")
    assert code == 0, err
    import json

    doc = json.loads(out)
    new = sorted(p["platform_id"] for p in doc["platforms"] if not p["listed"])
    assert sorted(doc["added"]) == new and "jd" not in new and len(new) >= 12
    with Store.open(db) as store:
        accounts = store.accounts()
        log = store.recent_log(limit=1000)
        assert store.verify().ok
    assert sorted(a.platform_id for a in accounts) == sorted([*new, "jd"])
    fresh = [e for e in log if e.id > head]
    assert [e.verb for e in fresh].count(Verb.ACCOUNT_ADDED) == len(new)
    assert [e.verb for e in fresh].count(Verb.IMPORTED) == 1  # one transaction, named
    assert "discover" in next(e.detail for e in fresh if e.verb is Verb.IMPORTED)
    # a second run finds nothing new to add
    again = _run(db, "en", *files, "--add", "--format", "json")
    assert json.loads(again[1])["added"] == []


def test_add_with_several_numbers_asks_for_one(db: Path, files: list[str]) -> None:
    with Store.open(db) as store:
        store.add_number("13912345678")
    before = _sha(db)
    code, out, err = _run(db, "en", *files, "--add")
    assert code == 2 and out == ""
    assert "--number" in err and err.count("\n") == 1
    assert _sha(db) == before


def test_add_to_a_number_not_in_the_database_is_refused(db: Path, files: list[str]) -> None:
    before = _sha(db)
    code, _, err = _run(db, "zh", *files, "--add", "--number", "13912345678")
    assert code == 2
    assert "139****5678" in err and "13912345678" not in err
    assert _sha(db) == before


def test_add_unknown_without_add_is_refused(db: Path, files: list[str]) -> None:
    before = _sha(db)
    code, _, err = _run(db, "en", *files, "--add-unknown")
    assert code == 2 and "--add" in err
    assert _sha(db) == before


def test_add_unknown_adds_signed_unknown_senders_as_own_services(
    db: Path, files: list[str], tmp_path: Path
) -> None:
    import json

    backup = make_backup()
    signed = sorted(name for name, _, _ in UNKNOWN if name)
    assert signed  # the sample has at least one signed unknown sender
    code, out, err = _run(db, "en", *files, "--add", "--add-unknown", "--format", "json")
    assert code == 0, err
    assert set(signed) <= set(json.loads(out)["added"])
    with Store.open(db) as store:
        services = {s.name: s for s in store.own_services()}
        own_accounts = [a for a in store.accounts() if a.platform_id.startswith("own:")]
        assert store.verify().ok
    assert sorted(services) == signed
    assert {s.category.value for s in services.values()} == {"other"}
    assert len(own_accounts) == len(signed)
    # unsigned senders (bare numbers) are never turned into services
    assert not any(name.isdigit() for name in services)
    assert backup.unknown  # the generator did write unknown senders
    # again: nothing new
    again = _run(db, "en", *files, "--add", "--add-unknown", "--format", "json")
    assert json.loads(again[1])["added"] == []


def test_an_invalid_number_is_refused(db: Path, files: list[str]) -> None:
    code, _, err = _run(db, "en", *files, "--number", "not-a-number")
    assert code == 2 and "--number" in err


def test_discover_is_a_registered_command() -> None:
    args = build_parser().parse_args(["discover", "a.xml", "--format", "json"])
    assert args.files == ["a.xml"] and args.format == "json" and args.add is False


def test_every_discover_string_exists_in_chinese_and_english() -> None:
    """Each key the command or the readers name (literally or by a prefix plus a value)
    has both languages, and the Chinese one uses full-width punctuation."""
    import re

    from acctexit.i18n import translate

    root = Path(__file__).resolve().parents[2] / "src" / "acctexit"
    sources = [root / "commands" / "discover.py", *sorted((root / "discover").glob("*.py"))]
    text = "\n".join(p.read_text(encoding="utf-8") for p in sources)
    keys = set(re.findall(r'"(discover_[a-z0-9_]+)"', text))
    keys |= {f"discover_by_{k}" for k in ("signature", "sender", "domain")}
    keys |= {f"discover_confidence_{c}" for c in ("high", "medium", "low")}
    assert len(keys) > 40
    for key in sorted(keys):
        zh, en = translate(key, "zh"), translate(key, "en")
        assert zh != key and en != key and zh != en, key
        assert not re.search(r"[\u4e00-\u9fff][,:;!?]", zh), f"{key}: half-width after Chinese"


def test_discover_opens_no_network_connection_even_for_remote_references(
    tmp_path: Path, files: list[str]
) -> None:
    """Run in a process whose sockets raise: a normal run and files that point at remote
    resources (an external DTD, an external entity) never try the network."""
    import subprocess
    import sys

    remote = tmp_path / "remote.xml"
    remote.write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE smses SYSTEM "http://198.51.100.1/sms.dtd" [\n'
        ' <!ENTITY x SYSTEM "http://198.51.100.1/x">]>\n'
        '<smses><sms address="1" date="1" type="1" body="&x;" /></smses>\n',
        encoding="utf-8",
    )
    guard = (
        "import socket, sys\n"
        "def refuse(*a, **k):\n    raise RuntimeError('network access attempted')\n"
        "socket.socket.connect = refuse\nsocket.create_connection = refuse\n"
        "socket.getaddrinfo = refuse\n"
        "from acctexit.cli import main\n"
        "sys.exit(main(sys.argv[1:]))\n"
    )
    db = str(tmp_path / "db.sqlite3")
    for argv, code in ([["discover", *files], 0], [["discover", str(remote)], 2]):
        done = subprocess.run(
            [sys.executable, "-c", guard, "--db", db, "--lang", "en", *argv],
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert done.returncode == code, done.stderr
        assert "network access attempted" not in done.stderr + done.stdout
