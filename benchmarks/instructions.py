"""Instructions to the first frame: a figure that does not drift with the machine's load.

    python benchmarks/instructions.py [--db PATH]      # hello, demo (and PATH), as JSON
    python benchmarks/instructions.py --first-frame    # the same, each ended at its first frame
    python benchmarks/instructions.py --child app|hello|skeleton [CLI ARGS...]  # one start

Wall-clock paint times on a shared 2-core machine move by ±10 % between runs, which
hides a 5 ms change. Counted under valgrind's callgrind, the CPU work of a start (the
same program, data and bytecode cache) repeats to within about 0.1 %, so two versions
of the code can be compared one change at a time. It leaves out what the CPU does not
count: waiting for the disk, page faults, the terminal, and the writer thread's turn
for the interpreter lock. The tmux paint times in RESULTS.md remain the targets.

Each child runs the real entry point, headless at 120×36, and exits at its first
frame: `acctexit.cli.main` with the given options (its --demo copy, garbage-collector
pause, store, catalog), or the bare hello app. By default each quits the ordinary way
(`App.exit`, so shutdown and the CLI's collection at exit are counted); with
`--first-frame` each ends with `os._exit(0)` as soon as its first frame is written,
which counts the paint alone (what the tmux paint times measure).
"""

from __future__ import annotations

# The child (a measured start) runs this file too: it must load nothing the measured
# program would not (argparse alone is ≈ 3 ms of a start), so the parent's modules are
# imported where the parent uses them.
import os
import sys
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
SIZE = (120, 36)


def child(which: str, cli_args: list[str], hard_exit: bool = False) -> int:
    """One start, headless, ending at the first frame (run under callgrind).

    Each runs in its own order: hello and the skeleton import Textual first, as their
    scripts do; the app runs as the `acctexit-tui` script does (`acctexit.cli.main`
    pauses the collector, then loads the store, Textual and the dashboard), and
    Textual's `App` is made headless as soon as it has been imported."""

    def patch(app_class: Any) -> None:
        display, run = app_class._display, app_class.run

        def first_frame_then_exit(self: Any, screen: Any, renderable: Any) -> None:
            display(self, screen, renderable)
            if renderable is not None:
                if hard_exit:
                    os._exit(0)  # nothing after the frame counted: no shutdown, no exit GC
                self.exit()

        def headless(self: Any, **kwargs: Any) -> Any:
            return run(self, headless=True, size=SIZE)

        app_class._display = first_frame_then_exit
        app_class.run = headless

    if which == "app":
        _when_imported("textual.app", "App", patch)
        from acctexit.cli import main

        return main(cli_args)
    from textual.app import App

    patch(App)
    sys.path.insert(0, str(HERE))
    if which == "hello":
        from hello import Hello

        Hello().run()
        return 0
    from skeleton import Skeleton

    Skeleton().run()
    return 0


def _when_imported(module: str, name: str, then: Any) -> None:
    """Call `then(module.name)` as soon as `module` has been imported (importing it here
    first would load it before the app pauses its collector, unlike a real start). A
    finder at the head of sys.meta_path: consulted once per module loaded, and gone
    once it has found `module`."""
    import importlib.util

    class Finder:
        def find_spec(self, fullname: str, path: Any = None, target: Any = None) -> Any:
            if fullname != module:
                return None
            sys.meta_path.remove(self)
            spec = importlib.util.find_spec(fullname)
            assert spec is not None and spec.loader is not None
            exec_module = spec.loader.exec_module

            def exec_then(mod: Any) -> None:
                exec_module(mod)
                then(getattr(mod, name))

            spec.loader.exec_module = exec_then  # type: ignore[method-assign,assignment]
            return spec

    sys.meta_path.insert(0, Finder())


def count(which: str, cli_args: list[str], env: dict[str, str], first_frame: bool) -> int:
    """Instructions callgrind counts for one start (after one uncounted warm-up)."""
    import re
    import subprocess
    import tempfile

    mode = "--child-ff" if first_frame else "--child"
    argv = [sys.executable, __file__, mode, which, *cli_args]
    # A child ended by os._exit leaves its --demo copy behind: give it a temporary
    # folder of its own, removed here.
    with tempfile.TemporaryDirectory(prefix="instructions-") as tmp:
        env = {**env, "TMPDIR": tmp} if first_frame else env
        subprocess.run(argv, env=env, check=True, capture_output=True)  # warm the .pyc cache
        out = subprocess.run(
            ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", *argv],
            env=env,
            check=True,
            capture_output=True,
            text=True,
        )
    found = re.search(r"Collected\s*:\s*(\d+)", out.stderr)
    if found is None:
        raise RuntimeError(f"no instruction count from callgrind:\n{out.stderr[-2000:]}")
    return int(found.group(1))


def measure(
    big_db: Path | None, env: dict[str, str], today: str, first_frame: bool = False
) -> dict[str, int]:
    app = ["--lang", "en", "--today", today]
    cases = {
        "hello": ("hello", []),
        "skeleton": ("skeleton", []),
        "demo": ("app", [*app, "--demo"]),
    }
    if big_db is not None:
        cases["big"] = ("app", [*app, "--db", str(big_db)])
    return {name: count(which, args, env, first_frame) for name, (which, args) in cases.items()}


def available() -> bool:
    import shutil

    return shutil.which("valgrind") is not None


def main() -> int:
    if sys.argv[1:2] == ["--child"]:  # the rest are the CLI's own options, untouched
        return child(sys.argv[2], sys.argv[3:])
    if sys.argv[1:2] == ["--child-ff"]:
        return child(sys.argv[2], sys.argv[3:], hard_exit=True)
    import argparse
    import json

    ap = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    ap.add_argument("--db", type=Path, help="also count a start on this database")
    ap.add_argument("--today", default="2026-11-24")
    ap.add_argument(
        "--first-frame", action="store_true", help="count each start to its first frame only"
    )
    args = ap.parse_args()
    if not available():
        sys.exit("valgrind is not installed (apt-get install valgrind)")
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env.setdefault("PYTHONPYCACHEPREFIX", str(HERE / ".work" / "pycache"))
    # A fixed string hash: with a random one, dict and set layouts (and so the count)
    # move by ±2 M from run to run; fixed, a count repeats to within a few thousand.
    env.setdefault("PYTHONHASHSEED", "0")
    print(json.dumps(measure(args.db, env, args.today, args.first_frame)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
