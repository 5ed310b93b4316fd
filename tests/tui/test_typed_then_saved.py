"""Keys that arrive together — a fast typist, a paste, a terminal sending a burst — are
handled in order: Ctrl+S right after the last character saves what was typed.

Ctrl+S used to be a priority binding, run by the app as soon as the key arrived while the
characters before it still waited in the field's queue: the form then checked the old
value. An empty field was refused with "fix the fields marked in red" and no field red
(the characters landed a moment later); a changed field saved its old value."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from textual import events

from acctexit.tui.screens.dashboard import DashboardScreen
from acctexit.tui.screens.number_form import NumberForm
from acctexit.tui.screens.picker import PlatformPicker

SIZE = (120, 36)


def burst(app: Any, *keys: str) -> None:
    """Post every key before any is handled, as a terminal delivers a burst."""
    for key in keys:
        char = key if len(key) == 1 else None
        app.post_message(events.Key(key, char))


async def settle(pilot: Any, done: Any) -> None:
    for _ in range(100):
        if done():
            return
        await pilot.pause(0.02)


async def open_number_form(pilot: Any) -> None:
    await pilot.pause()
    await pilot.press("N")
    await settle(pilot, lambda: isinstance(pilot.app.screen, NumberForm))


async def close_picker(pilot: Any) -> None:
    """The picker for the new number's accounts may follow a save: leave it."""
    if isinstance(pilot.app.screen, PlatformPicker):
        await pilot.press("escape")
    await settle(pilot, lambda: isinstance(pilot.app.screen, DashboardScreen))


async def test_a_number_typed_and_saved_in_one_burst_is_saved_as_typed(
    open_app: Any, demo_db: Path
) -> None:
    app = open_app(demo_db, "en")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        before = len(app.screen.snapshot.numbers)
        await open_number_form(pilot)
        burst(app, *"19200001234", "ctrl+s")
        await settle(pilot, lambda: not isinstance(app.screen, NumberForm))
        await pilot.pause()
        # Saved at once: the picker for the new number's accounts follows, or the dashboard.
        assert isinstance(app.screen, PlatformPicker | DashboardScreen), app.screen
        await close_picker(pilot)
        numbers = app.screen.snapshot.numbers
        assert len(numbers) == before + 1
        assert numbers[-1].e164 == "+8619200001234"


async def test_a_change_typed_and_saved_in_one_burst_saves_the_new_value(
    open_app: Any, demo_db: Path
) -> None:
    app = open_app(demo_db, "en")
    async with app.run_test(size=SIZE) as pilot:
        await open_number_form(pilot)
        await pilot.press(*"19200001234", "tab", *"Old")  # valid as it is: the form could save it
        burst(app, *" phone", "ctrl+s")
        await settle(pilot, lambda: not isinstance(app.screen, NumberForm))
        await close_picker(pilot)
        assert app.screen.snapshot.numbers[-1].label == "Old phone"
