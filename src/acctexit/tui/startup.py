"""Start-up: the cyclic garbage collector and the thread switch interval.

Opening 10,000 accounts builds about half a million objects (accounts, step states,
the plan, rows) with no reference cycles among them. While they are being built the
cyclic collector runs again and again over everything built so far and finds
nothing: about 0.4 s of a 1.1 s start. So the CLI pauses it, first thing (before its
own imports), until the dashboard's first frame is out (a timer shortly after
mounting); then one collection runs, everything still alive is frozen (later
collections skip it; it is still freed by reference counting when dropped) and
collection resumes. A command other than the app resumes it before it runs. `domain.plan.build_plan`
pauses it for its own duration too, for the background rebuilds after each tick.

Until then the interpreter also switches threads more often. Textual's writer thread
sends the first frame (≈ 24 KB at 120×36) to the terminal in 8 KB writes, and needs the
interpreter lock back after each; the main thread meanwhile handles the resize events
that follow the first frame, and by default keeps the lock for up to 5 ms at a time.
"""

from __future__ import annotations

import gc
import sys

STARTUP_SWITCH_INTERVAL = 0.0005  # seconds; the default is 0.005

_paused = False
_switch_interval: float | None = None


def pause_collection() -> None:
    """Stop cyclic collection (if it was running) and switch threads more often, until
    `resume_collection`."""
    global _paused, _switch_interval
    if gc.isenabled():
        gc.disable()
        _paused = True
    if _switch_interval is None:
        _switch_interval = sys.getswitchinterval()
        sys.setswitchinterval(min(_switch_interval, STARTUP_SWITCH_INTERVAL))


def resume_collection(freeze: bool = True) -> None:
    """Undo `pause_collection`; leaves alone a collector it did not pause. With
    `freeze` (the app, once its first frame is out) one complete collection runs and
    everything still alive is frozen first; without it (a command about to run, a
    start that ended early) collection simply resumes."""
    global _paused, _switch_interval
    if _switch_interval is not None:
        sys.setswitchinterval(_switch_interval)
        _switch_interval = None
    if _paused:
        _paused = False
        if freeze:
            gc.collect()  # once, so the freeze below keeps no cyclic garbage alive
            gc.freeze()
        gc.enable()
