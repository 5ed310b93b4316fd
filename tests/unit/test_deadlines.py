"""The two deadlines of a number, and which plan steps still fit before the first.

Pure domain rules (domain/deadlines.py) and the plan's per-step `earliest`, `do_by`,
`feasible`, on synthetic numbers and on the shipped catalog (WeChat, Alipay).
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from acctexit.catalog import load_catalog
from acctexit.domain import reasons as R
from acctexit.domain.deadlines import (
    Stage,
    cancel_deadline,
    feasible,
    needs_old_number,
    reissue_date,
    reissue_deadline,
    stage,
)
from acctexit.domain.models import (
    Account,
    Catalog,
    Category,
    DeletionMethod,
    NumberState,
    PhoneNumber,
    PhoneUse,
    Platform,
    Step,
    StepKind,
    StepStatus,
    Text,
)
from acctexit.domain.plan import build_plan
from acctexit.domain.risk import assess_account
from acctexit.domain.risk import reissue_date as risk_reissue_date

CANCEL = date(2026, 12, 17)


def number(state=NumberState.WILL_CANCEL, cancel=CANCEL, freeze=90, nid=1) -> PhoneNumber:
    return PhoneNumber(nid, f"+861380000{nid:04d}", state=state, cancel_date=cancel,
                       freeze_days=freeze)  # fmt: skip


# --- the two dates ---------------------------------------------------------------------


def test_both_deadlines_with_days_left():
    n = number()
    today = date(2026, 12, 5)
    assert cancel_deadline(n, today).on == CANCEL
    assert cancel_deadline(n, today).days_left == 12
    assert reissue_deadline(n, today).on == date(2027, 3, 17)
    assert reissue_deadline(n, today).days_left == 102
    assert not cancel_deadline(n, CANCEL).passed  # the day itself is still in time
    assert cancel_deadline(n, CANCEL + timedelta(days=1)).passed
    assert cancel_deadline(n, CANCEL + timedelta(days=1)).days_left == -1


def test_risk_uses_the_same_reissue_rule():
    for n in (number(), number(freeze=30), number(NumberState.CANCELLED, date(2028, 2, 29), 14)):
        assert risk_reissue_date(n) == reissue_date(n)


def test_no_deadline_when_kept_or_undated():
    for n in (number(NumberState.KEPT), number(cancel=None)):
        assert cancel_deadline(n, CANCEL) is None and reissue_deadline(n, CANCEL) is None
    assert stage(number(NumberState.KEPT), CANCEL) is Stage.KEPT
    assert stage(number(cancel=None), CANCEL) is Stage.UNDATED


def test_stage_follows_the_dates_not_the_label():
    will = number()
    assert stage(will, CANCEL - timedelta(days=1)) is Stage.BEFORE_CANCEL
    assert stage(will, CANCEL) is Stage.BEFORE_CANCEL
    assert stage(will, CANCEL + timedelta(days=1)) is Stage.FROZEN  # "will cancel" but past
    assert stage(will, date(2027, 3, 16)) is Stage.FROZEN
    assert stage(will, date(2027, 3, 17)) is Stage.REISSUED


def test_feasible_rule():
    today = date(2026, 12, 7)
    assert feasible(date(2026, 12, 17), CANCEL, today)  # on the day counts
    assert not feasible(date(2026, 12, 18), CANCEL, today)
    assert feasible(None, CANCEL, today)  # unknown earliest: asks for the fact instead
    assert feasible(date(2030, 1, 1), None, today)  # no do-by date
    assert not feasible(None, CANCEL, CANCEL + timedelta(days=1))  # passed: no


def test_which_steps_need_the_old_number():
    def s(kind):
        return Step("x", kind, Text("x"))

    self_service = Platform("a", Text("a"), Category.SOCIAL)
    support = Platform("b", Text("b"), Category.FINANCE, deletion_method=DeletionMethod.SUPPORT)
    assert needs_old_number(s(StepKind.REBIND_PHONE), self_service)
    assert needs_old_number(s(StepKind.DEREGISTER), self_service)
    assert not needs_old_number(s(StepKind.DEREGISTER), support)  # closed through support
    for kind in (StepKind.WITHDRAW_BALANCE, StepKind.EXPORT_DATA, StepKind.CONTACT_SUPPORT):
        assert not needs_old_number(s(kind), self_service)


def test_frozen_risk_rises_as_reissue_approaches():
    chat = Platform("chat", Text("聊"), Category.SOCIAL, phone_use=frozenset({PhoneUse.SMS_LOGIN}),
                    holds_funds=True)  # fmt: skip
    n = number(NumberState.CANCELLED, date(2026, 6, 1))
    a = Account(1, "chat", 1, balance=100.0)
    scores = [
        assess_account(chat, a, n, {}, date(2026, 6, 1) + timedelta(days=d)).score
        for d in (1, 30, 60, 89)
    ]
    assert scores == sorted(scores) and scores[0] < scores[-1]
    assert scores[-1] < assess_account(chat, a, n, {}, date(2026, 8, 30)).score  # re-issued


# --- the plan, on the shipped catalog ----------------------------------------------------


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_catalog()


def wechat_plan(catalog, today, states=None, changed=None):
    n = number()
    a = Account(1, "wechat", 1, last_sensitive_change=changed, balance=0.0, bank_cards=0,
                password_free=False, linked_apps=0)  # fmt: skip
    return build_plan(catalog, [n], [a], states or {}, today)


def test_wechat_deregistration_right_after_a_change_no_longer_fits(catalog):
    today = CANCEL - timedelta(days=10)
    plan = wechat_plan(catalog, today, changed=today)
    dereg = plan.get((1, None, "deregister"))
    assert dereg.earliest == today + timedelta(days=14)  # the 14 quiet days
    assert dereg.do_by == CANCEL
    assert dereg.feasible is False
    assert dereg.notes[0] == R.too_late(today + timedelta(days=14), CANCEL)
    # the rebind alternative comes first, then support
    assert dereg.notes.index(R.REBIND_INSTEAD) < dereg.notes.index(R.SUPPORT_ROUTE)
    rebind = plan.get((1, None, "rebind-phone"))
    assert (rebind.earliest, rebind.do_by, rebind.feasible) == (today, CANCEL, True)


def test_wechat_deregistration_fits_when_the_change_is_old_enough(catalog):
    today = CANCEL - timedelta(days=10)
    plan = wechat_plan(catalog, today, changed=today - timedelta(days=5))
    dereg = plan.get((1, None, "deregister"))
    assert dereg.earliest == today + timedelta(days=9) and dereg.feasible
    assert R.REBIND_INSTEAD not in dereg.notes


def test_steps_that_need_no_code_have_no_deadline(catalog):
    plan = wechat_plan(catalog, CANCEL - timedelta(days=10))
    export = plan.get((1, None, "export-data"))
    assert export.do_by is None and export.feasible
    assert all(s.do_by is None for s in plan.number_steps(1))


def test_after_the_cancel_date_only_the_appeal_route_remains(catalog):
    plan = wechat_plan(catalog, CANCEL + timedelta(days=1), changed=date(2026, 1, 1))
    for sid in ("rebind-phone", "deregister"):
        step = plan.get((1, None, sid))
        assert step.do_by == CANCEL and step.feasible is False
        assert step.notes[:2] == (R.old_number_gone(CANCEL), R.APPEAL_ROUTE)


def test_next_step_skips_steps_past_their_do_by_date():
    shop = Platform("shop", Text("店", "Shop"), Category.COMMERCE, steps=(
        Step("rebind", StepKind.REBIND_PHONE, Text("换绑", "rebind")),
        Step("export", StepKind.EXPORT_DATA, Text("导出", "export")),
    ))  # fmt: skip
    cat = Catalog({"shop": shop})
    acc = [Account(1, "shop", 1)]
    assert build_plan(cat, [number()], acc, {}, CANCEL).next_step().step.id == "rebind"
    late = build_plan(cat, [number()], acc, {}, CANCEL + timedelta(days=1))
    assert late.next_step().step.id == "export"


def test_no_deadline_once_the_account_was_moved_to_another_number(catalog):
    n = number()
    a = Account(1, "alipay", 1)
    today = CANCEL - timedelta(days=3)
    before = build_plan(catalog, [n], [a], {}, today)
    assert before.get((1, None, "deregister")).do_by == CANCEL
    moved = {(1, None, "rebind-phone"): StepStatus.DONE}  # Alipay's temporary number
    after = build_plan(catalog, [n], [a], moved, today)
    dereg = after.get((1, None, "deregister"))
    assert dereg.is_open and dereg.do_by is None and dereg.feasible


def test_kept_and_undated_numbers_give_no_do_by(catalog):
    for n in (number(NumberState.KEPT), number(cancel=None)):
        plan = build_plan(catalog, [n], [Account(1, "wechat", 1)], {}, CANCEL)
        assert all(s.do_by is None and s.feasible for s in plan.steps)


# --- order: exposed now first, then the accounts with old-number deadlines ---------------

SHOP = Platform(
    "shop", Text("店", "Shop"), Category.COMMERCE, phone_use=frozenset({PhoneUse.SMS_LOGIN}),
    holds_funds=True,
    steps=(Step("dereg", StepKind.DEREGISTER, Text("注销", "close")),),
)  # fmt: skip
SHOPS = Catalog({"shop": SHOP})


def first_account(numbers, accounts, today):
    plan = build_plan(SHOPS, numbers, accounts, {}, today)
    return [s.account_id for s in plan.steps if s.account_id is not None]


def test_the_soonest_old_number_deadline_comes_before_a_riskier_account():
    later = number(nid=1, cancel=date(2027, 6, 1))
    sooner = number(nid=2)
    rich = Account(1, "shop", 1, balance=10_000.0)
    poor = Account(2, "shop", 2, balance=0.0)
    today = CANCEL - timedelta(days=5)
    plan = build_plan(SHOPS, [later, sooner], [rich, poor], {}, today)
    assert plan.account_risks[1].score > plan.account_risks[2].score
    assert first_account([later, sooner], [rich, poor], today) == [2, 1]
    # with no deadlines at all, the riskier account comes first
    kept = [number(NumberState.KEPT, None, nid=1), number(NumberState.KEPT, None, nid=2)]
    assert first_account(kept, [rich, poor], today) == [1, 2]


def test_exposed_accounts_come_first_after_reissue():
    soon = number(nid=1, cancel=date(2027, 6, 1))  # still receives codes
    gone = number(NumberState.CANCELLED, date(2026, 6, 1), nid=2)  # re-issued since 2026-08-30
    a = Account(1, "shop", 1, balance=10_000.0)
    b = Account(2, "shop", 2, balance=0.0)
    plan = build_plan(SHOPS, [soon, gone], [a, b], {}, date(2026, 12, 1))
    assert plan.account_risks[1].score > plan.account_risks[2].score
    assert first_account([soon, gone], [a, b], date(2026, 12, 1)) == [2, 1]
    # before its re-issue date, the deadline of the working number orders first
    assert first_account([soon, gone], [a, b], date(2026, 7, 1)) == [1, 2]
