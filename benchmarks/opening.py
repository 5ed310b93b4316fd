"""Open a database and derive every step state, in a fresh process.

    python benchmarks/opening.py --db PATH [--repeat 15] [--profile OUT.txt]

Prints JSON: {"store": [ms, …], "raw": [ms, …], "states": N, "log_rows": N}.

* store: `Store.open(path).step_states()` then `close()`: the header preflight, the
  connection, the application_id / user_version / table checks, the WAL and
  synchronous pragmas, and reading every step's status.
* raw (the reference): `sqlite3.connect(path)` and
  `SELECT account_key, number_key, step_id, status FROM step_state`, fetched, then
  closed: the floor for reading the same rows from the same file.

Both run alternately in the same process after one untimed warm-up each (the file
is then in the page cache, as it is when the app starts a second time).
"""

from __future__ import annotations

import argparse
import json
import sqlite3
import sys
import time
from pathlib import Path


def main() -> int:
    p = argparse.ArgumentParser()
    p.add_argument("--db", type=Path, required=True)
    p.add_argument("--repeat", type=int, default=15)
    p.add_argument("--profile", metavar="OUT")
    args = p.parse_args()

    from acctexit.store import Store

    def store_once() -> int:
        store = Store.open(args.db)
        try:
            return len(store.step_states())
        finally:
            store.close()

    def raw_once() -> int:
        conn = sqlite3.connect(str(args.db))
        try:
            return len(
                conn.execute(
                    "SELECT account_key, number_key, step_id, status FROM step_state"
                ).fetchall()
            )
        finally:
            conn.close()

    states = store_once()
    raw_once()
    out: dict = {"store": [], "raw": [], "states": states}
    for _ in range(args.repeat):
        t = time.perf_counter()
        store_once()
        out["store"].append((time.perf_counter() - t) * 1000)
        t = time.perf_counter()
        raw_once()
        out["raw"].append((time.perf_counter() - t) * 1000)
    conn = sqlite3.connect(str(args.db))
    out["log_rows"] = conn.execute("SELECT count(*) FROM log").fetchone()[0]
    conn.close()
    if args.profile:
        import cProfile
        import io
        import pstats

        prof = cProfile.Profile()
        prof.enable()
        for _ in range(5):
            store_once()
        prof.disable()
        buf = io.StringIO()
        pstats.Stats(prof, stream=buf).sort_stats("cumulative").print_stats(25)
        Path(args.profile).write_text(
            "cProfile of 5 × Store.open(path).step_states() + close(), by cumulative time\n"
            + buf.getvalue()
        )
    json.dump(out, sys.stdout)
    print()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
