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

import gc
import heapq
from array import array
from collections.abc import Callable, Mapping, Sequence
from datetime import date
from itertools import chain, groupby, repeat
from operator import itemgetter
from typing import Any, NamedTuple

from msgspec import Struct, field

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
    Step,
    StepKey,
    StepKind,
    StepStatus,
    Text,
)
from acctexit.domain.risk import (
    assess_from,
    assess_number,
    main_deregister,
    phone_ease,
    reissue_date,
    resolution_and_done_kinds,
    resolved_risk,
    state_ease,
)

MONEY_KINDS = frozenset(
    {StepKind.WITHDRAW_BALANCE, StepKind.UNBIND_CARDS, StepKind.CANCEL_PASSWORD_FREE}
)
AFTER_DEREGISTER_KINDS = frozenset({StepKind.CONTACT_SUPPORT, StepKind.AFTERCARE_CHECK})


class Progress(Struct, frozen=True, gc=False):
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


class PlanStep(Struct, frozen=True, gc=False):  # gc=False: see domain/models.py
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


_PHASE_AT = tuple(Phase)  # phase by its order


class _Owner(NamedTuple):
    """What a step shares with the rest of its account: one per account (or per
    number, for its look-ups), referenced by each of its steps."""

    platform: Platform | None
    account: Account | None
    platform_id: str | None
    account_id: int | None
    number_id: int
    resolved: bool  # its open steps are shown as SKIPPED
    done_kinds: frozenset[StepKind]
    open_signins: int
    base: int  # nid of its first step
    template: _Template | None  # None for a number's look-ups
    progress: Progress  # effective statuses; one object per distinct count, shared


# What an account's statuses in the log decide (`_build_plan` step 2): the statuses,
# why the account is resolved (None: it is not), the kinds of its steps done, and its
# progress in effective statuses. Shared by accounts with the same ones.
_Logged = tuple[tuple[StepStatus, ...], Text | None, frozenset[StepKind], Progress]
_NO_PROGRESS = Progress(0, 0, 0)


class _Layout(Struct):
    """What `build_plan` decided, in flat per-step arrays indexed by a step number
    ("nid": the per-number steps first, then each account's steps in platform order,
    riskiest account first). A `PlanStep` is made from these when first asked for."""

    today: date
    order: array[int]  # nids in plan order
    pos: array[int]  # nid -> its place in `order`
    phase_order: bytearray  # nid -> the order of its own phase
    # place in `order` -> the highest phase order up to it: where the step there is listed
    placed: bytearray
    logged: list[StepStatus]  # nid -> what the log says
    owners: list[_Owner]  # nid -> its account's (or number's) _Owner
    number_keys: list[StepKey]  # nid -> key, for the per-number steps
    number_specs: list[tuple[Any, ...]]  # nid -> `_Template.spec`-like entry, likewise
    number_nids: dict[StepKey, int]
    accounts: dict[int, _Owner]  # account id -> its _Owner (also with no steps)
    # nid -> (the nids it waits on, why) where that is not its template's `wait_of`
    # (an identity provider waiting on its dependants, a broken cycle)
    extra: dict[int, tuple[list[int], list[Text]]]

    def status(self, nid: int) -> StepStatus:
        """The effective status: a resolved account's open steps are SKIPPED."""
        was = self.logged[nid]
        return StepStatus.SKIPPED if was is StepStatus.OPEN and self.owners[nid].resolved else was

    def key(self, nid: int) -> StepKey:
        o = self.owners[nid]
        t = o.template
        return self.number_keys[nid] if t is None else (o.account_id, None, t.ids[nid - o.base])

    def waits(self, nid: int) -> tuple[Sequence[int], Sequence[Text]]:
        """The nids step `nid` waits on, and why."""
        return _waits(self.owners, self.extra, nid)


def _waits(
    owners: list[_Owner], extra: dict[int, tuple[list[int], list[Text]]], nid: int
) -> tuple[Sequence[int], Sequence[Text]]:
    x = extra.get(nid)
    if x is not None:
        return x
    o = owners[nid]
    if o.template is not None:
        w = o.template.wait_of.get(nid - o.base)
        if w is not None:
            return [o.base + j for j in w[0]], w[1]
    return (), ()


class Plan:
    """The ordered steps, and the questions the screen asks about them.

    The order, every status and every count are decided when the plan is built; the
    `PlanStep` objects (dates, notes, what they wait on) are made when first asked
    for, and kept. The dashboard asks only for the accounts it shows, so at 10,000
    accounts it never pays for the other ~46,000 steps (time and memory, see
    docs/risk.md "Performance"). `steps` makes all of them. Each question costs
    O(steps of that account or number), except `steps`, `for_number` (O(all steps))
    and `next_step` (a scan from the start, stopping at the first doable step).
    """

    __slots__ = (
        "_layout",
        "_made",
        "_memo",
        "account_risks",
        "number_risks",
        "unknown_platform_accounts",
    )

    def __init__(
        self,
        layout: _Layout,
        account_risks: Mapping[int, AccountRisk],
        number_risks: Mapping[int, NumberRisk],
        unknown_platform_accounts: tuple[int, ...],
    ) -> None:
        self.account_risks = account_risks
        self.number_risks = number_risks
        self.unknown_platform_accounts = unknown_platform_accounts  # the catalog cannot plan
        self._layout = layout
        self._made: dict[int, PlanStep] = {}
        # whole-plan answers, computed on first use (the plan never changes)
        self._memo: dict[tuple[object, ...], Any] = {}

    @property
    def steps(self) -> tuple[PlanStep, ...]:
        """Every step, in plan order."""
        memo = self._memo
        if ("steps",) not in memo:
            memo["steps",] = tuple(map(self._step, self._layout.order))
        steps: tuple[PlanStep, ...] = memo["steps",]
        return steps

    def get(self, key: StepKey) -> PlanStep | None:
        nid = self._nid(key)
        return None if nid is None else self._step(nid)

    def for_account(self, account_id: int) -> list[PlanStep]:
        L = self._layout
        owner = L.accounts.get(account_id)
        if owner is None or owner.template is None:
            return []
        nids = range(owner.base, owner.base + len(owner.template.ids))
        return [self._step(nid) for nid in sorted(nids, key=L.pos.__getitem__)]

    def for_number(self, number_id: int) -> list[PlanStep]:
        """The number's own look-ups plus the steps of every account bound to it."""
        owners = self._layout.owners
        return [self._step(nid) for nid in self._layout.order if owners[nid].number_id == number_id]

    def number_steps(self, number_id: int) -> list[PlanStep]:
        """Only the number's own look-ups (discover and after-care), in plan order."""
        memo = self._memo
        if ("number nids",) not in memo:  # every number's in one pass
            L = self._layout
            by_number: dict[int, list[int]] = {}
            for nid in sorted(range(len(L.number_keys)), key=L.pos.__getitem__):
                by_number.setdefault(L.owners[nid].number_id, []).append(nid)
            memo["number nids",] = by_number
        return [self._step(nid) for nid in memo["number nids",].get(number_id, ())]

    def open_blockers(self, step: PlanStep) -> list[PlanStep]:
        """The steps `step` waits on that are still open."""
        out = []
        for key in step.waits_on:
            b = self.get(key)
            if b is not None and b.is_open:
                out.append(b)
        return out

    def next_step(self) -> PlanStep | None:
        """The first open step that can be done now (not impossible, no future date,
        nothing open to wait on); if there is none, the first open step at all."""
        memo = self._memo
        if ("next",) not in memo:  # asked on every repaint
            memo["next",] = self._next_step()
        step: PlanStep | None = memo["next",]
        return step

    def _next_step(self) -> PlanStep | None:
        first: PlanStep | None = None
        status, OPEN = self._layout.status, StepStatus.OPEN
        for nid in self._layout.order:
            if status(nid) is not OPEN:  # decided without making the step
                continue
            s = self._step(nid)
            if first is None:
                first = s
            if s.impossible is None and s.possible_from is None and not self.open_blockers(s):
                return s
        return first

    def progress(self) -> Progress:
        memo = self._memo
        if ("all",) not in memo:
            L = self._layout
            own = [L.status(nid) for nid in range(len(L.number_keys))]
            done, skipped = own.count(StepStatus.DONE), own.count(StepStatus.SKIPPED)
            total = len(own)
            for owner in L.accounts.values():
                p = owner.progress
                done, skipped, total = done + p.done, skipped + p.skipped, total + p.total
            memo["all",] = Progress(done, skipped, total)
        progress: Progress = memo["all",]
        return progress

    def account_progress(self, account_id: int) -> Progress:
        owner = self._layout.accounts.get(account_id)  # (asked for all 10,000 rows)
        return _NO_PROGRESS if owner is None else owner.progress

    def account_progresses(self) -> Mapping[int, Progress]:
        """Every account's progress by id (one look-up per row, not a call)."""
        memo = self._memo
        if ("accounts",) not in memo:
            memo["accounts",] = {aid: o.progress for aid, o in self._layout.accounts.items()}
        progresses: Mapping[int, Progress] = memo["accounts",]
        return progresses

    def number_progress(self, number_id: int) -> Progress:
        memo = self._memo
        if ("numbers",) not in memo:  # every number's in one pass over the accounts
            L = self._layout
            counts: dict[int, list[int]] = {}
            for nid in range(len(L.number_keys)):
                c = counts.setdefault(L.owners[nid].number_id, [0, 0, 0])
                _count(c, L.status(nid))
            for owner in L.accounts.values():
                c = counts.setdefault(owner.number_id, [0, 0, 0])
                p = owner.progress
                c[0] += p.done
                c[1] += p.skipped
                c[2] += p.total
            memo["numbers",] = {n: Progress(*c) for n, c in counts.items()}
        progress: Progress = memo["numbers",].get(number_id, Progress(0, 0, 0))
        return progress

    def phase_progress(self, phase: Phase) -> Progress:
        memo = self._memo
        if ("phases",) not in memo:  # all phases in one pass over the plan
            L = self._layout
            counts = [[0, 0, 0] for _ in Phase]
            for nid, order in enumerate(L.phase_order):
                _count(counts[order], L.status(nid))
            memo["phases",] = [Progress(*c) for c in counts]
        progress: Progress = memo["phases",][phase.order]
        return progress

    def _nid(self, key: StepKey) -> int | None:
        L = self._layout
        account_id, number_id, step_id = key
        if account_id is None:
            return L.number_nids.get(key)
        owner = L.accounts.get(account_id)
        if number_id is not None or owner is None or owner.template is None:
            return None
        i = owner.template.index.get(step_id)
        return None if i is None else owner.base + i

    def _step(self, nid: int) -> PlanStep:
        made = self._made.get(nid)
        if made is None:
            # A plan is used by one thread at a time (built in a worker, then handed
            # over); setdefault keeps the first object if that ever changes.
            made = self._made.setdefault(nid, self._make(nid))
        return made

    def _make(self, nid: int) -> PlanStep:
        """Dates, notes and waits of one step (what the build's last pass used to do
        for every step). Its blockers are made first: their dates bound its own."""
        L = self._layout
        OPEN = StepStatus.OPEN
        p, acc, pid, aid, number_id, skip, kinds, signins, base, t, _progress = L.owners[nid]
        if t is None:
            key, spec = L.number_keys[nid], L.number_specs[nid]
        else:
            key, spec = (aid, None, t.ids[nid - base]), t.spec[nid - base]
        phase, _order_no, step, cs, fixed_notes = spec
        was = L.logged[nid]
        status = StepStatus.SKIPPED if skip and was is OPEN else was
        placed = _PHASE_AT[L.placed[L.pos[nid]]]
        moved = R.moved_to_phase(phase, placed) if placed is not phase else None
        bl, why = L.waits(nid)
        blocked_from: date | None = None
        for b in bl:  # cannot be done before an open blocker can
            blocker = self._step(b)
            when = blocker.possible_from
            if blocker.status is OPEN and when is not None:
                blocked_from = later(blocked_from, when)
        possible_from, final_on, impossible = blocked_from, None, None
        needs: tuple[str, ...] = ()
        notes = fixed_notes
        if cs is not None:
            ev = _evaluate(cs, p, acc, kinds, signins, L.today, blocked_from)
            if p is not None and acc is not None:
                _deletion_fallback(p, step, ev, acc)
            possible_from, final_on, impossible = ev.possible_from, ev.final_on, ev.impossible
            needs = tuple(ev.needs)
            notes = tuple(ev.notes)
        if status is not was:
            notes = (R.NOT_NEEDED, *notes)
        shown = tuple(why)
        if moved is not None:
            shown += (moved,)
        waits_on = tuple(map(L.key, bl)) if bl else ()
        return PlanStep(
            key, phase, step, pid, aid, number_id, status, possible_from, final_on,
            impossible, waits_on, shown, needs, notes, placed, was,
        )  # fmt: skip


def _count(counts: list[int], status: StepStatus) -> None:
    """Add one step to [done, skipped, total]."""
    if status is StepStatus.DONE:
        counts[0] += 1
    elif status is StepStatus.SKIPPED:
        counts[1] += 1
    counts[2] += 1


# --- conditions -------------------------------------------------------------------


class _Eval(Struct):
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
#
# Speed (10,000 accounts, ~46,000 steps, see docs/risk.md "Performance"): the build
# works on flat lists indexed by a step number ("nid": number steps first, then each
# account's steps in platform order) instead of one node object per step; it reads the
# log once per account; whatever is the same for every account on a platform (phases,
# sort bases, blockers as step indexes, conditions) comes from one template, and the
# risk factors that depend only on the platform or the number are computed once each.


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


_PHASE_OF_CATEGORY = {c: Phase.for_category(c) for c in Category}
_ORDER = {ph: ph.order for ph in Phase}


class _Template(Struct):
    """What every account on one platform shares."""

    ids: tuple[str, ...]
    index: dict[str, int]  # step id -> its index
    orders: bytes  # per step, the order of its phase
    # (phase order, start, stop): the runs of consecutive step indexes in one phase, by
    # phase, then index (the build extends with ranges: no Python code per step)
    by_phase: list[tuple[int, int, int]]
    # step index -> (indexes of the steps it waits on, why), for the steps that wait
    wait_of: dict[int, tuple[tuple[int, ...], tuple[Text, ...]]]
    main: int | None  # index of the main DEREGISTER step
    resolving: int | None  # index of `_resolving_step`
    late: bool  # a step waits on one after it in the natural order (none in the catalog)
    # per step, as the build's hot loop reads it: (phase, its order, step, the conditions
    # to evaluate per account or None, the notes when they are the same for every
    # account or ())
    spec: list[tuple[Phase, int, Step, tuple[Condition, ...] | None, tuple[Text, ...]]]


def _template(p: Platform) -> _Template:
    steps = p.steps
    phases = [_phase_of(p, s) for s in steps]
    orders = [_ORDER[ph] for ph in phases]
    runs = [list(run) for _o, run in groupby(enumerate(orders), key=itemgetter(1))]
    by_phase = sorted((run[0][1], run[0][0], run[-1][0] + 1) for run in runs)
    main = main_deregister(p)
    waits: list[tuple[list[int], list[Text]]] = [([], []) for _ in steps]
    main_waits: set[int] = set()
    for i, d in enumerate(steps):
        if d.kind is not StepKind.DEREGISTER:
            continue
        earlier = [
            j
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
            ids.extend(j for j in earlier if j not in ids)
            texts.append(R.first_do([steps[j].text for j in earlier]))
        if d is main:
            main_waits = set(earlier)
    main_index = None
    if main is not None:
        main_index = next(i for i, s in enumerate(steps) if s is main)
        for i in range(main_index + 1, len(steps)):
            if steps[i].kind in AFTER_DEREGISTER_KINDS and i not in main_waits:
                waits[i][0].append(main_index)  # support / after-care need the closure first
                waits[i][1].append(R.DEREGISTER_FIRST)
    resolving = _resolving_step(p)
    late = any((orders[j], j) > (orders[i], i) for i, (ids, _) in enumerate(waits) for j in ids)
    conds = [
        _step_conditions(p, s) if s.conditions or s.kind is StepKind.DEREGISTER else None
        for s in steps
    ]
    # per step: the notes, when its conditions give the same for every account
    static = [
        None if c is None else _static_notes(p, s, c) for s, c in zip(steps, conds, strict=True)
    ]
    return _Template(
        tuple(s.id for s in steps),
        {s.id: i for i, s in enumerate(steps)},
        bytes(orders),
        by_phase,
        {i: (tuple(ids), tuple(texts)) for i, (ids, texts) in enumerate(waits) if ids},
        main_index,
        None if resolving is None else next(i for i, s in enumerate(steps) if s is resolving),
        late,
        list(
            zip(
                phases,
                orders,
                steps,
                [c if n is None else None for c, n in zip(conds, static, strict=True)],
                [n or () for n in static],
                strict=True,
            )
        ),
    )


_FACT_KINDS = frozenset(
    {
        ConditionKind.ZERO_BALANCE,
        ConditionKind.NO_CARDS,
        ConditionKind.NO_PASSWORD_FREE,
        ConditionKind.NO_LINKED_APPS,
    }
)
_DAY_KINDS = frozenset(
    {
        ConditionKind.QUIET_AFTER_CHANGE,
        ConditionKind.DAYS_SINCE_LAST_ORDER,
        ConditionKind.DAYS_SINCE_ORDERS_CLOSED,
        ConditionKind.REGRET_DAYS,
    }
)


def _static_notes(
    platform: Platform, step: Step, conditions: Sequence[Condition]
) -> tuple[Text, ...] | None:
    """What `_evaluate` (and `_deletion_fallback`) give an account step whose conditions
    read no fact, log entry or date (only notes: most catalog conditions are MANUAL);
    None when the result depends on the account. Computed once per platform step, it
    spares most accounts' steps the evaluation. Mirrors `_evaluate` branch by branch."""
    if step.kind is StepKind.DEREGISTER and platform.deletion_method in (
        DeletionMethod.INACTIVITY,
        DeletionMethod.IMPOSSIBLE,
    ):
        return None
    notes: list[Text] = []
    for c in conditions:
        k = c.kind
        if k in _FACT_KINDS:
            return None
        if k in _DAY_KINDS:
            if c.days is not None:
                return None
            notes.append(c.text)
        elif k is ConditionKind.INACTIVITY_DELETION:
            if c.days is not None or platform.inactivity_days is not None:
                return None
            notes.append(c.text)
        elif k is ConditionKind.REVIEW_DAYS:
            notes.append(R.review(c.days) if c.days is not None else c.text)
        elif k is ConditionKind.DAILY_ATTEMPTS:
            notes.append(R.daily_attempts(c.days) if c.days is not None else c.text)
        else:
            notes.append(c.text)
    return tuple(notes)


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
    # Only the platforms something signs in through are grouped, and only the accounts
    # that sign in through one are looked at again (few: not every account's lists).
    signing_in = [a for a in accounts if a.sign_in_via is not None]
    vias = {a.sign_in_via for a in signing_in}
    by_platform: dict[str, list[Account]] = {}
    by_platform_number: dict[tuple[str, int], list[Account]] = {}
    for a in accounts:
        if a.platform_id in vias:
            by_platform.setdefault(a.platform_id, []).append(a)
            by_platform_number.setdefault((a.platform_id, a.number_id), []).append(a)
    out: dict[int, list[Account]] = {}
    for a in signing_in:
        via = a.sign_in_via
        if via is None or via == a.platform_id or a.platform_id not in platforms:
            continue
        providers = by_platform.get(via, [])
        if len(providers) > 1:
            providers = by_platform_number.get((via, a.number_id), [])
        for p in providers:
            out.setdefault(p.id, []).append(a)
    return out


def _order(ranked: array[int], blockers: dict[int, list[int]]) -> array[int] | None:
    """The topological order that always takes the available step with the smallest
    sort key (Kahn's algorithm with a min-heap); None on a cycle.

    Most steps wait on nothing, or only on steps with smaller sort keys that themselves
    wait only "forwards": such a step is available by the time its sort key comes up,
    so these stream in sort order, copied in runs. Only the steps downstream of a
    backward wait (a blocker with a larger sort key: a step forced into a later phase,
    and every cycle) are "held" and go through the heap, each freed when its last
    blocker is out; the stream stops only at held steps (skipped) and at the blockers
    they wait on. `ranked` is every nid in sort-key order; the heap holds positions in
    it: small ints.
    """
    if not blockers:
        return ranked
    rank = _positions(ranked)
    # The late steps (a backward wait) and everything downstream of them. In sort order
    # a step's forward blockers are decided before it, so one pass finds them all
    # without the reverse graph (at 10,000 accounts that was the build's peak memory).
    held: set[int] = set()
    for w in sorted(blockers, key=rank.__getitem__):
        own = rank[w]
        for b in blockers[w]:  # a plain loop: twice as fast as any() over a generator
            if rank[b] >= own or b in held:
                held.add(w)
                break
    if not held:  # nothing waits backwards: the sort order is the order
        return ranked
    waiters: dict[int, list[int]] = {}  # blocker -> the held steps waiting on it
    for w in held:
        for b in blockers[w]:
            waiters.setdefault(b, []).append(w)
    indeg = {w: len(blockers[w]) for w in held}
    freeing = {b for w in held for b in blockers[w] if b not in held}
    stops = sorted([rank[nid] for nid in held] + [rank[nid] for nid in freeing])
    stops.append(count := len(ranked))
    heap: list[int] = []
    order = array("i")
    i = t = 0
    while i < count or heap:
        stop = stops[t]
        if i == stop < count and ranked[i] in held:  # comes out of the heap once freed
            i += 1
            t += 1
            continue
        end = min(stop, heap[0]) if heap else stop
        if end > i:  # a run that frees nothing and comes before the heap's top
            order += ranked[i:end]
            i = end
            continue
        if heap and heap[0] < i:
            nid = ranked[heapq.heappop(heap)]
        else:  # ranked[i] frees a held step
            nid = ranked[i]
            i += 1
            t += 1
        order.append(nid)
        for w in waiters.get(nid, ()):
            if w in held:
                left = indeg[w] - 1
                indeg[w] = left
                if left == 0:
                    heapq.heappush(heap, rank[w])
    return order if len(order) == len(ranked) else None


def _positions(ranked: array[int]) -> array[int]:
    """nid -> its place in `ranked` (a permutation of the nids). An array, not a dict:
    at 10,000 accounts the dict and its 46,000 int objects were the build's peak."""
    rank = array("i", bytes(4 * len(ranked)))
    for i, nid in enumerate(ranked):
        rank[nid] = i
    return rank


def _all_blockers(
    owners: list[_Owner], first: int, extra: dict[int, tuple[list[int], list[Text]]]
) -> dict[int, list[int]]:
    """Every step's blockers: its template's, or `extra`'s. `first` is the nid of the
    first account step."""
    blockers: dict[int, list[int]] = {}
    base = first
    while base < len(owners):  # account by account
        t = owners[base].template
        assert t is not None
        for i, (ids, _why) in t.wait_of.items():
            blockers[base + i] = [base + j for j in ids]
        base += len(t.ids)
    for nid, (waits, _texts) in extra.items():
        blockers[nid] = waits
    return blockers


def _running_max(values: bytes) -> bytearray:
    """The highest value up to each place. Phase orders are few (0–6), so that rises at
    most six times, where a higher value first shows: found by `bytes.find`, with no
    Python code per place (`accumulate(values, max)` calls max 46,000 times)."""
    out = bytearray(len(values))  # zeros: the lowest value there is
    top = 0
    for i, v in sorted((values.find(v), v) for v in set(values)):
        if v > top:
            top = v
            out[i:] = bytes((v,)) * (len(values) - i)
    return out


def _break_cycles(
    ranked: array[int], blockers: dict[int, list[int]], texts: dict[int, list[Text]]
) -> None:
    """Make the blocker graph acyclic (only contradictory data makes cycles).

    Inside each strongly connected component, a step keeps only the waits on
    steps that come earlier in the natural order; the dropped waits are noted.
    Iterative Tarjan, O(steps + waits).
    """
    rank = dict(zip(ranked, range(len(ranked)), strict=True))
    index: dict[int, int] = {}
    low: dict[int, int] = {}
    on_stack: set[int] = set()
    stack: list[int] = []
    counter = 0
    none: list[int] = []
    for root in sorted(blockers):
        if root in index or not blockers[root]:
            continue
        work: list[tuple[int, int]] = [(root, 0)]
        while work:
            v, i = work.pop()
            if i == 0:
                index[v] = low[v] = counter
                counter += 1
                stack.append(v)
                on_stack.add(v)
            waits = blockers.get(v, none)
            recurse = False
            while i < len(waits):
                w = waits[i]
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
                component: list[int] = []
                while True:
                    w = stack.pop()
                    on_stack.discard(w)
                    component.append(w)
                    if w == v:
                        break
                if len(component) > 1:
                    members = set(component)
                    for k in component:
                        waits = blockers.get(k, none)
                        keep = [b for b in waits if b not in members or rank[b] < rank[k]]
                        if len(keep) < len(waits):
                            blockers[k] = keep
                            texts.setdefault(k, []).append(R.CIRCULAR)


BIG = (1 << 41) - 1


def build_plan(
    catalog: Catalog,
    numbers: Sequence[PhoneNumber],
    accounts: Sequence[Account],
    states: Mapping[StepKey, StepStatus],
    today: date,
) -> Plan:
    # The build allocates ~150,000 tuples, lists and objects at 10,000 accounts. With
    # the cyclic GC running, that triggers hundreds of collections, including full
    # ones over everything else the program holds, all finding nothing (the plan has no
    # reference cycles). Paused, the build is ~100 ms faster; one collection of the
    # young objects still follows at the next allocation after it (~50 ms), so the net
    # gain is ~50 ms. It is resumed unless the caller had turned it off.
    if not gc.isenabled():
        return _build_plan(catalog, numbers, accounts, states, today)
    gc.disable()
    try:
        return _build_plan(catalog, numbers, accounts, states, today)
    finally:
        gc.enable()


def _build_plan(
    catalog: Catalog,
    numbers: Sequence[PhoneNumber],
    accounts: Sequence[Account],
    states: Mapping[StepKey, StepStatus],
    today: date,
) -> Plan:
    platforms = catalog.platforms
    numbers_by_id = {n.id: n for n in numbers}
    dependants = _dependants(accounts, platforms)
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
                number_nodes[None, n.id, s.id] = (_sort_key(ph, 0, urgency, n.id, i), ph, s, n.id)

    # Flat per-step lists, indexed by nid (see `_Layout`).
    number_keys: list[StepKey] = list(number_nodes)
    count = len(number_keys)  # nids so far
    # The order before blockers, per phase: the number steps (by their sort key), then
    # the accounts' steps in the order they are laid out below (riskiest account first,
    # each in its platform's step order): exactly the sort-key order, without sorting.
    # nids in arrays: 4 bytes each, where a list holds a 32-byte int object per step
    by_phase: list[array[int]] = [array("i") for _ in Phase]
    number_sorts = [v[0] for v in number_nodes.values()]
    for nid in sorted(range(count), key=number_sorts.__getitem__):
        by_phase[_ORDER[number_nodes[number_keys[nid]][1]]].append(nid)
    logged: list[StepStatus] = [get_state(k, OPEN) for k in number_keys]
    number_specs: list[tuple[Any, ...]] = [
        (ph, _ORDER[ph], s, s.conditions or None, ()) for _sort, ph, s, _n in number_nodes.values()
    ]
    phase_order = bytearray(spec[1] for spec in number_specs)
    no_kinds: frozenset[StepKind] = frozenset()
    owners: list[_Owner] = [
        _Owner(None, None, None, None, v[3], False, no_kinds, 0, nid, None, _NO_PROGRESS)
        for nid, v in enumerate(number_nodes.values())
    ]

    # 2. what the log says about each account's steps, and what follows from that.
    # Accounts on one platform mostly share their statuses (all open, or the same few
    # done), so the resolution, the kinds done and the counts are worked out once per
    # platform and statuses: `_Logged`, shared by those accounts.
    by_platform: dict[str, tuple[Platform, _Template, dict[Any, _Logged]]] = {}
    seen: list[tuple[Account, Platform, _Template, _Logged]] = []
    unknown: list[int] = []
    deregistered = set()  # only dependants matter here
    kinds_memo: dict[frozenset[StepKind], frozenset[StepKind]] = {}
    progresses: dict[tuple[int, int, int], Progress] = {}
    planned: list[Account] = []
    entries: list[tuple[Platform, _Template, dict[Any, _Logged]]] = []
    for a in accounts:
        entry = by_platform.get(a.platform_id)
        if entry is None:
            p = platforms.get(a.platform_id)
            if p is None:
                unknown.append(a.id)
                continue
            entry = by_platform[a.platform_id] = (p, _template(p), {})
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
        logged_as = memo.get(statuses)
        if logged_as is None:
            resolved, kinds = resolution_and_done_kinds(p, statuses)
            # The effective statuses: a resolved account's open steps count as skipped.
            done, skipped = statuses.count(DONE), statuses.count(SKIPPED)
            if resolved is not None:
                skipped += statuses.count(OPEN)
            counts = (done, skipped, len(statuses))
            progress = progresses.get(counts)
            if progress is None:  # few distinct ones: share them
                progress = progresses[counts] = Progress(*counts)
            logged_as = memo[statuses] = (
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
    phone_ease_of: dict[str, tuple[float, Text]] = {}
    state_ease_of: dict[int, tuple[float, Text]] = {}
    exposure_memo: dict[tuple[object, ...], tuple[int, list[Text]]] = {}
    ranked_accounts: list[tuple[int, int, Account, Platform, _Template, _Logged, int]] = []
    no_accounts: list[Account] = []
    no_names: list[Text] = []
    for a, p, t, logged_as in seen:
        aid = a.id
        deps, names = no_accounts, no_names
        providing = dependants.get(aid)
        if providing is not None:
            # a deregistered dependant no longer signs in through this account
            deps = [d for d in providing if d.id not in deregistered]
            names = [_account_name(platforms[d.platform_id], d) for d in deps[:4]]
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
            risk = assess_from(p, a, None, phone, state, kinds, deps, names, exposure_memo)
        account_risks[aid] = risk
        bucket = per_number.get(a.number_id)
        if bucket is not None:  # (an account on an unknown number counts for none)
            bucket.append(risk)
        ranked_accounts.append((risk.score, aid, a, p, t, logged_as, len(deps)))
    number_risks = {n.id: assess_number(n, per_number.get(n.id, ()), today) for n in numbers}
    del seen, per_number  # the build's peak memory comes later: free what is done with

    # 4. each account's steps, laid out riskiest account first. Inside a phase that is
    # the plan's order, so the pass over `order` below reads the per-step arrays mostly
    # in sequence.
    # Riskiest first, then by id: two stable sorts on small ints (faster than one on
    # tuples or big ints); ties (only a repeated id) keep their first order.
    ranked_accounts.sort(key=itemgetter(1))
    ranked_accounts.sort(key=itemgetter(0), reverse=True)
    known: list[tuple[Account, Platform, _Template, int]] = []  # providers with dependants
    laid_out: dict[int, _Owner] = {}  # account id -> its _Owner
    # 5. blockers (as nids): inside one platform from its template (in this same pass),
    # then across accounts: an identity provider waits on who signs in through it.
    # Only for the steps `_order` may have to hold back, which wait on a step after them
    # in the natural order or on such a step: an account's steps wait only on its own
    # earlier ones (unless its template is `late`), so only the identity providers'
    # waits on their dependants can start that. A cycle needs one too, so the others'
    # blockers are added only to break cycles (`_all_blockers`).
    blockers: dict[int, list[int]] = {}
    new_tuple = tuple.__new__  # builds the named tuples without their Python-level __new__
    for _score, aid, a, p, t, (statuses, resolved, kinds, progress), signins in ranked_accounts:
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
            _Owner,
            (p, a, p.id, aid, a.number_id, resolved is not None, kinds, signins, base, t, progress),
        )
        laid_out[aid] = owner
        owners += [owner] * len(statuses)
    del ranked_accounts

    # the steps whose waits are not their template's: nid -> (waits, why)
    extra: dict[int, tuple[list[int], list[Text]]] = {}
    for a, p, t, base in known:
        assert t.main is not None
        waits: list[int] = []
        dep_names: list[Text] = []
        for dep in dependants[a.id]:
            dp, dt, _memo = by_platform[dep.platform_id]
            target = dt.resolving
            dep_names.append(_account_name(dp, dep))
            if target is not None:
                waits.append(laid_out[dep.id].base + target)
        if dep_names:
            nid = base + t.main
            own = blockers.setdefault(nid, [])
            why_list = list(t.wait_of[t.main][1]) if t.main in t.wait_of else []
            extra[nid] = (own, why_list)
            added = False
            for k in waits:
                if k != nid and k not in own:
                    own.append(k)
                    added = True
            if added or not waits:
                why_list.append(R.stop_signing_in(dep_names, p.name))

    del known, by_platform, dependants  # done with: ordering is the build's peak memory
    # 6. order: topological, always taking the earliest available step
    ranked = array("i")
    for nids in by_phase:
        ranked += nids
    del by_phase
    found = _order(ranked, blockers)
    if found is None:  # contradictory data: break the cycles, then order again
        blockers = _all_blockers(owners, len(number_keys), extra)
        texts = {nid: list(_waits(owners, extra, nid)[1]) for nid in blockers}
        _break_cycles(ranked, blockers, texts)
        extra = {nid: (blockers.get(nid, []), why) for nid, why in texts.items()}
        found = _order(ranked, blockers)
    assert found is not None
    order = found
    del ranked

    # 7. where each step is listed: a step forced after a later phase's steps is listed
    # under the highest phase before it. That, and each step's place, is all the order
    # says; the steps themselves are made on demand (`Plan._make`).
    pos = _positions(order)
    placed = _running_max(bytes(map(phase_order.__getitem__, order)))
    layout = _Layout(
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
    )
    return Plan(layout, account_risks, number_risks, tuple(unknown))
