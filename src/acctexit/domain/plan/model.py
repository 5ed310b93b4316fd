"""The plan's model: `Plan`, `PlanStep`, `Progress`, and the flat layout a build leaves.

`build.py` decides the order, every status and every count; a `PlanStep` (its dates,
notes and waits) is made from the layout when first asked for (`Plan._make`), with the
dates from `eligibility.py`.
"""

from __future__ import annotations

from array import array
from collections.abc import Mapping, Sequence
from datetime import date
from typing import TYPE_CHECKING, Any, NamedTuple

from msgspec import Struct

from acctexit.domain import reasons as R
from acctexit.domain.dates import later
from acctexit.domain.deadlines import feasible as fits
from acctexit.domain.models import (
    Account,
    AccountRisk,
    NumberRisk,
    Phase,
    Platform,
    Step,
    StepKey,
    StepKind,
    StepStatus,
    Text,
)
from acctexit.domain.plan.eligibility import (
    deadline,
    deletion_fallback,
    earliest_date,
    evaluate,
    too_late_notes,
)

if TYPE_CHECKING:
    from acctexit.domain.plan.templates import Template


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
    status: StepStatus  # effective: open steps of a safe account are SKIPPED
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
    # Deadlines (domain/deadlines.py): the earliest date it can be done (None: not
    # possible, or a date fact is missing), the date it must be done by (the cancel
    # date, for an open step that needs a code sent to the old number) and whether the
    # one still fits before the other.
    earliest: date | None = None
    do_by: date | None = None
    feasible: bool = True

    @property
    def is_open(self) -> bool:
        return self.status is StepStatus.OPEN

    @property
    def forced_later(self) -> bool:
        return self.placed_phase is not None and self.placed_phase is not self.phase


PHASE_AT = tuple(Phase)  # phase by its order


class Owner(NamedTuple):
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
    template: Template | None  # None for a number's look-ups
    progress: Progress  # effective statuses; one object per distinct count, shared


# What an account's statuses in the log decide (`build_plan` step 2): the statuses,
# why the account is safe (domain/safety.py; None: it is not), the kinds of its steps done, and its
# progress in effective statuses. Shared by accounts with the same ones.
Logged = tuple[tuple[StepStatus, ...], Text | None, frozenset[StepKind], Progress]
NO_PROGRESS = Progress(0, 0, 0)


class Layout(Struct):
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
    owners: list[Owner]  # nid -> its account's (or number's) Owner
    number_keys: list[StepKey]  # nid -> key, for the per-number steps
    number_specs: list[tuple[Any, ...]]  # nid -> `Template.spec`-like entry, likewise
    number_nids: dict[StepKey, int]
    accounts: dict[int, Owner]  # account id -> its Owner (also with no steps)
    # nid -> (the nids it waits on, why) where that is not its template's `wait_of`
    # (an identity provider waiting on its dependants, a broken cycle)
    extra: dict[int, tuple[list[int], list[Text]]]
    cancels: dict[int, date]  # number id -> its cancel date (numbers being given up)

    def status(self, nid: int) -> StepStatus:
        """The effective status: a safe account's open steps are SKIPPED."""
        was = self.logged[nid]
        return StepStatus.SKIPPED if was is StepStatus.OPEN and self.owners[nid].resolved else was

    def key(self, nid: int) -> StepKey:
        o = self.owners[nid]
        t = o.template
        return self.number_keys[nid] if t is None else (o.account_id, None, t.ids[nid - o.base])

    def waits(self, nid: int) -> tuple[Sequence[int], Sequence[Text]]:
        """The nids step `nid` waits on, and why."""
        return waits_of(self.owners, self.extra, nid)


def waits_of(
    owners: list[Owner], extra: dict[int, tuple[list[int], list[Text]]], nid: int
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
        layout: Layout,
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
        """The first open step that can be done now (not impossible, no future date, not
        past its do-by date, nothing open to wait on); if there is none, the first open
        step at all."""
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
            if (
                s.impossible is None
                and s.possible_from is None
                and s.feasible  # a step past its do-by date cannot be done by yourself
                and not self.open_blockers(s)
            ):
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
        return NO_PROGRESS if owner is None else owner.progress

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
        placed = PHASE_AT[L.placed[L.pos[nid]]]
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
            ev = evaluate(cs, p, acc, kinds, signins, L.today, blocked_from)
            if p is not None and acc is not None:
                deletion_fallback(p, step, ev, acc)
            possible_from, final_on, impossible = ev.possible_from, ev.final_on, ev.impossible
            needs = tuple(ev.needs)
            notes = tuple(ev.notes)
        earliest: date | None
        if impossible is None and (possible_from is not None or not needs):
            earliest = possible_from or L.today  # (the usual case, without a call)
        else:
            earliest = earliest_date(possible_from, impossible, needs, L.today)
        do_by: date | None = None
        feasible = True
        if t is not None and status is OPEN and t.needs_old[nid - base]:
            do_by = deadline(L.cancels.get(number_id), kinds)
            if do_by is not None and not fits(earliest, do_by, L.today):
                feasible = False
                late = too_late_notes(step, earliest, do_by, _open_rebind(L, t, base), L.today)
                notes = (*late, *notes)
        if status is not was:
            notes = (R.NOT_NEEDED, *notes)
        shown = tuple(why)
        if moved is not None:
            shown += (moved,)
        waits_on = tuple(map(L.key, bl)) if bl else ()
        return PlanStep(
            key, phase, step, pid, aid, number_id, status, possible_from, final_on,
            impossible, waits_on, shown, needs, notes, placed, was, earliest, do_by, feasible,
        )  # fmt: skip


def _open_rebind(layout: Layout, t: Template, base: int) -> bool:
    """Whether the account still has an open REBIND_PHONE step (the way out before
    the cancel date: move to the new number, close later from there)."""
    return any(layout.logged[base + i] is StepStatus.OPEN for i in t.rebinds)


def _count(counts: list[int], status: StepStatus) -> None:
    """Add one step to [done, skipped, total]."""
    if status is StepStatus.DONE:
        counts[0] += 1
    elif status is StepStatus.SKIPPED:
        counts[1] += 1
    counts[2] += 1
