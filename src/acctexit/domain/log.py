"""The action log's vocabulary: what a row says happened (`Verb`, `LogEntry`), a step's
state (`StepStatus`, keyed by `StepKey`), and the replay of the log into those states.

Pure data, no I/O: the store writes and reads the rows, `derive_step_states` is the
rule the store's `step_state` table is checked against (verify).
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from msgspec import Struct


class Verb(StrEnum):
    DONE = "done"
    UNDONE = "undone"
    SKIPPED = "skipped"
    NOTE = "note"
    ACCOUNT_ADDED = "account_added"
    ACCOUNT_CHANGED = "account_changed"
    ACCOUNT_REMOVED = "account_removed"
    NUMBER_ADDED = "number_added"
    NUMBER_CHANGED = "number_changed"
    NUMBER_REMOVED = "number_removed"
    IMPORTED = "imported"
    OWN_SERVICE_ADDED = "own_service_added"
    OWN_SERVICE_CHANGED = "own_service_changed"
    ACCOUNT_MOVED = "account_moved"
    OWN_STEP_ADDED = "own_step_added"
    OWN_STEP_CHANGED = "own_step_changed"
    OWN_STEP_REMOVED = "own_step_removed"
    OWN_STEPS_REORDERED = "own_steps_reordered"


class LogEntry(Struct, frozen=True, gc=False):
    id: int
    ts: datetime  # timezone-aware, UTC
    verb: Verb
    account_id: int | None = None
    number_id: int | None = None
    step_id: str | None = None
    detail: str = ""
    hash: str = ""


class StepStatus(StrEnum):
    OPEN = "open"
    DONE = "done"
    SKIPPED = "skipped"


# Key of a step's state: (account_id, number_id, step_id). Account steps use
# (account_id, None, step_id); per-number discover/after-care steps use
# (None, number_id, step_id).
StepKey = tuple[int | None, int | None, str]


def derive_step_states(entries: list[LogEntry]) -> dict[StepKey, StepStatus]:
    """Replay the log (oldest first) into each done or skipped step's status; a step
    not in the result is open (never ticked, or undone)."""
    states: dict[StepKey, StepStatus] = {}
    for e in entries:
        if e.step_id is None:
            continue
        key = (e.account_id, e.number_id if e.account_id is None else None, e.step_id)
        if e.verb is Verb.DONE:
            states[key] = StepStatus.DONE
        elif e.verb is Verb.SKIPPED:
            states[key] = StepStatus.SKIPPED
        elif e.verb is Verb.UNDONE:
            states.pop(key, None)
    return states
