"""The flat layout a build leaves: per-step arrays indexed by a step number ("nid"),
and the `Owner` each step shares with the rest of its account.

`build.py` fills it; `model.Plan` answers questions from it and `make.py` turns one
nid into a `PlanStep` when first asked for. Flat arrays, not one object per step: at
10,000 accounts (~46,000 steps) that is the build's time and memory (docs/risk.md
"Performance").
"""

from __future__ import annotations

from array import array
from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING, Any, NamedTuple

from msgspec import Struct, field

from acctexit.domain.message import Msg
from acctexit.domain.models import Account, Phase, Platform, StepKey, StepKind, StepStatus, Words
from acctexit.domain.plan.step import Progress

if TYPE_CHECKING:
    from acctexit.domain.plan.templates import Template

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
Logged = tuple[tuple[StepStatus, ...], Msg | None, frozenset[StepKind], Progress]


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
    extra: dict[int, tuple[Sequence[int], list[Words]]]
    cancels: dict[int, date]  # number id -> its cancel date (numbers being given up)
    # the accounts with a step that cancels the number, until that step's waits are in
    # `extra` (number_last.py: worked out when one of them is first made)
    cancellers: list[Owner] = field(default_factory=list)
    # id of a number's shared waits array (number_last.py) -> the date its open steps
    # allow and their keys: worked out once for the cancelling steps sharing it
    shared: dict[int, tuple[date | None, tuple[StepKey, ...]]] = field(default_factory=dict)

    def status(self, nid: int) -> StepStatus:
        """The effective status: a safe account's open steps are SKIPPED."""
        was = self.logged[nid]
        return StepStatus.SKIPPED if was is StepStatus.OPEN and self.owners[nid].resolved else was

    def key(self, nid: int) -> StepKey:
        o = self.owners[nid]
        t = o.template
        return self.number_keys[nid] if t is None else (o.account_id, None, t.ids[nid - o.base])

    def waits(self, nid: int) -> tuple[Sequence[int], Sequence[Words]]:
        """The nids step `nid` waits on, and why."""
        return waits_of(self.owners, self.extra, nid)


def waits_of(
    owners: list[Owner], extra: dict[int, tuple[Sequence[int], list[Words]]], nid: int
) -> tuple[Sequence[int], Sequence[Words]]:
    x = extra.get(nid)
    if x is not None:
        return x
    o = owners[nid]
    if o.template is not None:
        w = o.template.wait_of.get(nid - o.base)
        if w is not None:
            return [o.base + j for j in w[0]], w[1]
    return (), ()
