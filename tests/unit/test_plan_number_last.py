"""Cancelling the number comes last (catalog-audit C5): a carrier's step that cancels
the number waits on every other account on that number and is listed after all of
their steps, whatever the risk order or the data order says."""

from __future__ import annotations

from datetime import date

from acctexit.catalog import load_catalog
from acctexit.domain.models import (
    Account,
    Catalog,
    Category,
    NumberState,
    Phase,
    PhoneNumber,
    PhoneUse,
    Platform,
    Step,
    StepKind,
    StepStatus,
    Text,
)
from acctexit.domain.plan import build_plan
from acctexit.i18n import say

TODAY = date(2026, 12, 5)
GIVEN_UP = PhoneNumber(
    1, "+8613812341234", state=NumberState.WILL_CANCEL, cancel_date=date(2027, 1, 31)
)
OTHER_NUMBER = PhoneNumber(2, "+8613912341234", state=NumberState.WILL_CANCEL)


def test_cancelling_a_china_mobile_number_comes_after_apple_id_and_netease() -> None:
    # The audit's reproduction: cancelling the number shares the "other" phase with
    # Apple ID and NetEase, and the riskiest-first order listed it before their rebinds.
    catalog = load_catalog()
    accounts = [
        Account(1, "china-mobile", 1, balance=20.0),
        Account(2, "apple-id", 1),
        Account(3, "netease", 1),
    ]
    plan = build_plan(catalog, [GIVEN_UP], accounts, {}, TODAY)
    steps = [s for s in plan.for_number(1) if s.account_id is not None]
    cancel = plan.get((1, None, "deregister"))
    assert cancel is not None and cancel.step.cancels_number
    assert steps[-1] == cancel
    others = {s.key for s in steps if s.account_id in (2, 3)}
    assert others and others <= set(cancel.waits_on)
    own_refund = (1, None, "withdraw-balance")  # the carrier's own, listed before it
    assert {b.key for b in plan.open_blockers(cancel)} == others | {own_refund}
    why = " ".join(say(t, "en") for t in cancel.waits_on_text)
    assert "Apple ID" in why and "NetEase" in why
    zh = " ".join(say(t, "zh") for t in cancel.waits_on_text)
    assert "网易" in zh and "其他账号" in zh


def _step(sid: str, kind: StepKind, *, cancels: bool = False, phase: Phase | None = None) -> Step:
    return Step(sid, kind, Text(f"步骤{sid}", f"step {sid}"), phase=phase, cancels_number=cancels)


# The carrier's steps are listed in the data before everything else's, and it is the
# riskiest account: only the rule can put its cancelling step last.
CARRIER = Platform(
    "carrier", Text("运营商", "Carrier"), Category.OTHER,
    phone_use=frozenset({PhoneUse.SMS_LOGIN}), holds_funds=True, holds_cards=True,
    steps=(
        _step("refund", StepKind.WITHDRAW_BALANCE),
        _step("cancel", StepKind.DEREGISTER, cancels=True),
    ),
)  # fmt: skip
FORUM = Platform(
    "forum", Text("论坛", "Forum"), Category.OTHER,
    steps=(_step("rebind", StepKind.REBIND_PHONE), _step("dereg", StepKind.DEREGISTER)),
)  # fmt: skip
BANK = Platform(
    "bank", Text("银行", "Bank"), Category.FINANCE, holds_cards=True,
    steps=(_step("cards", StepKind.UNBIND_CARDS), _step("dereg", StepKind.DEREGISTER)),
)  # fmt: skip
CATALOG = Catalog({p.id: p for p in (CARRIER, FORUM, BANK)})


def _plan(accounts: list[Account], states=None, numbers=(GIVEN_UP, OTHER_NUMBER)):  # type: ignore[no-untyped-def]
    return build_plan(CATALOG, list(numbers), accounts, states or {}, TODAY)


def test_the_cancelling_step_is_listed_after_every_account_step_of_its_number() -> None:
    accounts = [Account(1, "carrier", 1), Account(2, "forum", 1), Account(3, "bank", 1)]
    plan = _plan(accounts)
    order = [s.key for s in plan.steps]
    cancel = order.index((1, None, "cancel"))
    assert all(order.index(k) < cancel for k in order if k[0] in (2, 3))
    assert order.index((1, None, "refund")) < cancel
    ps = plan.get((1, None, "cancel"))
    assert ps is not None
    assert {k for k in ps.waits_on if k[0] in (2, 3)} == {k for k in order if k[0] in (2, 3)}
    assert ps.placed_phase is Phase.OTHER and not ps.forced_later


def test_only_accounts_on_the_same_number_hold_it() -> None:
    accounts = [Account(1, "carrier", 1), Account(2, "forum", 2)]
    plan = _plan(accounts)
    ps = plan.get((1, None, "cancel"))
    assert ps is not None
    assert all(k[0] != 2 for k in ps.waits_on)
    assert not any("other account" in say(t, "en") for t in ps.waits_on_text)


def test_a_safe_account_no_longer_holds_it_and_done_steps_free_it() -> None:
    accounts = [Account(1, "carrier", 1), Account(2, "forum", 1), Account(3, "bank", 1)]
    done = StepStatus.DONE
    states = {(2, None, "rebind"): done, (2, None, "dereg"): done, (3, None, "cards"): done}
    plan = _plan(accounts, states)
    ps = plan.get((1, None, "cancel"))
    assert ps is not None
    assert all(k[0] != 2 for k in ps.waits_on)  # the forum account is safe
    assert [b.key for b in plan.open_blockers(ps)] == [(1, None, "refund"), (3, None, "dereg")]
    why = " ".join(say(t, "en") for t in ps.waits_on_text)
    assert "Bank" in why and "Forum" not in why


def test_it_is_not_the_next_step_while_another_account_is_open() -> None:
    accounts = [Account(1, "carrier", 1), Account(2, "forum", 1)]
    states = {(1, None, "refund"): StepStatus.DONE}
    nxt = _plan(accounts, states).next_step()
    assert nxt is not None and nxt.account_id == 2


def test_a_carrier_account_signing_in_through_wechat_does_not_make_the_plan_wait_forever() -> None:
    # The China Telecom app signs in with WeChat, on the number being given up: WeChat's
    # deregistration would wait on the telecom account's, which cancels the number and
    # so waits on every other account, WeChat included. (At 10,000 generated accounts
    # this overflowed the stack the first time the plan's steps were listed.)
    catalog = load_catalog()
    accounts = [
        Account(1, "china-telecom", 1, sign_in_via="wechat"),
        Account(2, "wechat", 1),
        Account(3, "netease", 1, sign_in_via="wechat"),
    ]
    plan = build_plan(catalog, [GIVEN_UP], accounts, {}, TODAY)
    keys = [s.key for s in plan.steps]  # every step can be made
    assert len(keys) == len(set(keys))
    cancel = next(s for s in plan.for_account(1) if s.step.cancels_number)
    wechat = plan.get((2, None, "deregister"))
    assert wechat is not None
    assert wechat.key in cancel.waits_on  # the number's cancelling still comes last
    assert not set(wechat.waits_on) & {s.key for s in plan.for_account(1)}
    assert keys.index(wechat.key) < keys.index(cancel.key)
    # WeChat still waits on NetEase, and still names both accounts signing in through it.
    assert (3, None, "deregister") in wechat.waits_on
    why = " ".join(say(t, "en") for t in wechat.waits_on_text)
    assert "China Telecom" in why and "NetEase" in why
