"""Drawing for the panes that draw their own lines (Textual's line API): one line as a
strip, and a pane's scroll extent changed without laying the screen out."""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache

from rich.segment import Segment
from rich.style import Style as RichStyle
from textual.content import Content
from textual.geometry import Size
from textual.scroll_view import ScrollView
from textual.scrollbar import ScrollBar, ScrollBarRender
from textual.strip import Strip
from textual.style import Style
from textual.widget import Widget


def line_strip(
    content: Content, width: int, style: Style, get_style: Callable[[str | Style], Style]
) -> Strip:
    """One line of `content` (already cut to fit) drawn over `style`, padded to `width`;
    `get_style` is the widget's own (it resolves `$variables` in the content's styles).

    The same strip as `Visual.to_strips` gives for such a line, segment for segment
    (each text segment carries its offset, as Textual's do, for mouse selection), but
    without its wrapping, alignment and selection machinery, which found nothing to
    do on a line made to fit: ≈ 21 M instructions of the demo's start, about 100
    lines drawn before the first frame (benchmarks/analysis.md).
    """
    segments: list[Segment] = []
    x = 0
    for text, text_style in content.render(style, end="", parse_style=get_style):
        segments.append(Segment(text, (style + text_style).rich_style_with_offset(x, 0)))
        x += len(text)
    return Strip(segments).crop_extend(0, width, _pad_style(style))


def set_extent(view: ScrollView, size: Size) -> None:
    """A line-API pane's scroll extent is now `size`.

    Setting `virtual_size` lays the whole screen out again and so redraws every pane
    (a broad filter key moves the cursor, and the step list and the risk pane each
    did it within the same key, benchmarks/analysis.md); a pane of fixed size needs
    that only when its width changes or its scrollbar appears or goes. Otherwise the
    scrollbar's thumb and the scroll offset are updated in place, as Textual's own
    scroll update after a layout does."""
    if size == view.virtual_size:
        return
    height = view.container_size.height
    if (
        not height
        or size.width != view.virtual_size.width
        or (size.height > height) != view.show_vertical_scrollbar
    ):
        view.virtual_size = size
    else:
        view.set_reactive(Widget.virtual_size, size)
        bar = view.vertical_scrollbar
        if _thumb(bar, bar.window_virtual_size) == _thumb(bar, size.height):  # ≈ 0.5 ms
            bar.set_reactive(ScrollBar.window_virtual_size, size.height)  # drawn the same
        else:
            bar.window_virtual_size = size.height
            bar.refresh()
    # Within the new extent at once: when the lines come to fit the pane exactly,
    # Textual's layout leaves the offset as it was (scrolled down, the first lines
    # hidden and blank lines below).
    view.scroll_y = view.validate_scroll_y(view.scroll_y)


def _thumb(bar: ScrollBar, virtual_size: int) -> list[Segment]:
    """What the vertical `bar` draws for an extent of `virtual_size` lines, colours
    aside, by Textual's own rule (as `ScrollBar._render_bar` calls it): a broad
    filter's thumb is one cell at the top from 10,000 lines down to a few hundred."""
    window = bar.window_size if bar.window_size < virtual_size else 0
    size, position, width = bar.size.height, bar.position, bar.size.width or 1
    return ScrollBarRender.render_bar(size, virtual_size, window, position, width).segments


@lru_cache(maxsize=64)
def _pad_style(style: Style) -> RichStyle:
    """The padding's style, as `Visual.to_strips` pads (so the segments match its own)."""
    return (style + Style(reverse=False)).rich_style
