"""The catalog indexed for discovery: evidence records and the look-ups that match them."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Mapping
from datetime import date

from msgspec import Struct

from acctexit.domain.discovery.signals import (
    extract_signature,
    is_code_like,
    mobile_number,
    registrable_domain,
    sender_key,
    url_host,
)
from acctexit.domain.models import Catalog, Confidence

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
