"""Filter keystrokes, L, R and a note, key to settled, in-process (headless `run_test`).

    python benchmarks/filter.py --db PATH [--rounds 3]

Prints one JSON object: milliseconds per key from the key to the last frame it
causes, as wall time and as this process's CPU time over the same interval (the
steadier figure on a shared machine), with medians:

* filter_key: `/`, then "alipay" one key at a time, each until settled;
  then backspace × 6, likewise;
* filter_burst: "alipay" posted as six keys at once, until settled (then Escape);
* language, reveal: L (and R) until settled; each pressed twice per round, so
  both languages and both maskings are measured;
* note: `n`, a short text typed into the dialog (not timed), then Enter until settled.

The harness is keys.py's: a frame is `App._display` plus serialising the update to
escape sequences, `TEXTUAL_FPS=1000`, and a key is settled when no frame has come for
QUIET seconds while the event loop was not blocked. Settled is the last frame's time.
The database is written to (notes), so pass a copy. The same script runs against an
older checkout (PYTHONPATH=that/src): it uses only the app's public surfaces.
"""

from __future__ import annotations

import os

os.environ["TEXTUAL_FPS"] = "1000"

import argparse
import asyncio
import json
import statistics
import sys
import time
from datetime import date
from pathlib import Path

QUIET = 0.08  # seconds without a frame that end a key
TODAY = date(2026, 11, 24)
CHARS = {"slash": "/", "enter": "\r", "escape": "\x1b", "backspace": "\x08", "space": " "}


async def measure(db: Path, rounds: int) -> dict[str, dict[str, list[float]]]:
    from textual import events
    from textual._compositor import CompositorUpdate

    from acctexit.catalog import load_catalog
    from acctexit.store import Store
    from acctexit.tui.app import build_app

    # As `acctexit` starts (cli.py): the collector held until after the first frame,
    # then one collection and a freeze of what start-up made. Without it the plan's
    # ≈ 150,000 objects stay in the youngest-to-oldest scans and the keys measured here
    # pay 50-230 ms full collections the app run by a user does not.
    from acctexit.tui.startup import pause_collection

    pause_collection()
    store = Store.open(db)
    app = build_app(store=store, catalog=load_catalog(), lang="en", today=TODAY)
    frames: list[float] = []
    cpu: list[float] = []
    original = app._display

    def display(screen, renderable):  # type: ignore[no-untyped-def]
        original(screen, renderable)
        if renderable is not None and isinstance(renderable, CompositorUpdate):
            renderable.render_segments(app.console)
        frames.append(time.perf_counter())
        cpu.append(time.process_time())

    app._display = display  # type: ignore[method-assign]
    result: dict[str, list[float]] = {
        "filter_key": [],
        "filter_burst": [],
        "language": [],
        "reveal": [],
        "note": [],
    }
    cpu_ms: dict[str, list[float]] = {k: [] for k in result}

    def post(name: str) -> None:
        char = CHARS.get(name, name if len(name) == 1 else None)
        event = events.Key(name, char)
        event.set_sender(app)
        app._driver.send_message(event)  # type: ignore[union-attr]

    async def settle(*names: str, into: str | None = None) -> None:
        """Post the keys at once; ms from the first to the last frame they cause (wall
        and this process's CPU time), appended to result[into] and cpu_ms[into]."""
        n = len(frames)
        c0 = time.process_time()
        t0 = time.perf_counter()
        for name in names:
            post(name)
        prev = busy = t0
        while True:
            await asyncio.sleep(0.001)
            now = time.perf_counter()
            if now - prev > 0.005:
                busy = now  # the loop was blocked: the app is still working
            prev = now
            last = max(frames[-1] if len(frames) > n else t0, busy)
            if now - last > QUIET and (len(frames) > n or now - t0 > 10):
                break
        if into is not None:
            settled = len(frames) > n
            result[into].append((frames[-1] - t0) * 1000 if settled else float("nan"))
            cpu_ms[into].append((cpu[-1] - c0) * 1000 if settled else float("nan"))

    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        await asyncio.sleep(0.5)  # start-up's GC pause ends; the first frame is out
        for _ in range(rounds):
            await settle("slash")
            for ch in "alipay":
                await settle(ch, into="filter_key")
            for _ in "alipay":
                await settle("backspace", into="filter_key")
            await settle(*"alipay", into="filter_burst")
            await settle("escape")
            for _ in range(2):
                await settle("L", into="language")
            for _ in range(2):
                await settle("R", into="reveal")
            await settle("n")
            await settle(*"checked")
            await settle("enter", into="note")
    store.close()
    return {"wall": result, "cpu": cpu_ms}


def main() -> int:
    p = argparse.ArgumentParser()
    p.add_argument("--db", type=Path, required=True)
    p.add_argument("--rounds", type=int, default=3)
    args = p.parse_args()
    result = asyncio.run(measure(args.db, args.rounds))
    summary = {
        clock: {
            k: {"median": round(statistics.median(v), 1), "max": round(max(v), 1)}
            for k, v in figures.items()
            if v
        }
        for clock, figures in result.items()
    }
    json.dump({"ms": result, "summary": summary}, sys.stdout)
    print()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
