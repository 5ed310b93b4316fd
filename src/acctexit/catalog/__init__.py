"""The platform catalog shipped in `data/`: its schema, loader, checks and look-ups.

    from acctexit.catalog import CatalogError, load_catalog

`load_catalog` validates the TOML files (or returns their compiled form while it is
current); `check_catalog` applies the editorial rules `acctexit-tui catalog --check`
enforces on top of validation. docs/catalog.md describes every field.
"""

from acctexit.catalog.check import check_catalog, stale_platforms
from acctexit.catalog.export import catalog_to_data
from acctexit.catalog.loader import (
    DAY_KINDS,
    EDITORIAL_SOURCE,
    FLAG_KINDS,
    VALIDATED,
    CatalogError,
    CatalogProblem,
    load_catalog,
    validated_data,
)

__all__ = [
    "DAY_KINDS",
    "EDITORIAL_SOURCE",
    "FLAG_KINDS",
    "VALIDATED",
    "CatalogError",
    "CatalogProblem",
    "catalog_to_data",
    "check_catalog",
    "load_catalog",
    "stale_platforms",
    "validated_data",
]
