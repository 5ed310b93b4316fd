"""The account list widget: every row grouped by phase, riskiest first, resolved last.

The rows themselves (and the filter's rule) are data, in `acctexit.tui.viewmodel`.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from typing import Any, ClassVar

from rich.cells import cell_len
from textual.binding import BindingType
from textual.content import Content
from textual.events import Click
from textual.geometry import Region, Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from acctexit.domain.models import Lang, Phase, RiskLevel
from acctexit.i18n import translate
from acctexit.tui.commands import Scope, bindings_for
from acctexit.tui.render import badge, fit, level_word, plain
from acctexit.tui.viewmodel import Item, Line, Listing, Row, is_number_row
from acctexit.tui.widgets.item_list import CURSOR_BINDINGS, MAX_CACHED
from acctexit.tui.widgets.lines import line_strip, set_extent
from acctexit.tui.widgets.number_row import number_row_content

PROGRESS_WIDTH = 6  # "12/345"; a longer count takes its room from the name
MIN_NAME_WIDTH = 6


@cache
def badge_width(lang: Lang) -> int:
    """The level column: as wide as the longest level word in `lang`, plus its two
    spaces, so every badge fits and the progress column stays aligned."""
    return max(cell_len(level_word(level, lang)) for level in RiskLevel) + 2


def row_content(row: Row, lang: Lang, width: int) -> Content:
    """One line `width` cells wide: the name cut to fit, the risk badge, progress
    right-aligned. A row with no level lends the badge's column to its name; a
    number's row (discover, after-care) keeps its number whole, cutting the words
    before it instead."""
    progress = f"{row.done}/{row.total}".rjust(PROGRESS_WIDTH)
    level_cells = badge_width(lang)
    name_width = max(MIN_NAME_WIDTH, width - 1 - level_cells - cell_len(progress))
    name = row.name.get(lang)
    if row.level is None:
        name = _fit_number_row(row, name, name_width + level_cells)
        return Content.assemble(plain(name), " ", progress)
    level = badge(row.level, lang, level_cells)
    return Content.assemble(plain(fit(name, name_width)), " ", level, progress)


def _fit_number_row(row: Row, name: str, width: int) -> str:
    """`name` in `width` cells; a number's own row (its name ends with the number,
    see the phase_item_* strings) is cut before the number, never inside it."""
    if row.item.account_id is not None or cell_len(name) <= width:
        return fit(name, width)
    head, _, number = name.rpartition(" ")
    room = width - cell_len(number) - 1
    if not head or room < 1:
        return fit(name, width)
    return fit(f"{fit(head, room).rstrip()} {number}", width)


class AccountList(ScrollView, can_focus=True):
    """One line per account, grouped under phase headings; posts `Chosen` when the
    cursor lands on a row and `OpenSteps` on Enter or a click.

    A line-API widget: only the lines on screen are formatted, so 10,000 accounts
    open and scroll as fast as fifteen (an OptionList measures every option first).
    """

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "account-list--heading",
        "account-list--cursor",
    }
    DEFAULT_CSS = """
    AccountList { background: transparent; }
    AccountList > .account-list--heading { color: $accent; text-style: bold; }
    AccountList > .account-list--cursor { background: $boost; text-style: bold; }
    AccountList:focus > .account-list--cursor {
        background: $block-cursor-background; color: $block-cursor-foreground;
    }
    """
    # The list's moves and the accounts pane's keys, unlabelled (the dashboard switches
    # language in place; the key bar words them from the command table): bound here
    # rather than by a `localized` subclass made at start.
    BINDINGS: ClassVar[list[BindingType]] = [
        *CURSOR_BINDINGS,
        *bindings_for(Scope.ACCOUNTS, None),
    ]
    LOCALIZED_FOR: ClassVar[Lang | None] = None

    highlighted: reactive[int | None] = reactive(None, always_update=False)

    class Chosen(Message):
        def __init__(self, item: Item) -> None:
            super().__init__()
            self.item = item

    class OpenSteps(Message):
        pass

    def __init__(self, lang: Lang, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.lang: Lang = lang
        self._rows: list[Row] = []  # every row, in order (the filter hides some)
        self._listing: Listing | None = None  # the rows' lines per filter query
        self._lines: list[Line] = []  # what is shown: headings and visible rows
        self._index: Mapping[Item, int] = {}  # item -> line number
        self._query = ""
        self._strips: dict[tuple[Any, ...], Strip] = {}

    # Content ------------------------------------------------------------------
    def on_resize(self) -> None:
        # Names are cut to the width when drawn; only the scroll extent follows it.
        self.virtual_size = Size(self.scrollable_content_region.width, len(self._lines))
        if self.highlighted is not None:
            self.scroll_to_region(Region(0, self.highlighted, 1, 1), animate=False, force=True)
        self.refresh()

    def show(self, rows: list[Row], query: str = "", keep: Item | None = None) -> None:
        """Replace the rows, keeping the highlighted item where it still exists.

        Needs no layout: the rows are in place for the very first frame."""
        current = keep or self.current_item
        if rows is not self._rows or self._listing is None:
            self._rows, self._listing = rows, Listing(rows)
        self._query = query
        lines, index = self._listing.lines(query)  # made once per rows and query
        self._lines = lines
        self._index = index
        self._set_line_count(len(lines))
        self.refresh()
        target = self._index.get(current) if current is not None else None
        if target is None and query.strip():  # the first match, not a number's own row
            target = next((n for i, n in self._index.items() if i.phase or i.account_id), None)
        if target is None:
            target = next(iter(self._index.values()), None)
        self.highlighted = target

    def _set_line_count(self, count: int) -> None:
        """The scroll extent follows the lines shown, with no layout of the screen
        unless the scrollbar appears or goes (`set_extent`)."""
        set_extent(self, Size(self.scrollable_content_region.width, count))

    def prepare_search(self) -> None:
        """Fold the rows' search texts now, while nobody types, not on the first filter
        key (≈ 2–4 ms at 10,000 accounts; the rest of a broad first key is making its
        lines, benchmarks/analysis.md). Also for rows repainted in place since
        (`update_rows`), whose listing is otherwise made by the first key."""
        if self._listing is None and self._rows:
            self._listing = Listing(self._rows)
        if self._listing is not None:
            self._listing.prepare()

    def set_lang(self, lang: Lang) -> None:
        """Draw headings and badges in `lang` from now on (the rows carry their names)."""
        if lang != self.lang:
            self.lang = lang
            self._strips.clear()
            self.refresh()

    def refilter(self, query: str) -> None:
        """Show the rows already held that match `query`, keeping the highlighted one."""
        self.show(self._rows, query)

    def update_rows(self, rows: list[Row]) -> None:
        """Repaint rows in place when the same accounts are listed, else rebuild.

        Rows keep their places until the list is rebuilt (a filter, an added or
        removed account), so nothing jumps under the cursor after a tick.
        """
        new = {r.item: r for r in rows}
        if new.keys() != {r.item for r in self._rows}:
            self.show(rows, self._query)
            return
        self._rows = [new[r.item] for r in self._rows]
        self._listing = None  # levels may have changed
        self._lines = [new[line.item] if isinstance(line, Row) else line for line in self._lines]
        self.refresh()

    def row(self, item: Item) -> Row | None:
        line = self._line_for(item)
        return line if isinstance(line, Row) else None

    def _line_for(self, item: Item) -> Line | None:
        n = self._index.get(item)
        return self._lines[n] if n is not None else None

    # What tests and the screen read -------------------------------------------------
    @property
    def line_count(self) -> int:
        return len(self._lines)

    def line_id(self, n: int) -> str | None:
        """The option id of line `n` (None for a heading)."""
        line = self._lines[n]
        return line.item.option_id if isinstance(line, Row) else None

    def line_row(self, n: int) -> Row | None:
        """The row drawn on line `n` (None for a heading)."""
        line = self._lines[n]
        return line if isinstance(line, Row) else None

    def line_text(self, n: int) -> str:
        return self._line_content(self._lines[n], self.scrollable_content_region.width).plain

    @property
    def current_item(self) -> Item | None:
        n = self.highlighted
        if n is None or not (0 <= n < len(self._lines)):
            return None
        line = self._lines[n]
        return line.item if isinstance(line, Row) else None

    def select_item(self, item: Item) -> None:
        if item in self._index:
            self.highlighted = self._index[item]

    # Cursor ------------------------------------------------------------------------
    def watch_highlighted(self, old: int | None, new: int | None) -> None:
        if new is None:
            return
        if self.size.height:  # before the first layout: on_resize scrolls it into view
            self.scroll_to_region(Region(0, new, 1, 1), animate=False, force=True)
        self.refresh()
        item = self.current_item
        if item is not None:
            self.post_message(self.Chosen(item))

    def _step(self, start: int, direction: int) -> int | None:
        """The nearest row line from `start` going `direction`, skipping headings."""
        n = start
        while 0 <= n < len(self._lines):
            if isinstance(self._lines[n], Row):
                return n
            n += direction
        return None

    def _move(self, target: int, direction: int) -> None:
        target = max(0, min(len(self._lines) - 1, target))
        found = self._step(target, direction)
        if found is None:
            found = self._step(target, -direction)
        if found is not None:
            self.highlighted = found

    def action_cursor_down(self) -> None:
        self._move((self.highlighted if self.highlighted is not None else -1) + 1, 1)

    def action_cursor_up(self) -> None:
        self._move((self.highlighted if self.highlighted is not None else 1) - 1, -1)

    def action_page_down(self) -> None:
        self._move((self.highlighted or 0) + max(1, self.scrollable_content_region.height - 1), 1)

    def action_page_up(self) -> None:
        self._move((self.highlighted or 0) - max(1, self.scrollable_content_region.height - 1), -1)

    def action_first(self) -> None:
        self._move(0, 1)

    def action_last(self) -> None:
        self._move(len(self._lines) - 1, -1)

    def action_open_steps(self) -> None:
        self.post_message(self.OpenSteps())

    def on_click(self, event: Click) -> None:
        # The event's y counts the pane's border; the content's first line is below it.
        offset = event.get_content_offset(self)
        if offset is None:
            return
        n = self.scroll_offset.y + offset.y
        if 0 <= n < len(self._lines) and isinstance(self._lines[n], Row):
            if n == self.highlighted:
                self.post_message(self.OpenSteps())
            self.highlighted = n

    # Rendering ---------------------------------------------------------------------
    def _line_content(self, line: Line, width: int) -> Content:
        if isinstance(line, Row):
            # One cell of padding each side; the scrollbar gutter is reserved in CSS.
            if is_number_row(line):
                return Content.assemble(" ", number_row_content(line, self.lang, width - 2))
            return Content.assemble(" ", row_content(line, self.lang, width - 2))
        title = translate(f"phase_{line.value}", self.lang)
        return Content(f" ── {title}")

    def render_line(self, y: int) -> Strip:
        n = self.scroll_offset.y + y
        width = self.scrollable_content_region.width
        if not (0 <= n < len(self._lines)):
            return Strip.blank(width, self.rich_style)
        line = self._lines[n]
        cursor = n == self.highlighted
        # Lines are immutable tuples, so a rendered line can be reused until the theme,
        # focus or width changes; the key says all of that.
        key = (line, cursor, self.has_focus, width, self.app.theme)
        strip = self._strips.get(key)
        if strip is not None:
            return strip
        if cursor:
            style = self.get_visual_style("account-list--cursor")
        elif isinstance(line, Phase):
            style = self.get_visual_style("account-list--heading")
        else:
            style = self.visual_style
        strip = line_strip(self._line_content(line, width), width, style, self._get_style)
        if len(self._strips) > MAX_CACHED:
            self._strips.clear()
        self._strips[key] = strip
        return strip
