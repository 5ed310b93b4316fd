"""The store's exceptions: every failure the user can meet, each with a recovery hint.

Each error carries a string key and its arguments; acctexit.i18n.error_text renders the
paragraph (it names the file and says what to do next) in the user's language, and the
words live in the `# store error texts` block of data/strings.toml. Nothing here
imports sqlite3.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from msgspec import Struct

from acctexit.i18n import KeyedText

if TYPE_CHECKING:
    from acctexit.domain.fields import FieldError


class StoreError(Exception):
    """Base class: something about the database stops the app.

    A message is a string key of data/strings.toml (`key`, formatted with `fmt`), then
    the keys of its recovery hints (`hints`), rendered in the user's language by
    acctexit.i18n.error_text; `str(e)` is the English text. A `message` that is a
    KeyedText gives its key and arguments; a plain `message` (no key) is shown as it is.
    """

    key: str = ""

    def __init__(
        self,
        message: str = "",
        path: Path | None = None,
        *,
        key: str = "",
        hints: tuple[str, ...] = (),
        **fmt: object,
    ) -> None:
        if isinstance(message, KeyedText):
            key, fmt, message = message.key, {**message.fmt, **fmt}, ""
        super().__init__(message or key)
        self.key = key
        self.hints = hints
        self.path = path
        self.fmt: dict[str, object] = {"path": path or "", **fmt}
        self._message = message

    @property
    def message(self) -> str:
        return str(self)

    def said(self) -> str:
        """The message as a KeyedText (its key and arguments), for a list of problems
        that keeps `str`s; a plain message as it is."""
        if not self.key:
            return self._message
        return KeyedText(self.key, **{k: v for k, v in self.fmt.items() if k != "path" or v})

    def __str__(self) -> str:
        if not self.key:
            return self._message
        from acctexit.i18n import error_text

        return error_text(self, "en")

    def __rich__(self) -> object:
        # Textual shows an exception that has __rich__ as this text, not a traceback:
        # a damaged database met inside the app ends with the store's own words.
        from rich.text import Text

        return Text(self.message)


_NEW_FILE = ("store_hint_new_file",)


class NotOurDatabaseError(StoreError):
    """The file exists but cannot be proved to be an acctexit database."""


class NotSQLiteError(NotOurDatabaseError):
    """Random bytes, a text file, or anything without the SQLite header."""

    def __init__(self, path: Path) -> None:
        super().__init__(path=path, key="store_err_not_sqlite", hints=_NEW_FILE)


class EmptyDatabaseError(NotOurDatabaseError):
    """A 0-byte file that acctexit did not create; it may belong to someone else."""

    def __init__(self, path: Path) -> None:
        super().__init__(path=path, key="store_err_empty_file", hints=_NEW_FILE)


class ForeignDatabaseError(NotOurDatabaseError):
    """Another application's SQLite database (application_id differs)."""

    def __init__(self, path: Path, application_id: int) -> None:
        super().__init__(
            path=path,
            key="store_err_foreign",
            hints=_NEW_FILE,
            application_id=f"{application_id:#010x}",
        )
        self.application_id = application_id


class NewerVersionError(StoreError):
    """Written by a newer acctexit; this version cannot know its schema."""

    def __init__(self, path: Path, found: int, known: int) -> None:
        super().__init__(
            path=path, key="store_err_newer", hints=_NEW_FILE, found=found, known=known
        )
        self.found = found
        self.known = known


class CorruptDatabaseError(StoreError):
    """Truncated, damaged, or failing SQLite's own checks."""

    def __init__(self, path: Path | None, detail: str) -> None:
        super().__init__(path=path, key="store_err_corrupt", hints=_NEW_FILE, detail=detail)
        self.detail = detail


class DiskFullError(StoreError):
    def __init__(self, path: Path | None) -> None:
        super().__init__(path=path, key="store_err_disk_full")


class DatabaseBusyError(StoreError):
    def __init__(self, path: Path | None, seconds: float) -> None:
        super().__init__(path=path, key="store_err_busy", seconds=f"{seconds:g}")


class StoreIOError(StoreError):
    """The operating system refused: permissions, read-only media, I/O errors."""


class MissingDatabaseError(StoreError):
    """A command that only reads was pointed at a database file that does not exist."""

    def __init__(self, path: Path) -> None:
        super().__init__(path=path, key="store_err_missing")


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
    """The import file was rejected as a whole; nothing was changed.

    `str()` is the English headline with the first 50 problems; a UI shows
    `headline()` (rendered like every store error) and then each problem."""

    def __init__(self, path: Path | None, problems: list[ImportProblem]) -> None:
        super().__init__(path=path, key="store_err_import_rejected", count=len(problems))
        self.problems = problems

    def __str__(self) -> str:
        shown = "\n".join(f"  {p}" for p in self.problems[:50])
        more = f"\n  … +{len(self.problems) - 50}" if len(self.problems) > 50 else ""
        return f"{self.headline()}\n{shown}{more}"

    def headline(self) -> str:
        """The first line of the message (English), without the problems."""
        return super().__str__()


# --- store errors added by the hardening (issue 17), words in `# store errors` ---------


class KeyedStoreError(StoreError):
    """A store error said only by its key (data/strings.toml) and arguments."""

    def __init__(self, key: str, path: Path | None = None, **fmt: object) -> None:
        super().__init__(path=path, key=key)
        self.fmt.update(fmt)


class ExportTargetError(KeyedStoreError):
    """`export -o` would overwrite the database itself, or an existing file."""


class TamperedDatabaseError(KeyedStoreError):
    """The database fails its own checks (chain, sidecar); writes are refused."""


class NewerVerbError(KeyedStoreError):
    """The log records an action this version does not know: a newer version wrote it."""


class WriterBusyError(KeyedStoreError):
    """Another copy holds the write lock and the caller chose not to wait long (the
    app, whose screen must not freeze): nothing was saved; try again."""
