"""The plan build's shortcuts give the same answers as the plain ways they replace."""

from __future__ import annotations

from itertools import accumulate
from unittest import mock

import msgspec
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from test_plan_properties import TODAY, worlds

from acctexit.domain import reasons as R
from acctexit.domain.models import (
    Account,
    Catalog,
    Category,
    Phase,
    Platform,
    RiskLevel,
    Step,
    StepKind,
    StepStatus,
    Text,
)
from acctexit.domain.plan import Progress, build_plan
from acctexit.domain.plan import build as build_module
from acctexit.domain.plan.ordering import running_max
from acctexit.domain.risk import resolved_risk
from acctexit.domain.safety import (
    done_kinds_of,
    main_deregister,
    safe_because,
    safety_and_done_kinds,
)


@st.composite
def platform_and_statuses(draw):
    kinds = draw(st.lists(st.sampled_from(list(StepKind)), max_size=7))
    phases = st.sampled_from([None, *Phase])
    steps = tuple(
        Step(f"s{i}", kind, Text(f"步{i}"), phase=draw(phases), temporary=draw(st.booleans()))
        for i, kind in enumerate(kinds)
    )
    platform = Platform("p", Text("平台"), draw(st.sampled_from(list(Category))), steps=steps)
    statuses = draw(st.lists(st.sampled_from(list(StepStatus)), min_size=len(steps)))
    return platform, tuple(statuses[: len(steps)])


@settings(max_examples=500, deadline=None)
@given(platform_and_statuses())
def test_safety_and_done_kinds_is_the_rule_written_plainly(case):
    """The one-pass version against the rule as docs/risk.md states it."""
    platform, statuses = case
    done = [s for s, st in zip(platform.steps, statuses, strict=True) if st is StepStatus.DONE]
    if not platform.steps:
        expected = None
    elif main_deregister(platform) in done:
        expected = R.RESOLVED_DEREGISTERED
    elif any(s.kind is StepKind.REBIND_PHONE and not s.temporary for s in done):
        expected = R.RESOLVED_REBOUND
    elif all(st is not StepStatus.OPEN for st in statuses):
        expected = R.RESOLVED_ALL_DONE
    else:
        expected = None
    kinds = frozenset(s.kind for s in done)
    assert safety_and_done_kinds(platform, statuses) == (expected, kinds)
    assert safe_because(platform, statuses) is expected
    assert done_kinds_of(platform, statuses) == kinds


def test_resolved_risk_shares_its_reasons_and_keeps_any_other_text():
    resolution = safe_because(
        Platform("p", Text("平台"), Category.LIFE, steps=(Step("a", StepKind.CHECK, Text("查")),)),
        (StepStatus.SKIPPED,),
    )
    assert resolution is not None
    one, two = resolved_risk(1, resolution), resolved_risk(2, resolution)
    assert (one.account_id, one.score, one.level, one.reasons) == (
        1,
        0,
        RiskLevel.RESOLVED,
        (resolution,),
    )
    assert one.reasons is two.reasons  # one tuple per resolution, not per account
    other = Text("别的", "other")
    assert resolved_risk(3, other).reasons == (other,)


@given(st.binary(max_size=60).map(lambda b: bytes(x % 7 for x in b)))
def test_running_max_is_accumulate_max(values):
    assert list(running_max(values)) == list(accumulate(values, max))


@settings(max_examples=300, deadline=None)
@given(worlds())
def test_leaving_out_blockers_that_cannot_hold_a_step_back_changes_nothing(world):
    """The build gives `order_steps` only the blockers of identity providers with dependants
    (and of `late` templates): marking every template late hands it all of them."""
    catalog, numbers, accounts, states = world
    plan = build_plan(catalog, numbers, accounts, states, TODAY)
    template = build_module.template
    with mock.patch.object(
        build_module, "template", lambda p: msgspec.structs.replace(template(p), late=True)
    ):
        every = build_plan(catalog, numbers, accounts, states, TODAY)
    assert plan.steps == every.steps
    assert plan.account_risks == every.account_risks


def test_accounts_sharing_statuses_share_what_follows_from_them():
    wechat = Platform(
        "wechat",
        Text("微信"),
        Category.SOCIAL,
        steps=(
            Step("rebind", StepKind.REBIND_PHONE, Text("换绑")),
            Step("dereg", StepKind.DEREGISTER, Text("注销")),
        ),
    )
    catalog = Catalog({"wechat": wechat})
    accounts = [Account(i, "wechat", 1) for i in (1, 2, 3)]
    states = {(1, None, "rebind"): StepStatus.DONE, (2, None, "rebind"): StepStatus.DONE}
    plan = build_plan(catalog, [], accounts, states, TODAY)
    assert plan.account_progress(1) is plan.account_progress(2)
    assert plan.account_progress(1) == Progress(1, 1, 2)
    assert plan.account_progress(3) == Progress(0, 0, 2)
    assert plan.account_progress(99) == Progress(0, 0, 0)
    assert plan.account_risks[1].reasons is plan.account_risks[2].reasons


@pytest.mark.parametrize("n", [0, 1])
def test_running_max_of_nothing_or_one(n):
    assert list(running_max(bytes(range(n)))) == list(range(n))
