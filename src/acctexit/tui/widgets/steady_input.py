"""An `Input` whose text changes lay nothing out: for text fields of fixed size.

Textual's `Input` sets its scroll extent (`virtual_size`) to its text's width on
every change, and that reactive lays the whole screen out: one layout per typed key
(≈ 6 ms of a filter key at 10,000 accounts; benchmarks/analysis.md, "keys2"). A field
whose size the stylesheet fixes (Input's own `width: 100%; height: 3`) and whose
horizontal scrollbar has no size (`scrollbar-size-horizontal: 0`) needs no layout for
it: the extent only bounds the horizontal scroll, which reads it directly, so a
repaint of the field is enough.
"""

from __future__ import annotations

from textual.geometry import Size
from textual.reactive import Reactive
from textual.widgets import Input


class SteadyInput(Input):
    """A one-line text field that repaints, rather than lays the screen out, per key.

    Only for fields whose size does not follow their text (see the module's docstring);
    an `Input` with `width: auto` would need the layout."""

    virtual_size: Reactive[Size] = Reactive(Size(0, 0), layout=False)
