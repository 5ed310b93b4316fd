"""What the plan hands out: `PlanStep` (one step, with its dates, waits and notes) and
`Progress` (done / skipped / total of any part of the plan).

Plain frozen values; `model.Plan` makes them, the screens, the CLI and the report read
them.
"""

from __future__ import annotations

from datetime import date

from msgspec import Struct

from acctexit.domain.models import Phase, Step, StepKey, StepStatus, Text, Words


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


NO_PROGRESS = Progress(0, 0, 0)


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
    impossible: Words | None = None
    waits_on: tuple[StepKey, ...] = ()
    waits_on_text: tuple[Words, ...] = ()
    needs_facts: tuple[str, ...] = ()  # Account field names a date needs
    notes: tuple[Words, ...] = ()
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


def group_heading(previous: PlanStep | None, step: PlanStep) -> Text | None:
    """The heading to show above `step` when listed after `previous`: its group's title
    where a group starts (a source's grouping of one platform's steps, such as seed
    000's phases of closing Alipay), else None."""
    group = step.step.group
    if group is None or (
        previous is not None
        and previous.account_id == step.account_id
        and previous.step.group == group
    ):
        return None
    return group.title


def count_status(counts: list[int], status: StepStatus) -> None:
    """Add one step to [done, skipped, total]."""
    if status is StepStatus.DONE:
        counts[0] += 1
    elif status is StepStatus.SKIPPED:
        counts[1] += 1
    counts[2] += 1
