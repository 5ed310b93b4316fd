"""The CLI pauses cyclic garbage collection (and shortens the thread switch interval)
while the first snapshot is built; the dashboard's first frame must switch both back,
or a long session would never collect cyclic garbage."""

from __future__ import annotations

import gc
import sys
from pathlib import Path
from typing import Any

from acctexit.tui.screens.dashboard import GC_RESUME_DELAY
from acctexit.tui.startup import pause_collection, resume_collection


async def test_collection_resumes_once_the_dashboard_is_painted(
    open_app: Any, demo_db: Path
) -> None:
    assert gc.isenabled()
    interval = sys.getswitchinterval()
    pause_collection()
    try:
        assert not gc.isenabled()
        assert sys.getswitchinterval() < interval
        app = open_app(demo_db)
        async with app.run_test(size=(120, 36)) as pilot:
            await pilot.pause(GC_RESUME_DELAY + 0.1)
            assert gc.isenabled()
            assert gc.get_freeze_count() > 0  # what start-up built is left out of later scans
            assert sys.getswitchinterval() == interval  # threads switch as usual again
    finally:
        resume_collection()
        gc.unfreeze()
        gc.enable()


def test_resume_leaves_a_collector_it_did_not_pause_alone() -> None:
    gc.disable()
    try:
        resume_collection()
        assert not gc.isenabled()  # someone else turned it off; not ours to turn on
    finally:
        gc.enable()
