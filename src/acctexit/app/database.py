"""Opening the user's database for a session, and the errors meant for the user.

`open_database` makes the app's own data folder private, refuses a missing file for a
command that only reads, and opens (or creates) the store; `open_read_only` opens it
without changing a byte (verify). `demo_copy` is `--demo`'s throwaway copy of the
shipped demo data. `integrity_warning` words what the checks on open found.

`StoreError` (every failure of the store, `ImportFileError` among them, whose message
can be shown as it is) and `MissingDatabaseError` are named here so that the UIs catch
them without importing the store; `is_user_facing` says which errors carry words
written for the user (anything else is a bug and keeps its traceback).

Only opening a database imports this module (`--help` and `catalog` never load the
store).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from acctexit.store import ImportFileError, Store, StoreError, StoreIOError
from acctexit.store.errors import MissingDatabaseError

if TYPE_CHECKING:
    from acctexit.domain.models import Lang

__all__ = [
    "ImportFileError",
    "MissingDatabaseError",
    "Store",
    "StoreError",
    "demo_copy",
    "integrity_warning",
    "is_user_facing",
    "open_database",
    "open_read_only",
]


def open_database(path: Path, *, create: bool = True, private_dir: Path | None = None) -> Store:
    """The database at `path`; `create=False` (commands that only read) refuses a path
    that does not exist instead of creating an empty database there. `private_dir`,
    the app's own data folder, is made owner-only (0700) first."""
    if not create and not path.exists():
        raise MissingDatabaseError(path)
    if private_dir is not None:
        from acctexit.paths import ensure_app_dir

        try:
            ensure_app_dir(private_dir)
        except OSError as exc:
            from acctexit.i18n import os_reason

            raise StoreIOError(
                path=private_dir, key="cli_err_data_folder", reason=os_reason(exc)
            ) from None
    return Store.open(path)


def open_read_only(path: Path) -> Store:
    """The database at `path` opened read-only (mode=ro): the file and its -wal stay
    byte for byte as they were, and a path that does not exist is refused."""
    if not path.exists():
        raise MissingDatabaseError(path)
    return Store.open(path, read_only=True)


def demo_copy(folder: Path, lang: Lang = "zh") -> Path:
    """A new private copy of the shipped demo data, in `lang`, inside `folder`."""
    from acctexit.paths import DB_FILENAME
    from acctexit.store.demo import prepare

    return prepare(folder / DB_FILENAME, lang)


def integrity_warning(store: Store, lang: Lang) -> str | None:
    """What the store's checks on open found, in `lang` (None: all well). The database
    is then read-only: every write is refused with the same words."""
    error = getattr(store, "integrity_error", None)
    if error is None:
        return None
    from acctexit.i18n import error_text

    return error_text(error, lang)


def is_user_facing(exc: BaseException) -> bool:
    """StoreError (ImportFileError included) and CatalogError carry messages written
    for the user; anything else is a bug and keeps its traceback."""
    from acctexit.catalog import CatalogError  # loaded once something has gone wrong

    return isinstance(exc, StoreError | CatalogError)
