"""The plan build's shortcuts give the same answers as the plain ways they replace."""

from __future__ import annotations

from itertools import accumulate
from unittest import mock

import msgspec
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from test_plan_properties import TODAY, worlds

from acctexit.domain import plan as plan_module
from acctexit.domain.models import (
    Account,
    Category,
    Phase,
    Platform,
    RiskLevel,
    Step,
    StepKind,
    StepStatus,
    Text,
)
from acctexit.domain.plan import _running_max, build_plan
from acctexit.domain.risk import (
    done_kinds_of,
    resolution_and_done_kinds,
    resolution_of,
    resolved_risk,
)


@st.composite
def platform_and_statuses(draw):
    kinds = draw(st.lists(st.sampled_from(list(StepKind)), max_size=7))
    phases = st.sampled_from([None, *Phase])
    steps = tuple(
        Step(f"s{i}", kind, Text(f"步{i}"), phase=draw(phases)) for i, kind in enumerate(kinds)
    )
    platform = Platform("p", Text("平台"), draw(st.sampled_from(list(Category))), steps=steps)
    statuses = draw(st.lists(st.sampled_from(list(StepStatus)), min_size=len(steps)))
    return platform, tuple(statuses[: len(steps)])


@settings(max_examples=500, deadline=None)
@given(platform_and_statuses())
def test_resolution_and_done_kinds_is_both_in_one_pass(case):
    platform, statuses = case
    assert resolution_and_done_kinds(platform, statuses) == (
        resolution_of(platform, statuses),
        done_kinds_of(platform, statuses),
    )


def test_resolved_risk_shares_its_reasons_and_keeps_any_other_text():
    resolution = resolution_of(
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
    assert list(_running_max(values)) == list(accumulate(values, max))


@settings(max_examples=300, deadline=None)
@given(worlds())
def test_leaving_out_blockers_that_cannot_hold_a_step_back_changes_nothing(world):
    """The build gives `_order` only the blockers of identity providers with dependants
    (and of `late` templates): marking every template late hands it all of them."""
    catalog, numbers, accounts, states = world
    plan = build_plan(catalog, numbers, accounts, states, TODAY)
    template = plan_module._template
    with mock.patch.object(
        plan_module, "_template", lambda p: msgspec.structs.replace(template(p), late=True)
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
    catalog = plan_module.Catalog({"wechat": wechat})
    accounts = [Account(i, "wechat", 1) for i in (1, 2, 3)]
    states = {(1, None, "rebind"): StepStatus.DONE, (2, None, "rebind"): StepStatus.DONE}
    plan = build_plan(catalog, [], accounts, states, TODAY)
    assert plan.account_progress(1) is plan.account_progress(2)
    assert plan.account_progress(1) == plan_module.Progress(1, 1, 2)
    assert plan.account_progress(3) == plan_module.Progress(0, 0, 2)
    assert plan.account_progress(99) == plan_module.Progress(0, 0, 0)
    assert plan.account_risks[1].reasons is plan.account_risks[2].reasons


@pytest.mark.parametrize("n", [0, 1])
def test_running_max_of_nothing_or_one(n):
    assert list(_running_max(bytes(range(n)))) == list(range(n))
