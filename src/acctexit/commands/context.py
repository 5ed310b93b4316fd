"""What every subcommand receives: resolved options plus lazy access to the store and catalog.

Heavy modules (sqlite-utils, the catalog loader) are imported inside the methods so that
`acctexit-tui --help` and the app's first frame do not pay for them.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from acctexit.domain.models import Lang

if TYPE_CHECKING:
    from acctexit.domain.models import Catalog
    from acctexit.store import Store


@dataclass
class Context:
    db_path: Path
    lang: Lang
    today: date
    out: TextIO = field(default_factory=lambda: sys.stdout)
    err: TextIO = field(default_factory=lambda: sys.stderr)

    def open_store(self) -> Store:
        from acctexit.store import Store

        return Store.open(self.db_path)

    def load_catalog(self) -> Catalog:
        from acctexit.catalog import load_catalog

        return load_catalog()
