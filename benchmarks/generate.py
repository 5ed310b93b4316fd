"""Build the benchmark databases in benchmarks/.work/ (git-ignored), once.

    python benchmarks/generate.py            # skipped when already right
    python benchmarks/generate.py --force    # rebuild

The demo-size figures use the app's own `--demo` data (data/demo.json).

* `big.sqlite3`: 10,000 accounts on 100 numbers and exactly 1,000,000 log rows.

Numbers and accounts go through the store's public API (`Store.add_number`,
`Store.add_account`). The bulk of the log goes through `acctexit.store.bulk.append_log`,
which chains each row as the store's own appends do (ids head+1, `row_hash`,
prev_hash) and inserts it on its own, so the schema's triggers keep `step_state` and
the log head in step. `Store.verify()`-clean by construction (`--verify` checks it,
which takes a while at a million rows).

A database is built under a temporary name and renamed into place, so a half-built
file is never mistaken for a finished one; the check for "already right" is the
exact account and log-row counts.
"""

from __future__ import annotations

import argparse
import os
import random
import sqlite3
import sys
import time
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from acctexit.catalog import load_catalog
from acctexit.domain.models import NumberState, Verb
from acctexit.store import Store
from acctexit.store.bulk import LogRow, append_log, compact, unsynced
from acctexit.store.integrity import sidecar_path
from acctexit.store.schema import SCHEMA_VERSION

HERE = Path(__file__).resolve().parent
WORK = HERE / ".work"
BIG_DB = WORK / "big.sqlite3"

BIG_ACCOUNTS = 10_000
BIG_NUMBERS = 100
BIG_LOG_ROWS = 1_000_000
SEED = 20261124
TODAY = date(2026, 11, 24)


def counts(path: Path) -> tuple[int, int, int] | None:
    """(numbers, accounts, log rows) of a finished database of the current schema, or
    None (an older schema would be migrated, with a backup copy, on every start)."""
    if not path.exists():
        return None
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            if conn.execute("PRAGMA user_version").fetchone()[0] != SCHEMA_VERSION:
                return None
            return tuple(  # type: ignore[return-value]
                conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
                for t in ("numbers", "accounts", "log")
            )
        finally:
            conn.close()
    except sqlite3.Error:
        return None


def _fresh(path: Path) -> Store:
    tmp = path.with_name(path.name + ".building")
    for leftover in (tmp, Path(f"{tmp}-wal"), Path(f"{tmp}-shm"), sidecar_path(tmp)):
        leftover.unlink(missing_ok=True)
    return Store.open(tmp)


def _finish(store: Store, path: Path) -> None:
    tmp = store.path
    assert tmp is not None
    compact(store)
    store.close()
    for leftover in (path, Path(f"{path}-wal"), Path(f"{path}-shm"), sidecar_path(path)):
        leftover.unlink(missing_ok=True)
    os.replace(tmp, path)
    if sidecar_path(tmp).exists():  # the log head the store remembers, with its file
        os.replace(sidecar_path(tmp), sidecar_path(path))


def _mobile(rng: random.Random, used: set[str]) -> str:
    while True:
        n = f"1{rng.choice('3456789')}{rng.randrange(10**9):09d}"
        if n not in used:
            used.add(n)
            return n


def _account_facts(rng: random.Random, platform, i: int) -> dict[str, object]:  # type: ignore[no-untyped-def]
    facts: dict[str, object] = {"label": f"#{i}" if rng.random() < 0.5 else ""}
    if platform.holds_funds and rng.random() < 0.6:
        facts["balance"] = round(rng.uniform(0, 500), 2)
    if platform.holds_cards and rng.random() < 0.6:
        facts["bank_cards"] = rng.randrange(0, 4)
    if platform.password_free_payments and rng.random() < 0.6:
        facts["password_free"] = rng.random() < 0.5
    if rng.random() < 0.3:
        facts["last_used"] = TODAY - timedelta(days=rng.randrange(1, 800))
    if rng.random() < 0.2:
        facts["last_order"] = TODAY - timedelta(days=rng.randrange(1, 400))
    return facts


def build_big(path: Path = BIG_DB) -> None:
    store = _fresh(path)
    with unsynced(store):  # generation only: no fsync per transaction
        _fill(store)
    _finish(store, path)


def _fill(store: Store) -> None:
    rng = random.Random(SEED)
    catalog = load_catalog()
    platforms = list(catalog.platforms.values())
    t = time.perf_counter()
    used: set[str] = set()
    numbers = []
    for i in range(BIG_NUMBERS):
        state = NumberState.WILL_CANCEL if i % 3 == 0 else NumberState.KEPT
        numbers.append(
            store.add_number(
                _mobile(rng, used),
                label=f"n{i}",
                carrier=rng.choice(["china-mobile", "china-unicom", "china-telecom"]),
                state=state,
                cancel_date=TODAY + timedelta(days=rng.randrange(-30, 120))
                if state is NumberState.WILL_CANCEL
                else None,
            )
        )
    accounts = []
    for i in range(BIG_ACCOUNTS):
        platform = platforms[i % len(platforms)]
        number = numbers[(i // len(platforms)) % BIG_NUMBERS]
        facts = _account_facts(rng, platform, i)
        if platform.id not in ("wechat", "qq") and rng.random() < 0.1:
            facts["sign_in_via"] = rng.choice(["wechat", "qq"])
        accounts.append(store.add_account(platform.id, number.id, **facts))
    print(f"  numbers and accounts: {time.perf_counter() - t:.1f} s", file=sys.stderr)

    # The rest of the million rows: step verbs and notes.
    remaining = BIG_LOG_ROWS - store.log_count()
    account_steps = [
        (a.id, a.number_id, [s.id for s in catalog.get(a.platform_id).steps])  # type: ignore[union-attr]
        for a in accounts
    ]
    number_steps = [s.id for s in (*catalog.discover_steps, *catalog.aftercare_steps)]
    verbs = (Verb.DONE, Verb.DONE, Verb.DONE, Verb.UNDONE, Verb.UNDONE, Verb.SKIPPED, Verb.NOTE)
    start = datetime(2025, 6, 1, tzinfo=UTC)
    step_s = (datetime(2026, 11, 23, tzinfo=UTC) - start) / max(remaining, 1)
    first_id = BIG_LOG_ROWS - remaining + 1

    def rows() -> Iterator[LogRow]:
        ts = start
        for row_id in range(first_id, BIG_LOG_ROWS + 1):
            ts += step_s
            verb = rng.choice(verbs)
            step_id: str | None
            if rng.random() < 0.02:
                account_id, number_id = None, rng.choice(numbers).id
                step_id = rng.choice(number_steps)
            else:
                account_id, number_id, steps = account_steps[rng.randrange(BIG_ACCOUNTS)]
                step_id = rng.choice(steps)
            detail = ""
            if verb is Verb.NOTE:
                detail = f"note {row_id}: waiting for support to reply"
                if rng.random() < 0.5:
                    step_id = None
            elif verb is Verb.SKIPPED:
                detail = "not applicable"
            yield verb, account_id, number_id, step_id, detail, ts

    t = time.perf_counter()
    written = append_log(store, rows())
    print(f"  {written:,} log rows: {time.perf_counter() - t:.1f} s", file=sys.stderr)


def ensure(force: bool = False, verify: bool = False) -> dict[str, Path]:
    WORK.mkdir(exist_ok=True)
    out = {}
    c = counts(BIG_DB)
    if force or c is None or c[1] != BIG_ACCOUNTS or c[2] != BIG_LOG_ROWS:
        print(
            f"building {BIG_DB} (10,000 accounts, 1,000,000 log rows; about a minute) …",
            file=sys.stderr,
        )
        build_big()
    out["big"] = BIG_DB
    if verify:
        for name, path in out.items():
            t = time.perf_counter()
            with Store.open(path) as store:
                report = store.verify()
            print(
                f"verify {name}: ok={report.ok} rows={report.rows_checked} "
                f"({time.perf_counter() - t:.1f} s) {report.problems[:3]}",
                file=sys.stderr,
            )
    return out


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--force", action="store_true", help="rebuild even if the counts are right")
    p.add_argument("--verify", action="store_true", help="run Store.verify() on the result")
    args = p.parse_args()
    for name, path in ensure(args.force, args.verify).items():
        print(name, path, counts(path))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
