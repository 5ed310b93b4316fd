"""Look-ups across the whole catalog: which platforms claim an SMS signature or a sender
number. Discovery offers their candidates; `catalog --check` uses them to find
signatures nobody could tell apart."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from acctexit.domain.models import Catalog, Platform, SmsSignature


def signature_claims(catalog: Catalog) -> dict[str, list[tuple[Platform, int, SmsSignature]]]:
    """Each signature (without brackets) -> every (platform, index in its `sms`, entry)
    claiming it, in platform order."""
    claims: dict[str, list[tuple[Platform, int, SmsSignature]]] = {}
    for p in catalog.platforms.values():
        for i, sms in enumerate(p.sms):
            claims.setdefault(sms.signature, []).append((p, i, sms))
    return claims


def sender_claims(catalog: Catalog) -> dict[str, list[Platform]]:
    """Each stable sender number -> the platforms that list it, in platform order."""
    claims: dict[str, list[Platform]] = {}
    for p in catalog.platforms.values():
        for sender in p.sms_senders:
            claims.setdefault(sender, []).append(p)
    return claims
