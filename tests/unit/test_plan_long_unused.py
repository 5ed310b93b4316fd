"""Long-unused accounts are deregistered, not only moved (seed 003, catalog-audit M1/G3):
for an account last used a year or more ago, moving its number to a kept one does not
make it safe; only its deregistration (or the user's skipping the rest) does, and the
plan and the risk say why."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from acctexit.domain.models import (
    Account,
    Catalog,
    Category,
    NumberState,
    PhoneNumber,
    PhoneUse,
    Platform,
    RiskLevel,
    Step,
    StepKind,
    StepStatus,
    Text,
)
from acctexit.domain.plan import build_plan
from acctexit.domain.risk import assess_account
from acctexit.domain.safety import LONG_UNUSED_DAYS, long_unused
from acctexit.i18n import say

TODAY = date(2026, 12, 5)
NUMBER = PhoneNumber(
    1, "+8613812341234", state=NumberState.WILL_CANCEL, cancel_date=date(2027, 1, 31)
)
FORUM = Platform(
    "forum", Text("论坛", "Forum"), Category.SOCIAL, phone_use=frozenset({PhoneUse.SMS_LOGIN}),
    steps=(
        Step("rebind", StepKind.REBIND_PHONE, Text("换绑", "move the number")),
        Step("dereg", StepKind.DEREGISTER, Text("注销", "deregister")),
    ),
)  # fmt: skip
CATALOG = Catalog({"forum": FORUM})
DONE = StepStatus.DONE


def account(days_unused: int | None) -> Account:
    used = None if days_unused is None else TODAY - timedelta(days=days_unused)
    return Account(1, "forum", 1, last_used=used)


def plan_of(a: Account, states):  # type: ignore[no-untyped-def]
    return build_plan(CATALOG, [NUMBER], [a], states, TODAY)


def test_the_threshold_is_a_year_to_the_day() -> None:
    assert LONG_UNUSED_DAYS == 365
    assert long_unused(account(365), TODAY)
    assert not long_unused(account(364), TODAY)
    assert not long_unused(account(None), TODAY)


@pytest.mark.parametrize("days_unused", [None, 30, 364])
def test_a_rebind_still_makes_an_account_in_use_safe(days_unused: int | None) -> None:
    plan = plan_of(account(days_unused), {(1, None, "rebind"): DONE})
    assert plan.account_risks[1].level is RiskLevel.RESOLVED
    dereg = plan.get((1, None, "dereg"))
    assert dereg is not None and dereg.status is StepStatus.SKIPPED


def test_a_rebind_leaves_a_long_unused_account_to_deregister() -> None:
    a = account(400)
    states = {(1, None, "rebind"): DONE}
    plan = plan_of(a, states)
    risk = plan.account_risks[1]
    assert risk.level is not RiskLevel.RESOLVED
    dereg = plan.get((1, None, "dereg"))
    assert dereg is not None and dereg.status is StepStatus.OPEN
    assert plan.next_step() == dereg
    said = f"not used since {a.last_used}: an account you no longer use should be deregistered"
    rebind = plan.get((1, None, "rebind"))
    assert rebind is not None and any(said in say(n, "en") for n in rebind.notes)
    assert any(said in say(r, "en") for r in risk.reasons)
    assert any("长期不用的账号应该注销" in say(r, "zh") for r in risk.reasons)
    # the risk module gives the same answer as the plan (one rule, domain/safety.py)
    alone = assess_account(FORUM, a, NUMBER, states, TODAY)
    assert (alone.level, alone.score, alone.reasons) == (risk.level, risk.score, risk.reasons)


def test_deregistering_or_skipping_the_rest_finishes_a_long_unused_account() -> None:
    a = account(400)
    closed = plan_of(a, {(1, None, "rebind"): DONE, (1, None, "dereg"): DONE})
    assert closed.account_risks[1].level is RiskLevel.RESOLVED
    skipped = plan_of(a, {(1, None, "rebind"): DONE, (1, None, "dereg"): StepStatus.SKIPPED})
    assert skipped.account_risks[1].level is RiskLevel.RESOLVED
