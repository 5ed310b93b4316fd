"""The pure discovery rules: signatures at either end, code-like bodies, words that tell
one company's apps apart, sender numbers, domains with subdomains, and the tally."""

from __future__ import annotations

from datetime import date

import pytest

from acctexit.domain.discovery import (
    DiscoveryIndex,
    LoginEvidence,
    SignatureRule,
    Tally,
    extract_signature,
    is_code_like,
    mobile_number,
    parse_day,
    registrable_domain,
    sender_key,
    url_host,
)
from acctexit.domain.models import Confidence

D1, D2, D3 = date(2024, 1, 1), date(2024, 2, 1), date(2024, 3, 1)


@pytest.mark.parametrize(
    ("body", "signature"),
    [
        ("【京东】验证码387481，切勿告知他人", "京东"),
        ("  【 支付宝 】验证码：749201", "支付宝"),
        ("你正在注册微信帐号，验证码887994。请勿转发。【腾讯科技】", "腾讯科技"),
        ("…活期余额611.33元。[建设银行]", "建设银行"),
        ("[Apple] Your code is 117409", "Apple"),
        ("请回复【确认】完成订单，谢谢", None),  # brackets in the middle: not a signature
        ("【这是一段非常非常非常非常非常长的广告标题而不是一个签名】", None),
        ("no brackets at all", None),
        ("【】空的", None),
    ],
)
def test_signature_is_taken_from_the_start_or_the_end(body: str, signature: str | None) -> None:
    assert extract_signature(body) == signature


@pytest.mark.parametrize(
    ("body", "code"),
    [
        ("【京东】验证码为387481", True),
        ("校验码是2957，如非本人操作请忽略", True),
        ("您的动态码：12345678", True),
        ("G-123456 is your Google verification code.", True),
        ("Your CODE: 4821", True),
        ("【京东】双十一满199减100", False),  # no code word
        ("验证码已发送，请查收", False),  # no number
        ("验证码错误次数过多，请拨打13800001234", False),  # a phone number is no code
        ("验证码费用 1234.56 元", False),  # an amount is no code
        ("code 123", False),  # too short
    ],
)
def test_code_like_needs_a_code_word_and_a_standalone_4_to_8_digit_number(
    body: str, code: bool
) -> None:
    assert is_code_like(body) is code


def _index() -> DiscoveryIndex:
    return DiscoveryIndex(
        signatures={
            "腾讯科技": [
                SignatureRule("wechat", ("微信",), Confidence.HIGH),
                SignatureRule("qq", ("QQ",), Confidence.HIGH),
            ],
            "阿里巴巴": [
                SignatureRule("taobao", ("淘宝",), Confidence.MEDIUM),
                SignatureRule("alibaba", (), Confidence.LOW),
            ],
            "京东": [SignatureRule("jd", (), Confidence.HIGH)],
        },
        senders={"95588": ["icbc"], "10086": ["china-mobile"]},
        domains={"qq.com": "qq", "weixin.qq.com": "wechat", "icbc.com.cn": "icbc"},
    )


def _sms(index: DiscoveryIndex, body: str, sender: str = "1069000", day: date = D1) -> Tally:
    tally = Tally(index)
    tally.add(index.scan_sms(sender, body, day))
    return tally


def test_words_in_the_body_choose_between_apps_of_one_company() -> None:
    index = _index()
    wechat = _sms(index, "【腾讯科技】你正在登录微信，验证码504421").findings()
    qq = _sms(index, "497825，为您的qq注册验证码【腾讯科技】").findings()  # case ignored
    assert [f.platform_id for f in wechat.platforms] == ["wechat"]
    assert [f.platform_id for f in qq.platforms] == ["qq"]


def test_a_shared_signature_without_a_deciding_word_is_ambiguous_not_guessed() -> None:
    findings = _sms(_index(), "【腾讯科技】验证码123456，用于腾讯视频").findings()
    assert findings.platforms == ()
    (ambiguous,) = findings.ambiguous
    assert (ambiguous.signature, ambiguous.candidates) == ("腾讯科技", ("qq", "wechat"))


def test_the_one_entry_without_words_takes_a_shared_signature_no_word_decides() -> None:
    index = _index()
    assert _sms(index, "【阿里巴巴】验证码:932525").findings().platforms[0].platform_id == (
        "alibaba"
    )
    assert _sms(index, "【阿里巴巴】验证码:932525，淘宝登录").findings().platforms[
        0
    ].platform_id == ("taobao")


def test_sender_numbers_match_when_there_is_no_known_signature() -> None:
    index = _index()
    by_sender = _sms(index, "您的动态密码为839201", sender="+86 95588").findings()
    assert [(f.platform_id, f.matched_by) for f in by_sender.platforms] == [
        ("icbc", ("sender:95588",))
    ]
    by_signature = _sms(index, "【京东】验证码 839201", sender="95588").findings()
    assert [f.platform_id for f in by_signature.platforms] == ["jd"]


def test_unknown_code_senders_are_grouped_by_signature_else_by_number() -> None:
    index = _index()
    tally = Tally(index)
    for body, sender, day in [
        ("【停车宝】验证码1234", "1069001", D2),
        ("【停车宝】验证码5678", "1069002", D1),
        ("【停车宝】月卡到期提醒", "1069002", D3),  # not a code: not counted
        ("your code is 774411", "10690077", D3),
        ("周末愉快", "10690077", D3),
    ]:
        tally.add(index.scan_sms(sender, body, day))
    unknown = {u.name: (u.codes, u.first, u.last) for u in tally.findings().unknown_senders}
    assert unknown == {"停车宝": (2, D1, D2), "10690077": (1, D3, D3)}


def test_counts_dates_and_listed_flag() -> None:
    index = _index()
    tally = Tally(index)
    for body, day in [
        ("【京东】验证码111111", D2),
        ("【京东】促销", D3),
        ("【京东】验证码222222", D1),
    ]:
        tally.add(index.scan_sms("1069", body, day))
    (jd,) = tally.findings(listed={"jd"}).platforms
    assert (jd.messages, jd.codes, jd.first, jd.last, jd.listed) == (3, 2, D1, D3, True)
    assert tally.findings().new[0].platform_id == "jd"


@pytest.mark.parametrize(
    ("host", "platform", "domain"),
    [
        ("weixin.qq.com", "wechat", "weixin.qq.com"),  # the most specific wins
        ("mail.qq.com", "qq", "qq.com"),
        ("qq.com", "qq", "qq.com"),
        ("mybank.icbc.com.cn", "icbc", "icbc.com.cn"),
        ("notqq.com", None, "notqq.com"),  # a suffix of the name is not a subdomain
        ("shop.example.com.cn", None, "example.com.cn"),
    ],
)
def test_domains_match_with_subdomains(host: str, platform: str | None, domain: str) -> None:
    assert _index().match_host(host) == (platform, domain)


def test_logins_with_phone_numbers_on_unknown_sites_are_kept_others_dropped() -> None:
    index = _index()
    tally = Tally(index)
    tally.add(LoginEvidence("forum.example.org", True, True, None))
    tally.add(LoginEvidence("blog.example.net", False, False, None))
    tally.add(LoginEvidence("mail.qq.com", True, False, D1, D3))
    findings = tally.findings()
    assert [(s.domain, s.logins, s.own_number_logins) for s in findings.unknown_sites] == [
        ("example.org", 1, 1)
    ]
    (qq,) = findings.platforms
    assert (qq.logins, qq.phone_login, qq.own_number_logins, qq.first, qq.last) == (
        1, True, 0, D1, D3,
    )  # fmt: skip


def test_scan_login_flags_phone_logins_and_the_users_own_number() -> None:
    index = _index()
    own = frozenset({"+8613800001234"})
    assert index.scan_login("https://qq.com", "138 0000 1234", own_numbers=own) == (
        LoginEvidence("qq.com", True, True, None)
    )
    ev = index.scan_login("https://qq.com", "13912345678", own_numbers=own)
    assert ev is not None and (ev.phone_login, ev.own_number) == (True, False)
    ev = index.scan_login("https://qq.com", "alice@example.com", own_numbers=own)
    assert ev is not None and (ev.phone_login, ev.own_number) == (False, False)
    assert index.scan_login("android://x@com.app", "13800001234") is None


@pytest.mark.parametrize(
    ("url", "host"),
    [
        ("https://m.JD.com:443/x?y#z", "m.jd.com"),
        ("http://user:pw@login.qq.com/", "login.qq.com"),
        ("jd.com/login", "jd.com"),
        ("android://hash@com.jd.app/", None),
        ("", None),
        ("https://localhost/", None),
        ("https://[::1]/", None),
        ("https://例子.中国/", "xn--fsqu00a.xn--fiqs8s"),
    ],
)
def test_url_host(url: str, host: str | None) -> None:
    assert url_host(url) == host


def test_registrable_domain_and_sender_keys() -> None:
    assert registrable_domain("passport.jd.com") == "jd.com"
    assert registrable_domain("www.icbc.com.cn") == "icbc.com.cn"
    assert sender_key("+86 955-88") == "95588"
    assert sender_key("008695533") == "95533"
    assert sender_key("+8613800001234") == "13800001234"
    assert sender_key(" Google ") == "google"
    assert mobile_number("+86 138-0000-1234") == "+8613800001234"
    assert mobile_number("95588") is None


@pytest.mark.parametrize(
    ("cell", "day"),
    [
        ("1711929600000", date(2024, 4, 1)),  # milliseconds, China time
        ("1711929600", date(2024, 4, 1)),  # seconds
        ("2024-03-01 10:00:00", date(2024, 3, 1)),
        ("2024/3/1", date(2024, 3, 1)),
        ("2024年3月1日", date(2024, 3, 1)),
        ("2024-02-30", None),
        ("yesterday", None),
        ("9" * 5000, None),  # no huge-integer conversion
    ],
)
def test_parse_day(cell: str, day: date | None) -> None:
    assert parse_day(cell) == day
