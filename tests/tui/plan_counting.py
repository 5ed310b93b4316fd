"""Counting the plans the workspace derives, for the tests that say a key re-uses the
kept plan (filter, L, R, moving, a note)."""

from __future__ import annotations

from typing import Any

import pytest

from acctexit.app.workspace import StoreView, Workspace
from acctexit.tui.app import AcctExitApp


def count_plans(app: AcctExitApp, monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """A list that grows by one each time the workspace derives a plan."""
    derived: list[int] = []
    compute = Workspace.compute

    def counting(self: Workspace, view: StoreView) -> Any:
        derived.append(1)
        return compute(self, view)

    monkeypatch.setattr(Workspace, "compute", counting)
    return derived
