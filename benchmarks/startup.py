"""Start the app headless up to its first frame, for profiling (not for timing).

    python -m pyinstrument -r text -o OUT.txt benchmarks/startup.py --db PATH
    python benchmarks/startup.py --db PATH --tracemalloc OUT.txt

Does what `acctexit-tui --db PATH --lang en` does on its way to the first frame
(imports, Store.open, load_catalog, build_app, mount, first paint), but with
Textual's headless driver, then exits. With --tracemalloc, writes the biggest
allocation sites still alive at the first frame.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import time
from datetime import date
from pathlib import Path


def main() -> int:
    p = argparse.ArgumentParser()
    p.add_argument("--db", type=Path, required=True)
    p.add_argument("--tracemalloc", metavar="OUT")
    args = p.parse_args()
    if args.tracemalloc:
        import tracemalloc

        tracemalloc.start(1)
    t0 = time.perf_counter()

    from acctexit.catalog import load_catalog
    from acctexit.store import Store
    from acctexit.tui.app import build_app

    store = Store.open(args.db)
    app = build_app(store=store, catalog=load_catalog(), lang="en", today=date(2026, 11, 24))
    first = asyncio.Event()
    original = app._display

    def display(screen, renderable):  # type: ignore[no-untyped-def]
        original(screen, renderable)
        if renderable is not None:
            first.set()

    app._display = display  # type: ignore[method-assign]

    async def run() -> None:
        async with app.run_test(size=(120, 36)):
            await first.wait()

    asyncio.run(run())
    print(
        f"first frame (headless) after {(time.perf_counter() - t0) * 1000:.0f} ms", file=sys.stderr
    )
    if args.tracemalloc:
        import tracemalloc

        snap = tracemalloc.take_snapshot()
        current, peak = tracemalloc.get_traced_memory()
        lines = [
            f"tracemalloc at first frame: current {current / 2**20:.1f} MiB, "
            f"peak {peak / 2**20:.1f} MiB",
            "",
            "by file:",
        ]
        for stat in snap.statistics("filename")[:15]:
            lines.append(
                f"  {stat.size / 2**20:7.2f} MiB  {stat.count:8d} blocks  "
                f"{stat.traceback[0].filename}"
            )
        lines += ["", "by line:"]
        for stat in snap.statistics("lineno")[:20]:
            frame = stat.traceback[0]
            lines.append(
                f"  {stat.size / 2**20:7.2f} MiB  {stat.count:8d} blocks  "
                f"{frame.filename}:{frame.lineno}"
            )
        Path(args.tracemalloc).write_text("\n".join(lines) + "\n")
    store.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
