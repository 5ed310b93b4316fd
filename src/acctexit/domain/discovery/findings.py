"""The findings model and the tally that folds evidence into it."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from msgspec import Struct

from acctexit.domain.discovery.matching import DiscoveryIndex, Evidence, LoginEvidence, SmsEvidence
from acctexit.domain.models import Confidence

_CONFIDENCE_ORDER = {Confidence.HIGH: 0, Confidence.MEDIUM: 1, Confidence.LOW: 2}


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
