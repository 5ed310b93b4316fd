"""SVG snapshots of an own service's step editor and the one-step form (100x30, zh).

Snapshot tests are plain `def` tests: `snap_compare` runs its own event loop.
Refresh with `pytest tests/tui/test_own_steps_snapshots.py --snapshot-update`.
"""

from __future__ import annotations

from typing import Any

from textual.app import App
from textual.pilot import Pilot
from textual.screen import Screen
from textual.widgets import Input

from acctexit.app.own import step_rows
from acctexit.domain.models import Category, OwnService, OwnStep
from acctexit.tui.screens.own_steps import OwnStepForm, OwnStepsScreen

SIZE = (100, 30)

SERVICE = OwnService(
    1,
    "宁波银行",
    Category.FINANCE,
    holds_funds=True,
    steps=(
        OwnStep("mine-1", "下载近一年流水", "网银 → 账户 → 明细"),
        OwnStep("mine-2", "取消代扣水电费"),
    ),
    edits=(OwnStep("rebind-phone", "在网银“安全中心”改手机号"),),
)


class Host(App[None]):
    def __init__(self, screen: Screen[Any]) -> None:
        super().__init__()
        self.dialog = screen

    def on_mount(self) -> None:
        self.push_screen(self.dialog)


async def still(pilot: Pilot[None]) -> None:
    """No blinking cursor in the picture."""
    await pilot.pause()
    for field in pilot.app.screen.query(Input):
        field.cursor_blink = False
    await pilot.pause()


def test_step_editor_snapshot(snap_compare: Any) -> None:
    screen = OwnStepsScreen("zh", SERVICE.name, step_rows(SERVICE, "zh"), "mine-1")
    assert snap_compare(Host(screen), terminal_size=SIZE, run_before=still)


def test_step_form_snapshot(snap_compare: Any) -> None:
    screen = OwnStepForm("zh", "改写步骤", "下载近一年流水", "网银 → 账户 → 明细")
    assert snap_compare(Host(screen), terminal_size=SIZE, run_before=still)
