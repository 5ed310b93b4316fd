"""What every subcommand receives: resolved options plus lazy access to the store and catalog.

The database is opened by the use-case layer (`acctexit.app.database`). Heavy modules
(sqlite-utils, the catalog loader) are imported inside the methods so that
`acctexit-tui --help` and the app's first frame do not pay for them.
"""

from __future__ import annotations

import contextlib
import io
import sys
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from msgspec import Struct, field

from acctexit.domain.models import Lang

if TYPE_CHECKING:
    from acctexit.app.database import Store
    from acctexit.domain.models import Catalog


def _tolerant(stream: TextIO) -> TextIO:
    """A terminal or pipe that cannot encode everything (PYTHONIOENCODING=ascii, a
    legacy code page) shows what it cannot as escapes instead of crashing."""
    if isinstance(stream, io.TextIOWrapper) and stream.errors == "strict":
        with contextlib.suppress(ValueError, OSError):
            stream.reconfigure(errors="backslashreplace")
    return stream


class Context(Struct):
    db_path: Path
    lang: Lang
    today: date
    out: TextIO = field(default_factory=lambda: _tolerant(sys.stdout))
    err: TextIO = field(default_factory=lambda: _tolerant(sys.stderr))
    private_dir: Path | None = None  # the app's own data folder, tightened to 0700 on open
    demo: bool = False  # --demo: a throwaway copy of the demo data (exports say so)

    def open_store(self, *, create: bool = True) -> Store:
        """The database; `create=False` (commands that only read) refuses a path that
        does not exist instead of creating an empty database there."""
        from acctexit.app.database import integrity_warning, open_database

        store = open_database(self.db_path, create=create, private_dir=self.private_dir)
        warning = integrity_warning(store, self.lang)
        if warning is not None:  # readable, but writes are refused
            from acctexit.sanitize import terminal_safe

            print(f"acctexit-tui: {terminal_safe(warning)}", file=self.err)
        return store

    def load_catalog(self, use_stored: bool = True) -> Catalog:
        """The shipped catalog; `use_stored=False` validates every file anew."""
        from acctexit.catalog import load_catalog

        return load_catalog(use_stored=use_stored)
