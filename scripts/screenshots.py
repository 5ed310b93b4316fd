"""Regenerate screenshots/*.svg from the built-in demo data: `python scripts/screenshots.py`.

Every picture uses the fictional demo person, a fixed date and a fixed terminal size,
so the files only change when the interface does.
"""

from __future__ import annotations

import asyncio
import os
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from textual.pilot import Pilot

from acctexit.catalog import load_catalog
from acctexit.domain.models import Lang
from acctexit.store import Store
from acctexit.store.demo import build as build_demo
from acctexit.tui.app import AcctExitApp, build_app

TODAY = date(2026, 11, 24)
OUT = Path(__file__).resolve().parents[1] / "screenshots"


class Clock:
    def __init__(self) -> None:
        self.t = datetime(2026, 11, 24, 1, 30, tzinfo=UTC)

    def __call__(self) -> datetime:
        self.t += timedelta(seconds=30)
        return self.t


def demo_database(folder: Path, lang: Lang, empty: bool = False) -> Path:
    path = folder / ("empty.sqlite3" if empty else f"demo-{lang}.sqlite3")
    if path.exists():
        return path
    if empty:
        Store.open(path, clock=Clock()).close()
        return path
    return build_demo(path, clock=Clock(), lang=lang)


async def shoot(
    db: Path,
    lang: Lang,
    name: str,
    keys: list[str],
    size: tuple[int, int] = (120, 36),
    then: Callable[[Pilot[int]], Awaitable[None]] | None = None,
) -> None:
    store = Store.open(db, clock=Clock())
    app: AcctExitApp = build_app(store=store, catalog=load_catalog(), lang=lang, today=TODAY)
    try:
        async with app.run_test(size=size) as pilot:
            await pilot.pause()
            for key in keys:
                await pilot.press(key)
                await pilot.pause()
            if then is not None:
                await then(pilot)
            await pilot.pause(0.2)
            app.save_screenshot(f"{name}-{lang}.svg", path=str(OUT))
    finally:
        store.close()
    print(f"screenshots/{name}-{lang}.svg")


async def main() -> None:
    os.environ["TZ"] = "UTC"
    time.tzset()
    OUT.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for lang in ("zh", "en"):
            db = demo_database(folder, lang)
            await shoot(db, lang, "dashboard", [])
            await shoot(db, lang, "steps", ["down", "down", "enter"])
            await shoot(db, lang, "narrow", ["down"], size=(80, 24))
            await shoot(db, lang, "help", ["enter", "question_mark"])
            await shoot(db, lang, "picker", ["a", *"bank"])
            await shoot(db, lang, "account-form", ["down", "down", "e"])
            await shoot(demo_database(folder, lang, empty=True), lang, "welcome", [])


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
