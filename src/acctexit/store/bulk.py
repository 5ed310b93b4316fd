"""Bulk writes for generated data (benchmarks/generate.py, load tests); the app never
uses them.

`append_log` writes many log rows in a few transactions, each chained exactly as the
store chains its own appends (ids head+1, `row_hash` over the same fields, `prev_hash`),
and each inserted on its own so the schema's triggers keep `step_state` and the log
head in step: `Store.verify()` passes on the result and the sidecar follows the head.
`unsynced` drops the fsync per transaction for a database that is being generated;
`compact` folds the write-ahead log in and refreshes the query planner's statistics.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable, Iterator
from datetime import datetime
from typing import TYPE_CHECKING

from acctexit.domain.models import Verb
from acctexit.store.log import GENESIS_HASH, format_ts, row_hash
from acctexit.store.rows import LOG_COLUMNS, STEP_VERBS

if TYPE_CHECKING:
    from acctexit.store.db import Store

# verb, account id, number id, step id, detail, time
LogRow = tuple[Verb, int | None, int | None, str | None, str, datetime]


def append_log(store: Store, rows: Iterable[LogRow], *, batch: int = 50_000) -> int:
    """Append `rows` to the log in order, `batch` rows per transaction; returns how
    many were written. Values are written as given: the caller makes them valid."""
    sql = f"INSERT INTO log ({LOG_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
    written = 0
    pending: list[tuple[object, ...]] = []
    head = store._tuples("SELECT id, hash FROM log ORDER BY id DESC LIMIT 1")
    row_id, prev = head[0] if head else (0, GENESIS_HASH)

    def flush() -> None:
        with store._write() as conn:
            conn.executemany(sql, pending)
            store._appended = (row_id, prev)  # the sidecar follows the head
        pending.clear()

    for verb, account_id, number_id, step_id, detail, ts in rows:
        row_id += 1
        ts_text = format_ts(ts)
        digest = row_hash(row_id, ts_text, verb.value, account_id, number_id, step_id, detail, prev)
        pending.append(
            (row_id, ts_text, verb.value, account_id, number_id, step_id, detail, prev, digest)
        )
        if verb not in STEP_VERBS:
            store._rows_gen += 1  # as `_append`: numbers and accounts may change
        prev = digest
        written += 1
        if len(pending) >= batch:
            flush()
    if pending:
        flush()
    return written


@contextlib.contextmanager
def unsynced(store: Store) -> Iterator[None]:
    """No fsync per transaction inside the block (a crash may lose or damage what was
    written there): only for a database being generated. The app keeps FULL."""
    conn = store._conn
    (before,) = conn.execute("PRAGMA synchronous").fetchone()
    conn.execute("PRAGMA synchronous = OFF")
    try:
        yield
    finally:
        conn.execute(f"PRAGMA synchronous = {int(before)}")


def compact(store: Store) -> None:
    """Fold the write-ahead log into the file and refresh the planner's statistics."""
    store._conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    store._conn.execute("ANALYZE")
