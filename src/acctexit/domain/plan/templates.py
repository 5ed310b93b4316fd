"""Platform templates: what every account on one platform shares, worked out once.

A step's phase (`step.phase`, else its platform category's), its place in the natural
order (`sort_key`), and the waits inside one platform:
- a DEREGISTER step waits on its platform's steps that belong to an earlier phase (a
  payment arm such as WeChat Pay is closed in the finance phase first) and on its
  platform's earlier money steps (withdraw, unbind cards, password-free);
- an identity provider's main DEREGISTER also waits on its REVOKE_AUTHORISATIONS step;
- steps listed after the main DEREGISTER (asking support to clear data, after-care)
  wait on it.
The waits across accounts (a provider on its dependants) are `blockers.py`'s.
"""

from __future__ import annotations

from msgspec import Struct

from acctexit.domain import reasons as R
from acctexit.domain.deadlines import needs_old_number
from acctexit.domain.models import Category, Condition, Phase, Platform, Step, StepKind, Words
from acctexit.domain.plan.blockers import resolving_step
from acctexit.domain.plan.eligibility import step_conditions
from acctexit.domain.plan.notes import static_notes
from acctexit.domain.plan.number_last import cancelling_step
from acctexit.domain.safety import main_deregister

MONEY_KINDS = frozenset(
    {StepKind.WITHDRAW_BALANCE, StepKind.UNBIND_CARDS, StepKind.CANCEL_PASSWORD_FREE}
)
AFTER_DEREGISTER_KINDS = frozenset({StepKind.CONTACT_SUPPORT, StepKind.AFTERCARE_CHECK})

_ID_SPAN = 1 << 40
_ID_OFFSET = 1 << 39  # lets negative ids sort too


def sort_key(phase: Phase, group: int, rank: int, ident: int, index: int) -> int:
    """One int that orders like (phase, group, rank, ident, index); ints compare fast.

    group 0 = per-number steps, 1 = account steps; rank < 2**41 (re-issue ordinal
    or 100 - score); ident within ±2**39; index < 2**16.
    """
    return ((((ORDER[phase] * 2 + group) << 41) + rank) * _ID_SPAN + ident + _ID_OFFSET) * (
        1 << 16
    ) + index


_PHASE_OF_CATEGORY = {c: Phase.for_category(c) for c in Category}
ORDER = {ph: ph.order for ph in Phase}


class Template(Struct):
    """What every account on one platform shares."""

    ids: tuple[str, ...]
    index: dict[str, int]  # step id -> its index
    orders: bytes  # per step, the order of its phase
    # (phase order, start, stop): the runs of consecutive step indexes in one phase, by
    # phase, then index (the build extends with ranges: no Python code per step)
    by_phase: list[tuple[int, int, int]]
    # step index -> (indexes of the steps it waits on, why), for the steps that wait
    wait_of: dict[int, tuple[tuple[int, ...], tuple[Words, ...]]]
    main: int | None  # index of the main DEREGISTER step
    resolving: int | None  # index of `resolving_step`
    late: bool  # a step waits on one after it in the natural order (none in the catalog)
    # per step, as the build's hot loop reads it: (phase, its order, step, the conditions
    # to evaluate per account or None, the notes when they are the same for every
    # account or ())
    spec: list[tuple[Phase, int, Step, tuple[Condition, ...] | None, tuple[Words, ...]]]
    needs_old: tuple[bool, ...]  # per step: it sends a code to the old number (deadlines.py)
    rebinds: tuple[int, ...]  # indexes of the REBIND_PHONE steps
    any_old: bool  # some step needs the old number
    # index of the step that cancels the number, left out of `by_phase`: the build puts
    # it after every account's steps of its phase (number_last.py)
    cancels: int | None = None


def template(p: Platform) -> Template:
    steps = p.steps
    phases = [_phase_of(p, s) for s in steps]
    orders = [ORDER[ph] for ph in phases]
    cancels = cancelling_step(steps)
    by_phase = phase_runs(orders, cancels)
    main = main_deregister(p)
    waits: list[tuple[list[int], list[Words]]] = [([], []) for _ in steps]
    main_waits: set[int] = set()
    for i, d in enumerate(steps):
        if d.kind is not StepKind.DEREGISTER:
            continue
        earlier = [
            j
            for j, s in enumerate(steps)
            if s is not d
            and (
                ORDER[phases[j]] < ORDER[phases[i]]
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
    resolving = resolving_step(p)
    needs_old = tuple(needs_old_number(s, p) for s in steps)
    late = any((orders[j], j) > (orders[i], i) for i, (ids, _) in enumerate(waits) for j in ids)
    conds = [
        step_conditions(p, s) if s.conditions or s.kind is StepKind.DEREGISTER else None
        for s in steps
    ]
    # per step: the notes, when its conditions give the same for every account
    static = [
        None if c is None else static_notes(p, s, c) for s, c in zip(steps, conds, strict=True)
    ]
    return Template(
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
        needs_old,
        tuple(i for i, s in enumerate(steps) if s.kind is StepKind.REBIND_PHONE),
        True in needs_old,
        cancels,
    )


def phase_runs(orders: list[int], skip: int | None) -> list[tuple[int, int, int]]:
    """(phase order, start, stop) of each run of consecutive step indexes in one phase,
    by phase, then index; the index `skip` is in none of them."""
    runs: list[list[int]] = []  # [order, start, stop]
    for i, o in enumerate(orders):
        if i == skip:
            continue
        if runs and runs[-1][0] == o and runs[-1][2] == i:
            runs[-1][2] = i + 1
        else:
            runs.append([o, i, i + 1])
    return sorted((o, start, stop) for o, start, stop in runs)


def _phase_of(platform: Platform, step: Step) -> Phase:
    return step.phase if step.phase is not None else _PHASE_OF_CATEGORY[platform.category]
