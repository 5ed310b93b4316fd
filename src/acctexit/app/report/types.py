"""The report's content as data: what `build_report` decides and the renderers lay out.

Every string here is final, localised, cleaned text (see acctexit.app.report.model).
"""

from __future__ import annotations

from datetime import date
from typing import Literal

from msgspec import Struct

from acctexit.domain.models import Lang

AccountStatus = Literal["safe", "in_progress", "not_started"]


class ChainInfo(Struct, frozen=True):
    """The log's newest row and what `Store.verify` said about the whole chain."""

    head_id: int | None  # None: the log is empty
    head_hash: str
    verified: bool
    rows_checked: int = 0
    problems: int = 0


class Deadline(Struct, frozen=True):
    kind: Literal["cancel", "reissue", "none"]
    date: date | None
    days_left: int | None  # from today; negative once passed
    text: str


class PhaseCount(Struct, frozen=True):
    phase: str
    safe: int
    in_progress: int
    not_started: int

    @property
    def total(self) -> int:
        return self.safe + self.in_progress + self.not_started


class StepRow(Struct, frozen=True):
    """One open step. `earliest` and `do_by` are shown when present."""

    index: int
    phase: str  # the phase it is listed under
    who: str  # the account, or "this number" for a look-up
    title: str  # short: the first clause of the instruction
    instruction: str  # the full instruction, "" when it is the title itself
    path: str  # menu path, "" when the catalog has none
    earliest: date | None = None  # not possible before (future dates only)
    do_by: date | None = None  # must be done by (when the plan gives one)
    final_on: date | None = None
    waits_on: tuple[str, ...] = ()
    after: tuple[int, ...] = ()  # the `index` of each open step it waits on
    impossible: str = ""
    needs: str = ""
    notes: tuple[str, ...] = ()
    unverified: bool = False


class DoneStep(Struct, frozen=True):
    title: str
    skipped: bool
    when: str  # local date
    detail: str


class AccountRow(Struct, frozen=True):
    name: str  # platform name with the user's label
    status: AccountStatus
    status_text: str
    risk: str
    phase: str
    done: tuple[DoneStep, ...]
    open_steps: int


class EvidenceRow(Struct, frozen=True):
    when: str  # local date and time
    what: str  # done / undone / skipped / note
    who: str
    step: str
    note: str


class NumberSection(Struct, frozen=True):
    number: str  # masked unless revealed
    label: str
    state: str
    deadlines: tuple[Deadline, ...]
    summary: tuple[PhaseCount, ...]
    lookups: str  # "official look-ups: 2 of 3 done", "" when it has none
    next_steps: tuple[StepRow, ...]
    accounts: tuple[AccountRow, ...]
    evidence: tuple[EvidenceRow, ...]

    @property
    def summary_total(self) -> PhaseCount:
        return PhaseCount(
            "",
            sum(p.safe for p in self.summary),
            sum(p.in_progress for p in self.summary),
            sum(p.not_started for p in self.summary),
        )


class ReportData(Struct, frozen=True):
    lang: Lang
    today: date
    made: str  # local date, time and UTC offset
    numbers: tuple[NumberSection, ...]
    chain: ChainInfo
    revealed: bool
