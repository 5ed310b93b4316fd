"""Import time against size: N accounts on one number vs spread over many numbers.

    python benchmarks/import_scale.py [--sizes 10000,20000,40000]

Prints JSON lines {"accounts": N, "numbers": K, "seconds": s, "per_account_us": u}. The
import must be linear in its size (issue 17: 40,000 accounts on one number took 82.6 s
when each account's match was a query scanning every account of its number).
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path


def _doc(accounts: int, numbers: int) -> bytes:
    nums = [f"+86138{i:08d}" for i in range(numbers)]
    return json.dumps(
        {
            "format": "acctexit-tui",
            "version": 1,
            "numbers": [{"e164": n} for n in nums],
            "accounts": [
                {"platform": "alipay", "number": nums[i % numbers], "label": f"a{i}"}
                for i in range(accounts)
            ],
        }
    ).encode()


def run(accounts: int, numbers: int) -> dict[str, float]:
    from acctexit.store import Store
    from acctexit.store.exchange import import_bytes

    data = _doc(accounts, numbers)
    with tempfile.TemporaryDirectory() as folder, Store.open(Path(folder) / "b.sqlite3") as store:
        start = time.perf_counter()
        import_bytes(store, data, name="bench.json")
        seconds = time.perf_counter() - start
    return {
        "accounts": accounts,
        "numbers": numbers,
        "seconds": round(seconds, 2),
        "per_account_us": round(seconds / accounts * 1e6, 1),
    }


def main() -> int:
    p = argparse.ArgumentParser()
    p.add_argument("--sizes", default="10000,20000,40000")
    args = p.parse_args()
    for size in (int(s) for s in args.sizes.split(",")):
        for numbers in (1, max(1, size // 10)):
            print(json.dumps(run(size, numbers)), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
