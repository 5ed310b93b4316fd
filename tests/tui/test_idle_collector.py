"""Full garbage collections run between keys while the dashboard is up: automatic ones
are off, the dashboard's timer runs one when it is due, and leaving the app turns the
automatic ones back on."""

from __future__ import annotations

import gc
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
