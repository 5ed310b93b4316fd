"""The dashboard's filter field: an Input whose extent changes lay nothing out.

Loaded when the filter is first opened (acctexit.tui.screens.dashboard.filtering),
not at start.
"""

from __future__ import annotations

from textual.geometry import Size
from textual.reactive import Reactive
from textual.widgets import Input


class FilterField(Input):
    """The filter's text field, with no layout of the screen per key.

    Textual's `Input` sets its scroll extent to its text's width on every change,
    and that reactive lays the whole screen out (≈ 6 ms of a filter key at 10,000
    accounts, more while the side panes follow a new first match; benchmarks/
    analysis.md). This field's size is fixed by the stylesheet and its horizontal
    scrollbar has no size, so the extent only bounds the horizontal scroll, which
    reads it directly: a repaint of the field is enough."""

    virtual_size: Reactive[Size] = Reactive(Size(0, 0), layout=False)

    def __init__(self, placeholder: str = "", *, id: str | None = None) -> None:
        # No validation: the filter has no validators, and Textual's Input would still
        # "validate" on the first key and add its "-valid" class, restyling the field
        # inside that key (≈ 1.7 ms of the first filter key at 10,000 accounts).
        super().__init__(placeholder=placeholder, id=id, validate_on=())
