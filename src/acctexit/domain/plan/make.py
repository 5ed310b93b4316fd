"""Making one `PlanStep` from the layout: its status, dates, deadline, waits and notes.

`model.Plan` calls this the first time a step is asked for and keeps the result; the
build itself makes none (at 10,000 accounts the dashboard asks for only the accounts it
shows). The dates come from `eligibility.py`, bounded by the step's open blockers.
"""

from __future__ import annotations

from array import array
from collections.abc import Callable, Sequence
from datetime import date

from acctexit.domain import reasons as R
from acctexit.domain.dates import later
from acctexit.domain.deadlines import feasible as fits
from acctexit.domain.models import StepKey, StepStatus
from acctexit.domain.plan.eligibility import (
    deadline,
    deletion_fallback,
    earliest_date,
    evaluate,
    too_late_notes,
)
from acctexit.domain.plan.layout import PHASE_AT, Layout
from acctexit.domain.plan.number_last import number_last_waits
from acctexit.domain.plan.step import PlanStep
from acctexit.domain.safety import long_unused, rebinds_for_good


def make_step(L: Layout, nid: int, step_of: Callable[[int], PlanStep]) -> PlanStep:
    """Dates, notes and waits of step `nid`. Its blockers are made first, through
    `step_of` (the plan's cache): their dates bound its own."""
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
    if L.cancellers:  # the cancelling steps' waits: one pass, on first need
        L.extra.update(number_last_waits(L.cancellers, L.accounts.values()))
        L.cancellers = []
    bl, why = L.waits(nid)
    blocked_from: date | None = None
    waits_on: tuple[StepKey, ...] = ()
    if bl:  # (most steps wait on nothing)
        shared = isinstance(bl, array)  # one number's waits, for its cancelling steps
        known = L.shared.get(id(bl)) if shared else None
        if known is None:
            blocked_from, waits_on = _blocked_from(bl, step_of), tuple(map(L.key, bl))
            if shared:
                L.shared[id(bl)] = (blocked_from, waits_on)
        else:
            blocked_from, waits_on = known
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
            rebind_open = _open_rebind(L, t.rebinds, base)
            late = too_late_notes(step, earliest, do_by, rebind_open, L.today)
            notes = (*late, *notes)
    if status is not was:
        notes = (R.NOT_NEEDED, *notes)
    elif (  # a done move that did not make a long-unused account safe (safety.py)
        was is StepStatus.DONE
        and not skip
        and acc is not None
        and acc.last_used is not None
        and rebinds_for_good(step)
        and long_unused(acc, L.today)
    ):
        notes = (R.long_unused(acc.last_used), *notes)
    shown = tuple(why)
    if moved is not None:
        shown += (moved,)
    return PlanStep(
        key, phase, step, pid, aid, number_id, status, possible_from, final_on,
        impossible, waits_on, shown, needs, notes, placed, was, earliest, do_by, feasible,
    )  # fmt: skip


def _blocked_from(waits: Sequence[int], step_of: Callable[[int], PlanStep]) -> date | None:
    """The latest date an open blocker becomes possible: a step cannot be done before."""
    blocked_from: date | None = None
    for b in waits:
        blocker = step_of(b)
        when = blocker.possible_from
        if blocker.status is StepStatus.OPEN and when is not None:
            blocked_from = later(blocked_from, when)
    return blocked_from


def _open_rebind(layout: Layout, rebinds: tuple[int, ...], base: int) -> bool:
    """Whether the account still has an open REBIND_PHONE step (`rebinds`: their
    indexes; the way out before the cancel date: move to the new number, close later
    from there)."""
    return any(layout.logged[base + i] is StepStatus.OPEN for i in rebinds)
