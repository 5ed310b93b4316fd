"""acctexit-tui never opens a network connection: every entry point runs with
internet sockets forbidden (local socketpairs, which asyncio needs, stay allowed)."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

GUARD = textwrap.dedent(
    """
    import socket, sys

    class NoNetwork(socket.socket):
        def __init__(self, family=-1, type=-1, proto=-1, fileno=None):
            if family in (socket.AF_INET, socket.AF_INET6) or (family == -1 and fileno is None):
                raise RuntimeError("network access attempted")
            super().__init__(family, type, proto, fileno)

    def refuse(*args, **kwargs):
        raise RuntimeError("network access attempted")

    socket.socket = NoNetwork
    socket.create_connection = refuse
    socket.getaddrinfo = refuse
    """
)

APP_RUN = textwrap.dedent(
    """
    import asyncio, tempfile
    from datetime import date
    from pathlib import Path
    from acctexit.catalog import load_catalog
    from acctexit.store import Store
    from acctexit.store.demo import build as build_demo
    from acctexit.tui.app import build_app

    async def main():
        folder = Path(tempfile.mkdtemp())
        store = Store.open(build_demo(folder / "db.sqlite3"))
        app = build_app(store=store, catalog=load_catalog(), lang="zh", today=date(2026, 11, 24))
        async with app.run_test(size=(120, 36)) as pilot:
            await pilot.press("down", "enter", "space", "question_mark", "escape", "tab")
            await pilot.pause()
        store.close()
        print("app ran")

    asyncio.run(main())
    """
)


def _run_guarded(body: str, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    script = tmp_path / "guarded.py"
    script.write_text(GUARD + body)
    return subprocess.run(
        [sys.executable, str(script)],
        env=os.environ.copy(),
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_the_guard_really_blocks_network(tmp_path: Path) -> None:
    result = _run_guarded(
        "import socket\n"
        "try:\n    socket.create_connection(('127.0.0.1', 9))\n"
        "except RuntimeError as e:\n    print(e)\n",
        tmp_path,
    )
    assert "network access attempted" in result.stdout


def test_every_subcommand_runs_without_network(tmp_path: Path) -> None:
    db = tmp_path / "db.sqlite3"
    export = tmp_path / "out.json"
    commands = [
        ["--demo", "plan"],
        ["--demo", "--lang", "en", "plan", "--format", "json"],
        ["catalog", "--check"],
        ["catalog", "--json"],
        ["catalog", "--stale", "365"],
        ["--demo", "export", "--format", "json", "-o", str(export)],
        ["--db", str(db), "import", str(export)],
        ["--db", str(db), "verify"],  # after import: verify never creates a database
        ["--db", str(db), "export", "--format", "md"],
        ["--db", str(db), "export", "--format", "html"],
        ["--db", str(db), "export", "--format", "csv"],
    ]
    for argv in commands:
        result = _run_guarded(
            f"from acctexit.cli import main\nsys.exit(main({argv!r}))\n", tmp_path
        )
        # `catalog --check` exits 1 naming the problems it finds in the data: still a run.
        ok = (0, 1) if argv == ["catalog", "--check"] else (0,)
        assert result.returncode in ok and "Traceback" not in result.stderr, (argv, result.stderr)
        assert "network access attempted" not in result.stderr


def test_the_app_runs_on_demo_data_without_network(tmp_path: Path) -> None:
    result = _run_guarded(APP_RUN, tmp_path)
    assert result.returncode == 0, result.stderr
    assert "app ran" in result.stdout
