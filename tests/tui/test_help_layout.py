"""The `?` dialog's table: a long row continues under its own text, never under the keys."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from acctexit.domain.models import Lang
from acctexit.tui.screens.help import HelpBody, HelpScreen


@pytest.mark.parametrize(("lang", "size"), [("zh", (100, 30)), ("en", (80, 24))])
async def test_long_help_rows_wrap_with_a_hanging_indent(
    open_app: Any, demo_in: Callable[[Lang], Path], lang: Lang, size: tuple[int, int]
) -> None:
    app = open_app(demo_in(lang), lang=lang)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        body = app.screen.query_one(HelpBody)
        keys = {row.keys for row in app.screen.rows}
        indent = max(len(k) for k in keys) + 2
        lines = [body.render_line(y).text.rstrip() for y in range(body.size.height)]
        continued = [line for line in lines if line.startswith(" ")]
        assert continued, "at this size some row must be too long for one line"
        for line in lines:
            if line.startswith(" "):
                assert line[:indent].isspace() and not line[indent].isspace(), line
            else:
                assert line.split(" ", 1)[0] in keys or line.split("  ", 1)[0] in keys, line
        # Nothing lost in the wrapping: every row's words are there, in order.
        text = "".join(line[indent:] if line.startswith(" ") else line for line in lines)
        squashed = text.replace(" ", "")
        for row in app.screen.rows:
            assert row.help.replace(" ", "") in squashed
