"""Full garbage collections run between keys while the dashboard is up: automatic ones
are off, the dashboard's timer runs one when it is due, and leaving the app turns the
automatic ones back on."""

from __future__ import annotations

import gc
import weakref
from pathlib import Path
from typing import Any

from acctexit.tui import collector
from acctexit.tui.screens.dashboard import GC_RESUME_DELAY


async def test_full_collections_run_from_the_timer_and_come_back_after(
    open_app: Any, demo_db: Path
) -> None:
    before = gc.get_threshold()
    full: list[int] = []

    def probe(phase: str, info: dict[str, int]) -> None:
        if phase == "start" and info["generation"] == 2:
            full.append(1)

    app = open_app(demo_db)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause(GC_RESUME_DELAY + 0.1)
        assert gc.get_threshold()[2] == collector.NEVER  # no automatic full collection
        gc.callbacks.append(probe)
        try:
            for _ in range(before[2] + 1):  # as many younger collections as make one due
                gc.collect(1)
            assert gc.get_count()[2] > before[2]
            await pilot.pause(collector.CHECK_EVERY * 2 + 0.1)
        finally:
            gc.callbacks.remove(probe)
        assert full  # the timer ran it
        assert gc.get_count()[2] <= before[2]
    assert gc.get_threshold() == before


class Cycle:
    """An object in a reference cycle: only the cyclic collector frees it."""

    def __init__(self) -> None:
        self.me = self


def make_full_collection_due() -> None:
    for _ in range(gc.get_threshold()[1] + 1):
        gc.collect(1)


async def cycle_frozen_alive(pilot: Any) -> weakref.ref[Cycle]:
    """A cycle alive when the timer's collection freezes what survives, then dropped:
    garbage only a complete collection can free. Its weak reference."""
    kept = Cycle()
    gone = weakref.ref(kept)
    make_full_collection_due()
    await pilot.pause(collector.CHECK_EVERY + 0.1)
    del kept
    return gone


async def test_survivors_are_frozen_and_a_pause_collects_them_in_full(
    open_app: Any, demo_db: Path, monkeypatch: Any
) -> None:
    """A timer's collection freezes what survives it (the next one scans only what is
    newer); a cycle that was alive then is still freed once the user pauses (after
    enough has been frozen: here, anything)."""
    monkeypatch.setattr(collector, "THAW_AFTER_QUIET", 0.6)
    monkeypatch.setattr(collector, "THAW_GROWTH", 1)
    app = open_app(demo_db)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause(GC_RESUME_DELAY + 0.1)
        kept = Cycle()
        gone = weakref.ref(kept)
        frozen = gc.get_freeze_count()
        await pilot.press("down")  # input: the pause is measured from here
        make_full_collection_due()
        await pilot.pause(collector.CHECK_EVERY + 0.1)
        assert gc.get_freeze_count() > frozen  # the timer collected and froze
        del kept
        gc.collect()  # a full collection leaves frozen objects alone
        assert gone() is not None
        await pilot.pause(collector.THAW_AFTER_QUIET + collector.CHECK_EVERY + 0.1)
        assert gone() is None  # the pause's complete collection freed it


async def test_keys_put_off_the_complete_collection(
    open_app: Any, demo_db: Path, monkeypatch: Any
) -> None:
    monkeypatch.setattr(collector, "THAW_AFTER_QUIET", 1.2)
    monkeypatch.setattr(collector, "THAW_GROWTH", 1)
    app = open_app(demo_db)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause(GC_RESUME_DELAY + 0.1)
        gone = await cycle_frozen_alive(pilot)
        for _ in range(6):  # a key every 0.3 s for longer than the pause it waits for
            await pilot.press("down")
            await pilot.pause(0.3)
        assert gone() is not None


async def test_little_frozen_since_start_needs_no_complete_collection(
    open_app: Any, demo_db: Path, monkeypatch: Any
) -> None:
    monkeypatch.setattr(collector, "THAW_AFTER_QUIET", 0.3)
    monkeypatch.setattr(collector, "THAW_GROWTH", 10**9)
    app = open_app(demo_db)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause(GC_RESUME_DELAY + 0.1)
        gone = await cycle_frozen_alive(pilot)
        await pilot.pause(collector.THAW_AFTER_QUIET + 2 * collector.CHECK_EVERY)
        assert gone() is not None  # kept frozen: not worth a complete collection yet
