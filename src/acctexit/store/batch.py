"""A parsed import, ready for `Store.apply_import`: numbers (by E.164), accounts,
their step states and notes, every value already through its field rule; or the
problems found, each with its line. Also the counts an import reports.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from msgspec import Struct, field

from acctexit.domain.models import OwnStep, StepStatus
from acctexit.sanitize import clean_text
from acctexit.store.errors import ImportProblem, InvalidInputError


class ImportResult(Struct):
    numbers_added: int = 0
    numbers_updated: int = 0
    accounts_added: int = 0
    accounts_updated: int = 0
    own_services_added: int = 0
    steps: int = 0  # step rows written (unchanged states are not re-written)
    notes: int = 0

    def summary(self) -> str:
        own = self.own_services_added
        return (
            f"numbers: {self.numbers_added} added, {self.numbers_updated} updated; "
            f"accounts: {self.accounts_added} added, {self.accounts_updated} updated; "
            f"{self.steps} step(s), {self.notes} note(s)"
            + (f"; own services: {own} added" if own else "")
        )


class StepIn(Struct):
    line: int | None
    step: str
    status: StepStatus
    at: datetime | None
    detail: str


class NoteIn(Struct):
    line: int | None
    text: str
    at: datetime | None
    step: str | None


class NumberIn(Struct):
    line: int | None
    e164: str
    values: dict[str, Any]
    steps: list[StepIn] = field(default_factory=list)
    notes: list[NoteIn] = field(default_factory=list)


class AccountIn(Struct):
    line: int | None
    platform: str  # "" for an own service (then `own` holds its fields)
    e164: str
    values: dict[str, Any]
    steps: list[StepIn] = field(default_factory=list)
    notes: list[NoteIn] = field(default_factory=list)
    own: dict[str, Any] | None = None  # name, category, phone_use, holds_funds
    own_steps: list[OwnStep] | None = None  # its own service's steps, if the file gives them


class ImportBatch(Struct):
    """A parsed import file: its records, or the problems that stop it."""

    numbers: dict[str, NumberIn] = field(default_factory=dict)
    accounts: list[AccountIn] = field(default_factory=list)
    notes: list[NoteIn] = field(default_factory=list)
    problems: list[ImportProblem] = field(default_factory=list)

    def problem(self, line: int | None, reason: str | InvalidInputError) -> None:
        field_error = getattr(reason, "field_error", None)
        where = getattr(reason, "where", "")
        text = clean_text(str(reason))[:300]
        self.problems.append(ImportProblem(line, text, field_error, where))
