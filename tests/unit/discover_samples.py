"""Synthetic files for the discover tests: a test catalog with SMS signatures, an SMS
Backup & Restore file generated with its expected findings, and a Chrome password CSV.

The generator records what it writes (per platform: messages, codes, first and last
day), so the tests compare the command's output with the truth, not with constants.
"""

from __future__ import annotations

import csv
import io
import random
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any
from xml.sax.saxutils import quoteattr

import msgspec

from acctexit.commands.context import Context
from acctexit.domain.models import Catalog, Confidence, SmsSignature

CHINA = timezone(timedelta(hours=8))
START = datetime(2021, 1, 1, tzinfo=CHINA)
NUMBER = "+8613800001234"  # the user's number in these tests
NUMBER_TEXT = "13800001234"
OTHER_MOBILE = "13912345678"

# platform id -> signatures (signature, words) and sender numbers, for the test catalog.
SIGNATURES: dict[str, tuple[list[tuple[str, tuple[str, ...]]], list[str]]] = {
    "alipay": ([("支付宝", ())], ["95188"]),
    "jd": ([("京东", ())], []),
    "wechat": ([("腾讯科技", ("微信",))], []),
    "qq": ([("腾讯科技", ("QQ",))], []),
    "taobao": ([("淘宝网", ())], []),
    "meituan": ([("美团", ())], []),
    "douyin": ([("抖音", ())], []),
    "xiaohongshu": ([("小红书", ())], []),
    "zhihu": ([("知乎", ())], []),
    "railway12306": ([("铁路12306", ())], ["12306"]),
    "ccb": ([("建设银行", ()), ("中国建设银行", ())], ["95533"]),
    "icbc": ([("工商银行", ())], ["95588"]),
    "didi": ([("滴滴出行", ())], []),
    "cmb": ([("招商银行", ())], ["95555"]),
}


def sample_catalog() -> Catalog:
    """The shipped catalog's platforms (names, domains), with the signatures above."""
    from acctexit.catalog import load_catalog

    real = load_catalog()
    platforms = {}
    for pid, platform in real.platforms.items():
        sigs, senders = SIGNATURES.get(pid, ([], []))
        platforms[pid] = msgspec.structs.replace(
            platform,
            sms=tuple(
                SmsSignature(sig, Confidence.HIGH, words, "editorial") for sig, words in sigs
            ),
            sms_senders=tuple(senders),
        )
    return msgspec.structs.replace(real, platforms=platforms)


class CatalogContext(Context):
    """A command context whose catalog is the test catalog."""

    def load_catalog(self, use_stored: bool = True) -> Catalog:
        return sample_catalog()


@dataclass
class Expected:
    messages: int = 0
    codes: int = 0
    first: date | None = None
    last: date | None = None

    def saw(self, day: date, code: bool) -> None:
        self.messages += 1
        self.codes += code
        self.first = day if self.first is None or day < self.first else self.first
        self.last = day if self.last is None or day > self.last else self.last


@dataclass
class Backup:
    """The messages of a synthetic backup and what discover should find in them."""

    rows: list[dict[str, str]] = field(default_factory=list)
    platforms: dict[str, Expected] = field(default_factory=dict)
    ambiguous: dict[str, Expected] = field(default_factory=dict)
    unknown: dict[str, Expected] = field(default_factory=dict)
    secret: str = "PRIVATE-BODY-TEXT"  # put in bodies; must never appear in output


# (platform, body template, code?) — {c} is a code, {s} the secret; signatures at the
# start and at the end, 【】 and [] brackets.
TEMPLATES: list[tuple[str | None, str, bool]] = [
    ("alipay", "【支付宝】验证码：{c}，用于登录，请勿泄露。{s}", True),
    ("jd", "【京东】验证码为{c}（切勿将验证码告知他人）{s}", True),
    ("jd", "【京东】双十一满199减100，点击 jd.com 领券，回T退订 {s}", False),
    ("wechat", "【腾讯科技】你正在登录微信，验证码{c}。{s}", True),
    ("wechat", "你正在注册微信帐号，验证码{c}。请勿转发。{s}【腾讯科技】", True),
    ("qq", "{c}，为您的QQ注册验证码，请在10分钟内完成。{s}【腾讯科技】", True),
    ("taobao", "校验码是{c}。如非本人操作请忽略。{s}【淘宝网】", True),
    ("meituan", "【美团】您的验证码是{c}，5分钟内有效。{s}", True),
    ("douyin", "【抖音】验证码{c}，用于手机号登录。{s}", True),
    ("xiaohongshu", "【小红书】您的验证码是: {c}， 3分钟内有效 {s}", True),
    ("zhihu", "【知乎】创建帐号的验证码是 {c}，10 分钟内有效 {s}", True),
    ("railway12306", "【铁路12306】用户注册或既有用户手机核验专用验证码：{c} {s}", True),
    ("ccb", "您尾号1234的账户12月1日支出100.00元，活期余额611.33元。{s}[建设银行]", False),
    ("ccb", "【中国建设银行】动态码{c}，请勿告诉他人。{s}", True),
    ("icbc", "您的动态密码为{c}，请勿泄露。{s}【工商银行】", True),
    ("didi", "【滴滴出行】您正在登录，短信验证码({c})，5分钟内有效 {s}", True),
]
AMBIGUOUS = ("腾讯科技", "【腾讯科技】验证码{c}，用于腾讯视频登录。{s}", True)
UNKNOWN = [
    ("停车宝", "【停车宝】您的验证码是{c}，请勿转告他人。{s}", "1069012345"),
    (None, "Your verification code is {c}. {s}", "10690077"),  # no signature: by sender
]
MARKETING = [
    "【某某商城】年终大促，全场五折，回T退订 {s}",
    "周末愉快！{s}",
    "[会员中心] 您的积分即将过期 {s}",
]


def make_backup(seed: int = 7, per_template: int = 20) -> Backup:
    """Several hundred received messages plus marketing, sent messages and a MMS."""
    rng = random.Random(seed)
    backup = Backup()

    def add(body: str, address: str, kind: str = "1") -> date:
        when = START + timedelta(seconds=rng.randrange(0, 4 * 365 * 86400))
        ms = int(when.timestamp() * 1000)
        backup.rows.append({"address": address, "date": str(ms), "type": kind, "body": body})
        return when.astimezone(CHINA).date()

    def fill(template: str) -> str:
        return template.format(c=rng.randrange(100000, 999999), s=backup.secret)

    for platform, template, code in TEMPLATES:
        for _ in range(rng.randrange(per_template // 2, per_template + 1)):
            day = add(fill(template), f"106{rng.randrange(10**8, 10**9)}")
            backup.platforms.setdefault(platform or "", Expected()).saw(day, code)
    # CMB: no signature, recognised by its sender number
    for _ in range(5):
        day = add(fill("尊敬的客户，您的一次性验证码{c}，请勿泄露。{s}"), "95555")
        backup.platforms.setdefault("cmb", Expected()).saw(day, True)
    sig, template, code = AMBIGUOUS
    for _ in range(4):
        day = add(fill(template), "1069000111")
        backup.ambiguous.setdefault(sig, Expected()).saw(day, code)
    for name, template, address in UNKNOWN:
        for _ in range(3):
            day = add(fill(template), address)
            backup.unknown.setdefault(name or address, Expected()).saw(day, True)
    for template in MARKETING:
        for _ in range(10):
            add(fill(template), "1065500")
    for _ in range(15):  # the user's own sent messages: never evidence
        add(fill("【京东】我发出去的验证码{c}{s}"), OTHER_MOBILE, kind="2")
    rng.shuffle(backup.rows)
    return backup


def backup_xml(backup: Backup) -> str:
    parts = [
        "<?xml version='1.0' encoding='UTF-8' standalone='yes' ?>",
        '<?xml-stylesheet type="text/xsl" href="sms.xsl"?>',
        f'<smses count="{len(backup.rows)}" backup_set="test">',
    ]
    for i, row in enumerate(backup.rows):
        attrs = " ".join(f"{k}={quoteattr(v)}" for k, v in row.items())
        parts.append(f'  <sms protocol="0" {attrs} read="1" status="-1" />')
        if i == 3:  # an MMS, which has child elements and no body attribute
            parts.append(
                '  <mms date="1700000000000" msg_box="1" address="10690000">'
                '<parts><part seq="0" ct="text/plain" text="【京东】验证码 123456" /></parts>'
                "</mms>"
            )
    parts.append("</smses>")
    return "\n".join(parts) + "\n"


def backup_csv(backup: Backup) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["Address", "Date", "Type", "Body"])
    for row in backup.rows:
        writer.writerow([row["address"], row["date"], row["type"], row["body"]])
    return out.getvalue()


# --- passwords ---------------------------------------------------------------------

PASSWORD = "hunter2-SECRET-PASSWORD"

# (url, login, expected platform or None, login is a phone number, login is NUMBER)
LOGINS: list[tuple[str, str, str | None, bool, bool]] = [
    ("https://passport.jd.com/new/login.aspx", NUMBER_TEXT, "jd", True, True),
    ("https://www.jd.com/", "someone@example.com", "jd", False, False),
    ("https://login.taobao.com/member/login.jhtml", "+86 138 0000 1234", "taobao", True, True),
    ("https://weixin.qq.com/", "wxid_abc", "wechat", False, False),
    ("https://mail.qq.com/", "12345678", "qq", False, False),
    ("https://www.zhihu.com/signin", OTHER_MOBILE, "zhihu", True, False),
    ("https://kyfw.12306.cn/otn/resources/login.html", "traveller", "railway12306", False, False),
    ("https://forum.example.org/login", NUMBER_TEXT, None, True, True),  # unknown site
    ("https://blog.example.net/", "writer", None, False, False),  # unknown, not shown
    ("android://hash@com.example.app/", NUMBER_TEXT, None, True, True),  # an app: no host
    ("", "empty", None, False, False),
]
UNKNOWN_SITES = {"example.org": 1}  # registrable domain -> phone-number logins


def chrome_csv(note: bool = False) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["name", "url", "username", "password", *(["note"] if note else [])])
    for url, login, *_ in LOGINS:
        writer.writerow([url.split("/")[2] if "//" in url else "", url, login, PASSWORD])
    return out.getvalue()


def expected_logins() -> dict[str, dict[str, Any]]:
    """platform -> {"logins": n, "phone_login": bool, "own": bool}."""
    result: dict[str, dict[str, Any]] = {}
    for _, _, platform, phone, own in LOGINS:
        if platform is None:
            continue
        entry = result.setdefault(platform, {"logins": 0, "phone_login": False, "own": False})
        entry["logins"] += 1
        entry["phone_login"] |= phone or own
        entry["own"] |= own
    return result


def write(path: Path, text: str, encoding: str = "utf-8") -> Path:
    path.write_text(text, encoding=encoding, newline="")
    return path
