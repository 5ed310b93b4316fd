"""Key to frame, measured in-process (headless `App.run_test()`), one database per run.

    python benchmarks/keys.py --db PATH [--moves 40] [--spaces 12] [--profile OUT.txt]

Prints one JSON object: {"move": [ms, …], "space": [ms, …], "move_cpu": …}.

What is timed, per key: from posting the key event to the driver (what
`pilot.press` does) to the end of the last frame that follows it, where a frame is
`App._display` being called with the compositor's update *and* that update being
serialised to terminal escape sequences (`render_segments`, which the headless
driver would skip). The key is finished when no frame has come for QUIET seconds.

`TEXTUAL_FPS=1000` is set before Textual is imported, so a dirty screen is painted
on the next idle instead of at the next 1/60 s tick: the figure is the app's own
work. In a real terminal, Textual's 60 fps frame pacing adds 0 to 16.7 ms (8 ms on
average) on top.

Alongside the wall time, the process's own CPU time over the same interval is
recorded: on a shared machine it is the steadier of the two.

* move: the account list has focus; `home`, then 10 × `down`, 10 × `up`, …
* space: `enter` opens the steps pane; each `space` toggles the highlighted step
  (done ↔ open), i.e. a durable commit (synchronous=FULL) and a repaint of every pane.
  The database is written to, so pass a copy.
"""

from __future__ import annotations

import os

os.environ["TEXTUAL_FPS"] = "1000"

import argparse
import asyncio
import json
import sys
import time
from datetime import date
from pathlib import Path

QUIET = 0.08  # seconds without a frame that end a key
TODAY = date(2026, 11, 24)


async def measure(
    db: Path, moves: int, spaces: int, profile_out: str | None, profile_what: str
) -> dict:
    from textual import events
    from textual._compositor import CompositorUpdate

    from acctexit.catalog import load_catalog
    from acctexit.store import Store
    from acctexit.tui.app import build_app
    from acctexit.tui.screens.dashboard import RECOMPUTE_DELAY
    from acctexit.tui.widgets.account_list import AccountList

    store = Store.open(db)
    app = build_app(store=store, catalog=load_catalog(), lang="en", today=TODAY)
    frames: list[float] = []
    cpu: list[float] = []
    original = app._display

    def display(screen, renderable):  # type: ignore[no-untyped-def]
        original(screen, renderable)
        if renderable is not None and isinstance(renderable, CompositorUpdate):
            renderable.render_segments(app.console)  # what a real driver would write
        frames.append(time.perf_counter())
        cpu.append(time.process_time())

    app._display = display  # type: ignore[method-assign]
    result: dict = {
        "db": str(db),
        "move": [],
        "space": [],
        "move_cpu": [],
        "space_cpu": [],
        "checks": [],
        "settle_ms": {},
    }
    profiler = None

    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        await asyncio.sleep(0.2)

        async def key(name: str) -> tuple[float, float]:
            """(wall ms, this process's CPU ms) from the key to its first frame.

            The first frame is the one that answers the key (the cursor moved, the
            step ticked and the panes repainted); later frames — the side panes
            following a resting cursor, the background plan refresh — are timed
            as "settled" in result["settle_ms"].
            """
            n = len(frames)
            # after a tick the plan recompute starts only once the keys rest
            quiet = QUIET + (RECOMPUTE_DELAY if name == "space" else 0)
            c0 = time.process_time()
            t0 = time.perf_counter()
            event = events.Key(name, " " if name == "space" else None)
            event.set_sender(app)
            app._driver.send_message(event)  # type: ignore[union-attr]
            prev = busy = t0
            while True:
                await asyncio.sleep(0.001)
                now = time.perf_counter()
                if now - prev > 0.005:
                    busy = now  # the loop was blocked: the app is still working
                prev = now
                last = max(frames[-1] if len(frames) > n else t0, busy)
                if now - last > quiet and (len(frames) > n or now - t0 > 10):
                    break
            if len(frames) == n:
                return float("nan"), float("nan")  # nothing repainted
            result["settle_ms"].setdefault(name, []).append((frames[-1] - t0) * 1000)
            return (frames[n] - t0) * 1000, (cpu[n] - c0) * 1000

        accounts = app.screen.query_one(AccountList)
        assert app.screen.focused is accounts, app.screen.focused
        await key("home")
        if profile_out and profile_what == "move":
            profiler = _start_profiler()
        for i in range(moves):
            direction = "down" if (i // 10) % 2 == 0 else "up"
            before = accounts.highlighted
            ms, cpu_ms = await key(direction)
            if accounts.highlighted != before:
                result["move"].append(ms)
                result["move_cpu"].append(cpu_ms)
        if profiler:
            _stop_profiler(profiler, profile_out)
            profiler = None

        # Lines 0 and 1 are a number's own rows: Space ticks steps only on an account.
        for _ in range(accounts.line_count):
            current = accounts.current_item
            if current is not None and current.account_id is not None:
                break
            await key("down")
        await key("enter")
        log_rows = store.log_count()
        if profile_out and profile_what == "space":
            profiler = _start_profiler()
        for _ in range(spaces):
            ms, cpu_ms = await key("space")
            now = store.log_count()
            result["checks"].append(now - log_rows)
            log_rows = now
            result["space"].append(ms)
            result["space_cpu"].append(cpu_ms)
        if profiler:
            _stop_profiler(profiler, profile_out)
        result["options"] = accounts.line_count
    store.close()
    if any(c != 1 for c in result["checks"]):
        raise SystemExit(f"space did not write exactly one log row per press: {result['checks']}")
    return result


def _start_profiler():  # type: ignore[no-untyped-def]
    from pyinstrument import Profiler

    profiler = Profiler(interval=0.0005, async_mode="disabled")
    profiler.start()
    return profiler


def _stop_profiler(profiler, out: str) -> None:  # type: ignore[no-untyped-def]
    profiler.stop()
    session = profiler.last_session
    tree = profiler.output_text(unicode=True, color=False, show_all=False)
    flat = profiler.output_text(unicode=True, color=False, flat=True)
    Path(out).write_text(
        tree + "\n\nBy own time (flat):\n" + "\n".join(flat.splitlines()[:60]) + "\n"
    )
    del session


def main() -> int:
    p = argparse.ArgumentParser()
    p.add_argument("--db", type=Path, required=True)
    p.add_argument("--moves", type=int, default=40)
    p.add_argument("--spaces", type=int, default=12)
    p.add_argument("--profile", metavar="OUT", help="write a pyinstrument profile of one phase")
    p.add_argument("--profile-what", choices=("move", "space"), default="space")
    args = p.parse_args()
    result = asyncio.run(measure(args.db, args.moves, args.spaces, args.profile, args.profile_what))
    json.dump(result, sys.stdout)
    print()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
