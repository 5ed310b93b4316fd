"""Full garbage collections between keys, not in the middle of one.

After start-up (`acctexit.tui.startup`) the cyclic collector's full collections still
come whenever enough objects have piled up, which is always while a key is being
handled (that is when objects are made): at 10,000 accounts one takes 15-35 ms, on
top of a key whose budget is 16 ms (a filter key) or 50 ms (L, R, a note); see
benchmarks/analysis.md, 2026-12-06 keys. While the dashboard is up, the automatic full
collections are switched off and a timer runs them instead, when as many younger
collections have passed as would have triggered one, no message is waiting and the
app has been nearly idle for a moment (a key's messages can all be handled while
its frames are still to come: a collection there, 15-35 ms, was counted into that key).
The youngest two generations are collected as usual.
"""

from __future__ import annotations

import gc
import time

from textual.message_pump import MessagePump
from textual.timer import Timer

CHECK_EVERY = 0.5  # seconds between looks at the collector's counts
NEVER = 1 << 30  # a threshold no count reaches
QUIET_WINDOW = 0.05  # seconds the app must be nearly idle before a full collection
QUIET_SHARE = 0.1  # "nearly idle": at most this share of the window spent on the CPU


class IdleCollector:
    """Runs the full collections from a timer of `owner` while started."""

    def __init__(self, owner: MessagePump) -> None:
        self._owner = owner
        self._timer: Timer | None = None
        # (wall, CPU time) when a due collection began waiting for a quiet moment
        self._since: tuple[float, float] | None = None

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
        if gc.get_count()[2] <= _threshold[2] or self._since is not None:
            return  # fewer younger collections than a full one would wait for
        if not self._busy():
            self._since = (time.perf_counter(), time.process_time())
            self._owner.set_timer(QUIET_WINDOW, self._collect_if_quiet)

    def _busy(self) -> bool:
        """Whether a key or its messages are waiting (a message bubbling up from the
        focused widget may be in any of its containers' queues)."""
        app = self._owner.app
        focused = app.focused
        chain = focused.ancestors_with_self if focused is not None else [app.screen, app]
        return app.message_queue_size > 0 or any(p.message_queue_size for p in chain)

    def _collect_if_quiet(self) -> None:
        """Collect if the app has been (nearly) idle for the last QUIET_WINDOW: no
        message waiting is not enough, a key's frames may still be coming."""
        assert self._since is not None
        wall, cpu = time.perf_counter() - self._since[0], time.process_time() - self._since[1]
        self._since = None
        if self._timer is None or not gc.isenabled() or self._busy():
            return
        if cpu <= QUIET_SHARE * wall:
            gc.collect()  # (else at the next look)


_started = 0  # collectors started and not stopped
_threshold: tuple[int, ...] = gc.get_threshold()  # the thresholds before the first start
