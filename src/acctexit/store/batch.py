"""A parsed import, ready for `Store.apply_import`: numbers (by E.164), accounts,
their step states and notes, every value already through its field rule; or the
problems found, each with its line. Also the counts an import reports.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from msgspec import Struct, field

from acctexit.domain.models import OwnStep, StepStatus
from acctexit.i18n import KeyedText
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
        """Record a problem: a KeyedText (or an error said by one) keeps its key, so
        the problem reads in the user's language; the file's values in it are cleaned."""
        field_error = getattr(reason, "field_error", None)
        where = getattr(reason, "where", "")
        said = reason.said() if isinstance(reason, InvalidInputError) else reason
        text = _cleaned(said) if isinstance(said, KeyedText) else clean_text(str(said))[:300]
        self.problems.append(ImportProblem(line, text, field_error, where))


def _cleaned(text: KeyedText) -> KeyedText:
    """`text` with every value from the file stripped of control characters and cut short."""

    def clean(value: Any) -> Any:
        if isinstance(value, KeyedText):
            return _cleaned(value)
        return clean_text(value)[:100] if isinstance(value, str) else value

    return KeyedText(text.key, **{k: clean(v) for k, v in text.fmt.items()})
