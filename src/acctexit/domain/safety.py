"""What "safe" means: when the number being given up can no longer get into an account.

Pure, no I/O. One rule, used by the risk (an account's level, the per-number counts),
the plan (a safe account's open steps are no longer needed) and everything that shows
them (the list status, the report):

An account is safe when
- its platform's main DEREGISTER step is done (closed), or
- a REBIND_PHONE step to a number the user keeps is done (a step the catalog marks
  `temporary = true`, such as Alipay's move to a temporary number before closing,
  leaves the account on a number that is not the user's for good: not safe), or
- every step is done or skipped (the user declared the rest not needed).
A long-unused account (`long_unused`: last used a year or more ago) is not made safe by a
rebind: seed 003 advises deregistering an account you no longer use rather than only
unbinding it (catalog-audit M1/G3); only its DEREGISTER, or the user's declaration, does.
Nothing else makes it safe: withdrawing the balance, unbinding cards, revoking sign-ins
or closing a payment arm (WeChat Pay) are steps on the way.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date

from acctexit.domain import reasons as R
from acctexit.domain.message import Msg
from acctexit.domain.models import (
    Account,
    Phase,
    Platform,
    Step,
    StepKey,
    StepKind,
    StepStatus,
)


def main_deregister(platform: Platform) -> Step | None:
    """The step that closes the account itself.

    A platform may also close a payment arm with a DEREGISTER step placed in an
    earlier phase (WeChat Pay inside WeChat); that one does not close the account.
    The main one is the last DEREGISTER step in the platform's own phase, else the
    last DEREGISTER step at all.
    """
    cached = _MAIN_CACHE.get(id(platform))
    if cached is not None and cached[0] is platform:
        return cached[1]
    own = Phase.for_category(platform.category)
    last_any = None
    last_own = None
    for s in platform.steps:
        if s.kind is StepKind.DEREGISTER:
            last_any = s
            if s.phase is None or s.phase is own:
                last_own = s
    main = last_own or last_any
    if len(_MAIN_CACHE) > 4096:
        _MAIN_CACHE.clear()
    _MAIN_CACHE[id(platform)] = (platform, main)
    return main


# id(platform) -> (platform, its main DEREGISTER step); the platform is kept so the id
# cannot be reused while the entry lives.
_MAIN_CACHE: dict[int, tuple[Platform, Step | None]] = {}


def rebinds_for_good(step: Step) -> bool:
    """A step that moves the account to a number the user keeps."""
    return step.kind is StepKind.REBIND_PHONE and not step.temporary


def logged_statuses(
    platform: Platform, account: Account, states: Mapping[StepKey, StepStatus]
) -> list[StepStatus]:
    """What the log says for each of the platform's steps, in step order (OPEN if absent)."""
    aid, get, OPEN = account.id, states.get, StepStatus.OPEN
    return [get((aid, None, s.id), OPEN) for s in platform.steps]


_NO_KINDS: frozenset[StepKind] = frozenset()


# Editorial, not a catalog fact: seed 003 says "长期未使用" without a length; a year is
# the longest inactivity closure in the seed articles (Alipay, 12 months without login).
LONG_UNUSED_DAYS = 365


def long_unused(account: Account, today: date) -> bool:
    """The user last used the account `LONG_UNUSED_DAYS` or more ago (`last_used`)."""
    last = account.last_used
    return last is not None and (today - last).days >= LONG_UNUSED_DAYS


def safety_and_done_kinds(
    platform: Platform, statuses: Sequence[StepStatus], unused: bool = False
) -> tuple[Msg | None, frozenset[StepKind]]:
    """Why the account is safe (None: it is not, see the module docstring), and the
    kinds of its steps done, from its statuses in step order (`logged_statuses`).
    `unused`: the account is `long_unused`, so a rebind does not make it safe.

    Both in one pass: the plan asks for both, for every account (and once for each
    distinct statuses of a platform). The reason is one of three shared constants.
    """
    steps = platform.steps
    if not steps:
        return None, _NO_KINDS
    DONE, SKIPPED = StepStatus.DONE, StepStatus.SKIPPED
    if DONE not in statuses:  # the usual case, decided without a loop
        return (R.RESOLVED_ALL_DONE if statuses.count(SKIPPED) == len(steps) else None), _NO_KINDS
    main = main_deregister(platform)
    kinds: list[StepKind] = []
    all_finished = True
    closed = rebound = False
    for step, status in zip(steps, statuses, strict=True):
        if status is DONE:
            kinds.append(step.kind)
            if step is main:
                closed = True
            elif rebinds_for_good(step) and not unused:
                rebound = True
        elif status is not SKIPPED:
            all_finished = False
    if closed:
        safe: Msg | None = R.RESOLVED_DEREGISTERED
    elif rebound:
        safe = R.RESOLVED_REBOUND
    else:
        safe = R.RESOLVED_ALL_DONE if all_finished else None
    return safe, frozenset(kinds)


def safe_because(platform: Platform, statuses: Sequence[StepStatus]) -> Msg | None:
    """Why the account is safe, or None while the number being given up can still get
    in (see the module docstring)."""
    return safety_and_done_kinds(platform, statuses)[0]


def done_kinds_of(platform: Platform, statuses: Sequence[StepStatus]) -> frozenset[StepKind]:
    """Kinds of the steps the statuses mark done."""
    if StepStatus.DONE not in statuses:  # the usual case; one shared empty set
        return _NO_KINDS
    return safety_and_done_kinds(platform, statuses)[1]


def account_safety(
    platform: Platform, account: Account, states: Mapping[StepKey, StepStatus]
) -> Msg | None:
    """`safe_because` for one account, looked up in the step states."""
    return safe_because(platform, logged_statuses(platform, account, states))
