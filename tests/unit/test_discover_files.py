"""`acctexit-tui discover` on generated files: an SMS backup (XML and CSV) and password
exports name exactly the expected platforms, counts and dates, and never show a body
or a password."""

from __future__ import annotations

import argparse
import io
import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from discover_samples import (
    NUMBER,
    PASSWORD,
    UNKNOWN_SITES,
    CatalogContext,
    backup_csv,
    backup_xml,
    chrome_csv,
    expected_logins,
    make_backup,
    write,
)

from acctexit.commands.discover import run
from acctexit.store import Store

TODAY = date(2026, 11, 24)


def discover(
    tmp_path: Path, *files: Path, db: Path | None = None, lang: str = "en", **options: Any
) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    ctx = CatalogContext(
        db_path=db or tmp_path / "none.sqlite3", lang=lang, today=TODAY, out=out, err=err
    )  # type: ignore[arg-type]
    args = argparse.Namespace(
        files=[str(f) for f in files],
        number=options.get("number"),
        format=options.get("format", "json"),
        add=options.get("add", False),
        add_unknown=options.get("add_unknown", False),
    )
    code = run(args, ctx)
    return code, out.getvalue(), err.getvalue()


def found(out: str) -> dict[str, Any]:
    return json.loads(out)  # type: ignore[no-any-return]


@pytest.mark.parametrize("kind", ["xml", "csv"])
def test_sms_backup_names_exactly_the_expected_platforms_counts_and_dates(
    tmp_path: Path, kind: str
) -> None:
    backup = make_backup()
    text = backup_xml(backup) if kind == "xml" else backup_csv(backup)
    path = write(tmp_path / f"sms.{kind}", text)
    code, out, err = discover(tmp_path, path, number="13800001234")
    assert code == 0, err
    doc = found(out)
    got = {p["platform_id"]: p for p in doc["platforms"]}
    assert set(got) == set(backup.platforms)
    assert len(backup.platforms) >= 12
    for pid, expected in backup.platforms.items():
        p = got[pid]
        assert (p["messages"], p["codes"]) == (expected.messages, expected.codes), pid
        assert p["first"] == expected.first.isoformat(), pid  # type: ignore[union-attr]
        assert p["last"] == expected.last.isoformat(), pid  # type: ignore[union-attr]
        assert p["listed"] is False
    # received messages only: sent ones, and the MMS, are not counted
    assert doc["messages_read"] == sum(1 for r in backup.rows if r["type"] == "1")
    assert doc["number"] == "138****1234"


def test_sms_backup_reports_the_two_unknown_code_senders_and_the_ambiguous_signature(
    tmp_path: Path,
) -> None:
    backup = make_backup()
    path = write(tmp_path / "sms.xml", backup_xml(backup))
    doc = found(discover(tmp_path, path)[1])
    unknown = {u["name"]: u for u in doc["unknown_senders"]}
    assert set(unknown) == set(backup.unknown)
    for name, expected in backup.unknown.items():
        assert unknown[name]["codes"] == expected.codes
        assert unknown[name]["first"] == expected.first.isoformat()  # type: ignore[union-attr]
        assert unknown[name]["last"] == expected.last.isoformat()  # type: ignore[union-attr]
    assert unknown["停车宝"]["signature"] == "停车宝"
    assert [(a["signature"], a["candidates"]) for a in doc["ambiguous"]] == [
        ("腾讯科技", ["qq", "wechat"])
    ]
    assert doc["ambiguous"][0]["messages"] == backup.ambiguous["腾讯科技"].messages


def test_words_tell_two_apps_of_one_company_apart(tmp_path: Path) -> None:
    backup = make_backup()
    doc = found(discover(tmp_path, write(tmp_path / "sms.xml", backup_xml(backup)))[1])
    by_id = {p["platform_id"]: p for p in doc["platforms"]}
    assert "signature:腾讯科技" in by_id["wechat"]["matched_by"]
    assert "signature:腾讯科技" in by_id["qq"]["matched_by"]
    assert by_id["cmb"]["matched_by"] == ["sender:95555"]
    assert set(by_id["ccb"]["matched_by"]) == {"signature:建设银行", "signature:中国建设银行"}


@pytest.mark.parametrize("fmt", ["json", "text"])
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_no_body_and_no_full_number_is_ever_shown(tmp_path: Path, fmt: str, lang: str) -> None:
    backup = make_backup()
    sms = write(tmp_path / "sms.xml", backup_xml(backup))
    pw = write(tmp_path / "passwords.csv", chrome_csv())
    code, out, err = discover(tmp_path, sms, pw, number="13800001234", format=fmt, lang=lang)
    assert code == 0, err
    assert backup.secret not in out
    assert PASSWORD not in out
    assert "13800001234" not in out and "13912345678" not in out
    assert "138****1234" in out


def test_text_output_lists_new_platforms_in_the_users_language(tmp_path: Path) -> None:
    backup = make_backup()
    sms = write(tmp_path / "sms.xml", backup_xml(backup))
    _, zh, _ = discover(tmp_path, sms, format="text", lang="zh")
    _, en, _ = discover(tmp_path, sms, format="text", lang="en")
    assert "京东（jd）" in zh and "JD.com (jd)" in en
    assert "停车宝" in zh and "停车宝" in en
    assert "新发现" in zh and "New (" in en


def test_chrome_password_csv_maps_domains_to_platforms_and_flags_phone_logins(
    tmp_path: Path,
) -> None:
    path = write(tmp_path / "Chrome Passwords.csv", chrome_csv())
    code, out, err = discover(tmp_path, path, number="13800001234")
    assert code == 0, err
    doc = found(out)
    got = {p["platform_id"]: p for p in doc["platforms"]}
    expected = expected_logins()
    assert set(got) == set(expected)
    for pid, exp in expected.items():
        assert got[pid]["logins"] == exp["logins"], pid
        assert got[pid]["phone_login"] == exp["phone_login"], pid
        assert got[pid]["own_number_login"] == exp["own"], pid
        assert got[pid]["messages"] == 0
    assert {s["domain"]: s["logins"] for s in doc["unknown_sites"]} == UNKNOWN_SITES
    assert doc["logins_read"] == 9  # the app entry and the empty row have no web address


def test_newer_chrome_export_with_a_note_column_reads_the_same(tmp_path: Path) -> None:
    plain = found(discover(tmp_path, write(tmp_path / "a.csv", chrome_csv()))[1])
    noted = found(discover(tmp_path, write(tmp_path / "b.csv", chrome_csv(note=True)))[1])
    assert plain["platforms"] == noted["platforms"]


def _rows(header: str, *rows: str) -> str:
    return "\n".join([header, *rows]) + "\n"


PASSWORD_EXPORTS = {
    "firefox": _rows(
        '"url","username","password","httpRealm","formActionOrigin","guid","timeCreated",'
        '"timeLastUsed","timePasswordChanged"',
        '"https://passport.jd.com","13800001234","pw-x",,"https://passport.jd.com",'
        '"{0b1c}","1609430400000","1711929600000","1609430400000"',
    ),
    "bitwarden": _rows(
        "folder,favorite,type,name,notes,fields,reprompt,login_uri,login_username,"
        "login_password,login_totp",
        ',,login,JD,,,0,"https://passport.jd.com,https://m.jd.com",13800001234,pw-x,',
        ",,note,My note,secret text,,0,,,,",
    ),
    "1password": _rows(
        "Title,Url,Username,Password,OTPAuth,Favorite,Archived,Tags,Notes",
        "JD,https://passport.jd.com,13800001234,pw-x,,false,false,,",
    ),
    "keepassxc": _rows(
        '"Group","Title","Username","Password","URL","Notes","TOTP","Icon","Last Modified",'
        '"Created"',
        '"Root","JD","13800001234","pw-x","https://passport.jd.com","","","0",'
        '"2024-04-01T10:30:00Z","2021-01-01T10:25:00Z"',
    ),
}


@pytest.mark.parametrize("program", sorted(PASSWORD_EXPORTS))
def test_each_password_manager_export_is_recognised_by_its_header(
    tmp_path: Path, program: str
) -> None:
    path = write(tmp_path / f"{program}.csv", PASSWORD_EXPORTS[program])
    code, out, err = discover(tmp_path, path, number="13800001234")
    assert code == 0, err
    (jd,) = found(out)["platforms"]
    assert (jd["platform_id"], jd["logins"], jd["own_number_login"]) == ("jd", 1, True)
    assert "pw-x" not in out
    if program in ("firefox", "keepassxc"):
        assert (jd["first"], jd["last"]) == ("2021-01-01", "2024-04-01")


def test_several_files_add_up(tmp_path: Path) -> None:
    backup = make_backup()
    sms = write(tmp_path / "sms.xml", backup_xml(backup))
    pw = write(tmp_path / "pw.csv", chrome_csv())
    doc = found(discover(tmp_path, sms, pw)[1])
    jd = next(p for p in doc["platforms"] if p["platform_id"] == "jd")
    assert jd["messages"] == backup.platforms["jd"].messages
    assert jd["logins"] == expected_logins()["jd"]["logins"]
    assert jd["matched_by"][-1] == "domain:jd.com"


def test_already_listed_platforms_are_marked(tmp_path: Path) -> None:
    db = tmp_path / "db.sqlite3"
    with Store.open(db) as store:
        n = store.add_number("13800001234")
        store.add_account("jd", n.id)
        other = store.add_number("13912345678")
        store.add_account("alipay", other.id)
    backup = make_backup()
    doc = found(discover(tmp_path, write(tmp_path / "sms.xml", backup_xml(backup)), db=db,
                         number="13800001234")[1])  # fmt: skip
    listed = {p["platform_id"] for p in doc["platforms"] if p["listed"]}
    assert listed == {"jd"}  # alipay is on another number: new for this one
    assert NUMBER.endswith("13800001234")


def test_an_sms_csv_with_chinese_headers_and_text_dates_is_read(tmp_path: Path) -> None:
    text = (
        "号码,时间,类型,内容\n"
        "1069001,2024-03-01 10:00:00,接收,【京东】验证码387481\n"
        "1069001,2024/3/5 09:00,接收,【京东】验证码 112233\n"
        "1069001,2024-03-09 09:00,发送,【京东】验证码 445566\n"
        "95188,2024年2月1日,接收,您的校验码是 9981\n"
    )
    doc = found(discover(tmp_path, write(tmp_path / "短信.csv", text))[1])
    got = {p["platform_id"]: (p["messages"], p["first"], p["last"]) for p in doc["platforms"]}
    assert got == {"jd": (2, "2024-03-01", "2024-03-05"), "alipay": (1, "2024-02-01", "2024-02-01")}


def test_readers_hand_out_no_body_and_no_password(tmp_path: Path) -> None:
    """What leaves a reader is only the small evidence record: no field of any record
    holds message text or the password."""
    import msgspec
    from discover_samples import sample_catalog

    from acctexit.discover import read_file
    from acctexit.domain.discovery import DiscoveryIndex

    index = DiscoveryIndex.from_catalog(sample_catalog())
    backup = make_backup()
    files = [
        write(tmp_path / "sms.xml", backup_xml(backup)),
        write(tmp_path / "sms.csv", backup_csv(backup)),
        write(tmp_path / "pw.csv", chrome_csv()),
    ]
    records = [ev for path in files for ev in read_file(path, index, frozenset({NUMBER}))]
    assert len(records) > 500
    for ev in records:
        values = msgspec.structs.astuple(ev)
        text = " ".join(str(v) for v in values)
        assert backup.secret not in text and PASSWORD not in text
        assert "验证码" not in text  # not even a fragment of a body
