"""Risk engine: takeover ease × exposure, levels, reasons, resolution, numbers."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st
from msgspec.structs import replace

from acctexit.domain.models import (
    Account,
    Category,
    NumberState,
    Phase,
    PhoneNumber,
    PhoneUse,
    Platform,
    RiskLevel,
    Step,
    StepKind,
    StepStatus,
    Text,
)
from acctexit.domain.phone import mask_number
from acctexit.domain.risk import assess_account, assess_number, level_for, reissue_date
from acctexit.i18n import say

TODAY = date(2026, 5, 1)

WALLET = Platform(
    "wallet",
    Text("钱包", "Wallet"),
    Category.FINANCE,
    phone_use=frozenset({PhoneUse.SMS_LOGIN}),
    holds_funds=True,
    holds_cards=True,
    password_free_payments=True,
    identity_provider=True,
    steps=(
        Step("rebind", StepKind.REBIND_PHONE, Text("换绑", "rebind")),
        Step("cards", StepKind.UNBIND_CARDS, Text("解绑卡", "unbind cards")),
        Step("pay-off", StepKind.DEREGISTER, Text("关支付", "close pay"), phase=Phase.DISCOVER),
        Step("dereg", StepKind.DEREGISTER, Text("注销", "deregister")),
    ),
)
CHAT = Platform(
    "chat", Text("聊天", "Chat"), Category.SOCIAL, phone_use=frozenset({PhoneUse.SMS_RESET})
)
SHOP = Platform(
    "shop", Text("商城", "Shop"), Category.COMMERCE, phone_use=frozenset({PhoneUse.SECOND_FACTOR})
)


def cancelled(on: date, freeze: int = 90) -> PhoneNumber:
    return PhoneNumber(
        1, "+8613812341234", state=NumberState.CANCELLED, cancel_date=on, freeze_days=freeze
    )


def en(risk) -> list[str]:
    return [say(r, "en") for r in risk.reasons]


# --- reissue date -------------------------------------------------------------


def test_reissue_date_is_cancel_plus_freeze_across_month_end_and_leap_day():
    assert reissue_date(cancelled(date(2028, 2, 29), 14)) == date(2028, 3, 14)
    assert reissue_date(cancelled(date(2027, 1, 31), 30)) == date(2027, 3, 2)
    assert reissue_date(cancelled(date(2028, 1, 31), 30)) == date(2028, 3, 1)  # leap year
    assert reissue_date(cancelled(date(2026, 12, 31), 90)) == date(2027, 3, 31)


def test_reissue_date_none_when_kept_or_undated():
    assert reissue_date(PhoneNumber(1, "+8613800000000")) is None
    assert reissue_date(PhoneNumber(1, "+86138", state=NumberState.WILL_CANCEL)) is None


# --- ease ----------------------------------------------------------------------


def test_phone_use_orders_scores_sms_login_over_reset_over_second_factor():
    number = cancelled(date(2026, 1, 1))  # past re-issue
    scores = []
    for use in (PhoneUse.SMS_LOGIN, PhoneUse.SMS_RESET, PhoneUse.SECOND_FACTOR):
        p = replace(CHAT, phone_use=frozenset({use}))
        scores.append(assess_account(p, Account(1, "chat", 1), number, {}, TODAY).score)
    assert scores[0] > scores[1] > scores[2]


def test_number_state_orders_scores_kept_will_cancel_frozen_reissued():
    acc = Account(1, "wallet", 1, balance=500.0, bank_cards=2, password_free=True)
    numbers = [
        PhoneNumber(1, "+86138", state=NumberState.KEPT),
        PhoneNumber(1, "+86138", state=NumberState.WILL_CANCEL, cancel_date=date(2026, 6, 1)),
        cancelled(date(2026, 4, 1)),  # frozen until 2026-06-30
        cancelled(date(2026, 1, 1)),  # re-issue from 2026-04-01: past
    ]
    scores = [assess_account(WALLET, acc, n, {}, TODAY).score for n in numbers]
    assert scores == sorted(scores) and len(set(scores)) == 4
    assert assess_account(WALLET, acc, numbers[0], {}, TODAY).level is RiskLevel.LOW
    assert assess_account(WALLET, acc, numbers[3], {}, TODAY).level is RiskLevel.CRITICAL


def test_reasons_name_sms_login_cards_and_days_left():
    number = cancelled(date(2026, 3, 7))  # + 90 = 2026-06-05: 35 days after 2026-05-01
    risk = assess_account(WALLET, Account(1, "wallet", 1, bank_cards=2), number, {}, TODAY)
    assert "SMS code alone signs in" in en(risk)
    assert "2 bank cards bound" in en(risk)
    assert "number may be re-issued in 35 days (2026-06-05)" in en(risk)
    zh = [say(r, "zh") for r in risk.reasons]
    assert "短信验证码即可登录" in zh and "绑定了 2 张银行卡" in zh
    assert "号码最早可能在 35 天后（2026-06-05）被重新发放" in zh


def test_past_reissue_date_says_stranger_may_have_it():
    risk = assess_account(CHAT, Account(1, "chat", 1), cancelled(date(2026, 1, 1)), {}, TODAY)
    assert "exposed now: number may already belong to a stranger (since 2026-04-01)" in en(risk)


def test_unknown_facts_count_as_possible_exposure_and_say_so():
    risk = assess_account(WALLET, Account(1, "wallet", 1), cancelled(date(2026, 1, 1)), {}, TODAY)
    assert "may hold money (balance not entered)" in en(risk)
    assert "bank cards may be bound (not entered)" in en(risk)
    entered = Account(1, "wallet", 1, balance=0, bank_cards=0, password_free=False, linked_apps=0)
    lower = assess_account(WALLET, entered, cancelled(date(2026, 1, 1)), {}, TODAY)
    assert lower.score < risk.score


def test_social_contacts_and_commerce_orders_are_exposure():
    n = cancelled(date(2026, 1, 1))
    assert "friends and contacts can be defrauded" in en(
        assess_account(CHAT, Account(1, "chat", 1), n, {}, TODAY)
    )
    assert "addresses and order history are exposed" in en(
        assess_account(SHOP, Account(1, "shop", 1), n, {}, TODAY)
    )


def test_dependants_and_linked_apps_raise_score_and_are_named():
    n = cancelled(date(2026, 4, 1))
    acc = Account(1, "wallet", 1, balance=0, bank_cards=0, password_free=False, linked_apps=0)
    base = assess_account(WALLET, acc, n, {}, TODAY)
    deps = [Account(2, "chat", 1), Account(3, "shop", 1)]
    more = assess_account(
        WALLET, acc, n, {}, TODAY, dependants=deps, dependant_names=[CHAT.name, SHOP.name]
    )
    assert more.score > base.score
    assert "2 other apps sign in through it (Chat, Shop)" in en(more)
    linked = assess_account(WALLET, replace(acc, linked_apps=3), n, {}, TODAY)
    assert linked.score > base.score


def test_done_unbind_cards_removes_card_exposure():
    n = cancelled(date(2026, 4, 1))
    acc = Account(1, "wallet", 1, bank_cards=3)
    before = assess_account(WALLET, acc, n, {}, TODAY)
    after = assess_account(WALLET, acc, n, {(1, None, "cards"): StepStatus.DONE}, TODAY)
    assert after.score < before.score
    assert "3 bank cards bound" not in en(after)


# --- resolution ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("states", "reason"),
    [
        ({(1, None, "rebind"): StepStatus.DONE}, "moved off this number"),
        ({(1, None, "dereg"): StepStatus.DONE}, "deregistered"),
        (
            {(1, None, s.id): StepStatus.SKIPPED for s in WALLET.steps},
            "all steps done or skipped",
        ),
    ],
)
def test_resolved_when_rebound_deregistered_or_all_finished(states, reason):
    risk = assess_account(
        WALLET, Account(1, "wallet", 1), cancelled(date(2026, 1, 1)), states, TODAY
    )
    assert risk.level is RiskLevel.RESOLVED and risk.score == 0
    assert en(risk) == [reason]


def test_closing_a_payment_arm_does_not_resolve_the_account():
    states = {(1, None, "pay-off"): StepStatus.DONE, (1, None, "rebind"): StepStatus.SKIPPED}
    risk = assess_account(
        WALLET, Account(1, "wallet", 1), cancelled(date(2026, 1, 1)), states, TODAY
    )
    assert risk.level is not RiskLevel.RESOLVED


def test_skipped_rebind_does_not_resolve():
    states = {(1, None, "rebind"): StepStatus.SKIPPED}
    risk = assess_account(
        WALLET, Account(1, "wallet", 1), cancelled(date(2026, 1, 1)), states, TODAY
    )
    assert risk.level is not RiskLevel.RESOLVED


def test_undone_step_is_open_again():
    states = {(1, None, "dereg"): StepStatus.OPEN}
    risk = assess_account(
        WALLET, Account(1, "wallet", 1), cancelled(date(2026, 1, 1)), states, TODAY
    )
    assert risk.level is not RiskLevel.RESOLVED


def test_level_thresholds():
    assert [level_for(s) for s in (100, 70, 69, 45, 44, 20, 19, 0)] == [
        RiskLevel.CRITICAL, RiskLevel.CRITICAL, RiskLevel.HIGH, RiskLevel.HIGH,
        RiskLevel.MEDIUM, RiskLevel.MEDIUM, RiskLevel.LOW, RiskLevel.LOW,
    ]  # fmt: skip


# --- numbers -------------------------------------------------------------------------


def test_assess_number_counts_levels_days_left_and_yzt_gap():
    n = replace(cancelled(date(2026, 3, 7)), yzt_count=5)
    accounts = [Account(1, "wallet", 1, bank_cards=2), Account(2, "shop", 1), Account(3, "chat", 1)]
    platforms = {"wallet": WALLET, "shop": SHOP, "chat": CHAT}
    risks = [assess_account(platforms[a.platform_id], a, n, {}, TODAY) for a in accounts]
    nr = assess_number(n, risks, TODAY, yzt_recorded=3)
    assert nr.reissue_date == date(2026, 6, 5) and nr.days_left == 35
    assert sum(nr.counts.values()) == 3
    assert nr.counts[risks[0].level] >= 1
    texts = [say(r, "en") for r in nr.reasons]
    assert "number cancelled on 2026-03-07, now frozen" in texts
    assert "一证通查 (MIIT look-up) reported 5; 3 listed on the platforms it covers" in texts
    # Compared with the accounts on covered platforms, not with every account listed.
    covered_only = assess_number(n, risks, TODAY, yzt_recorded=5)
    assert not any("一证通查" in say(r, "en") for r in covered_only.reasons)


def test_assess_number_kept_has_no_countdown():
    nr = assess_number(PhoneNumber(2, "+86139"), [], TODAY, yzt_recorded=0)
    assert nr.reissue_date is None and nr.days_left is None
    assert nr.state is NumberState.KEPT


def test_assess_number_negative_days_when_past():
    nr = assess_number(cancelled(date(2026, 1, 1)), [], TODAY, yzt_recorded=0)
    assert nr.days_left == (date(2026, 4, 1) - TODAY).days < 0


# --- masking -----------------------------------------------------------------------------


def test_mask_number():
    assert mask_number("+8613812341234") == "138****1234"
    assert mask_number("+14155550123") == "+141****0123"
    assert mask_number("12345") == "****45"
    assert mask_number("") == "****"
    assert mask_number("+861381234") == "+861****1234"  # not an 11-digit CN number
    assert mask_number("+86 138-1234-1234") == "138****1234"


# --- property: raising exposure never lowers a score ---------------------------------------

# "Raising" orders each fact as 0 < unknown (None) < 1 < 2 … and False < unknown < True:
# entering an unknown fact as a positive value, or increasing a value, is raising.
_RANK_NUM = st.one_of(st.none(), st.integers(0, 12))
_RANK_BOOL = st.sampled_from([False, None, True])


def _rank_num(v):
    return 0.5 if v is None else float(v)


def _rank_bool(v):
    return 0.5 if v is None else float(v)


def _raise_num(v, up):
    if up == 0:
        return v
    if v is None:
        return up
    return v + up


platforms_st = st.builds(
    Platform,
    id=st.just("p"),
    name=st.just(Text("平台", "Platform")),
    category=st.sampled_from(list(Category)),
    phone_use=st.frozensets(st.sampled_from(list(PhoneUse))),
    holds_funds=st.booleans(),
    holds_cards=st.booleans(),
    password_free_payments=st.booleans(),
    identity_provider=st.booleans(),
)
numbers_st = st.builds(
    PhoneNumber,
    id=st.just(1),
    e164=st.just("+8613800000000"),
    state=st.sampled_from(list(NumberState)),
    cancel_date=st.one_of(st.none(), st.dates(date(2025, 1, 1), date(2027, 12, 31))),
    freeze_days=st.integers(0, 300),
)


@given(
    platform=platforms_st,
    number=numbers_st,
    balance=_RANK_NUM,
    cards=_RANK_NUM,
    pf=_RANK_BOOL,
    linked=_RANK_NUM,
    deps=st.integers(0, 5),
    ups=st.tuples(
        st.integers(0, 3), st.integers(0, 3), st.booleans(), st.integers(0, 3), st.integers(0, 3)
    ),
)
def test_raising_exposure_never_lowers_score(
    platform, number, balance, cards, pf, linked, deps, ups
):
    acc = Account(
        1, "p", 1,
        balance=None if balance is None else float(balance),
        bank_cards=cards, password_free=pf, linked_apps=linked,
    )  # fmt: skip
    up_bal, up_cards, up_pf, up_linked, up_deps = ups
    new_pf = pf
    if up_pf:
        new_pf = True
    raised = replace(
        acc,
        balance=None if _raise_num(balance, up_bal) is None else float(_raise_num(balance, up_bal)),
        bank_cards=_raise_num(cards, up_cards),
        password_free=new_pf,
        linked_apps=_raise_num(linked, up_linked),
    )
    assert _rank_bool(raised.password_free) >= _rank_bool(acc.password_free)
    assert _rank_num(raised.bank_cards) >= _rank_num(acc.bank_cards)
    dependants = [Account(10 + i, "x", 1) for i in range(deps)]
    more_dependants = dependants + [Account(100 + i, "y", 1) for i in range(up_deps)]
    before = assess_account(platform, acc, number, {}, TODAY, dependants=dependants)
    after = assess_account(platform, raised, number, {}, TODAY, dependants=more_dependants)
    assert after.score >= before.score
    assert 0 <= before.score <= 100 and 0 <= after.score <= 100
    assert before.reasons  # never an unexplained score
