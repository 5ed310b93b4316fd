"""Full garbage collections between keys, not in the middle of one.

After start-up (`acctexit.tui.startup`) the cyclic collector's full collections still
come whenever enough objects have piled up, which is always while a key is being
handled (that is when objects are made): at 10,000 accounts one takes 15-35 ms, on
top of a key whose budget is 16 ms (a filter key) or 50 ms (L, R, a note); see
benchmarks/analysis.md, 2026-12-06 keys. While the dashboard is up, the automatic full
collections are switched off and a timer runs them instead, when as many younger
collections have passed as would have triggered one and no message is waiting.
The youngest two generations are collected as usual.

What survives such a collection is frozen, as start-up's survivors are: the next one
scans only what was made since. Without that each scanned everything made since
start-up (the rows of both languages and maskings, the list's indexes: 50,000-60,000
objects at 10,000 accounts, 15-40 ms) and a key arriving meanwhile waited for it.
Frozen objects are still freed by reference counting; only a reference cycle that
was alive at a freeze (a closed dialog's widgets, a toast) would be kept. So once
THAW_GROWTH more objects are frozen than after the last complete collection and the
user has paused for THAW_AFTER_QUIET, everything is thawed and collected in full: at
10,000 accounts that one takes ≈ 80 ms, and a key pressed meanwhile waits for it.
"""

from __future__ import annotations

import gc
from time import monotonic

from textual.message_pump import MessagePump
from textual.timer import Timer

CHECK_EVERY = 0.5  # seconds between looks at the collector's counts
NEVER = 1 << 30  # a threshold no count reaches
THAW_AFTER_QUIET = 10.0  # seconds without a key or a click before a complete collection
THAW_GROWTH = 20_000  # objects frozen since the last one (about a row list at 10k)


def note_input() -> None:
    """A key, a click or a scroll has come (the app calls this for every input event)."""
    global _last_input
    _last_input = monotonic()


def since_input() -> float:
    """Seconds since the last input event (a long time if none has come)."""
    return monotonic() - _last_input


class IdleCollector:
    """Runs the full collections from a timer of `owner` while started."""

    def __init__(self, owner: MessagePump) -> None:
        self._owner = owner
        self._timer: Timer | None = None

    def start(self) -> None:
        if self._timer is not None:
            return
        global _started, _threshold, _frozen_after_thaw
        if not _started:  # the first of any started: automatic full collections off
            _threshold = gc.get_threshold()
            gc.set_threshold(_threshold[0], _threshold[1], NEVER)
            _frozen_after_thaw = gc.get_freeze_count()  # (start-up's: a thaw of its own)
        _started += 1
        self._timer = self._owner.set_interval(CHECK_EVERY, self._collect_if_due)

    def stop(self) -> None:
        """Automatic full collections again once every collector started is stopped."""
        if self._timer is None:
            return
        self._timer.stop()
        self._timer = None
        global _started
        _started -= 1
        if not _started:
            gc.set_threshold(*_threshold)

    def _collect_if_due(self) -> None:
        global _frozen_after_thaw
        if not gc.isenabled():
            return  # paused by someone else (start-up, a plan build)
        app = self._owner.app
        if any(p is not None and p.message_queue_size for p in (app, app.screen, app.focused)):
            return  # a key or its messages are waiting: next time
        # Counting the frozen objects walks them all (≈ 2-7 ms at 10,000 accounts):
        # only once the user has paused, never on every look while keys may come.
        quiet = since_input() >= THAW_AFTER_QUIET
        if quiet and gc.get_freeze_count() - _frozen_after_thaw >= THAW_GROWTH:
            gc.unfreeze()  # the user is reading: the complete collection now
            gc.collect()
            gc.freeze()
            _frozen_after_thaw = gc.get_freeze_count()
            return
        if gc.get_count()[2] <= _threshold[2]:
            return  # fewer younger collections than a full one would wait for
        gc.collect()
        gc.freeze()


_started = 0  # collectors started and not stopped
_threshold: tuple[int, ...] = gc.get_threshold()  # the thresholds before the first start
_last_input = 0.0  # monotonic time of the last input event
_frozen_after_thaw = 0  # objects frozen right after start-up or the last complete collection
