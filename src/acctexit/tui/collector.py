"""Full garbage collections between keys, not in the middle of one.

After start-up (`acctexit.tui.startup`) the cyclic collector's full collections still
come whenever enough objects have piled up, which is always while a key is being
handled (that is when objects are made): at 10,000 accounts one takes 15-35 ms, on
top of a key whose budget is 16 ms (a filter key) or 50 ms (L, R, a note); see
benchmarks/analysis.md, 2026-12-06 keys. While the dashboard is up, the automatic full
collections are switched off and a timer runs them instead, when as many younger
collections have passed as would have triggered one and no message is waiting.
The youngest two generations are collected as usual.
"""

from __future__ import annotations

import gc

from textual.message_pump import MessagePump
from textual.timer import Timer

CHECK_EVERY = 0.5  # seconds between looks at the collector's counts
NEVER = 1 << 30  # a threshold no count reaches


class IdleCollector:
    """Runs the full collections from a timer of `owner` while started."""

    def __init__(self, owner: MessagePump) -> None:
        self._owner = owner
        self._timer: Timer | None = None

    def start(self) -> None:
        if self._timer is not None:
            return
        global _started, _threshold
        if not _started:  # the first of any started: automatic full collections off
            _threshold = gc.get_threshold()
            gc.set_threshold(_threshold[0], _threshold[1], NEVER)
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
        if not gc.isenabled():
            return  # paused by someone else (start-up, a plan build)
        if gc.get_count()[2] <= _threshold[2]:
            return  # fewer younger collections than a full one would wait for
        app = self._owner.app
        if any(p is not None and p.message_queue_size for p in (app, app.screen, app.focused)):
            return  # a key or its messages are waiting: next time
        gc.collect()


_started = 0  # collectors started and not stopped
_threshold: tuple[int, ...] = gc.get_threshold()  # the thresholds before the first start
