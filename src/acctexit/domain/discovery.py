"""Discovery: which catalog platforms the user's own files point at. Pure, no I/O.

The readers in `acctexit.discover` turn each SMS or saved login into a small evidence
record with the help of a `DiscoveryIndex` (built once from the catalog):

- `SmsEvidence`: the sender address, the 【signature】 if there is one, the catalog
  `words` found in the body for that signature, whether the body looks like a
  verification code, and the day. The body itself never leaves the reader.
- `LoginEvidence`: the host of the saved URL, whether the login is a phone number (and
  whether it is one of the user's own), and the day if the export has one. The password
  is never read.

`Tally` folds any number of records into counts (bounded memory: one entry per platform
or unknown sender, never one per message) and `Tally.findings()` gives the `Findings`
model the command line and the screens show.

Matching, in this order, and never a guess the user is not shown:
1. the exact signature (【…】 or […], at the start or the end of the body). When several
   catalog entries claim one signature (腾讯科技: WeChat and QQ), the entries whose
   `words` occur in the body decide; if none or several do, the message is reported as
   ambiguous with every candidate, and nothing is added for it automatically;
2. the sender number, for the stable ones a platform lists (95588, 12306…);
3. for saved logins, the host of the URL against the catalog's `domains`, subdomains
   included, the most specific domain winning (weixin.qq.com is WeChat, mail.qq.com QQ).
Messages that look like verification codes but match nothing are grouped by signature
(or by sender when there is none) as candidates for the user's own services.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from datetime import date, datetime, timedelta, timezone

from msgspec import Struct

from acctexit.domain.models import Catalog, Confidence

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


# --- evidence -------------------------------------------------------------------------


class SmsEvidence(Struct, frozen=True, gc=False):
    """What one received message says, without its body."""

    sender: str  # sender_key() of the address
    signature: str | None
    words: frozenset[str]  # catalog words for this signature found in the body
    code: bool  # the body looks like a verification code
    day: date | None


class LoginEvidence(Struct, frozen=True, gc=False):
    """What one saved login says, without its password."""

    host: str
    phone_login: bool  # the login is a mobile phone number
    own_number: bool  # the login is one of the numbers the user is checking
    day: date | None  # when it was saved, if the export says
    last: date | None = None  # when it was last used or changed, if the export says


Evidence = SmsEvidence | LoginEvidence


# --- the catalog, indexed --------------------------------------------------------------


_CONFIDENCE_ORDER = {Confidence.HIGH: 0, Confidence.MEDIUM: 1, Confidence.LOW: 2}


class SignatureRule(Struct, frozen=True, gc=False):
    platform_id: str
    words: tuple[str, ...] = ()
    confidence: Confidence = Confidence.MEDIUM


class DiscoveryIndex:
    """The catalog's signatures, sender numbers and domains, ready for look-ups."""

    def __init__(
        self,
        signatures: Mapping[str, Iterable[SignatureRule]],
        senders: Mapping[str, Iterable[str]],
        domains: Mapping[str, str],
    ) -> None:
        self.signatures = {_fold(s): tuple(r) for s, r in signatures.items()}
        self.senders = {sender_key(s): tuple(p) for s, p in senders.items()}
        self.domains = {d.lower().strip("."): p for d, p in domains.items()}
        self._words = {
            sig: tuple({w for rule in rules for w in rule.words})
            for sig, rules in self.signatures.items()
        }

    @classmethod
    def from_catalog(cls, catalog: Catalog) -> DiscoveryIndex:
        signatures: dict[str, list[SignatureRule]] = {}
        senders: dict[str, list[str]] = {}
        domains: dict[str, str] = {}
        for platform in catalog.platforms.values():
            for sms in platform.sms:
                rule = SignatureRule(platform.id, tuple(sms.words), sms.confidence)
                signatures.setdefault(sms.signature, []).append(rule)
            for number in platform.sms_senders:
                senders.setdefault(number, []).append(platform.id)
            for domain in platform.domains:
                domains.setdefault(domain, platform.id)
        return cls(signatures, senders, domains)

    # -- scanning (called by the readers, once per record) --------------------------

    def scan_sms(self, address: str, body: str, day: date | None) -> SmsEvidence:
        signature = extract_signature(body)
        words: frozenset[str] = frozenset()
        if signature is not None:
            candidates = self._words.get(_fold(signature), ())
            if candidates:
                folded = body.casefold()
                words = frozenset(w for w in candidates if w.casefold() in folded)
        return SmsEvidence(sender_key(address), signature, words, is_code_like(body), day)

    def scan_login(
        self,
        url: str,
        login: str,
        day: date | None = None,
        last: date | None = None,
        own_numbers: frozenset[str] = frozenset(),
    ) -> LoginEvidence | None:
        """None for entries without a web address (apps, notes, cards)."""
        host = url_host(url)
        if host is None:
            return None
        number = mobile_number(login) if login else None
        own = number is not None and number in own_numbers
        return LoginEvidence(host, number is not None, own, day, last)

    # -- matching ---------------------------------------------------------------------

    def match_signature(self, signature: str, words: frozenset[str]) -> tuple[SignatureRule, ...]:
        """The catalog entries this signature points at: one is a match, several are
        ambiguous, none is unknown."""
        rules = self.signatures.get(_fold(signature), ())
        if len(rules) <= 1:
            return rules
        by_words = tuple(r for r in rules if words.intersection(r.words))
        if by_words:
            return by_words
        plain = tuple(r for r in rules if not r.words)
        return plain if len(plain) == 1 else rules

    def match_sender(self, sender: str) -> tuple[str, ...]:
        return self.senders.get(sender, ())

    def match_host(self, host: str) -> tuple[str | None, str]:
        """(platform id or None, the catalog domain or the registrable domain)."""
        labels = host.split(".")
        for i in range(len(labels) - 1):  # most specific first
            candidate = ".".join(labels[i:])
            platform = self.domains.get(candidate)
            if platform is not None:
                return platform, candidate
        return None, registrable_domain(host)


def _fold(signature: str) -> str:
    return unicodedata.normalize("NFKC", signature).strip().casefold()


# --- findings -------------------------------------------------------------------------


class PlatformFinding(Struct, frozen=True, gc=False):
    """A catalog platform the files point at, with the evidence."""

    platform_id: str
    messages: int  # received messages matched to it
    codes: int  # of which look like verification codes
    logins: int  # saved logins on its domains
    phone_logins: int  # of which the login is a phone number
    own_number_logins: int  # of which the login is the number being checked
    first: date | None
    last: date | None
    matched_by: tuple[str, ...]  # "signature:京东", "sender:95588", "domain:jd.com"
    confidence: Confidence  # the best of the matching signatures; domains count as high
    listed: bool  # already an account on the number

    @property
    def phone_login(self) -> bool:
        return self.own_number_logins > 0 or self.phone_logins > 0


class AmbiguousFinding(Struct, frozen=True, gc=False):
    """Messages whose signature several catalog entries claim, and no word decided."""

    signature: str
    candidates: tuple[str, ...]  # platform ids
    messages: int
    codes: int
    first: date | None
    last: date | None


class UnknownSender(Struct, frozen=True, gc=False):
    """Verification codes from a sender the catalog does not know."""

    name: str  # the signature, or the sender number when there is none
    signature: str | None
    codes: int
    first: date | None
    last: date | None


class UnknownSite(Struct, frozen=True, gc=False):
    """Saved logins on a domain the catalog does not know, whose login is a phone number."""

    domain: str
    logins: int
    own_number_logins: int
    first: date | None
    last: date | None


class Findings(Struct, frozen=True, gc=False):
    platforms: tuple[PlatformFinding, ...]
    ambiguous: tuple[AmbiguousFinding, ...]
    unknown_senders: tuple[UnknownSender, ...]
    unknown_sites: tuple[UnknownSite, ...]
    messages_read: int
    logins_read: int

    @property
    def new(self) -> tuple[PlatformFinding, ...]:
        return tuple(f for f in self.platforms if not f.listed)


class _Count:
    """Mutable counters for one finding while the files are read."""

    __slots__ = ("codes", "first", "last", "logins", "matched_by", "messages", "own", "phones")

    def __init__(self) -> None:
        self.messages = self.codes = self.logins = self.phones = self.own = 0
        self.first: date | None = None
        self.last: date | None = None
        self.matched_by: dict[str, None] = {}  # ordered set

    def seen(self, day: date | None) -> None:
        if day is None:
            return
        if self.first is None or day < self.first:
            self.first = day
        if self.last is None or day > self.last:
            self.last = day


class Tally:
    """Folds evidence into counts, one entry per platform or unknown sender."""

    def __init__(self, index: DiscoveryIndex) -> None:
        self.index = index
        self._platforms: dict[str, _Count] = {}
        self._confidence: dict[str, Confidence] = {}
        self._ambiguous: dict[tuple[str, tuple[str, ...]], _Count] = {}
        self._unknown: dict[str, tuple[str | None, _Count]] = {}
        self._sites: dict[str, _Count] = {}
        self.messages_read = 0
        self.logins_read = 0

    def add_all(self, evidence: Iterable[Evidence]) -> None:
        for item in evidence:
            self.add(item)

    def add(self, evidence: Evidence) -> None:
        if isinstance(evidence, SmsEvidence):
            self._add_sms(evidence)
        else:
            self._add_login(evidence)

    def _platform(self, platform_id: str, how: str, confidence: Confidence) -> _Count:
        count = self._platforms.get(platform_id)
        if count is None:
            count = self._platforms[platform_id] = _Count()
        count.matched_by[how] = None
        known = self._confidence.get(platform_id)
        if known is None or _CONFIDENCE_ORDER[confidence] < _CONFIDENCE_ORDER[known]:
            self._confidence[platform_id] = confidence
        return count

    def _add_sms(self, ev: SmsEvidence) -> None:
        self.messages_read += 1
        if ev.signature is not None:
            rules = self.index.match_signature(ev.signature, ev.words)
            if len(rules) == 1:
                rule = rules[0]
                count = self._platform(
                    rule.platform_id, f"signature:{ev.signature}", rule.confidence
                )
                self._count_message(count, ev)
                return
            if len(rules) > 1:
                key = (ev.signature, tuple(sorted(r.platform_id for r in rules)))
                count = self._ambiguous.setdefault(key, _Count())
                self._count_message(count, ev)
                return
        senders = self.index.match_sender(ev.sender) if ev.sender else ()
        if len(senders) == 1:
            count = self._platform(senders[0], f"sender:{ev.sender}", Confidence.HIGH)
            self._count_message(count, ev)
            return
        if len(senders) > 1:
            key = (ev.sender, tuple(sorted(senders)))
            self._count_message(self._ambiguous.setdefault(key, _Count()), ev)
            return
        if ev.code:
            name = ev.signature or ev.sender
            if not name:
                return
            _, count = self._unknown.setdefault(name, (ev.signature, _Count()))
            self._count_message(count, ev)

    @staticmethod
    def _count_message(count: _Count, ev: SmsEvidence) -> None:
        count.messages += 1
        count.codes += ev.code
        count.seen(ev.day)

    def _add_login(self, ev: LoginEvidence) -> None:
        self.logins_read += 1
        platform_id, domain = self.index.match_host(ev.host)
        if platform_id is not None:
            count = self._platform(platform_id, f"domain:{domain}", Confidence.HIGH)
        elif ev.phone_login:
            count = self._sites.setdefault(domain, _Count())
        else:
            return
        count.logins += 1
        count.phones += ev.phone_login
        count.own += ev.own_number
        count.seen(ev.day)
        count.seen(ev.last)

    def findings(self, listed: Iterable[str] = ()) -> Findings:
        """The model to show: `listed` are the platform ids already on the number."""
        on_number = frozenset(listed)
        platforms = tuple(
            PlatformFinding(
                platform_id=pid,
                messages=c.messages,
                codes=c.codes,
                logins=c.logins,
                phone_logins=c.phones,
                own_number_logins=c.own,
                first=c.first,
                last=c.last,
                matched_by=tuple(c.matched_by),
                confidence=self._confidence[pid],
                listed=pid in on_number,
            )
            for pid, c in sorted(self._platforms.items())
        )
        ambiguous = tuple(
            AmbiguousFinding(sig, cands, c.messages, c.codes, c.first, c.last)
            for (sig, cands), c in sorted(self._ambiguous.items())
        )
        unknown = tuple(
            UnknownSender(name, sig, c.codes, c.first, c.last)
            for name, (sig, c) in sorted(
                self._unknown.items(), key=lambda kv: (-kv[1][1].codes, kv[0])
            )
        )
        sites = tuple(
            UnknownSite(domain, c.logins, c.own, c.first, c.last)
            for domain, c in sorted(self._sites.items())
        )
        return Findings(platforms, ambiguous, unknown, sites, self.messages_read, self.logins_read)
