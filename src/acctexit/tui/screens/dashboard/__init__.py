"""The dashboard: accounts, risk, steps and log for the user's numbers.

One module per job: screen.py (layout, reading and repainting, which row the side
panes follow), panes.py (what the side panes show), ticks.py (tick, undo, skip),
prompts.py (the note and skip-reason questions), filtering.py (/), flow_keys.py (the
keys that start dialogs, and the calendar); part.py is what they share.
"""

from acctexit.tui.screens.dashboard.screen import (
    GC_RESUME_DELAY,
    NARROW_BELOW,
    PANE_DELAY,
    RECOMPUTE_DELAY,
    DashboardScreen,
)

__all__ = [
    "GC_RESUME_DELAY",
    "NARROW_BELOW",
    "PANE_DELAY",
    "RECOMPUTE_DELAY",
    "DashboardScreen",
]
