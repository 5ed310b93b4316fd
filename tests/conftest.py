"""Shared fixtures: every test gets its own data dir and a fixed clock."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

# The date every test treats as "today", so countdowns and snapshots never drift.
TODAY = date(2026, 11, 24)
NOW = datetime(2026, 11, 24, 9, 30, tzinfo=UTC)


@pytest.fixture(autouse=True)
def private_data_home(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Path:
    """Point XDG_DATA_HOME at a fresh folder so no test can touch the real user data."""
    home = tmp_path_factory.mktemp("xdg-data")
    monkeypatch.setenv("XDG_DATA_HOME", str(home))
    monkeypatch.delenv("ACCTEXIT_DB", raising=False)
    monkeypatch.setenv("LANG", "C.UTF-8")
    monkeypatch.delenv("LC_ALL", raising=False)
    monkeypatch.delenv("LC_MESSAGES", raising=False)
    return home


@pytest.fixture
def today() -> date:
    return TODAY


class StepClock:
    """A deterministic clock for the store: NOW, then one second later on each call."""

    def __init__(self, start: datetime = NOW) -> None:
        self.next = start

    def __call__(self) -> datetime:
        current = self.next
        self.next = current + timedelta(seconds=1)
        return current


@pytest.fixture
def clock() -> Callable[[], datetime]:
    return StepClock()
