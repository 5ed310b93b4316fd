"""Chinese screens put brackets and lists in full-width form, also where the text is
assembled from pieces (the string tables themselves are checked by test_fullwidth)."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from acctexit.cli import main
from acctexit.domain.models import Lang
from acctexit.tui.screens.picker import PlatformOptions, PlatformPicker


async def test_the_pickers_group_headings_use_full_width_brackets(
    open_app: Any, demo_in: Callable[[Lang], Path]
) -> None:
    app = open_app(demo_in("zh"), lang="zh")
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        await pilot.press("a")
        for _ in range(50):
            if isinstance(app.screen, PlatformPicker):
                break
            await pilot.pause(0.02)
        options = app.screen.query_one(PlatformOptions)
        headings = [
            str(options.get_option_at_index(i).prompt)
            for i in range(options.option_count)
            if options.get_option_at_index(i).disabled
        ]
        assert headings
        for heading in headings:
            assert re.fullmatch(r"── \S+（\d+）", heading), heading


def test_the_cli_plans_phase_headings_use_full_width_brackets(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    assert main(["--demo", "--lang", "zh", "plan"]) == 0
    headings = [line for line in capsys.readouterr().out.splitlines() if re.match(r"\d+\. ", line)]
    assert headings
    for heading in headings:
        assert re.fullmatch(r"\d+\. \S+（\d+/\d+）", heading), heading
