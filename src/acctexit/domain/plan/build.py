"""Building the plan: one pass over the numbers and accounts, leaving a flat layout.

Per-number steps. Discover and after-care steps come once per number being given up
(will be cancelled or cancelled), keyed (None, number_id, step.id). If no number is
being given up yet, every number gets them, so a fresh plan still starts with the
official look-ups.

Safe accounts. An account `domain/safety.py` calls safe (closed, rebound to a kept
number, or every step done or skipped) has no open step: its remaining open steps are
shown as SKIPPED with a note saying they are no longer needed (`logged_status` keeps
what the log says). Progress counts them as skipped.

Speed (10,000 accounts, ~46,000 steps, see docs/risk.md "Performance"): the build
works on flat lists indexed by a step number ("nid": number steps first, then each
account's steps in platform order) instead of one node object per step; it reads the
log once per account; whatever is the same for every account on a platform (phases,
sort bases, blockers as step indexes, conditions) comes from one template, and the
risk factors that depend only on the platform or the number are computed once each.
"""

from __future__ import annotations

from array import array
from collections.abc import Mapping, Sequence
from datetime import date
from itertools import chain, repeat
from operator import itemgetter
from typing import Any

from acctexit.domain import reasons as R
from acctexit.domain.deadlines import Stage, cancel_date, reissue_date, stage
from acctexit.domain.models import (
    Account,
    AccountRisk,
    Catalog,
    NumberState,
    Phase,
    PhoneNumber,
    Platform,
    Step,
    StepKey,
    StepKind,
    StepStatus,
    Words,
)
from acctexit.domain.plan.blockers import account_name, dependants_of, provider_waits
from acctexit.domain.plan.layout import Layout, Logged, Owner, waits_of
from acctexit.domain.plan.model import Plan
from acctexit.domain.plan.ordering import (
    all_blockers,
    break_cycles,
    order_steps,
    positions,
    running_max,
)
from acctexit.domain.plan.step import NO_PROGRESS, Progress
from acctexit.domain.plan.templates import ORDER, Template, sort_key, template
from acctexit.domain.reconcile import yzt_recorded_by_number
from acctexit.domain.risk import (
    assess_from,
    assess_number,
    phone_ease,
    resolved_risk,
    state_ease,
)
from acctexit.domain.safety import long_unused, safety_and_done_kinds

BIG = (1 << 41) - 1
LAST = 2 << 32  # an account's urgency when no deadline orders it (`_number_urgency`)


def build_plan(
    catalog: Catalog,
    numbers: Sequence[PhoneNumber],
    accounts: Sequence[Account],
    states: Mapping[StepKey, StepStatus],
    today: date,
) -> Plan:
    """The plan for these numbers and accounts, with the step states from the log.

    Pure and single-threaded. It allocates ~150,000 objects at 10,000 accounts, none in
    a reference cycle: a caller on a hot path may pause the cyclic garbage collector
    around it (`gc.disable()` / `gc.enable()`), which saves the collections that would
    find nothing; the domain leaves that process-wide switch to the caller.
    """
    platforms = catalog.platforms
    numbers_by_id = {n.id: n for n in numbers}
    dependants = dependants_of(accounts, platforms)
    OPEN, SKIPPED, DONE = StepStatus.OPEN, StepStatus.SKIPPED, StepStatus.DONE
    get_state = states.get

    # 1. the per-number steps (a dict: a number listed twice keeps its first place)
    number_nodes: dict[StepKey, tuple[int, Phase, Step, int]] = {}
    given_up = [n for n in numbers if n.state is not NumberState.KEPT] or list(numbers)
    for n in given_up:
        when = reissue_date(n)
        urgency = when.toordinal() if when is not None else BIG
        for phase, steps in (
            (Phase.DISCOVER, catalog.discover_steps),
            (Phase.AFTERCARE, catalog.aftercare_steps),
        ):
            for i, s in enumerate(steps):
                ph = s.phase or phase
                number_nodes[None, n.id, s.id] = (sort_key(ph, 0, urgency, n.id, i), ph, s, n.id)

    # Flat per-step lists, indexed by nid (see `Layout`).
    number_keys: list[StepKey] = list(number_nodes)
    count = len(number_keys)  # nids so far
    # The order before blockers, per phase: the number steps (by their sort key), then
    # the accounts' steps in the order they are laid out below (riskiest account first,
    # each in its platform's step order): exactly the sort-key order, without sorting.
    # nids in arrays: 4 bytes each, where a list holds a 32-byte int object per step
    by_phase: list[array[int]] = [array("i") for _ in Phase]
    number_sorts = [v[0] for v in number_nodes.values()]
    for nid in sorted(range(count), key=number_sorts.__getitem__):
        by_phase[ORDER[number_nodes[number_keys[nid]][1]]].append(nid)
    logged: list[StepStatus] = [get_state(k, OPEN) for k in number_keys]
    number_specs: list[tuple[Any, ...]] = [
        (ph, ORDER[ph], s, s.conditions or None, ()) for _sort, ph, s, _n in number_nodes.values()
    ]
    phase_order = bytearray(spec[1] for spec in number_specs)
    no_kinds: frozenset[StepKind] = frozenset()
    owners: list[Owner] = [
        Owner(None, None, None, None, v[3], False, no_kinds, 0, nid, None, NO_PROGRESS)
        for nid, v in enumerate(number_nodes.values())
    ]

    # 2. what the log says about each account's steps, and what follows from that.
    # Accounts on one platform mostly share their statuses (all open, or the same few
    # done), so the safety, the kinds done and the counts are worked out once per
    # platform and statuses: `Logged`, shared by those accounts.
    by_platform: dict[str, tuple[Platform, Template, dict[Any, Logged]]] = {}
    seen: list[tuple[Account, Platform, Template, Logged]] = []
    unknown: list[int] = []
    deregistered = set()  # only dependants matter here
    kinds_memo: dict[frozenset[StepKind], frozenset[StepKind]] = {}
    progresses: dict[tuple[int, int, int], Progress] = {}
    planned: list[Account] = []
    entries: list[tuple[Platform, Template, dict[Any, Logged]]] = []
    for a in accounts:
        entry = by_platform.get(a.platform_id)
        if entry is None:
            p = platforms.get(a.platform_id)
            if p is None:
                unknown.append(a.id)
                continue
            entry = by_platform[a.platform_id] = (p, template(p), {})
        planned.append(a)
        entries.append(entry)
    # Every account's every step looked up in one pass with no Python code per step:
    # key by key, (account id, None, step id); zip reuses one tuple when it can.
    step_ids = [t.ids for _p, t, _memo in entries]
    aids = chain.from_iterable(map(repeat, [a.id for a in planned], map(len, step_ids)))
    keys = zip(aids, repeat(None), chain.from_iterable(step_ids))
    every = tuple(map(get_state, keys, repeat(OPEN)))  # (its slices are tuples)
    del step_ids
    end = 0
    for a, (p, t, memo) in zip(planned, entries, strict=True):
        aid = a.id
        start, end = end, end + len(t.ids)
        statuses = every[start:end]
        unused = a.last_used is not None and long_unused(a, today)
        mkey = (statuses, True) if unused else statuses  # (rarely set: one look-up)
        logged_as = memo.get(mkey)
        if logged_as is None:
            resolved, kinds = safety_and_done_kinds(p, statuses, unused)
            # The effective statuses: a safe account's open steps count as skipped.
            done, skipped = statuses.count(DONE), statuses.count(SKIPPED)
            if resolved is not None:
                skipped += statuses.count(OPEN)
            counts = (done, skipped, len(statuses))
            progress = progresses.get(counts)
            if progress is None:  # few distinct ones: share them
                progress = progresses[counts] = Progress(*counts)
            logged_as = memo[mkey] = (
                statuses,
                resolved,
                kinds_memo.setdefault(kinds, kinds),  # one shared set per combination
                progress,
            )
        if logged_as[1] is R.RESOLVED_DEREGISTERED and a.sign_in_via is not None:
            deregistered.add(aid)
        seen.append((a, p, t, logged_as))
    del kinds_memo, progresses, planned, entries, every

    # 3. risk per account, then per number; an account's place in the order needs its
    # score
    account_risks: dict[int, AccountRisk] = {}
    per_number: dict[int, list[AccountRisk]] = {n.id: [] for n in numbers}
    phone_ease_of: dict[str, tuple[float, Words]] = {}
    state_ease_of: dict[int, tuple[float, Words]] = {}
    exposure_memo: dict[tuple[object, ...], tuple[int, list[Words]]] = {}
    ranked_accounts: list[tuple[int, int, Account, Platform, Template, Logged, int, int]] = []
    urgency_of = _number_urgency(numbers, today)
    no_accounts: list[Account] = []
    no_names: list[Words] = []
    for a, p, t, logged_as in seen:
        aid = a.id
        deps, names = no_accounts, no_names
        providing = dependants.get(aid)
        if providing is not None:
            # a deregistered dependant no longer signs in through this account
            deps = [d for d in providing if d.id not in deregistered]
            names = [account_name(platforms[d.platform_id], d) for d in deps[:4]]
        resolved = logged_as[1]
        if resolved is not None:  # (what `assess_from` says, without its other factors)
            risk = resolved_risk(aid, resolved)
        else:
            phone = phone_ease_of.get(p.id)
            if phone is None:
                phone = phone_ease_of[p.id] = phone_ease(p)
            state = state_ease_of.get(a.number_id)
            if state is None:
                number = numbers_by_id.get(a.number_id) or PhoneNumber(a.number_id, "")
                state = state_ease_of[a.number_id] = state_ease(number, today)
            kinds = logged_as[2]
            unused = a.last_used is not None and long_unused(a, today)
            risk = assess_from(
                p, a, None, phone, state, kinds, deps, names, exposure_memo, unused=unused
            )
        account_risks[aid] = risk
        bucket = per_number.get(a.number_id)
        if bucket is not None:  # (an account on an unknown number counts for none)
            bucket.append(risk)
        urgency = LAST
        if resolved is None and urgency_of:
            urgency = urgency_of.get(a.number_id, LAST)
            if urgency > 0 and (not t.any_old or StepKind.REBIND_PHONE in logged_as[2]):
                urgency = LAST  # its codes no longer go to the number being given up
        ranked_accounts.append((risk.score, aid, a, p, t, logged_as, len(deps), urgency))
    yzt_recorded = yzt_recorded_by_number(platforms, accounts)
    number_risks = {
        n.id: assess_number(
            n, per_number.get(n.id, ()), today, yzt_recorded=yzt_recorded.get(n.id, 0)
        )
        for n in numbers
    }
    del seen, per_number  # the build's peak memory comes later: free what is done with

    # 4. each account's steps, laid out riskiest account first. Inside a phase that is
    # the plan's order, so the pass over `order` below reads the per-step arrays mostly
    # in sequence.
    # Riskiest first, then by id: two stable sorts on small ints (faster than one on
    # tuples or big ints); ties (only a repeated id) keep their first order.
    # Before both: exposed now (number past its re-issue date), then the accounts with
    # steps that need a code sent to a number still working, soonest cancel date first.
    ranked_accounts.sort(key=itemgetter(1))
    ranked_accounts.sort(key=itemgetter(0), reverse=True)
    if urgency_of:
        ranked_accounts.sort(key=itemgetter(7))
    known: list[tuple[Account, Platform, Template, int]] = []  # providers with dependants
    laid_out: dict[int, Owner] = {}  # account id -> its Owner
    # 5. blockers (as nids): inside one platform from its template (in this same pass),
    # then across accounts: an identity provider waits on who signs in through it.
    # Only for the steps `order_steps` may have to hold back, which wait on a step after them
    # in the natural order or on such a step: an account's steps wait only on its own
    # earlier ones (unless its template is `late`), so only the identity providers'
    # waits on their dependants can start that. A cycle needs one too, so the others'
    # blockers are added only to break cycles (`all_blockers`).
    blockers: dict[int, list[int]] = {}
    cancellers: list[Owner] = []  # accounts with a step that cancels the number
    last: list[tuple[int, int]] = []  # (phase order, nid) of those steps: listed last
    new_tuple = tuple.__new__  # builds the named tuples without their Python-level __new__
    for _score, aid, a, p, t, (statuses, resolved, kinds, progress), signins, _u in ranked_accounts:
        base = count
        count += len(statuses)
        logged += statuses
        phase_order += t.orders
        for po, start, stop in t.by_phase:
            by_phase[po].extend(range(base + start, base + stop))
        provider = p.identity_provider and aid in dependants and t.main is not None
        if provider:
            known.append((a, p, t, base))
        if provider or t.late:
            for i, (ids, _why) in t.wait_of.items():
                blockers[base + i] = [base + j for j in ids]
        owner = new_tuple(
            Owner,
            (p, a, p.id, aid, a.number_id, resolved is not None, kinds, signins, base, t, progress),
        )
        laid_out[aid] = owner
        owners += [owner] * len(statuses)
        if t.cancels is not None:
            cancellers.append(owner)
            last.append((t.orders[t.cancels], base + t.cancels))
    del ranked_accounts
    for po, nid in last:  # after every account's steps of its phase (number_last.py)
        by_phase[po].append(nid)

    # the steps whose waits are not their template's: nid -> (waits, why)
    # (the cancelling steps' waits are added when first asked for: `make.py`)
    extra: dict[int, tuple[Sequence[int], list[Words]]] = {}
    extra.update(provider_waits(known, dependants, by_platform, laid_out, blockers))

    del known, by_platform, dependants  # done with: ordering is the build's peak memory
    # 6. order: topological, always taking the earliest available step
    ranked = array("i")
    for nids in by_phase:
        ranked += nids
    del by_phase
    found = order_steps(ranked, blockers)
    if found is None:  # contradictory data: break the cycles, then order again
        blockers = all_blockers(owners, len(number_keys), extra)
        texts = {nid: list(waits_of(owners, extra, nid)[1]) for nid in blockers}
        break_cycles(ranked, blockers, texts)
        extra = {nid: (blockers.get(nid, []), why) for nid, why in texts.items()}
        found = order_steps(ranked, blockers)
    assert found is not None
    order = found
    del ranked

    # 7. where each step is listed: a step forced after a later phase's steps is listed
    # under the highest phase before it. That, and each step's place, is all the order
    # says; the steps themselves are made on demand (`Plan._make`).
    pos = positions(order)
    placed = running_max(bytes(map(phase_order.__getitem__, order)))
    layout = Layout(
        today,
        order,
        pos,
        phase_order,
        placed,
        logged,
        owners,
        number_keys,
        number_specs,
        {key: nid for nid, key in enumerate(number_keys)},
        laid_out,
        extra,
        {n.id: c for n in numbers if (c := cancel_date(n)) is not None},
        cancellers,
    )
    return Plan(layout, account_risks, number_risks, tuple(unknown))


def _number_urgency(numbers: Sequence[PhoneNumber], today: date) -> dict[int, int]:
    """Per number, where its unsafe accounts go in a phase before the risk order:
    0 once it may be re-issued (exposed now, first), (1 << 32) + the cancel date's
    ordinal while it still receives codes (the soonest deadline first), else LAST."""
    out: dict[int, int] = {}
    for n in numbers:
        st = stage(n, today)
        if st is Stage.REISSUED:
            out[n.id] = 0
        elif st is Stage.BEFORE_CANCEL and n.cancel_date is not None:
            out[n.id] = (1 << 32) + n.cancel_date.toordinal()
    return out
