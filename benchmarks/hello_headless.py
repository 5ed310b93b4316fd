"""The hello app started headless up to its first frame, for profiling next to startup.py."""

import asyncio
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from hello import Hello


async def main() -> None:
    app = Hello()
    first = asyncio.Event()
    original = app._display

    def display(screen, renderable):  # type: ignore[no-untyped-def]
        original(screen, renderable)
        if renderable is not None:
            first.set()

    app._display = display  # type: ignore[method-assign]
    async with app.run_test(size=(120, 36)):
        await first.wait()


if __name__ == "__main__":
    asyncio.run(main())
