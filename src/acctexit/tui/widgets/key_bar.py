"""The key bar at the bottom of the dashboard: the keys that work in the focused pane.

Textual's `Footer` composes one widget per key, and only after the screen's first
refresh, a few frames after everything else: the dashboard's first complete frame
waited about 150 ms for it. This bar is one line drawn from the screen's active
bindings whenever it is painted, so it is right in the very first frame and after
every focus change. Labels come from the command table in the bar's language (set
`lang` and refresh to switch). A click on a key presses it, as with the Footer.
"""

from __future__ import annotations

from typing import Any

from textual.content import Content
from textual.events import Click
from textual.strip import Strip
from textual.widget import Widget

from acctexit.domain.models import Lang
from acctexit.tui.commands import command_by_id
from acctexit.tui.widgets.lines import line_strip


class KeyBar(Widget):
    DEFAULT_CSS = """
    KeyBar {
        split: bottom; height: 1;
        background: $footer-background; color: $footer-foreground;
    }
    """

    def __init__(self, lang: Lang, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.lang: Lang = lang
        # (first cell, end cell, key or None for the palette) of what was drawn last
        self._spans: list[tuple[int, int, str | None]] = []

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, lambda _screen: self.refresh())

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def render(self) -> Content:
        key_style = "bold $footer-key-foreground"
        parts: list[tuple[Content, str]] = []
        seen: set[str] = set()
        for active in self.screen.active_bindings.values():
            binding = active.binding
            if not binding.show or binding.action in seen:
                continue
            seen.add(binding.action)
            display = binding.key_display or self.app.get_key_display(binding)
            command = command_by_id(binding.id) if binding.id else None
            label = command.label(self.lang) if command else binding.description
            part = Content.assemble((f" {display} ", key_style), label + " ")
            parts.append((part, binding.key.split(",")[0]))
        palette = command_by_id("palette")
        tail = Content("")
        if palette is not None:
            tail = Content.assemble(
                (f" {palette.key_display or palette.key} ", key_style),
                palette.label(self.lang),
                " ",
            )
        # Too narrow for every key: the last ones give way (? lists them all).
        width = self.size.width
        while parts and sum(p.cell_length for p, _ in parts) + tail.cell_length > width:
            parts.pop()
        spans: list[tuple[int, int, str | None]] = []
        x = 0
        for part, key in parts:
            spans.append((x, x + part.cell_length, key))
            x += part.cell_length
        room = width - x - tail.cell_length
        if palette is not None and room >= 0:
            spans.append((x + room, width, None))
        self._spans = spans
        bar = Content("").join(part for part, _ in parts)
        return Content.assemble(bar, " " * room, tail) if room >= 0 else bar

    def render_line(self, y: int) -> Strip:
        # Drawn as the lists draw their lines (lines.line_strip), not through
        # Textual's wrapping and alignment: one line, already fitted to the width.
        width = self.content_region.width
        if y:
            return Strip.blank(width, self.rich_style)
        return line_strip(self.render(), width, self.visual_style, self._get_style)

    def on_click(self, event: Click) -> None:
        """A click on a key presses it (the palette's opens the palette)."""
        for start, end, key in self._spans:
            if start <= event.x < end:
                if key is None:
                    self.app.action_command_palette()
                else:
                    self.app.simulate_key(key)
                return
