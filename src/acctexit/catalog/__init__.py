"""The platform catalog shipped in `data/`: its schema, loader, checks and look-ups.

    from acctexit.catalog import CatalogError, load_catalog

- `schema`: the keys and formats of every table; `CatalogProblem`, `CatalogError`.
- `fields`, `platforms`: validating one file's fields, one platform file.
- `loader`: `load_catalog`, reading every file (or the compiled form while current).
- `compiled`, `build`: the compiled form of `data/`, made at build time.
- `check`: the editorial rules `acctexit-tui catalog --check` adds to validation.
- `lookups`: which platforms claim an SMS signature or a sender number.
- `export`: the catalog as JSON-ready data (`catalog --json`).

docs/catalog.md describes every field and how to add or correct an entry.
"""

from typing import TYPE_CHECKING, Any

from acctexit.catalog.compiled import VALIDATED
from acctexit.catalog.loader import load_catalog
from acctexit.catalog.schema import (
    DAY_KINDS,
    EDITORIAL_SOURCE,
    FLAG_KINDS,
    CatalogError,
    CatalogProblem,
)

if TYPE_CHECKING:
    from acctexit.catalog.build import validated_data
    from acctexit.catalog.check import check_catalog, stale_platforms

# Imported on first use: starting the app needs only the loader.
_LAZY = {
    "check_catalog": "acctexit.catalog.check",
    "stale_platforms": "acctexit.catalog.check",
    "validated_data": "acctexit.catalog.build",
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'acctexit.catalog' has no attribute {name!r}")


__all__ = [
    "DAY_KINDS",
    "EDITORIAL_SOURCE",
    "FLAG_KINDS",
    "VALIDATED",
    "CatalogError",
    "CatalogProblem",
    "check_catalog",
    "load_catalog",
    "stale_platforms",
    "validated_data",
]
