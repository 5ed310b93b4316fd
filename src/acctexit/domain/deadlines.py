"""The two deadlines of a number being given up, and which steps must beat the first.

Pure: no I/O, no clock (`today` is a parameter). See docs/risk.md "Deadlines".

1. The **cancel date**: from then on the old number receives no SMS. A step that needs a
   code sent to the old number (`needs_old_number`) must be done by then; after it only
   support, an appeal with ID, or a move to the new number made in time remain.
2. The **earliest re-issue date**: cancel date + freeze days. From then on a stranger
   may hold the number and receive the codes.

Each rule lives here once: the risk (`risk.reissue_date`), the plan's per-step
`do_by` and `feasible`, the `plan` command, the report and the calendar export use it.
"""

from __future__ import annotations

from datetime import date
from enum import StrEnum

from msgspec import Struct

from acctexit.domain.dates import add_days
from acctexit.domain.models import (
    DeletionMethod,
    NumberState,
    PhoneNumber,
    Platform,
    Step,
    StepKind,
)


class Deadline(Struct, frozen=True, gc=False):
    """A date and the whole days from `today` to it (negative once it has passed)."""

    on: date
    days_left: int

    @property
    def passed(self) -> bool:
        """True from the day after `on`: the date itself still counts as in time."""
        return self.days_left < 0


class Stage(StrEnum):
    """Where a number stands between its two deadlines."""

    KEPT = "kept"  # not given up: no deadline
    UNDATED = "undated"  # given up, but no cancel date entered (or not decided)
    BEFORE_CANCEL = "before_cancel"  # the old number still receives codes
    FROZEN = "frozen"  # cancelled, not yet re-issued: codes go nowhere
    REISSUED = "reissued"  # from the earliest re-issue date: a stranger may hold it


def cancel_date(number: PhoneNumber) -> date | None:
    """The day the old number stops receiving codes; None when kept or not entered."""
    if number.state is NumberState.KEPT:
        return None
    return number.cancel_date


def reissue_date(number: PhoneNumber) -> date | None:
    """Earliest date a stranger may get the number: cancel date + freeze days.

    None when the number is kept or its cancel date is not entered.
    """
    cancel = cancel_date(number)
    return None if cancel is None else add_days(cancel, number.freeze_days)


def cancel_deadline(number: PhoneNumber, today: date) -> Deadline | None:
    """The cancel date with the days left to it (None: kept or not entered)."""
    when = cancel_date(number)
    return None if when is None else Deadline(when, (when - today).days)


def reissue_deadline(number: PhoneNumber, today: date) -> Deadline | None:
    """The earliest re-issue date with the days left to it (None: kept or not entered)."""
    when = reissue_date(number)
    return None if when is None else Deadline(when, (when - today).days)


def stage(number: PhoneNumber, today: date) -> Stage:
    """The dates win over the state label: a "will cancel" number past its date is frozen."""
    if number.state is NumberState.KEPT:
        return Stage.KEPT
    cancel, reissue = cancel_date(number), reissue_date(number)
    if cancel is None or reissue is None:
        return Stage.UNDATED
    if today >= reissue:
        return Stage.REISSUED
    if today > cancel:
        return Stage.FROZEN
    return Stage.BEFORE_CANCEL


def needs_old_number(step: Step, platform: Platform | None) -> bool:
    """Whether the step sends a code to the number bound to the account.

    Decided from the kind: moving the binding (REBIND_PHONE) and self-service closing
    (DEREGISTER) confirm with a code sent to the bound number (seed 000: Alipay's later
    steps "send codes to" the bound number; JD's deregistration sends one to it). A
    platform whose closing goes through support or inactivity does not close by SMS.
    Money, data and sign-in steps happen inside the signed-in app.
    """
    if step.kind is StepKind.REBIND_PHONE:
        return True
    if step.kind is StepKind.DEREGISTER:
        return platform is None or platform.deletion_method is DeletionMethod.SELF_SERVICE
    return False


def feasible(earliest: date | None, do_by: date | None, today: date) -> bool:
    """A step fits when it can be done on or before its do-by date (that day counts).

    No do-by date (the step needs no code, or the number has no cancel date) is a yes;
    a do-by date already passed is a no; an unknown earliest date (a fact the user has
    not entered) is not a "no" before then: the step asks for the fact instead.
    """
    if do_by is None:
        return True
    if today > do_by:
        return False
    return earliest is None or earliest <= do_by
