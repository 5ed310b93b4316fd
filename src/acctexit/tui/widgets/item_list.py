"""A scrolling list of multi-line items drawn through Textual's line API.

The steps and log panes are repainted on every Space. Textual's `OptionList`
re-wraps and re-renders every option whenever one changes (replacing one prompt or
calling `set_options` clears all its caches), which cost most of a Space's frame.
Here each item is wrapped once per (key, width) and each line becomes a `Strip`
once per look (cursor, focus, theme); an item whose key changes is the only one
drawn again.

A new set of more than EAGER_ITEMS items, or a new width, is wrapped only as far as
the view and the cursor reach; the items below count one line each until the rest are
wrapped just after that frame (or at once, when a key, a click or a scroll reaches
them). The log pane holds 60 entries and shows about ten: wrapping them all held up
the first frame.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable, Hashable, Sequence
from typing import Any, ClassVar

from textual.binding import Binding, BindingType
from textual.content import Content
from textual.events import Click
from textual.geometry import Region, Size
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from acctexit.tui.commands import Scope, bindings_for
from acctexit.tui.widgets.lines import line_strip, set_extent

PAD = 1  # cells of padding left and right of every line
MAX_CACHED = 4096
EAGER_ITEMS = 16  # lists of up to this many items are wrapped whole at once

# The moves every list pane shares (the account list too): the arrows, and the paging
# keys from the command table (so `?` lists them); j/k come from commands.py too.
CURSOR_BINDINGS: list[BindingType] = [
    Binding("down", "cursor_down", "Down", show=False),
    Binding("up", "cursor_up", "Up", show=False),
    *bindings_for(Scope.CURSOR, None),
]


class ItemList(ScrollView, can_focus=True):
    """Subclasses say what an item looks like (`item_lines`) and what a click on the
    highlighted item does (`select`); `set_items` takes one hashable
    key per item that changes whenever the item's look does."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {"item-list--cursor"}
    DEFAULT_CSS = """
    ItemList { background: transparent; }
    ItemList > .item-list--cursor { background: $boost; }
    ItemList:focus > .item-list--cursor {
        background: $block-cursor-background; color: $block-cursor-foreground;
    }
    """
    # No Enter: in the steps pane a second Enter (or key repeat) after the one that
    # opened it would tick a step. Space ticks; a click on the highlighted item selects.
    BINDINGS: ClassVar[list[BindingType]] = CURSOR_BINDINGS

    highlighted: reactive[int | None] = reactive(None, always_update=False)

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._keys: list[Hashable] = []
        self._starts: list[int] = []  # first line of each item
        self._total = 0  # lines of all items
        self._measured_width = 0  # the text width _starts was measured at (0: not yet)
        self._exact = 0  # items wrapped so far (a prefix); the rest count one line each
        # A click acts on the highlighted item only once the user is working in this
        # list: the cursor sits on an item even while another pane has focus, and the
        # click that focuses the list must not tick the step under it.
        self._armed = False
        # The view was put at the highlighted item's top and the user has not moved since
        # (a resize or the items below being measured keep it there).
        self._top_pending = False
        self._wrapped: dict[tuple[Hashable, int], list[Content]] = {}
        self._strips: dict[tuple[Any, ...], Strip] = {}

    # What subclasses provide ------------------------------------------------------
    def item_lines(self, index: int, width: int) -> list[Content]:
        """Item `index` as lines at most `width` cells wide."""
        raise NotImplementedError

    def select(self, index: int) -> None:
        """A second click on the highlighted item."""

    # Items --------------------------------------------------------------------------
    @property
    def text_width(self) -> int:
        return max(8, self.scrollable_content_region.width - 2 * PAD)

    @property
    def item_count(self) -> int:
        return len(self._keys)

    def set_items(
        self, keys: Sequence[Hashable], highlight: int | None = None, top: bool = False
    ) -> None:
        """Show items with these keys (their looks come from `item_lines`); with `top`,
        the highlighted item's first line is the first line in view."""
        self._keys = list(keys)
        n = len(self._keys)
        target = self.highlighted
        if not n:
            target = None
        elif highlight is not None:
            target = max(0, min(highlight, n - 1))
        elif target is not None and target >= n:
            target = n - 1
        self._measure(lazy_through=target or 0)
        self.highlighted = target
        self._settle_scroll(top)  # new items: show the cursor with as much above it as fits
        self.refresh()

    def replace_item(self, index: int, key: Hashable) -> None:
        """Item `index` looks different now; only it is wrapped and drawn again."""
        self._keys[index] = key
        if (
            not self._fresh()
            or index >= len(self._starts)  # no layout yet (a pane with no room at all)
            or len(self._lines_of(index)) != self._height(index)
        ):
            self._measure()  # it grew or shrank: the items below it move
            self.scroll_to_highlight()
        self.refresh()

    def _lines_of(self, index: int) -> list[Content]:
        width = self.text_width
        cache_key = (self._keys[index], width)
        lines = self._wrapped.get(cache_key)
        if lines is None:
            if len(self._wrapped) > MAX_CACHED:
                self._wrapped.clear()
            lines = self._wrapped[cache_key] = self.item_lines(index, width) or [Content("")]
        return lines

    def wrap_ahead(
        self, keys: Sequence[Hashable], lines: Callable[[int, int], list[Content]]
    ) -> None:
        """Wrap items with these keys at the current width before they are shown
        (`lines(n, width)` makes the lines of the item of `keys[n]`), so that showing
        them needs no wrapping: the pane is laid out whole in the frame that shows them."""
        if not self.size.width:
            return  # no layout yet: nothing to wrap for
        width = self.text_width
        for n, key in enumerate(keys):
            if (key, width) not in self._wrapped:
                if len(self._wrapped) > MAX_CACHED:
                    self._wrapped.clear()
                self._wrapped[key, width] = lines(n, width) or [Content("")]

    def _height(self, index: int) -> int:
        end = self._starts[index + 1] if index + 1 < len(self._starts) else self._total
        return end - self._starts[index]

    def _measure(self, lazy_through: int | None = None) -> None:
        """Lay out every item's lines; with `lazy_through`, wrap only the items up to
        that one (the cursor's) and down to the bottom of the view, and the rest just
        after the next frame (see the module's docstring)."""
        starts: list[int] = []
        total = exact = 0
        width = self.text_width if self.size.width else 0
        if len(self._keys) <= EAGER_ITEMS:
            # (an account's steps): cheaper now than the extra frame wrapping them
            lazy_through = None  # after this one draws, ≈ 1 ms of a filter key
        if width:  # before the first layout nothing can be wrapped yet
            view_end = self.scroll_offset.y + self.scrollable_content_region.height
            wrapped, keys = self._wrapped, self._keys
            through = len(keys) if lazy_through is None else lazy_through
            for i in range(len(keys)):
                starts.append(total)
                lines = wrapped.get((keys[i], width))  # (`wrap_ahead` may have done it)
                if lines is None and (i <= through or total < view_end):
                    lines = self._lines_of(i)
                if lines is None:
                    total += 1  # until _measure_rest
                else:
                    total += len(lines)
                    exact += exact == i  # (a prefix: the items laid out in full)
        self._starts, self._total, self._measured_width = starts, total, width
        self._exact = exact
        set_extent(self, Size(self.scrollable_content_region.width, total))
        if exact < len(starts):
            self.call_after_refresh(self._measure_rest)

    def _measure_rest(self) -> None:
        if self.is_attached and not self._fresh():
            offset = self.scroll_offset
            self._measure()
            if self._top_pending:  # the items below now have their real heights
                self._settle_scroll(top=True)
            # The items wrapped now start below the view: it only changes if it moved
            if self.scroll_offset != offset:  # (the scrollbar follows by itself)
                self.refresh()

    def _width_fresh(self) -> bool:
        return self._measured_width == (self.text_width if self.size.width else 0)

    def _fresh(self) -> bool:
        """Whether every item is laid out, for the current width. Textual may draw at a
        new width before `on_resize` has run, so readers of `_starts` check this first."""
        return self._width_fresh() and self._exact == len(self._starts)

    def _wrapped_lines(self) -> int:
        """Lines of the items wrapped so far: above it, every line is where it stays."""
        return self._starts[self._exact] if self._exact < len(self._starts) else self._total

    def _laid_out_through(self, index: int) -> None:
        """Make sure item `index` and those above it sit where they will stay."""
        if not self._width_fresh() or index >= self._exact:
            self._measure(lazy_through=index)

    def on_resize(self) -> None:
        self._measure(lazy_through=self.highlighted or 0)
        self._settle_scroll(self._top_pending)
        self.refresh()

    def _settle_scroll(self, top: bool = False) -> None:
        """Scroll as little as keeps the highlighted item in view, from the top; with
        `top`, put the item's first line at the top of the view (until the user moves).

        Not relative to the current offset: a pane that was folded to one line while
        the items arrived would otherwise stay scrolled once it unfolds."""
        self._top_pending = top
        n = self.highlighted
        height = self.scrollable_content_region.height
        if n is None or not (0 <= n < len(self._starts)) or height <= 0:
            return
        self._laid_out_through(n)
        if n >= len(self._starts):  # laid out again at no width at all
            return
        start = self._starts[n]
        target = start if top else max(0, min(start, start + self._height(n) - height))
        self.scroll_to(y=target, animate=False, force=True)

    def item_text(self, index: int) -> str:
        """Item `index` as shown: plain text, one line per screen line."""
        return "\n".join(c.plain.rstrip() for c in self._lines_of(index))

    # Cursor -------------------------------------------------------------------------
    def watch_highlighted(self, old: int | None, new: int | None) -> None:
        self.scroll_to_highlight()
        self.refresh()

    def scroll_to_highlight(self) -> None:
        n = self.highlighted
        if n is None or not (0 <= n < len(self._starts)):
            return
        self._laid_out_through(n)
        if n >= len(self._starts):  # laid out again at no width at all
            return
        region = Region(0, self._starts[n], 1, self._height(n))
        self.scroll_to_region(region, animate=False, force=True, top=False)

    def on_focus(self) -> None:
        if self.highlighted is None and self._keys:
            self.highlighted = 0

    def _move(self, target: int) -> None:
        self._armed = True  # keys mean the user is working in this list
        self._top_pending = False
        if self._keys:
            self.highlighted = max(0, min(len(self._keys) - 1, target))

    def action_cursor_down(self) -> None:
        self._move(0 if self.highlighted is None else self.highlighted + 1)

    def action_cursor_up(self) -> None:
        self._move(0 if self.highlighted is None else self.highlighted - 1)

    def _page(self, direction: int) -> None:
        """Move the cursor about one screen of lines, whole items at a time."""
        if not self._fresh():
            self._measure()
        if not self._starts:
            return
        n = self.highlighted or 0
        line = self._starts[n] + direction * max(1, self.scrollable_content_region.height - 1)
        target = bisect_right(self._starts, max(0, line)) - 1
        if target == n:
            target += direction
        self._move(target)

    def action_page_down(self) -> None:
        self._page(1)

    def action_page_up(self) -> None:
        self._page(-1)

    def action_first(self) -> None:
        self._move(0)

    def action_last(self) -> None:
        self._move(len(self._keys) - 1)

    def on_blur(self) -> None:
        self._armed = False

    def on_click(self, event: Click) -> None:
        # The first click only moves the cursor: a stray click never ticks a step.
        # The event's y counts the pane's border; the content's first line is below it.
        offset = event.get_content_offset(self)
        index = self._item_at(self.scroll_offset.y + offset.y) if offset is not None else None
        if index is None:
            return
        if index == self.highlighted and self._armed:
            self.select(index)
        self._armed = True
        self._top_pending = False
        self.highlighted = index

    def _item_at(self, line: int) -> int | None:
        if not self._fresh():
            self._measure()
        if not (0 <= line < self._total):
            return None
        return bisect_right(self._starts, line) - 1

    # Rendering ----------------------------------------------------------------------
    def render_line(self, y: int) -> Strip:
        line_no = self.scroll_offset.y + y
        if not self._width_fresh():  # drawn at a new width before on_resize has run
            self._measure(lazy_through=self.highlighted or 0)
        elif line_no >= self._wrapped_lines() and not self._fresh():
            self._measure()  # a line of an item not wrapped yet (scrolled to at once)
        width = self.scrollable_content_region.width
        if not (0 <= line_no < self._total):
            return Strip.blank(width, self.rich_style)
        index = bisect_right(self._starts, line_no) - 1
        offset = line_no - self._starts[index]
        cursor = index == self.highlighted
        key = (self._keys[index], offset, cursor, self.has_focus, width, self.app.theme)
        strip = self._strips.get(key)
        if strip is not None:
            return strip
        style = self.get_visual_style("item-list--cursor") if cursor else self.visual_style
        content = Content.assemble(" " * PAD, self._lines_of(index)[offset])
        strip = line_strip(content, width, style, self._get_style)
        if len(self._strips) > MAX_CACHED:
            self._strips.clear()
        self._strips[key] = strip
        return strip
