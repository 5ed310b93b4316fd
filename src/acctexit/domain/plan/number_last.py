"""Cancelling the number comes last (catalog-audit C5): a carrier's step that cancels
the phone number itself (`Step.cancels_number`) waits on every other account on that
number that still has something to do, and is listed after all of them.

Once the number is cancelled no code reaches it, so every rebind, withdrawal and
deregistration that needs one must be done first; the catalog's text ("所有账号都处理完后")
said so, but nothing in the plan held it there.

Two halves, so the build stays linear at 10,000 accounts:
- the order: a cancelling step is left out of its template's phase runs and the build
  appends it after every account's steps of that phase. Account steps are never in a
  later phase than a carrier's (platform steps may name only the account phases, and
  after-care holds only per-number steps), so the natural order already puts it after
  them without a wait for `ordering.order_steps` to walk;
- the waits: each cancelling step waits on every step of the other accounts on its
  number that are not yet safe (one shared array per number), with the first names in
  the reason. They bound its dates and say what is still open. Worked out when the
  first step is made (`make.py`), not by the build: at 10,000 accounts the screens
  seldom ask for a carrier's steps.
"""

from __future__ import annotations

from array import array
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from acctexit.domain import reasons as R
from acctexit.domain.models import Step, Words
from acctexit.domain.plan.blockers import account_name

if TYPE_CHECKING:
    from acctexit.domain.plan.layout import Owner

NAMED = 4  # accounts named in the reason; the rest are counted


def cancelling_step(steps: Sequence[Step]) -> int | None:
    """Index of the step that cancels the number (the catalog allows one), or None."""
    return next((i for i, s in enumerate(steps) if s.cancels_number), None)


def number_last_waits(
    cancellers: Sequence[Owner], owners: Iterable[Owner]
) -> dict[int, tuple[Sequence[int], list[Words]]]:
    """nid -> (waits, why) for the cancelling step of each of `cancellers` (the owners
    whose template has one) that is not safe yet. `owners`: every account's owner. The
    waits include the template's (the carrier account's own earlier steps)."""
    numbers = {o.number_id for o in cancellers}
    steps_on: dict[int, array[int]] = {n: array("i") for n in numbers}
    names_on: dict[int, list[Words]] = {n: [] for n in numbers}
    counts: dict[int, int] = dict.fromkeys(numbers, 0)
    for o in owners:
        n = o.number_id
        if n not in steps_on or o.resolved or o.template is None:
            continue
        t, base = o.template, o.base
        nids = steps_on[n]
        if t.cancels is None:
            nids.extend(range(base, base + len(t.ids)))
            counts[n] += 1
            if len(names_on[n]) < NAMED and o.platform is not None and o.account is not None:
                names_on[n].append(account_name(o.platform, o.account))
        else:  # a carrier account: its steps before cancelling (a refund)
            nids.extend(range(base, base + t.cancels))
            own = t.wait_of.get(t.cancels)
            nids.extend(base + j for j in (own[0] if own is not None else ()) if j > t.cancels)
    out: dict[int, tuple[Sequence[int], list[Words]]] = {}
    for o in cancellers:
        if o.resolved:
            continue
        ct = o.template
        assert ct is not None and ct.cancels is not None
        n = o.number_id
        own = ct.wait_of.get(ct.cancels)
        why = list(own[1]) if own is not None else []
        if counts[n]:
            why.append(R.other_accounts_first(names_on[n], counts[n]))
        out[o.base + ct.cancels] = (steps_on[n], why)
    return out
