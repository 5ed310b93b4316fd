"""The store's exceptions: every failure the user can meet, each with a recovery hint.

Messages are complete paragraphs meant to be shown as-is by the CLI and the TUI, so
they name the file and say what to do next. Nothing here imports sqlite3.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from msgspec import Struct

if TYPE_CHECKING:
    from acctexit.domain.fields import FieldError


class StoreError(Exception):
    """Base class: something about the database stops the app. `str(e)` is user-facing."""

    def __init__(self, message: str, path: Path | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.path = path

    def __str__(self) -> str:
        return self.message


def _new_file_hint(path: Path | None) -> str:
    where = f" {path}" if path else ""
    return (
        f"The file{where} has not been changed. To start afresh without touching it, "
        "run acctexit-tui with --db pointing to a new file (or set ACCTEXIT_DB)."
    )


class NotOurDatabaseError(StoreError):
    """The file exists but cannot be proved to be an acctexit database."""


class NotSQLiteError(NotOurDatabaseError):
    """Random bytes, a text file, or anything without the SQLite header."""

    def __init__(self, path: Path) -> None:
        super().__init__(
            f"{path} is not an acctexit database: it is not an SQLite file at all "
            "(perhaps a wrong --db path, or a file that was overwritten). " + _new_file_hint(path),
            path,
        )


class EmptyDatabaseError(NotOurDatabaseError):
    """A 0-byte file that acctexit did not create; it may belong to someone else."""

    def __init__(self, path: Path) -> None:
        super().__init__(
            f"{path} is an empty file. acctexit never leaves an empty database behind "
            "(it builds a new one elsewhere and moves it into place), so this file was "
            "made by something else, or its contents were lost. If you are sure it is "
            "not needed, delete it and acctexit will create a fresh database there. "
            + _new_file_hint(path),
            path,
        )


class ForeignDatabaseError(NotOurDatabaseError):
    """Another application's SQLite database (application_id differs)."""

    def __init__(self, path: Path, application_id: int) -> None:
        super().__init__(
            f"{path} is an SQLite database, but it belongs to another application "
            f"(application_id {application_id:#010x}, acctexit uses its own). acctexit "
            "will not read or change another program's data. " + _new_file_hint(path),
            path,
        )
        self.application_id = application_id


class NewerVersionError(StoreError):
    """Written by a newer acctexit; this version cannot know its schema."""

    def __init__(self, path: Path, found: int, known: int) -> None:
        super().__init__(
            f"{path} was written by a newer version of acctexit-tui (schema version "
            f"{found}; this version understands up to {known}). Upgrade acctexit-tui to "
            "open it. If you downgraded on purpose, a backup taken before the last "
            "upgrade sits next to the database as *.pre-v<N>.bak; copy it to a new path "
            "and open that with --db. " + _new_file_hint(path),
            path,
        )
        self.found = found
        self.known = known


class CorruptDatabaseError(StoreError):
    """Truncated, damaged, or failing SQLite's own checks."""

    def __init__(self, path: Path | None, detail: str) -> None:
        super().__init__(
            f"The acctexit database {path or ''} is damaged ({detail}). Do not keep "
            "working in it. Recover by restoring your latest export with `acctexit-tui "
            "import` into a new database (--db NEW_FILE), or by copying a backup "
            "(*.pre-v<N>.bak next to the database) to a new path. `acctexit-tui verify` "
            "shows what is wrong. " + _new_file_hint(path),
            path,
        )
        self.detail = detail


class DiskFullError(StoreError):
    def __init__(self, path: Path | None) -> None:
        super().__init__(
            f"The disk holding {path or 'the database'} is full, so the last action was "
            "NOT saved. Everything saved before it is intact. Free some space and do the "
            "action again.",
            path,
        )


class DatabaseBusyError(StoreError):
    def __init__(self, path: Path | None, seconds: float) -> None:
        super().__init__(
            f"Another copy of acctexit-tui kept {path or 'the database'} locked for more "
            f"than {seconds:g} seconds, so the last action was NOT saved. Close the other "
            "copy (or wait for it to finish) and try again.",
            path,
        )


class StoreIOError(StoreError):
    """The operating system refused: permissions, read-only media, I/O errors."""


class InvalidInputError(StoreError, ValueError):
    """A value passed to the store is unusable (bad phone number, unknown id…).

    When a field rule (acctexit.domain.fields) refused the value, `field_error` is
    that `FieldError`: show it with acctexit.i18n.error_text, in the user's language
    and with the same words the forms use; `str()` is an English fallback.
    """

    def __init__(
        self, message: str, path: Path | None = None, *, field_error: FieldError | None = None
    ) -> None:
        super().__init__(message, path)
        self.field_error = field_error
        self.where = ""  # in an import file: the record's position, e.g. "numbers[2]"

    @classmethod
    def from_field(cls, error: FieldError, where: str = "") -> InvalidInputError:
        made = cls(f"{where}: {error}" if where else str(error), field_error=error)
        made.where = where
        return made


class ImportProblem(Struct, frozen=True):
    line: int | None  # 1-based line in the file (CSV: physical line of the row), or None
    reason: str  # English fallback; with a field_error, acctexit.i18n.error_text says it
    field_error: FieldError | None = None
    where: str = ""  # JSON: the record's position, e.g. "numbers[2]"

    def __str__(self) -> str:
        return f"line {self.line}: {self.reason}" if self.line is not None else self.reason


class ImportFileError(StoreError):
    """The import file was rejected as a whole; nothing was changed."""

    def __init__(self, path: Path | None, problems: list[ImportProblem]) -> None:
        shown = "\n".join(f"  {p}" for p in problems[:50])
        more = f"\n  … and {len(problems) - 50} more" if len(problems) > 50 else ""
        super().__init__(f"{self._headline(path, problems)}\n{shown}{more}", path)
        self.problems = problems

    @staticmethod
    def _headline(path: Path | None, problems: list[ImportProblem]) -> str:
        return (
            f"Nothing was imported from {path or 'the file'}: {len(problems)} problem(s) "
            "must be fixed first (the import is all or nothing)."
        )

    def headline(self) -> str:
        """The first line of the message, without the problems."""
        return self._headline(self.path, self.problems)
