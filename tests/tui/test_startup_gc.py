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


# The real entry point in a process of its own, headless, ended at its first frame:
# how many cyclic collections ran from `main`'s call to that frame.
_COUNT_TO_FIRST_FRAME = """
import gc, os, sys
from textual.app import App

collections = []
gc.callbacks.append(lambda phase, info: phase == "stop" and collections.append(info))
display = App._display

def first_frame(self, screen, renderable):
    display(self, screen, renderable)
    if renderable is not None:
        print(len(collections), flush=True)
        os._exit(0)

App._display = first_frame
run = App.run
App.run = lambda self, **kwargs: run(self, headless=True, size=(120, 36))
from acctexit.cli import main
collections.clear()
main(["--demo", "--lang", "en", "--today", "2026-11-24"])
"""


def test_no_collection_runs_from_the_command_line_to_the_first_frame(tmp_path: Path) -> None:
    """Everything the start imports and builds (the store, the catalog, Textual, the
    dashboard) has no cycles to find: the collector is paused from `main`'s first line,
    not only once the app is about to run (it ran 24 times before, ≈ 2.6 ms)."""
    import os
    import subprocess

    env = {**os.environ, "XDG_DATA_HOME": str(tmp_path)}
    out = subprocess.run(
        [sys.executable, "-c", _COUNT_TO_FIRST_FRAME],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=True,
    )
    assert out.stdout.split() == ["0"], out.stderr[-2000:]


def test_a_command_runs_with_the_collector_on(
    capsys: Any, monkeypatch: Any, tmp_path: Path
) -> None:
    """The pause is for the app's start: a command (which may import a big file) runs
    with cyclic collection on, and nothing is frozen for it."""
    from acctexit.cli import main
    from acctexit.commands import plan

    seen = []
    real = plan.run
    monkeypatch.setattr(
        plan, "run", lambda args, ctx: seen.append(gc.isenabled()) or real(args, ctx)
    )
    frozen = gc.get_freeze_count()
    assert main(["--demo", "--lang", "en", "plan"]) == 0
    assert seen == [True]
    assert gc.isenabled() and gc.get_freeze_count() == frozen
