"""The plan: `Plan`, the ordered steps and the questions the screens ask about them.

`build.py` decides the order, every status and every count and leaves them in a
`layout.Layout`; a `PlanStep` (its dates, notes and waits) is made from the layout when
first asked for (`make.make_step`), and kept.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from acctexit.domain.models import AccountRisk, NumberRisk, Phase, StepKey, StepStatus
from acctexit.domain.plan.layout import Layout
from acctexit.domain.plan.make import make_step
from acctexit.domain.plan.step import NO_PROGRESS, PlanStep, Progress, count_status

__all__ = ["Plan", "PlanStep", "Progress"]


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
                count_status(c, L.status(nid))
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
                count_status(counts[order], L.status(nid))
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
            made = self._made.setdefault(nid, make_step(self._layout, nid, self._step))
        return made
