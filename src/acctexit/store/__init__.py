"""Storage: the only code that touches SQLite.

`Store.open(path)` gives the user's numbers, accounts and append-only action log;
`acctexit.store.exchange` imports and exports them. Every failure is a `StoreError`
whose message can be shown to the user as it is. See docs/store.md.
"""

from acctexit.store.db import Store
from acctexit.store.errors import (
    CorruptDatabaseError,
    DatabaseBusyError,
    DiskFullError,
    EmptyDatabaseError,
    ExportTargetError,
    ForeignDatabaseError,
    ImportFileError,
    ImportProblem,
    InvalidInputError,
    KeyedStoreError,
    NewerVersionError,
    NotOurDatabaseError,
    NotSQLiteError,
    StoreError,
    StoreIOError,
    TamperedDatabaseError,
    WriterBusyError,
)
from acctexit.store.log import VerifyReport

__all__ = [
    "CorruptDatabaseError",
    "DatabaseBusyError",
    "DiskFullError",
    "EmptyDatabaseError",
    "ExportTargetError",
    "ForeignDatabaseError",
    "ImportFileError",
    "ImportProblem",
    "InvalidInputError",
    "KeyedStoreError",
    "NewerVersionError",
    "NotOurDatabaseError",
    "NotSQLiteError",
    "Store",
    "StoreError",
    "StoreIOError",
    "TamperedDatabaseError",
    "VerifyReport",
    "WriterBusyError",
]
