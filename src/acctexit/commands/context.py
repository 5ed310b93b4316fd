"""What every subcommand receives: resolved options plus lazy access to the store and catalog.

Heavy modules (sqlite-utils, the catalog loader) are imported inside the methods so that
`acctexit-tui --help` and the app's first frame do not pay for them.
"""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from msgspec import Struct, field

from acctexit.domain.models import Lang

if TYPE_CHECKING:
    from acctexit.domain.models import Catalog
    from acctexit.store import Store


class Context(Struct):
    db_path: Path
    lang: Lang
    today: date
    out: TextIO = field(default_factory=lambda: sys.stdout)
    err: TextIO = field(default_factory=lambda: sys.stderr)
    private_dir: Path | None = None  # the app's own data folder, tightened to 0700 on open
    demo: bool = False  # --demo: a throwaway copy of the demo data (exports say so)

    def open_store(self) -> Store:
        from acctexit.paths import ensure_app_dir
        from acctexit.store import Store

        if self.private_dir is not None:
            try:
                ensure_app_dir(self.private_dir)
            except OSError as exc:
                from acctexit.store import StoreIOError

                raise StoreIOError(
                    f"cannot create the data folder {self.private_dir}: {exc.strerror or exc}. "
                    "Choose another database file with --db (or ACCTEXIT_DB)."
                ) from None
        return Store.open(self.db_path)

    def load_catalog(self, use_stored: bool = True) -> Catalog:
        """The shipped catalog; `use_stored=False` validates every file anew."""
        from acctexit.catalog import load_catalog

        return load_catalog(use_stored=use_stored)
