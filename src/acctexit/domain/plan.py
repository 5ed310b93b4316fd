"""The unbinding plan: what to do, in which order, from when, waiting on what.

Pure: no I/O, no clock (`today` is a parameter). See docs/risk.md for the rules.

Order. Phases run discover → finance → social → commerce → life → other →
after-care (`Phase.order`). A step's phase is `step.phase`, else the phase of its
platform's category. Inside a phase the per-number look-ups come first (soonest
re-issue first), then accounts, riskiest first, each in its platform's own step
order. A step is never placed before a step it waits on: the order is a
topological sort that always takes the earliest step (by the order above) whose
blockers are placed, so a blocked step lands right after its last blocker. A step
that lands in a later phase than its own says so in `waits_on_text`.

Blockers.
- A DEREGISTER step waits on its platform's steps that belong to an earlier phase
  (a payment arm such as WeChat Pay is closed in the finance phase first) and on
  its platform's earlier money steps (withdraw, unbind cards, password-free).
- An identity provider's DEREGISTER also waits on its REVOKE_AUTHORISATIONS step
  and on the user's accounts that sign in through it (their DEREGISTER, else
  their REBIND_PHONE), naming them.
- Steps listed after a DEREGISTER in the platform (e.g. asking support to clear
  data) wait on it.
A blocker cycle (only possible with contradictory data) is broken by keeping the
earliest step in its own place and dropping its waits on later steps.

Per-number steps. Discover and after-care steps come once per number being given
up (will be cancelled or cancelled), keyed (None, number_id, step.id). If no
number is being given up yet, every number gets them, so a fresh plan still
starts with the official look-ups.

Resolved accounts. An account that is off the number (REBIND_PHONE done) or
deregistered (DEREGISTER done), or whose steps are all done or skipped, has no
open step: its remaining open steps are shown as SKIPPED with a note saying they
are no longer needed (`logged_status` keeps what the log says). Progress counts
them as skipped.
"""

from __future__ import annotations

import heapq
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from acctexit.domain import reasons as R
from acctexit.domain.dates import add_days, later
from acctexit.domain.models import (
    Account,
    AccountRisk,
    Catalog,
    Category,
    Condition,
    ConditionKind,
    DeletionMethod,
    NumberRisk,
    NumberState,
    Phase,
    PhoneNumber,
    Platform,
    RiskLevel,
    Step,
    StepKey,
    StepKind,
    StepStatus,
    Text,
)
from acctexit.domain.risk import (
    assess_account,
    assess_number,
    done_kinds,
    main_deregister,
    reissue_date,
    resolution,
)

MONEY_KINDS = frozenset(
    {StepKind.WITHDRAW_BALANCE, StepKind.UNBIND_CARDS, StepKind.CANCEL_PASSWORD_FREE}
)
AFTER_DEREGISTER_KINDS = frozenset({StepKind.CONTACT_SUPPORT, StepKind.AFTERCARE_CHECK})


@dataclass(frozen=True, slots=True)
class Progress:
    done: int
    skipped: int
    total: int

    @property
    def finished(self) -> int:
        return self.done + self.skipped

    @property
    def open(self) -> int:
        return self.total - self.done - self.skipped

    @property
    def fraction(self) -> float:
        """Share of steps done or skipped; 0.0 for an empty plan (nothing entered yet)."""
        return (self.done + self.skipped) / self.total if self.total else 0.0


@dataclass(frozen=True, slots=True)
class PlanStep:
    key: StepKey
    phase: Phase
    step: Step
    platform_id: str | None
    account_id: int | None
    number_id: int | None
    status: StepStatus  # effective: open steps of a resolved account are SKIPPED
    possible_from: date | None = None  # None: possible now, or unknown (see needs_facts)
    final_on: date | None = None  # e.g. after a regret period
    impossible: Text | None = None
    waits_on: tuple[StepKey, ...] = ()
    waits_on_text: tuple[Text, ...] = ()
    needs_facts: tuple[str, ...] = ()  # Account field names a date needs
    notes: tuple[Text, ...] = ()
    # Additions beyond the brief (all defaulted):
    placed_phase: Phase | None = None  # phase it is listed under; differs when forced later
    logged_status: StepStatus = StepStatus.OPEN  # what the log says

    @property
    def is_open(self) -> bool:
        return self.status is StepStatus.OPEN

    @property
    def forced_later(self) -> bool:
        return self.placed_phase is not None and self.placed_phase is not self.phase


def _progress(steps: Sequence[PlanStep]) -> Progress:
    done = skipped = 0
    for s in steps:
        if s.status is StepStatus.DONE:
            done += 1
        elif s.status is StepStatus.SKIPPED:
            skipped += 1
    return Progress(done, skipped, len(steps))


@dataclass(frozen=True)
class Plan:
    steps: tuple[PlanStep, ...]
    account_risks: Mapping[int, AccountRisk] = field(default_factory=dict)
    number_risks: Mapping[int, NumberRisk] = field(default_factory=dict)
    unknown_platform_accounts: tuple[int, ...] = ()  # accounts the catalog cannot plan
    _by_key: dict[StepKey, PlanStep] = field(init=False, repr=False, compare=False)
    _by_account: dict[int, list[PlanStep]] = field(init=False, repr=False, compare=False)
    _by_number: dict[int, list[PlanStep]] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        by_key: dict[StepKey, PlanStep] = {}
        by_account: dict[int, list[PlanStep]] = {}
        by_number: dict[int, list[PlanStep]] = {}
        for s in self.steps:
            by_key[s.key] = s
            if s.account_id is not None:
                by_account.setdefault(s.account_id, []).append(s)
            if s.number_id is not None:
                by_number.setdefault(s.number_id, []).append(s)
        object.__setattr__(self, "_by_key", by_key)
        object.__setattr__(self, "_by_account", by_account)
        object.__setattr__(self, "_by_number", by_number)

    def get(self, key: StepKey) -> PlanStep | None:
        return self._by_key.get(key)

    def for_account(self, account_id: int) -> list[PlanStep]:
        return list(self._by_account.get(account_id, ()))

    def for_number(self, number_id: int) -> list[PlanStep]:
        """The number's own look-ups plus the steps of every account bound to it."""
        return list(self._by_number.get(number_id, ()))

    def open_blockers(self, step: PlanStep) -> list[PlanStep]:
        """The steps `step` waits on that are still open."""
        out = []
        for key in step.waits_on:
            b = self._by_key.get(key)
            if b is not None and b.is_open:
                out.append(b)
        return out

    def next_step(self) -> PlanStep | None:
        """The first open step that can be done now (not impossible, no future date,
        nothing open to wait on); if there is none, the first open step at all."""
        first: PlanStep | None = None
        for s in self.steps:
            if not s.is_open:
                continue
            if first is None:
                first = s
            if s.impossible is None and s.possible_from is None and not self.open_blockers(s):
                return s
        return first

    def progress(self) -> Progress:
        return _progress(self.steps)

    def account_progress(self, account_id: int) -> Progress:
        return _progress(self._by_account.get(account_id, ()))

    def number_progress(self, number_id: int) -> Progress:
        return _progress(self._by_number.get(number_id, ()))

    def phase_progress(self, phase: Phase) -> Progress:
        return _progress([s for s in self.steps if s.phase is phase])


# --- conditions -------------------------------------------------------------------


@dataclass(slots=True)
class _Eval:
    possible_from: date | None = None
    final_on: date | None = None
    impossible: Text | None = None
    needs: list[str] = field(default_factory=list)
    notes: list[Text] = field(default_factory=list)

    def need(self, fact: str) -> None:
        if fact not in self.needs:
            self.needs.append(fact)


def _date_rule(
    ev: _Eval,
    cond: Condition,
    fact: str,
    start: date | None,
    today: date,
    note_fn: Callable[[int, date, date, date], Text],
    rule: Text,
) -> None:
    if cond.days is None:
        ev.notes.append(cond.text)
        return
    if start is None:
        ev.need(fact)
        ev.notes.append(R.needs_fact(fact, cond.text or rule))
        return
    when = add_days(start, cond.days)
    ev.notes.append(note_fn(cond.days, start, when, today))
    if when > today:
        ev.possible_from = later(ev.possible_from, when)


def _evaluate(
    conditions: Sequence[Condition],
    platform: Platform | None,
    account: Account | None,
    done_kinds: frozenset[StepKind],
    open_signins: int,
    today: date,
    start: date | None = None,
) -> _Eval:
    ev = _Eval(possible_from=start)
    regret: list[int] = []
    for c in conditions:
        k = c.kind
        if account is None:  # per-number step: no account facts to compute with
            if k is ConditionKind.REGRET_DAYS and c.days is not None:
                regret.append(c.days)
            else:
                ev.notes.append(c.text)
            continue
        if k is ConditionKind.QUIET_AFTER_CHANGE:
            _date_rule(
                ev, c, "last_sensitive_change", account.last_sensitive_change, today,
                R.quiet_after_change, R.RULE_QUIET,
            )  # fmt: skip
        elif k is ConditionKind.DAYS_SINCE_LAST_ORDER:
            _date_rule(
                ev, c, "last_order", account.last_order, today,
                R.since_last_order, R.RULE_LAST_ORDER,
            )  # fmt: skip
        elif k is ConditionKind.DAYS_SINCE_ORDERS_CLOSED:
            _date_rule(
                ev, c, "orders_closed", account.orders_closed, today,
                R.since_orders_closed, R.RULE_ORDERS_CLOSED,
            )  # fmt: skip
        elif k is ConditionKind.REGRET_DAYS:
            if c.days is None:
                ev.notes.append(c.text)
            else:
                regret.append(c.days)
        elif k is ConditionKind.REVIEW_DAYS:
            ev.notes.append(R.review(c.days) if c.days is not None else c.text)
        elif k is ConditionKind.DAILY_ATTEMPTS:
            ev.notes.append(R.daily_attempts(c.days) if c.days is not None else c.text)
        elif k is ConditionKind.INACTIVITY_DELETION:
            days = (
                c.days if c.days is not None else (platform.inactivity_days if platform else None)
            )
            if days is None:
                ev.notes.append(c.text)
                continue
            when = add_days(account.last_used, days) if account.last_used else None
            if when is None:
                ev.need("last_used")
            only_way = platform is not None and platform.deletion_method in (
                DeletionMethod.INACTIVITY,
                DeletionMethod.IMPOSSIBLE,
            )
            if only_way:
                ev.impossible = R.inactivity_impossible(days, when)
                ev.final_on = when
            else:
                ev.notes.append(R.inactivity_alternative(days, when))
        elif k is ConditionKind.ZERO_BALANCE:
            if StepKind.WITHDRAW_BALANCE in done_kinds or account.balance == 0:
                ev.notes.append(R.BALANCE_ZERO)
            elif account.balance is None:
                ev.need("balance")
                ev.notes.append(R.needs_fact("balance", c.text))
            else:
                ev.notes.append(R.withdraw_first(account.balance))
        elif k is ConditionKind.NO_CARDS:
            if StepKind.UNBIND_CARDS in done_kinds or account.bank_cards == 0:
                ev.notes.append(R.CARDS_ZERO)
            elif account.bank_cards is None:
                ev.need("bank_cards")
                ev.notes.append(R.needs_fact("bank_cards", c.text))
            else:
                ev.notes.append(R.unbind_cards_first(account.bank_cards))
        elif k is ConditionKind.NO_PASSWORD_FREE:
            if StepKind.CANCEL_PASSWORD_FREE in done_kinds or account.password_free is False:
                ev.notes.append(R.PASSWORD_FREE_OFF)
            elif account.password_free is None:
                ev.need("password_free")
                ev.notes.append(R.needs_fact("password_free", c.text))
            else:
                ev.notes.append(R.PASSWORD_FREE_FIRST)
        elif k is ConditionKind.NO_LINKED_APPS:
            if StepKind.REVOKE_AUTHORISATIONS in done_kinds:
                ev.notes.append(R.LINKED_APPS_NONE)
            elif open_signins + (account.linked_apps or 0) > 0:
                ev.notes.append(R.linked_apps_first(open_signins + (account.linked_apps or 0)))
            elif account.linked_apps is None:
                ev.need("linked_apps")
                ev.notes.append(R.needs_fact("linked_apps", c.text))
            else:
                ev.notes.append(R.LINKED_APPS_NONE)
        else:  # MANUAL and anything new: the catalog's own words
            ev.notes.append(c.text)
    if regret:
        days = max(regret)
        ev.final_on = add_days(ev.possible_from or today, days)
        ev.notes.append(R.regret(days, ev.final_on))
    return ev


def _step_conditions(platform: Platform, step: Step) -> tuple[Condition, ...]:
    """The main DEREGISTER step (not a payment arm's) also carries the platform-wide
    conditions it does not restate."""
    if not platform.conditions or step is not main_deregister(platform):
        return step.conditions
    kinds = {c.kind for c in step.conditions}
    extra = tuple(c for c in platform.conditions if c.kind not in kinds)
    return step.conditions + extra


def _deletion_fallback(platform: Platform, step: Step, ev: _Eval, account: Account) -> None:
    """Platforms with no self-service deletion: say so even if no condition does."""
    if step.kind is not StepKind.DEREGISTER or ev.impossible is not None:
        return
    if platform.deletion_method is DeletionMethod.IMPOSSIBLE:
        ev.impossible = R.IMPOSSIBLE
    elif platform.deletion_method is DeletionMethod.INACTIVITY and platform.inactivity_days:
        when = add_days(account.last_used, platform.inactivity_days) if account.last_used else None
        if when is None:
            ev.need("last_used")
        ev.impossible = R.inactivity_impossible(platform.inactivity_days, when)
        ev.final_on = when


# --- building -----------------------------------------------------------------------


_ID_SPAN = 1 << 40
_ID_OFFSET = 1 << 39  # lets negative ids sort too


def _sort_key(phase: Phase, group: int, rank: int, ident: int, index: int) -> int:
    """One int that orders like (phase, group, rank, ident, index); ints compare fast.

    group 0 = per-number steps, 1 = account steps; rank < 2**41 (re-issue ordinal
    or 100 - score); ident within ±2**39; index < 2**16.
    """
    return ((((_ORDER[phase] * 2 + group) << 41) + rank) * _ID_SPAN + ident + _ID_OFFSET) * (
        1 << 16
    ) + index


class _Node:
    __slots__ = (
        "account",
        "blockers",
        "key",
        "number_id",
        "phase",
        "platform",
        "sort",
        "step",
        "texts",
    )

    def __init__(
        self,
        key: StepKey,
        sort: int,
        phase: Phase,
        step: Step,
        platform: Platform | None,
        account: Account | None,
        number_id: int | None,
    ) -> None:
        self.key = key
        self.sort = sort
        self.phase = phase
        self.step = step
        self.platform = platform
        self.account = account
        self.number_id = number_id
        self.blockers: list[StepKey] = _NONE
        self.texts: list[Text] = _NONE

    def wait(self, keys: Sequence[StepKey], text: Text | None) -> None:
        if self.blockers is _NONE:
            self.blockers, self.texts = [], []
        added = False
        for k in keys:
            if k != self.key and k not in self.blockers:
                self.blockers.append(k)
                added = True
        if text is not None and (added or not keys):
            self.texts.append(text)


_NONE: list[Any] = []  # shared "no blockers" marker; never mutated


_PHASE_OF_CATEGORY = {c: Phase.for_category(c) for c in Category}
_ORDER = {ph: ph.order for ph in Phase}


@dataclass(slots=True)
class _Template:
    """What every account on one platform shares: phases, sort bases, inner blockers."""

    phases: list[Phase]
    sort_base: list[int]
    waits: list[tuple[tuple[str, ...], tuple[Text, ...]]]
    main: Step | None


def _template(p: Platform) -> _Template:
    steps = p.steps
    phases = [_phase_of(p, s) for s in steps]
    sort_base = [((_ORDER[ph] * 2 + 1) << 41) * _ID_SPAN for ph in phases]
    main = main_deregister(p)
    waits: list[tuple[list[str], list[Text]]] = [([], []) for _ in steps]
    main_waits: set[str] = set()
    for i, d in enumerate(steps):
        if d.kind is not StepKind.DEREGISTER:
            continue
        earlier = [
            s
            for j, s in enumerate(steps)
            if s is not d
            and (
                _ORDER[phases[j]] < _ORDER[phases[i]]
                or (j < i and s.kind in MONEY_KINDS)
                or (d is main and p.identity_provider and s.kind is StepKind.REVOKE_AUTHORISATIONS)
            )
        ]
        if earlier:
            ids, texts = waits[i]
            ids.extend(s.id for s in earlier if s.id not in ids)
            texts.append(R.first_do([s.text for s in earlier]))
        if d is main:
            main_waits = {s.id for s in earlier}
    if main is not None:
        after = False
        for i, s in enumerate(steps):
            if s is main:
                after = True
            elif after and s.kind in AFTER_DEREGISTER_KINDS and s.id not in main_waits:
                waits[i][0].append(main.id)  # support / after-care need the closure first
                waits[i][1].append(R.DEREGISTER_FIRST)
    return _Template(phases, sort_base, [(tuple(ids), tuple(texts)) for ids, texts in waits], main)


def _phase_of(platform: Platform, step: Step) -> Phase:
    return step.phase if step.phase is not None else _PHASE_OF_CATEGORY[platform.category]


def _resolving_step(platform: Platform) -> Step | None:
    """The step that takes a dependant off its provider: DEREGISTER, else REBIND_PHONE."""
    main = main_deregister(platform)
    if main is not None:
        return main
    return next((s for s in platform.steps if s.kind is StepKind.REBIND_PHONE), None)


def _account_name(platform: Platform, account: Account) -> Text:
    if account.label:
        return Text(
            f"{platform.name.zh}({account.label})", f"{platform.name.get('en')} ({account.label})"
        )
    return platform.name


def _dependants(
    accounts: Sequence[Account], platforms: Mapping[str, Platform]
) -> dict[int, list[Account]]:
    """account id -> the user's accounts that sign in through it.

    With one account on the provider, every account signing in via that platform
    depends on it; with several, only those on the same number do.
    """
    by_platform: dict[str, list[Account]] = {}
    by_platform_number: dict[tuple[str, int], list[Account]] = {}
    for a in accounts:
        by_platform.setdefault(a.platform_id, []).append(a)
        by_platform_number.setdefault((a.platform_id, a.number_id), []).append(a)
    out: dict[int, list[Account]] = {}
    for a in accounts:
        via = a.sign_in_via
        if via is None or via == a.platform_id or a.platform_id not in platforms:
            continue
        providers = by_platform.get(via, [])
        if len(providers) > 1:
            providers = by_platform_number.get((via, a.number_id), [])
        for p in providers:
            out.setdefault(p.id, []).append(a)
    return out


def _order(nodes: dict[StepKey, _Node], blocked: list[_Node]) -> list[_Node] | None:
    """Kahn's algorithm taking the smallest sort key available; None on a cycle.

    Unblocked steps stream in sort order; only freed steps go through a heap.
    """
    indeg: dict[StepKey, int] = {}
    waiters: dict[StepKey, list[_Node]] = {}
    for node in blocked:
        indeg[node.key] = len(node.blockers)
        for b in node.blockers:
            waiters.setdefault(b, []).append(node)
    stream = sorted((n for n in nodes.values() if not indeg.get(n.key)), key=lambda n: n.sort)
    heap: list[tuple[int, StepKey]] = []
    order: list[_Node] = []
    i, count = 0, len(stream)
    while i < count or heap:
        if heap and (i >= count or heap[0][0] < stream[i].sort):
            node = nodes[heapq.heappop(heap)[1]]
        else:
            node = stream[i]
            i += 1
        order.append(node)
        freed = waiters.get(node.key)
        if freed:
            for w in freed:
                left = indeg[w.key] - 1
                indeg[w.key] = left
                if left == 0:
                    heapq.heappush(heap, (w.sort, w.key))
    return order if len(order) == len(nodes) else None


def _break_cycles(nodes: dict[StepKey, _Node]) -> None:
    """Make the blocker graph acyclic (only contradictory data makes cycles).

    Inside each strongly connected component, a step keeps only the waits on
    steps that come earlier in the natural order; the dropped waits are noted.
    Iterative Tarjan, O(steps + waits).
    """
    index: dict[StepKey, int] = {}
    low: dict[StepKey, int] = {}
    on_stack: set[StepKey] = set()
    stack: list[StepKey] = []
    counter = 0
    for root in nodes:
        if root in index or not nodes[root].blockers:
            continue
        work: list[tuple[StepKey, int]] = [(root, 0)]
        while work:
            v, i = work.pop()
            if i == 0:
                index[v] = low[v] = counter
                counter += 1
                stack.append(v)
                on_stack.add(v)
            blockers = nodes[v].blockers
            recurse = False
            while i < len(blockers):
                w = blockers[i]
                i += 1
                if w not in index:
                    work.append((v, i))
                    work.append((w, 0))
                    recurse = True
                    break
                if w in on_stack:
                    low[v] = min(low[v], index[w])
            if recurse:
                continue
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[v])
            if low[v] == index[v]:
                component: list[StepKey] = []
                while True:
                    w = stack.pop()
                    on_stack.discard(w)
                    component.append(w)
                    if w == v:
                        break
                if len(component) > 1:
                    members = set(component)
                    for k in component:
                        node = nodes[k]
                        keep = [
                            b for b in node.blockers
                            if b not in members or nodes[b].sort < node.sort
                        ]  # fmt: skip
                        if len(keep) < len(node.blockers):
                            node.blockers = keep
                            node.texts.append(R.CIRCULAR)


BIG = (1 << 41) - 1


def build_plan(
    catalog: Catalog,
    numbers: Sequence[PhoneNumber],
    accounts: Sequence[Account],
    states: Mapping[StepKey, StepStatus],
    today: date,
) -> Plan:
    platforms = catalog.platforms
    numbers_by_id = {n.id: n for n in numbers}
    dependants = _dependants(accounts, platforms)

    # 1. risk per account, then per number
    account_risks: dict[int, AccountRisk] = {}
    unknown: list[int] = []
    known: list[tuple[Account, Platform]] = []
    per_number: dict[int, list[AccountRisk]] = {n.id: [] for n in numbers}
    deregistered = set()  # only dependants matter here
    for a in accounts:
        if a.sign_in_via is None:
            continue
        p = platforms.get(a.platform_id)
        if p is not None and resolution(p, a, states) is R.RESOLVED_DEREGISTERED:
            deregistered.add(a.id)
    for a in accounts:
        p = platforms.get(a.platform_id)
        if p is None:
            unknown.append(a.id)
            continue
        number = numbers_by_id.get(a.number_id) or PhoneNumber(a.number_id, "")
        deps: list[Account] = []
        names: list[Text] = []
        if a.id in dependants:
            # a deregistered dependant no longer signs in through this account
            deps = [d for d in dependants[a.id] if d.id not in deregistered]
            names = [_account_name(platforms[d.platform_id], d) for d in deps[:4]]
        risk = assess_account(p, a, number, states, today, dependants=deps, dependant_names=names)
        account_risks[a.id] = risk
        known.append((a, p))
        per_number.setdefault(a.number_id, []).append(risk)
    number_risks = {n.id: assess_number(n, per_number.get(n.id, ()), today) for n in numbers}

    # 2. nodes, with the blockers inside one platform (from a per-platform template)
    nodes: dict[StepKey, _Node] = {}
    given_up = [n for n in numbers if n.state is not NumberState.KEPT] or list(numbers)
    for n in given_up:
        when = reissue_date(n)
        urgency = when.toordinal() if when is not None else BIG
        for phase, steps in (
            (Phase.DISCOVER, catalog.discover_steps),
            (Phase.AFTERCARE, catalog.aftercare_steps),
        ):
            for i, s in enumerate(steps):
                key: StepKey = (None, n.id, s.id)
                ph = s.phase or phase
                nodes[key] = _Node(key, _sort_key(ph, 0, urgency, n.id, i), ph, s, None, None, n.id)
    templates: dict[str, _Template] = {}
    for a, p in known:
        t = templates.get(p.id)
        if t is None:
            t = templates[p.id] = _template(p)
        aid = a.id
        account_part = (100 - account_risks[aid].score) * _ID_SPAN + aid + _ID_OFFSET
        for i, s in enumerate(p.steps):
            key = (aid, None, s.id)
            node = nodes[key] = _Node(
                key, ((t.sort_base[i] + account_part) << 16) + i, t.phases[i], s, p, a, a.number_id
            )
            ids, texts = t.waits[i]
            if ids:
                node.blockers = [(aid, None, sid) for sid in ids]
                node.texts = list(texts)

    # 3. blockers across accounts: an identity provider waits on who signs in through it
    for a, p in known:
        if not p.identity_provider or a.id not in dependants:
            continue
        main = templates[p.id].main
        if main is None:
            continue
        keys: list[StepKey] = []
        dep_names: list[Text] = []
        for dep in dependants[a.id]:
            dp = platforms[dep.platform_id]
            target = _resolving_step(dp)
            dep_names.append(_account_name(dp, dep))
            if target is not None:
                keys.append((dep.id, None, target.id))
        if dep_names:
            nodes[(a.id, None, main.id)].wait(keys, R.stop_signing_in(dep_names, p.name))

    # 4. order: topological, always taking the earliest available step
    blocked = [n for n in nodes.values() if n.blockers]
    for node in blocked:
        node.blockers = [b for b in node.blockers if b in nodes]
    order = _order(nodes, blocked)
    if order is None:  # contradictory data: break the cycles, then order again
        _break_cycles(nodes)
        order = _order(nodes, blocked)
    assert order is not None

    # 5. effective status, dates, notes
    resolved = {aid for aid, r in account_risks.items() if r.level is RiskLevel.RESOLVED}
    done: dict[int, frozenset[StepKind]] = {}
    open_signins = {
        aid: sum(1 for d in deps if d.id not in deregistered) for aid, deps in dependants.items()
    }
    out: list[PlanStep] = []
    by_key: dict[StepKey, PlanStep] = {}
    max_phase = Phase.DISCOVER
    OPEN, SKIPPED = StepStatus.OPEN, StepStatus.SKIPPED
    max_order = 0
    for node in order:
        logged = states.get(node.key, OPEN)
        acc, p = node.account, node.platform
        status = logged
        if logged is OPEN and acc is not None and acc.id in resolved:
            status = SKIPPED
        blocked_from: date | None = None
        for b in node.blockers:  # cannot be done before an open blocker can
            bs = by_key[b]
            if bs.status is OPEN and bs.possible_from is not None:
                blocked_from = later(blocked_from, bs.possible_from)
        step = node.step
        needs: tuple[str, ...] = ()
        notes: tuple[Text, ...] = ()
        possible_from, final_on, impossible = blocked_from, None, None
        if step.conditions or (p is not None and step.kind is StepKind.DEREGISTER):
            conds = _step_conditions(p, step) if p is not None else step.conditions
            kinds: frozenset[StepKind] = frozenset()
            if acc is not None and p is not None:
                kinds = done.get(acc.id) or done.setdefault(acc.id, done_kinds(p, acc, states))
            ev = _evaluate(
                conds, p, acc, kinds,
                open_signins.get(acc.id, 0) if acc else 0,
                today, blocked_from,
            )  # fmt: skip
            if p is not None and acc is not None:
                _deletion_fallback(p, step, ev, acc)
            possible_from, final_on, impossible = ev.possible_from, ev.final_on, ev.impossible
            needs, notes = tuple(ev.needs), tuple(ev.notes)
        if status is not logged:
            notes = (R.NOT_NEEDED, *notes)
        shown: Sequence[Text] = node.texts
        phase = node.phase
        order_no = _ORDER[phase]
        if max_order > order_no:
            placed_phase = max_phase
            shown = [*shown, R.moved_to_phase(phase, max_phase)]
        else:
            placed_phase = max_phase = phase
            max_order = order_no
        ps = PlanStep(
            node.key, phase, step,
            p.id if p is not None else None,
            acc.id if acc is not None else None,
            node.number_id, status, possible_from, final_on, impossible,
            tuple(node.blockers) if node.blockers else (),
            tuple(shown) if shown else (),
            needs,
            tuple(notes) if notes else (),
            placed_phase, logged,
        )  # fmt: skip
        by_key[node.key] = ps
        out.append(ps)
    return Plan(tuple(out), account_risks, number_risks, tuple(unknown))
