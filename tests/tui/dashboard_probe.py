"""What the dashboard tests look at: the dashboard screen itself, and how many plans the
workspace derives (a key that re-uses the kept plan derives none)."""

from __future__ import annotations

from typing import Any

import pytest

from acctexit.app.workspace import StoreView, Workspace
from acctexit.tui.app import AcctExitApp
from acctexit.tui.screens.dashboard import DashboardScreen


def count_plans(app: AcctExitApp, monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """A list that grows by one each time the workspace derives a plan."""
    derived: list[int] = []
    compute = Workspace.compute

    def counting(self: Workspace, view: StoreView) -> Any:
        derived.append(1)
        return compute(self, view)

    monkeypatch.setattr(Workspace, "compute", counting)
    return derived


def dashboard(app: AcctExitApp) -> DashboardScreen:
    assert isinstance(app.screen, DashboardScreen)
    return app.screen
