"""The dashboard's filter field: a `SteadyInput` (no layout of the screen per key)
that does not validate and says each new text to the screen at once.

Loaded when the filter is first opened (acctexit.tui.screens.dashboard.filtering),
not at start.
"""

from __future__ import annotations

from collections.abc import Callable

from textual import events
from textual.message import Message

from acctexit.tui.widgets.steady_input import SteadyInput


class FilterField(SteadyInput):
    """The filter's text field; `on_change` is called with each new text, within the
    key that made it, and whether more keys wait for the field (the rest of a burst:
    fast typing, a terminal's paste)."""

    # It stands above the accounts pane while a filter is in use, bordered as a pane.
    # Here rather than in app.tcss: Textual parses a widget's CSS when the widget is
    # first mounted, and every start parsed these four rules (≈ 0.4 ms) for nothing.
    # (Its `:focus` rule outranks Input's own `Input:focus`: same specificity, and a
    # subclass's default CSS wins the tie.)
    DEFAULT_CSS = """
    FilterField {
        display: none; height: 3; padding: 0 1;
        border: round $panel-lighten-2; border-title-color: $text-muted;
    }
    FilterField:focus { border: round $accent; border-title-color: $accent; }
    FilterField.-active { display: block; }
    """

    def __init__(
        self,
        placeholder: str = "",
        *,
        id: str | None = None,
        on_change: Callable[[str, bool], None] | None = None,
    ) -> None:
        # No validation: the filter has no validators, and Textual's Input would still
        # "validate" on the first key and add its "-valid" class, restyling the field
        # inside that key (≈ 1.7 ms of the first filter key at 10,000 accounts).
        super().__init__(placeholder=placeholder, id=id, validate_on=())
        self._on_change = on_change
        self._keys_waiting = 0  # keys passed on to this field and not handled yet

    def watch_value(self, value: str) -> None:
        # Called within the key that changed the text, so the list and the side panes
        # change in the same frame as the field. Input's `Changed` message comes a
        # frame later: the field drew its new text alone first, and the filter's work
        # waited behind that frame (benchmarks/analysis.md, 2026-12-06 lead).
        if self._on_change is not None:
            self._on_change(value, self._keys_waiting > 0)

    def post_message(self, message: Message) -> bool:
        if isinstance(message, events.Key):
            self._keys_waiting += 1
        return super().post_message(message)

    def on_key(self) -> None:  # (before Input's own handler: this class comes first)
        self._keys_waiting = max(0, self._keys_waiting - 1)
