"""What the dashboard tests look at: the dashboard screen itself, the ids of the account
list's lines, and how many plans the workspace derives (a key that re-uses the kept plan
derives none)."""

from __future__ import annotations

from typing import Any

import pytest

from acctexit.app.workspace import StoreView, Workspace
from acctexit.tui.app import AcctExitApp
from acctexit.tui.screens.dashboard import DashboardScreen
from acctexit.tui.widgets.account_list import AccountList


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


def shown_ids(app: AcctExitApp) -> list[str]:
    """The ids of the rows the account list shows ("a3", "n1", "n1-discover"), in order."""
    accounts = dashboard(app).query_one(AccountList)
    return [i for n in range(accounts.line_count) if (i := accounts.line_id(n))]
