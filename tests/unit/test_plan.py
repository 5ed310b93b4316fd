"""Plan engine: phases, order, condition dates, blockers, progress. Synthetic catalog."""

from __future__ import annotations

from datetime import date

import pytest
from msgspec.structs import replace

from acctexit.domain.models import (
    Account,
    Catalog,
    Category,
    Condition,
    ConditionKind,
    DeletionMethod,
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
from acctexit.domain.plan import Progress, build_plan
from acctexit.i18n import say, translate

TODAY = date(2026, 5, 1)
K = ConditionKind


def cond(kind: ConditionKind, days: int | None = None) -> Condition:
    return Condition(kind, Text(f"条件 {kind.value}", f"rule {kind.value}"), days)


def step(sid, kind, *conds, phase=None) -> Step:
    return Step(sid, kind, Text(f"步骤{sid}", f"step {sid}"), phase=phase, conditions=conds)


WECHAT = Platform(
    "wechat", Text("微信", "WeChat"), Category.SOCIAL,
    phone_use=frozenset({PhoneUse.SMS_LOGIN}), holds_funds=True, identity_provider=True,
    steps=(
        step("withdraw", StepKind.WITHDRAW_BALANCE, phase=Phase.FINANCE),
        step("pay-close", StepKind.DEREGISTER, cond(K.ZERO_BALANCE), phase=Phase.FINANCE),
        step("rebind", StepKind.REBIND_PHONE),
        step("revoke", StepKind.REVOKE_AUTHORISATIONS),
        step("dereg", StepKind.DEREGISTER, cond(K.QUIET_AFTER_CHANGE, 14), cond(K.NO_LINKED_APPS)),
    ),
)  # fmt: skip
BANK = Platform(
    "bank", Text("银行", "Bank"), Category.FINANCE,
    phone_use=frozenset({PhoneUse.SMS_RESET}), holds_cards=True,
    steps=(step("cards", StepKind.UNBIND_CARDS),
           step("dereg", StepKind.DEREGISTER, cond(K.NO_CARDS))),
)  # fmt: skip
ZHIHU = Platform(
    "zhihu", Text("知乎", "Zhihu"), Category.SOCIAL, phone_use=frozenset({PhoneUse.SMS_LOGIN}),
    steps=(step("rebind", StepKind.REBIND_PHONE), step("dereg", StepKind.DEREGISTER)),
)  # fmt: skip
DIDI = Platform(
    "didi", Text("滴滴", "Didi"), Category.LIFE, phone_use=frozenset({PhoneUse.SMS_LOGIN}),
    steps=(step("dereg", StepKind.DEREGISTER, cond(K.DAYS_SINCE_LAST_ORDER, 15)),),
)  # fmt: skip
SHOP = Platform(
    "shop", Text("商城", "Shop"), Category.COMMERCE, phone_use=frozenset({PhoneUse.SMS_LOGIN}),
    steps=(
        step("pf", StepKind.CANCEL_PASSWORD_FREE),
        step("dereg", StepKind.DEREGISTER,
             cond(K.DAYS_SINCE_ORDERS_CLOSED, 365), cond(K.REVIEW_DAYS, 3), cond(K.REGRET_DAYS, 30),
             cond(K.DAILY_ATTEMPTS, 3), cond(K.NO_PASSWORD_FREE), cond(K.MANUAL)),
        step("support", StepKind.CONTACT_SUPPORT),
    ),
)  # fmt: skip
MAIL = Platform(
    "mail", Text("邮箱", "Mail"), Category.OTHER, deletion_method=DeletionMethod.INACTIVITY,
    steps=(step("dereg", StepKind.DEREGISTER, cond(K.INACTIVITY_DELETION, 180)),),
)  # fmt: skip
FORUM = Platform(
    "forum", Text("论坛", "Forum"), Category.OTHER, deletion_method=DeletionMethod.IMPOSSIBLE,
    steps=(step("dereg", StepKind.DEREGISTER),),
)  # fmt: skip
CATALOG = Catalog(
    {p.id: p for p in (WECHAT, BANK, ZHIHU, DIDI, SHOP, MAIL, FORUM)},
    discover_steps=(step("yzt", StepKind.CHECK), step("cards-check", StepKind.CHECK)),
    aftercare_steps=(step("high-risk", StepKind.AFTERCARE_CHECK),),
)
N1 = PhoneNumber(1, "+8613812341234", state=NumberState.CANCELLED, cancel_date=date(2026, 3, 1))
N2 = PhoneNumber(2, "+8613912341234")  # kept


def plan_of(accounts, states=None, numbers=(N1,), today=TODAY):
    return build_plan(CATALOG, list(numbers), list(accounts), states or {}, today)


def one(plan, account_id, step_id):
    s = plan.get((account_id, None, step_id))
    assert s is not None
    return s


def en(texts) -> list[str]:
    return [say(t, "en") for t in texts]


# --- phases and order ------------------------------------------------------------------


def test_phases_in_order_and_per_number_steps_first_and_last():
    plan = plan_of([Account(1, "didi", 1), Account(2, "bank", 1), Account(3, "zhihu", 1)])
    phases = [s.phase.order for s in plan.steps]
    assert phases == sorted(phases)
    assert plan.steps[0].key == (None, 1, "yzt")
    assert plan.steps[1].key == (None, 1, "cards-check")
    assert plan.steps[-1].key == (None, 1, "high-risk")
    assert plan.steps[2].platform_id == "bank"


def test_payment_arm_goes_to_finance_phase():
    plan = plan_of([Account(1, "wechat", 1, balance=0)])
    assert one(plan, 1, "pay-close").phase is Phase.FINANCE
    assert one(plan, 1, "rebind").phase is Phase.SOCIAL


def test_riskiest_account_first_within_phase_then_platform_order():
    low = Account(1, "bank", 1, bank_cards=0)
    high = Account(2, "bank", 1, bank_cards=4)
    plan = plan_of([low, high])
    fin = [s.key for s in plan.steps if s.phase is Phase.FINANCE]
    assert fin == [(2, None, "cards"), (2, None, "dereg"), (1, None, "cards"), (1, None, "dereg")]
    assert plan.account_risks[2].score > plan.account_risks[1].score


def test_discover_and_aftercare_only_for_numbers_given_up():
    plan = plan_of([Account(1, "bank", 2)], numbers=(N1, N2))
    assert plan.get((None, 1, "yzt")) and plan.get((None, 2, "yzt")) is None
    assert [s.key for s in plan.for_number(2)] == [(1, None, "cards"), (1, None, "dereg")]


def test_all_numbers_kept_still_get_discover_steps():
    plan = plan_of([], numbers=(N2, replace(N2, id=3, e164="+8613700000000")))
    assert [s.key for s in plan.steps if s.phase is Phase.DISCOVER] == [
        (None, 2, "yzt"), (None, 2, "cards-check"), (None, 3, "yzt"), (None, 3, "cards-check"),
    ]  # fmt: skip


def test_soonest_reissued_number_first():
    later = replace(N1, id=2, e164="+8613900000000", cancel_date=date(2026, 4, 1))
    plan = plan_of([], numbers=(later, N1))
    assert plan.steps[0].number_id == 1


def test_unknown_platform_is_reported_not_planned():
    plan = plan_of([Account(9, "nope", 1)])
    assert plan.unknown_platform_accounts == (9,)
    assert plan.for_account(9) == []


# --- condition dates -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("changed", "expected"),
    [
        (date(2028, 2, 29), date(2028, 3, 14)),  # leap day
        (date(2027, 2, 28), date(2027, 3, 14)),
        (date(2026, 12, 31), date(2027, 1, 14)),  # year end
        (date(2027, 1, 31), date(2027, 2, 14)),
    ],
)
def test_quiet_after_change_dates(changed, expected):
    plan = plan_of(
        [Account(1, "wechat", 1, last_sensitive_change=changed, linked_apps=0)],
        today=date(2026, 5, 1),
    )
    s = one(plan, 1, "dereg")
    assert s.possible_from == expected
    assert f"14 days after your last sensitive change ({changed}): from {expected}" in en(s.notes)
    assert "last_sensitive_change" not in s.needs_facts


def test_quiet_period_already_over_means_possible_now():
    plan = plan_of([Account(1, "wechat", 1, last_sensitive_change=date(2026, 4, 1), linked_apps=0)])
    s = one(plan, 1, "dereg")
    assert s.possible_from is None
    assert "14 days after your last sensitive change (2026-04-01): met since 2026-04-15" in en(
        s.notes
    )


def test_missing_fact_goes_to_needs_facts_and_note_names_it():
    s = one(plan_of([Account(1, "wechat", 1)]), 1, "dereg")
    assert s.needs_facts == ("last_sensitive_change", "linked_apps")
    assert s.possible_from is None
    # named as the steps pane's "needs" line names it (fact_*: one name per fact)
    fact = translate("fact_last_sensitive_change", "en")
    assert any(f"fill in “{fact}” to get the date" in n for n in en(s.notes))


def test_days_since_last_order_month_end():
    plan = plan_of([Account(1, "didi", 1, last_order=date(2026, 4, 30))])
    s = one(plan, 1, "dereg")
    assert s.possible_from == date(2026, 5, 15)
    assert "15 days after your last order (2026-04-30): from 2026-05-15" in en(s.notes)
    assert one(plan_of([Account(1, "didi", 1)]), 1, "dereg").needs_facts == ("last_order",)


def test_orders_closed_year_regret_review_attempts_manual():
    acc = Account(1, "shop", 1, orders_closed=date(2025, 6, 1), password_free=False)
    s = one(plan_of([acc]), 1, "dereg")
    assert s.possible_from == date(2026, 6, 1)  # 2025-06-01 + 365 days
    assert s.final_on == date(2026, 7, 1)  # + 30-day regret from the possible date
    notes = en(s.notes)
    assert "365 days after all orders were closed (2025-06-01): from 2026-06-01" in notes
    assert "the platform reviews the request for about 3 days" in notes
    assert "at most 3 attempts a day" in notes
    assert "rule manual" in notes
    assert "final only after a 30-day regret period: 2026-07-01 at the earliest" in notes
    assert "password-free payments must be off: done" in notes


def test_orders_closed_leap_year_span():
    acc = Account(1, "shop", 1, orders_closed=date(2027, 3, 1), password_free=False)
    s = one(plan_of([acc], today=date(2027, 3, 2)), 1, "dereg")
    assert s.possible_from == date(2028, 2, 29)  # 365 days over a leap February


def test_regret_from_today_when_possible_now():
    acc = Account(1, "shop", 1, orders_closed=date(2024, 1, 1), password_free=False)
    s = one(plan_of([acc]), 1, "dereg")
    assert s.possible_from is None and s.final_on == date(2026, 5, 31)


def test_inactivity_deletion_is_impossible_with_date_or_needs_last_used():
    s = one(plan_of([Account(1, "mail", 1, last_used=date(2025, 11, 30))]), 1, "dereg")
    assert s.impossible is not None
    assert (
        say(s.impossible, "en")
        == "no self-service deletion: deleted after 180 days without login, from 2026-05-29"
    )
    assert s.final_on == date(2026, 5, 29)
    s = one(plan_of([Account(1, "mail", 1)]), 1, "dereg")
    assert s.needs_facts == ("last_used",) and s.impossible is not None and s.final_on is None


def test_inactivity_on_self_service_platform_is_only_a_note():
    p = replace(DIDI, steps=(step("dereg", StepKind.DEREGISTER, cond(K.INACTIVITY_DELETION, 90)),))
    cat = Catalog({"didi": p})
    plan = build_plan(cat, [N1], [Account(1, "didi", 1, last_used=date(2028, 1, 1))], {}, TODAY)
    s = plan.get((1, None, "dereg"))
    assert s.impossible is None
    assert "also: closed by the platform after 90 days without login, from 2028-03-31" in en(
        s.notes
    )


def test_impossible_platform_says_so():
    s = one(plan_of([Account(1, "forum", 1)]), 1, "dereg")
    assert s.impossible is not None and "no deregistration" in say(s.impossible, "en")


def test_zero_balance_note_and_need():
    assert "withdraw ¥12.50 first" in en(
        one(plan_of([Account(1, "wechat", 1, balance=12.5)]), 1, "pay-close").notes
    )
    s = one(plan_of([Account(1, "wechat", 1)]), 1, "pay-close")
    assert s.needs_facts == ("balance",)
    done = {(1, None, "withdraw"): StepStatus.DONE}
    s = one(plan_of([Account(1, "wechat", 1, balance=12.5)], done), 1, "pay-close")
    assert "balance must be 0: done" in en(s.notes) and s.needs_facts == ()


def test_no_cards_note_and_need():
    assert "unbind 2 bank cards first" in en(
        one(plan_of([Account(1, "bank", 1, bank_cards=2)]), 1, "dereg").notes
    )
    assert one(plan_of([Account(1, "bank", 1)]), 1, "dereg").needs_facts == ("bank_cards",)
    assert "no bank cards may be bound: done" in en(
        one(plan_of([Account(1, "bank", 1, bank_cards=0)]), 1, "dereg").notes
    )


def test_no_password_free_pending():
    s = one(
        plan_of([Account(1, "shop", 1, password_free=True, orders_closed=date(2024, 1, 1))]),
        1,
        "dereg",
    )
    assert "cancel password-free payments and auto-debit first" in en(s.notes)


# --- blockers ---------------------------------------------------------------------------------


def test_payment_arm_and_money_steps_block_deregistration():
    plan = plan_of([Account(1, "wechat", 1, balance=0, linked_apps=0)])
    d = one(plan, 1, "dereg")
    assert set(d.waits_on) >= {(1, None, "withdraw"), (1, None, "pay-close"), (1, None, "revoke")}
    assert "first: “step withdraw”; “step pay-close”; “step revoke”" in en(d.waits_on_text)
    assert "先完成「步骤withdraw」、「步骤pay-close」、「步骤revoke」" in [
        say(t, "zh") for t in d.waits_on_text
    ]
    pay = one(plan, 1, "pay-close")
    assert pay.waits_on == ((1, None, "withdraw"),)  # its own earlier money step


def test_own_earlier_money_step_blocks_same_phase_deregistration():
    d = one(plan_of([Account(1, "bank", 1)]), 1, "dereg")
    assert d.waits_on == ((1, None, "cards"),)


def test_identity_provider_waits_on_dependants_and_names_them():
    accounts = [
        Account(1, "wechat", 1, balance=0),
        Account(2, "zhihu", 1, sign_in_via="wechat"),
        Account(3, "didi", 1, sign_in_via="wechat"),
    ]
    plan = plan_of(accounts)
    d = one(plan, 1, "dereg")
    assert (2, None, "dereg") in d.waits_on and (3, None, "dereg") in d.waits_on
    assert "first stop Zhihu, Didi signing in with WeChat" in en(d.waits_on_text)
    assert "先解除知乎、滴滴的微信登录" in [say(t, "zh") for t in d.waits_on_text]
    # Didi is in the later life phase, so WeChat's deregistration moves there and says so
    assert d.placed_phase is Phase.LIFE and d.forced_later
    assert "so it moves from the Social phase to the Life services phase" in en(d.waits_on_text)
    keys = [s.key for s in plan.steps]
    assert keys.index((3, None, "dereg")) < keys.index((1, None, "dereg"))
    assert "first stop 2 other apps signing in through it" in en(d.notes)


def test_dependant_without_deregister_waits_on_its_rebind():
    p = replace(ZHIHU, steps=(step("rebind", StepKind.REBIND_PHONE),))
    cat = Catalog({"wechat": WECHAT, "zhihu": p})
    plan = build_plan(
        cat,
        [N1],
        [Account(1, "wechat", 1), Account(2, "zhihu", 1, sign_in_via="wechat")],
        {},
        TODAY,
    )
    assert (2, None, "rebind") in plan.get((1, None, "dereg")).waits_on


def test_dependant_waits_on_its_rebind_to_a_kept_number_not_a_temporary_one():
    temporary = Step("temp", StepKind.REBIND_PHONE, Text("临时号码", "temporary"), temporary=True)
    p = replace(ZHIHU, steps=(temporary, step("rebind", StepKind.REBIND_PHONE)))
    cat = Catalog({"wechat": WECHAT, "zhihu": p})
    accounts = [Account(1, "wechat", 1), Account(2, "zhihu", 1, sign_in_via="wechat")]
    plan = build_plan(cat, [N1], accounts, {}, TODAY)
    waits = plan.get((1, None, "dereg")).waits_on
    assert (2, None, "rebind") in waits and (2, None, "temp") not in waits
    moved = build_plan(cat, [N1], accounts, {(2, None, "temp"): StepStatus.DONE}, TODAY)
    assert moved.get((2, None, "rebind")).is_open  # a temporary number is not the end
    assert moved.account_risks[2].level is not RiskLevel.RESOLVED


def test_blocker_dates_carry_over():
    accounts = [
        Account(1, "wechat", 1, balance=0, last_sensitive_change=date(2026, 4, 1)),
        Account(3, "didi", 1, sign_in_via="wechat", last_order=date(2026, 5, 10)),
    ]
    d = one(plan_of(accounts), 1, "dereg")
    assert d.possible_from == date(2026, 5, 25)  # Didi possible from 05-25, WeChat's own 04-15


def test_support_step_after_deregistration_waits_on_it():
    s = one(plan_of([Account(1, "shop", 1)]), 1, "support")
    assert s.waits_on == ((1, None, "dereg"),)
    assert "deregister first" in en(s.waits_on_text)


def test_cycle_is_broken_and_said():
    chat = replace(ZHIHU, identity_provider=True)
    cat = Catalog({"wechat": WECHAT, "zhihu": chat})
    accounts = [
        Account(1, "wechat", 1, sign_in_via="zhihu"),
        Account(2, "zhihu", 1, sign_in_via="wechat"),
    ]
    plan = build_plan(cat, [N1], accounts, {}, TODAY)
    keys = [s.key for s in plan.steps]
    for s in plan.steps:
        for b in s.waits_on:
            assert keys.index(b) < keys.index(s.key)
    assert any(
        "waits on steps that wait on it" in say(t, "en")
        for s in plan.steps
        for t in s.waits_on_text
    )


# --- status and progress ------------------------------------------------------------------------


def test_resolved_account_has_no_open_step():
    states = {(1, None, "rebind"): StepStatus.DONE}
    plan = plan_of([Account(1, "wechat", 1)], states)
    steps = plan.for_account(1)
    assert all(not s.is_open for s in steps)
    d = one(plan, 1, "dereg")
    assert d.status is StepStatus.SKIPPED and d.logged_status is StepStatus.OPEN
    assert en(d.notes)[0] == "no longer needed: the account is off this number"
    assert plan.account_progress(1) == Progress(done=1, skipped=4, total=5)


def test_progress_overall_phase_number_account():
    states = {(None, 1, "yzt"): StepStatus.DONE, (2, None, "cards"): StepStatus.SKIPPED}
    plan = plan_of([Account(2, "bank", 1)], states)
    assert plan.progress() == Progress(1, 1, 5)
    assert plan.phase_progress(Phase.DISCOVER) == Progress(1, 0, 2)
    assert plan.phase_progress(Phase.FINANCE) == Progress(0, 1, 2)
    assert plan.number_progress(1) == Progress(1, 1, 5)
    assert plan.account_progress(2).fraction == 0.5
    assert Progress(0, 0, 0).fraction == 0.0


def test_next_step_skips_done_blocked_and_future():
    states = {(None, 1, "yzt"): StepStatus.DONE, (None, 1, "cards-check"): StepStatus.DONE}
    plan = plan_of(
        [Account(1, "didi", 1, last_order=date(2026, 4, 30)), Account(2, "bank", 1, bank_cards=1)],
        states,
    )
    assert plan.next_step().key == (2, None, "cards")
    states[(2, None, "cards")] = StepStatus.DONE
    states[(2, None, "dereg")] = StepStatus.DONE
    plan = plan_of([Account(1, "didi", 1, last_order=date(2026, 4, 30))], states)
    assert plan.next_step().key == (None, 1, "high-risk")  # Didi only from 05-15
    assert plan_of([]).next_step().key == (None, 1, "yzt")


def test_undone_step_counts_as_open():
    plan = plan_of([Account(2, "bank", 1)], {(2, None, "cards"): StepStatus.OPEN})
    assert one(plan, 2, "cards").is_open


def test_plan_steps_stay_hashable_and_replaceable() -> None:
    """PlanStep is not frozen (for build speed) but keeps value hashing and `replace`."""
    plan = plan_of([Account(1, "wechat", 1)])
    s = plan.steps[0]
    assert hash(s) == hash(replace(s))
    assert {s, replace(s)} == {s}
    assert replace(s, status=StepStatus.DONE).status is StepStatus.DONE
    assert plan.steps[0].status is s.status


def test_build_plan_leaves_the_garbage_collector_as_it_found_it() -> None:
    import gc

    assert gc.isenabled()
    plan_of([Account(1, "wechat", 1)])
    assert gc.isenabled()
    gc.disable()
    try:
        plan_of([Account(1, "wechat", 1)])
        assert not gc.isenabled()
    finally:
        gc.enable()
