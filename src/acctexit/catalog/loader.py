"""`load_catalog`: the catalog under a data folder, from its compiled form while that is
current (a C call), else validated from the TOML files (acctexit.catalog.validate,
imported only then)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from acctexit.catalog.compiled import stored_catalog
from acctexit.resources import data_root, installed_data

if TYPE_CHECKING:
    from importlib.resources.abc import Traversable

    from acctexit.domain.models import Catalog


def load_catalog(
    root: Traversable | Path | str | None = None, *, use_stored: bool = True
) -> Catalog:
    """Load and validate the catalog under `root` (default: the shipped `data/`).

    With `use_stored` (the default), the compiled form built from the very same files
    is returned instead (acctexit.catalog.compiled). For the shipped data of an
    installed package the files are not checked: only a reinstall changes them, and it
    compiles them again. A checkout's or an editable install's `data/` is always
    checked (by each file's size and time, or its bytes where the time is too recent
    to trust: acctexit.catalog.compiled).
    Raises `CatalogError` listing every problem found; never anything else for bad data.
    """
    node = _as_root(root)
    check_inputs = root is not None or not installed_data(node)
    if use_stored and (stored := stored_catalog(node, check_inputs=check_inputs)) is not None:
        return stored
    from acctexit.catalog.validate import validate_catalog

    return validate_catalog(node)


def _as_root(root: Traversable | Path | str | None) -> Traversable:
    if root is None:
        return data_root()
    if isinstance(root, str):
        return Path(root)
    return root
