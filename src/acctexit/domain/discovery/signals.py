"""What one message or login says: signatures, codes, sender numbers, hosts, days."""

from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime, timedelta, timezone

# --- signatures and codes -------------------------------------------------------------

# A signature is short text in 【】 or [] at the very start or the very end of a body.
# At most 24 characters inside: longer bracketed text is a headline, not a name.
_SIG_AT_START = re.compile(r"^\s*[【\[]\s*([^【】\[\]\r\n]{1,24}?)\s*[】\]]")
_SIG_AT_END = re.compile(r"[【\[]\s*([^【】\[\]\r\n]{1,24}?)\s*[】\]][\s。.]*$")

# Words that name a one-time code, in Chinese and English (matched case-insensitively).
CODE_WORDS: tuple[str, ...] = ("验证码", "校验码", "动态码", "动态密码", "code")
# A code is 4 to 8 digits standing alone (not part of a longer number such as a phone
# number, or either side of a decimal point: 1234.56 is an amount).
_CODE_DIGITS = re.compile(r"(?<!\d)(?<!\d\.)\d{4,8}(?!\d)(?!\.\d)")


def extract_signature(body: str) -> str | None:
    """The sender's signature without brackets, looked for at the start, then at the end.

    "【京东】验证码…" -> "京东"; "…余额611.33元。[建设银行]" -> "建设银行"; None if neither.
    """
    match = _SIG_AT_START.match(body) or _SIG_AT_END.search(body)
    if match is None:
        return None
    signature = match.group(1).strip()
    return signature or None


def is_code_like(body: str) -> bool:
    """True when the body names a code (验证码, 校验码, 动态码, code…) and carries
    a stand-alone number of 4 to 8 digits: what a verification message looks like."""
    folded = body.casefold()
    if not any(word in folded for word in CODE_WORDS):
        return False
    return _CODE_DIGITS.search(body) is not None


# --- numbers and domains --------------------------------------------------------------

_SEPARATORS = re.compile(r"[\s\-().]+")
_CN_MOBILE = re.compile(r"1[3-9]\d{9}")


def sender_key(address: str) -> str:
    """A sender address as digits only, without the +86 / 0086 country prefix;
    alphanumeric senders are kept as they are (stripped and case-folded)."""
    text = unicodedata.normalize("NFKC", address).strip()
    compact = _SEPARATORS.sub("", text)
    if not compact.lstrip("+").isdigit():
        return compact.casefold()  # letters in it: an alphanumeric sender id
    international = compact.startswith("+")
    digits = compact.lstrip("+")
    if digits.startswith("0086"):
        digits = digits[4:]
    elif digits.startswith("86") and (international or len(digits) == 13):
        digits = digits[2:]
    return digits


def mobile_number(text: str) -> str | None:
    """The E.164 form of `text` if it is a mainland mobile number and nothing else."""
    key = sender_key(text)
    return "+86" + key if _CN_MOBILE.fullmatch(key) else None


# Second-level public suffixes common for the services users in China have. Without
# the full public suffix list, "a.b.com.cn" still resolves to "b.com.cn", not "com.cn".
_TWO_PART_SUFFIXES = frozenset(
    {
        "com.cn", "net.cn", "org.cn", "gov.cn", "edu.cn", "ac.cn",
        "com.hk", "com.tw", "com.mo", "com.sg", "com.au",
        "co.uk", "co.jp", "co.kr", "co.nz", "com.br",
    }
)  # fmt: skip


def url_host(url: str) -> str | None:
    """The lower-case host name of a saved URL ("https://m.JD.com:443/x" -> "m.jd.com");
    None for entries that have no host (app:// or android:// entries, empty cells)."""
    text = url.strip()
    if not text:
        return None
    if "://" in text:
        scheme, _, rest = text.partition("://")
        if scheme.lower() not in ("http", "https"):
            return None
        text = rest
    host = re.split(r"[/?#]", text, maxsplit=1)[0]
    host = host.rpartition("@")[2]  # user:pass@host
    if host.startswith("["):
        return None  # an IPv6 literal is no service's name
    host = host.split(":", 1)[0].strip(".").lower()
    if not host or "." not in host or not re.fullmatch(r"[a-z0-9.\-]+", host):
        try:
            host = host.encode("idna").decode("ascii")
        except UnicodeError:
            return None
        if not host or "." not in host:
            return None
    return host


def registrable_domain(host: str) -> str:
    """The part of a host name a company registers: "passport.jd.com" -> "jd.com",
    "www.icbc.com.cn" -> "icbc.com.cn"."""
    labels = host.lower().strip(".").split(".")
    if len(labels) <= 2:
        return ".".join(labels)
    if ".".join(labels[-2:]) in _TWO_PART_SUFFIXES:
        return ".".join(labels[-3:])
    return ".".join(labels[-2:])


# --- dates -----------------------------------------------------------------------------

# Message and login times are shown as days in China Standard Time: the numbers this app
# is about are mainland numbers, and a fixed zone keeps the result the same on any machine.
CHINA_TIME = timezone(timedelta(hours=8))
_EARLIEST, _LATEST = date(1990, 1, 1), date(2200, 1, 1)
_DAY_IN_TEXT = re.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})")


def day_from_epoch(value: float, *, millis: bool) -> date | None:
    """The China-time day of a Unix time (seconds, or milliseconds); None if out of range."""
    seconds = value / 1000 if millis else value
    try:
        day = datetime.fromtimestamp(seconds, CHINA_TIME).date()
    except (OverflowError, OSError, ValueError):
        return None
    return day if _EARLIEST <= day < _LATEST else None


def parse_day(text: str) -> date | None:
    """A day from an export's date cell: epoch seconds or milliseconds, or text that
    starts with a year, month and day ("2024-03-01 10:00", "2024/3/1", "2024年3月1日")."""
    cell = text.strip()
    if cell.isascii() and cell.isdigit() and 9 <= len(cell) <= 15:
        return day_from_epoch(int(cell), millis=len(cell) >= 12)
    match = _DAY_IN_TEXT.match(cell)
    if match is None:
        return None
    try:
        day = date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        return None
    return day if _EARLIEST <= day < _LATEST else None
