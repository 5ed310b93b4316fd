"""The dashboard's parts are plain classes (part.py): every `@on` handler they declare
is still dispatched by the screen they make up, and a part declaring what Textual
would ignore on a plain class is refused."""

from __future__ import annotations

from typing import Any

import pytest
from textual import on
from textual.app import App, ComposeResult
from textual.dom import DOMNode
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Static

from acctexit.tui.screens.dashboard import DashboardScreen
from acctexit.tui.screens.dashboard.filtering import Filtering
from acctexit.tui.screens.dashboard.flow_keys import FlowKeys
from acctexit.tui.screens.dashboard.panes import Panes
from acctexit.tui.screens.dashboard.part import DashboardPart, with_part_handlers
from acctexit.tui.screens.dashboard.prompts import Prompts
from acctexit.tui.screens.dashboard.ticks import Ticks

PARTS = (FlowKeys, Filtering, Prompts, Ticks, Panes, DashboardPart)


def _declared(cls: type) -> set[tuple[Any, Any, str]]:
    """The `@on` handlers written in `cls`'s own body: (message, function, selectors)."""
    return {
        (message, value, repr(selectors))
        for value in vars(cls).values()
        for message, selectors in getattr(value, "_textual_on", ())
    }


def _dispatched(screen: type) -> list[tuple[Any, Any, str]]:
    """What Textual's dispatch finds for `screen`: each class's own table along the MRO
    (textual.message_pump.MessagePump._get_dispatch_methods)."""
    found = []
    for cls in screen.__mro__:
        for message, handlers in vars(cls).get("_decorated_handlers", {}).items():
            found += [(message, method, repr(selectors)) for method, selectors in handlers]
    return found


def test_the_parts_are_not_textual_classes() -> None:
    # What the start saves: Textual makes none of them (part.py's docstring).
    assert not any(issubclass(part, DOMNode) for part in PARTS)
    assert issubclass(DashboardScreen, Screen)


def test_every_handler_of_every_part_is_dispatched_once_and_in_order() -> None:
    own = _declared(DashboardScreen)
    parts = [_declared(part) for part in PARTS]
    assert len(own) == 3 and sum(map(len, parts)) >= 4  # what the parts handle today
    dispatched = _dispatched(DashboardScreen)
    assert len(dispatched) == len(set(dispatched))  # none twice
    assert set(dispatched) == own.union(*parts)
    # The screen's own first, then each part's in MRO order, as Textual's walk over
    # classes of its own would have found them.
    owner = {entry: i for i, handlers in enumerate([own, *parts]) for entry in handlers}
    assert [owner[entry] for entry in dispatched] == sorted(owner[e] for e in dispatched)


class Ping(Message):
    pass


class _Part:
    heard: list[str]

    @on(Ping)
    def _pinged(self, event: Ping) -> None:
        self.heard.append("part")


class _Own(Screen[None]):
    def __init__(self) -> None:
        super().__init__()
        self.heard: list[str] = []

    def compose(self) -> ComposeResult:
        yield Static("x")


class _Unmerged(_Part, _Own):
    pass


@with_part_handlers
class _Merged(_Part, _Own):
    pass


@pytest.mark.parametrize(("screen_class", "heard"), [(_Unmerged, []), (_Merged, ["part"])])
async def test_a_posted_message_reaches_a_plain_part_only_through_the_decorator(
    screen_class: type[_Own], heard: list[str]
) -> None:
    screen = screen_class()
    app: App[None] = App()
    async with app.run_test() as pilot:
        await app.push_screen(screen)
        screen.post_message(Ping())
        await pilot.pause()
        assert screen.heard == heard


def test_a_part_with_bindings_is_refused() -> None:
    class Keys:
        BINDINGS = (("x", "nothing", "Nothing"),)

    with pytest.raises(TypeError, match="BINDINGS"):

        @with_part_handlers
        class _Screen(Keys, Screen[None]):
            pass
