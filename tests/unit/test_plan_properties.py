"""Property tests for the plan: invariants over random catalogs, accounts and logs."""

from __future__ import annotations

from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from acctexit.domain.models import (
    Account,
    Catalog,
    Category,
    Condition,
    ConditionKind,
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
from acctexit.domain.plan import build_plan
from acctexit.i18n import say

TODAY = date(2026, 5, 1)
PLATFORM_IDS = ["p0", "p1", "p2", "p3", "p4"]
ACCOUNT_PHASES = [None, Phase.FINANCE, Phase.SOCIAL, Phase.COMMERCE, Phase.LIFE, Phase.OTHER]

conditions_st = st.lists(
    st.builds(
        Condition,
        kind=st.sampled_from(list(ConditionKind)),
        text=st.just(Text("条件", "rule")),
        days=st.one_of(st.none(), st.integers(0, 400)),
    ),
    max_size=3,
)


@st.composite
def platforms_st(draw, pid):
    kinds = draw(st.lists(st.sampled_from(list(StepKind)), min_size=0, max_size=6))
    # A carrier: its last step, a DEREGISTER in the OTHER phase, cancels the number
    # (number_last.py; the catalog refuses it anywhere else).
    carrier = draw(st.booleans()) and kinds[-1:] == [StepKind.DEREGISTER]
    cancels = len(kinds) - 1
    steps = []
    for i, kind in enumerate(kinds):
        cancel = carrier and i == cancels
        phase = Phase.OTHER if cancel else draw(st.sampled_from(ACCOUNT_PHASES))
        conditions = tuple(draw(conditions_st))
        text = Text(f"步{i}", f"step {i}")
        steps.append(
            Step(f"s{i}", kind, text, phase=phase, conditions=conditions, cancels_number=cancel)
        )
    return Platform(
        pid,
        Text(f"平台{pid}", f"Platform {pid}"),
        draw(st.sampled_from(list(Category))),
        phone_use=draw(st.frozensets(st.sampled_from(list(PhoneUse)))),
        holds_funds=draw(st.booleans()),
        identity_provider=draw(st.booleans()),
        steps=tuple(steps),
    )


@st.composite
def worlds(draw):
    platforms = {pid: draw(platforms_st(pid)) for pid in PLATFORM_IDS}
    catalog = Catalog(
        platforms,
        discover_steps=(Step("d0", StepKind.CHECK, Text("查", "check")),),
        aftercare_steps=(Step("a0", StepKind.AFTERCARE_CHECK, Text("善后", "after")),),
    )
    numbers = [
        PhoneNumber(
            i,
            f"+861380000000{i}",
            state=draw(st.sampled_from(list(NumberState))),
            cancel_date=draw(st.one_of(st.none(), st.dates(date(2025, 6, 1), date(2026, 12, 31)))),
        )
        for i in (1, 2)
    ]
    maybe_date = st.one_of(st.none(), st.dates(date(2025, 1, 1), date(2027, 12, 31)))
    accounts = []
    for aid in range(1, draw(st.integers(0, 8)) + 1):
        accounts.append(
            Account(
                aid,
                draw(st.sampled_from(PLATFORM_IDS)),
                draw(st.sampled_from([1, 2])),
                balance=draw(st.one_of(st.none(), st.floats(0, 1000))),
                bank_cards=draw(st.one_of(st.none(), st.integers(0, 4))),
                password_free=draw(st.one_of(st.none(), st.booleans())),
                linked_apps=draw(st.one_of(st.none(), st.integers(0, 4))),
                sign_in_via=draw(st.one_of(st.none(), st.sampled_from(PLATFORM_IDS))),
                last_order=draw(maybe_date),
                orders_closed=draw(maybe_date),
                last_sensitive_change=draw(maybe_date),
                last_used=draw(maybe_date),
            )
        )
    keys = [(a.id, None, s.id) for a in accounts for s in platforms[a.platform_id].steps]
    keys += [(None, n.id, s) for n in numbers for s in ("d0", "a0")]
    states = {}
    if keys:
        for key in draw(st.lists(st.sampled_from(keys), max_size=len(keys))):
            states[key] = draw(st.sampled_from(list(StepStatus)))
    return catalog, numbers, accounts, states


@settings(max_examples=300, deadline=None)
@given(worlds())
def test_plan_invariants(world):
    catalog, numbers, accounts, states = world
    plan = build_plan(catalog, numbers, accounts, states, TODAY)
    position = {s.key: i for i, s in enumerate(plan.steps)}
    assert len(position) == len(plan.steps)  # keys unique

    # every account step is planned exactly once
    expected = {
        (a.id, None, s.id) for a in accounts for s in catalog.platforms[a.platform_id].steps
    }
    assert expected <= set(position)

    # no step before its blocker
    for s in plan.steps:
        for b in s.waits_on:
            assert position[b] < position[s.key]

    # phases keep their order, except where a blocker forces a step later, and it says so
    highest = -1
    for s in plan.steps:
        if s.phase.order < highest:
            assert s.forced_later and s.waits_on
            assert any("so it moves from the" in say(t, "en") for t in s.waits_on_text)
            assert s.placed_phase.order == highest
        else:
            assert not s.forced_later
            highest = s.phase.order

    # a resolved account has no open step
    for a in accounts:
        if plan.account_risks[a.id].level is RiskLevel.RESOLVED:
            assert all(not s.is_open for s in plan.for_account(a.id))

    # progress adds up
    total = plan.progress()
    assert total.total == len(plan.steps)
    assert sum(plan.phase_progress(ph).total for ph in Phase) == total.total
    assert 0.0 <= total.fraction <= 1.0

    # dates: a step's final date is never before the date it becomes possible
    for s in plan.steps:
        if s.final_on and s.possible_from and s.impossible is None:
            assert s.final_on >= s.possible_from
        assert all(f in Account.__struct_fields__ for f in s.needs_facts)


def _naive_progress(steps):
    done = sum(1 for s in steps if s.status is StepStatus.DONE)
    skipped = sum(1 for s in steps if s.status is StepStatus.SKIPPED)
    return (done, skipped, len(steps))


@settings(max_examples=200, deadline=None)
@given(worlds())
def test_plan_indexes_agree_with_the_steps(world):
    """The per-account / per-number indexes and cached progress (built for speed) say
    exactly what a scan of `plan.steps` says."""
    catalog, numbers, accounts, states = world
    plan = build_plan(catalog, numbers, accounts, states, TODAY)

    def as_tuple(p):
        return (p.done, p.skipped, p.total)

    for aid in [a.id for a in accounts] + [999]:
        mine = [s for s in plan.steps if s.account_id == aid]
        assert plan.for_account(aid) == mine
        assert as_tuple(plan.account_progress(aid)) == _naive_progress(mine)
    for nid in [n.id for n in numbers] + [999]:
        mine = [s for s in plan.steps if s.number_id == nid]
        assert plan.for_number(nid) == mine
        assert as_tuple(plan.number_progress(nid)) == _naive_progress(mine)
    for ph in Phase:
        mine = [s for s in plan.steps if s.phase is ph]
        assert as_tuple(plan.phase_progress(ph)) == _naive_progress(mine)
    assert as_tuple(plan.progress()) == _naive_progress(plan.steps)
    for s in plan.steps:
        assert plan.get(s.key) is s
        assert plan.open_blockers(s) == [
            plan.get(k) for k in s.waits_on if plan.get(k) is not None and plan.get(k).is_open
        ]
    doable = [
        s
        for s in plan.steps
        if s.is_open and s.impossible is None and s.possible_from is None
        and s.feasible and not plan.open_blockers(s)
    ]  # fmt: skip
    first_open = next((s for s in plan.steps if s.is_open), None)
    assert plan.next_step() is (doable[0] if doable else first_open)
    # the returned lists are copies: a caller cannot corrupt the index
    if accounts:
        plan.for_account(accounts[0].id).clear()
        assert plan.for_account(accounts[0].id) == [
            s for s in plan.steps if s.account_id == accounts[0].id
        ]


@settings(max_examples=200, deadline=None)
@given(worlds(), st.randoms(use_true_random=False))
def test_steps_made_on_demand_equal_the_whole_plan(world, rnd):
    """A plan makes its steps when first asked for. Asked in any order, without ever
    making the whole plan, it answers what the whole plan (`steps`) says."""
    catalog, numbers, accounts, states = world
    whole = build_plan(catalog, numbers, accounts, states, TODAY)
    every = whole.steps
    lazy = build_plan(catalog, numbers, accounts, states, TODAY)
    questions = [("account", a.id) for a in accounts] + [("number", n.id) for n in numbers]
    questions += [("key", s.key) for s in every] + [("next", None)]
    rnd.shuffle(questions)
    for kind, x in questions:
        if kind == "account":
            assert lazy.for_account(x) == [s for s in every if s.account_id == x]
        elif kind == "number":
            own = [s for s in every if s.number_id == x and s.account_id is None]
            assert lazy.number_steps(x) == own
            assert lazy.number_progress(x) == whole.number_progress(x)
        elif kind == "key":
            assert lazy.get(x) == whole.get(x)
        else:
            assert lazy.next_step() == whole.next_step()
    assert lazy.progress() == whole.progress()
    assert lazy.steps == every


def _reference_order(n, blockers):
    """Kahn's algorithm taking the smallest available step each time; None on a cycle."""
    import heapq

    waiting = {w: set(bs) for w, bs in blockers.items() if bs}
    heap = [v for v in range(n) if v not in waiting]
    heapq.heapify(heap)
    out = []
    while heap:
        v = heapq.heappop(heap)
        out.append(v)
        for w in [w for w, bs in waiting.items() if v in bs]:
            waiting[w].discard(v)
            if not waiting[w]:
                del waiting[w]
                heapq.heappush(heap, w)
    return out if len(out) == n else None


@settings(max_examples=400, deadline=None)
@given(st.data())
def test_the_fast_topological_order_is_the_smallest_available_first_order(data):
    """`order_steps` streams runs and sends only steps downstream of a backward wait through
    a heap; it must give exactly the textbook answer (here nids are their own sort
    position, so the smallest available nid comes first)."""
    from array import array

    from acctexit.domain.plan.ordering import order_steps

    n = data.draw(st.integers(1, 40))
    blockers = data.draw(
        st.dictionaries(
            st.integers(0, n - 1), st.lists(st.integers(0, n - 1), max_size=3, unique=True)
        )
    )
    blockers = {w: [b for b in bs if b != w] for w, bs in blockers.items()}
    found = order_steps(array("i", range(n)), blockers)
    expected = _reference_order(n, blockers)
    assert (None if found is None else list(found)) == expected
