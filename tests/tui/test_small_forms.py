"""The dialogs at 80×24: the add-number form shows its freeze field without scrolling,
and the picker's columns line up in both languages."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from rich.cells import cell_len
from textual.app import App
from textual.screen import Screen
from textual.widgets import Input, OptionList

from acctexit.domain.models import Catalog, Lang
from acctexit.tui.screens.number_form import NumberForm
from acctexit.tui.screens.picker import PlatformPicker


class Host(App[None]):
    def __init__(self, screen: Screen[Any]) -> None:
        super().__init__()
        self.dialog = screen

    def on_mount(self) -> None:
        self.push_screen(self.dialog)


@pytest.mark.parametrize("lang", ["zh", "en"])
async def test_the_freeze_field_is_on_screen_when_the_number_form_opens(lang: Lang) -> None:
    app = Host(NumberForm(lang, date(2026, 12, 5)))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        form = app.screen
        field = form.query_one("#freeze_days", Input)
        body = form.query_one(".dialog-body")
        assert body.scroll_offset.y == 0
        # Wholly inside what its containers show (not clipped below the dialog).
        geometry = form.find_widget(field)
        assert geometry.clip.contains_region(field.region), (field.region, geometry.clip)


@pytest.mark.parametrize("lang", ["zh", "en"])
async def test_the_picker_columns_line_up(lang: Lang, catalog: Catalog) -> None:
    app = Host(PlatformPicker(lang, catalog, frozenset({"alipay"})))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        options = app.screen.query_one(OptionList)
        rows = [
            options.get_option_at_index(i).prompt
            for i in range(options.option_count)
            if not options.get_option_at_index(i).disabled
        ]
        from acctexit.tui.screens import picker

        # Each column is cut or padded to its width and followed by one space.
        gaps = (2 + picker.NAME_CELLS, 2 + picker.NAME_CELLS + 1 + picker.OTHER_NAME_CELLS)
        width = options.scrollable_content_region.width - 2
        for prompt in rows:
            plain = prompt.plain  # type: ignore[union-attr]
            cells = _cells(plain)
            assert all(cells[gap] == " " for gap in gaps), plain
            assert cells[gaps[0] + 1] != " " or not plain.strip(), plain  # a name follows
            assert len(cells) <= width, plain  # one line each, "already listed" included


def _cells(text: str) -> list[str]:
    """`text` one entry per terminal cell (a wide character fills two)."""
    out: list[str] = []
    for ch in text:
        out += [ch] * cell_len(ch)
    return out
