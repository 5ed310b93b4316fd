"""Comparing the official look-ups with the list, like with like.

MIIT's 一证通查 counts accounts only on the platforms it covers (`covered_by_yzt`), so
its count is set against the listed accounts on those platforms, not against every
account (banks and 12306 are not in it). UnionPay's 一键查卡 lists bank cards under
the user's ID: its count is set against the cards recorded at banks. Cards recorded
inside a wallet (Alipay, WeChat …) are the same bank cards bound a second time, so
they are counted apart and never added to the bank total.

Pure: the caller passes the catalog's platforms and the number's accounts.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from enum import StrEnum

from msgspec import Struct

from acctexit.domain.models import Account, Category, Platform


class Verdict(StrEnum):
    NOT_CHECKED = "not_checked"  # the look-up's count was not entered
    MORE = "more"  # it reported more than is recorded: some may be missing
    FEWER = "fewer"  # it reported fewer than is recorded
    SAME = "same"


class Comparison(Struct, frozen=True):
    """One look-up's count against what the list records for the same thing."""

    reported: int | None
    recorded: int

    @property
    def verdict(self) -> Verdict:
        if self.reported is None:
            return Verdict.NOT_CHECKED
        if self.reported > self.recorded:
            return Verdict.MORE
        if self.reported < self.recorded:
            return Verdict.FEWER
        return Verdict.SAME

    @property
    def missing(self) -> int:
        """How many the look-up found beyond the list (0 when it found no more)."""
        return max((self.reported or 0) - self.recorded, 0)

    def with_reported(self, reported: int | None) -> Comparison:
        return Comparison(reported, self.recorded)


BANK_WORD = "银行"


def is_bank(platform: Platform) -> bool:
    """A bank: it issues the cards 一键查卡 lists. Told by its Chinese name, because
    only a licensed bank may carry 银行 in its name (Commercial Bank Law, art. 11);
    wallets, card apps, lenders, brokers and insurers (支付宝, 云闪付, 京东金融 …)
    hold cards that banks issued, bound a second time."""
    return (
        platform.category is Category.FINANCE
        and platform.holds_cards
        and BANK_WORD in platform.name.zh
    )


def covered_by_yzt(platforms: Mapping[str, Platform], platform_ids: Iterable[str]) -> int:
    """How many of `platform_ids` (distinct) are on platforms 一证通查 counts."""
    return sum(
        1
        for pid in frozenset(platform_ids)
        if (p := platforms.get(pid)) is not None and p.covered_by_yzt
    )


class DiscoveredTotal(Struct, frozen=True):
    """What a discovery in the user's files found: catalog platforms in all, and how
    many of them are on platforms 一证通查 counts (the like-for-like figure)."""

    platforms: int
    covered: int


def discovered_total(platforms: Mapping[str, Platform], found: Iterable[str]) -> DiscoveredTotal:
    ids = frozenset(found)
    return DiscoveredTotal(len(ids), covered_by_yzt(platforms, ids))


def yzt_recorded_by_number(
    platforms: Mapping[str, Platform], accounts: Iterable[Account]
) -> dict[int, int]:
    """Per number id, the listed accounts 一证通查 would count: those on the platforms
    it covers. (The plan's number risk and the reconcile dialog both use this.)"""
    counts: dict[int, int] = {}
    for account in accounts:
        platform = platforms.get(account.platform_id)
        if platform is not None and platform.covered_by_yzt:
            counts[account.number_id] = counts.get(account.number_id, 0) + 1
    return counts


def compare_yzt(
    platforms: Mapping[str, Platform], accounts: Iterable[Account], reported: int | None
) -> Comparison:
    """一证通查's count against the listed accounts on the platforms it covers."""
    return Comparison(reported, sum(yzt_recorded_by_number(platforms, accounts).values()))


class CardTotals(Struct, frozen=True):
    at_banks: int  # cards recorded on bank accounts: what 一键查卡 lists
    elsewhere: int  # cards recorded inside wallets and apps: the same cards bound again


def card_totals(platforms: Mapping[str, Platform], accounts: Iterable[Account]) -> CardTotals:
    at_banks = elsewhere = 0
    for account in accounts:
        cards = account.bank_cards or 0
        platform = platforms.get(account.platform_id)
        if platform is not None and is_bank(platform):
            at_banks += cards
        else:
            elsewhere += cards
    return CardTotals(at_banks, elsewhere)


def compare_cards(
    platforms: Mapping[str, Platform], accounts: Iterable[Account], reported: int | None
) -> Comparison:
    """一键查卡's count against the cards recorded at banks."""
    return Comparison(reported, card_totals(platforms, accounts).at_banks)
