"""What the dashboard's first frame does not load: the modules of other commands and
screens (report, calendar, discover, import/export) and their libraries. Every module
imported before the first frame is paid on every start (benchmarks/analysis.md);
these are needed only after a key or a command asks for them."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

# The real entry point, headless at 120×36, ending at its first frame (as
# benchmarks/instructions.py counts it); then the names of every loaded module.
_FIRST_FRAME = """
import sys
from textual.app import App

display, run = App._display, App.run
painted = []

def first_frame_then_exit(self, screen, renderable):
    display(self, screen, renderable)
    if renderable is not None:
        painted.append(True)
        self.exit()

App._display = first_frame_then_exit
App.run = lambda self, **kwargs: run(self, headless=True, size=(120, 36))
from acctexit.cli import main

status = main(["--lang", "en", "--today", "2026-11-24", "--demo"])
print("painted" if painted and status == 0 else "not painted")
print("\\n".join(sorted(sys.modules)))
"""

# Libraries and modules only another command or screen needs.
NOT_BEFORE_FIRST_FRAME = {
    "jinja2",  # the report's templates
    "markupsafe",
    "icalendar",  # the ICS export
    "defusedxml",  # discover's XML reader
    "xml.etree.ElementTree",
    "csv",  # import / export / discover
    "tomllib",  # a catalog or strings file edited since the last build
    "hashlib",  # log hashes, on the first write
    "sqlite_utils",  # migrations
    "zipfile",
    "acctexit.discover",
    "acctexit.app.report",
    "acctexit.store.exchange",
    "acctexit.store.importing",  # Store.apply_import loads it (and these two) on use
    "acctexit.store.import_records",
    "acctexit.store.batch",
    "acctexit.catalog.validate",
    "acctexit.tui.widgets.filter_field",  # mounted when the filter is first opened
    "acctexit.tui.widgets.steady_input",  # its base, and the note dialog's field
    "acctexit.commands.discover",
    "acctexit.commands.export",
}


def test_the_first_frame_loads_no_module_of_other_commands(tmp_path: Path) -> None:
    env = {**os.environ, "XDG_DATA_HOME": str(tmp_path), "TERM": "xterm-256color"}
    env.pop("ACCTEXIT_DB", None)
    result = subprocess.run(
        [sys.executable, "-c", _FIRST_FRAME],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=True,
    )
    status, *modules = result.stdout.split()
    assert status == "painted", result.stdout[-2000:] + result.stderr[-2000:]
    assert "acctexit.tui.screens.dashboard" in modules  # it really started the app
    loaded = set(modules)
    early = {m for m in loaded if m in NOT_BEFORE_FIRST_FRAME}
    early |= {m for m in loaded if m.split(".")[0] in NOT_BEFORE_FIRST_FRAME}
    early |= {m for m in loaded if m.startswith(("acctexit.discover.", "acctexit.app.report."))}
    assert early == set()
