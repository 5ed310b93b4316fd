"""Notes that are the same for every account on a platform.

Most catalog conditions are text for the user (MANUAL) or day counts that need no
account fact (review days, daily attempts). A platform step whose conditions are all
like that gets its notes once, here, instead of an evaluation per account
(`eligibility.evaluate`, which this mirrors branch by branch). The messages are
`domain/reasons.py`'s.
"""

from __future__ import annotations

from collections.abc import Sequence

from acctexit.domain import reasons as R
from acctexit.domain.models import (
    Condition,
    ConditionKind,
    DeletionMethod,
    Platform,
    Step,
    StepKind,
    Words,
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


def static_notes(
    platform: Platform, step: Step, conditions: Sequence[Condition]
) -> tuple[Words, ...] | None:
    """What `evaluate` (and `deletion_fallback`) give an account step whose conditions
    read no fact, log entry or date (only notes: most catalog conditions are MANUAL);
    None when the result depends on the account. Computed once per platform step, it
    spares most accounts' steps the evaluation. Mirrors `evaluate` branch by branch."""
    if step.kind is StepKind.DEREGISTER and platform.deletion_method in (
        DeletionMethod.INACTIVITY,
        DeletionMethod.IMPOSSIBLE,
    ):
        return None
    notes: list[Words] = []
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
