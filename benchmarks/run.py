"""Run every benchmark and write benchmarks/RESULTS.md.

    /tmp/venv0/bin/python benchmarks/run.py            # everything (~5-8 minutes)
    /tmp/venv0/bin/python benchmarks/run.py --quick    # fewer repetitions (~3 minutes)
    /tmp/venv0/bin/python benchmarks/run.py --no-profile

Use the Python of the environment the app is installed in (acctexit-tui must sit
next to it, in the same bin/ folder). See benchmarks/README.md.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
WORK = HERE / ".work"
PROFILES = HERE / "profiles"
sys.path.insert(0, str(HERE))

import generate  # noqa: E402
import instructions  # noqa: E402
from tmuxctl import Tmux  # noqa: E402

PY = Path(sys.executable)
APP = PY.parent / "acctexit-tui"
TODAY = "2026-11-24"

TARGETS = {
    "paint_demo_vs_hello": 1.3,
    "paint_big_vs_demo": 1.5,
    "rss_big_vs_hello": 2.0,
    "move_big_ms": 16.0,
    "space_big_ms": 25.0,
    "open_big_ms": 50.0,
    "filter_key_big_ms": 16.0,  # every press (filter.py: CPU ms, key to settled)
    "switch_big_ms": 50.0,  # every L, R and note
}


# --- helpers --------------------------------------------------------------------------


def med(xs: list[float]) -> float:
    return statistics.median(xs) if xs else float("nan")


def spread(xs: list[float], fmt: str = "{:.0f}") -> str:
    if not xs:
        return "–"
    return f"{fmt.format(min(xs))}–{fmt.format(max(xs))}"


def log(msg: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


def child_env() -> dict[str, str]:
    env = dict(os.environ)
    # Real installs have compiled bytecode; an environment that forbids writing it
    # (PYTHONDONTWRITEBYTECODE) would recompile every module on every start.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = str(WORK / "pycache")
    env.setdefault("LANG", "C.UTF-8")
    env["TERM"] = "xterm-256color"
    for var in ("TEXTUAL", "TEXTUAL_FPS", "NO_COLOR"):
        env.pop(var, None)
    return env


def demo_source() -> tuple[list[str], Path, str]:
    """(app args for the demo paint, a demo-size DB for in-process runs, description).

    The paint runs `--demo` exactly as the README's first command does; the key
    benchmarks need a file they may write to, so they get a copy of what `--demo`
    builds."""
    from acctexit.app.database import demo_copy

    folder = Path(tempfile.mkdtemp(prefix="acctexit-bench-"))
    try:
        db = demo_copy(folder)
        target = WORK / "demo-import.sqlite3"
        copy_db(db, target)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return ["--demo"], target, "`--demo` (the shipped demo data, as the README's first command)"


def copy_db(src: Path, dst: Path) -> None:
    """Copy a database with its `.head` sidecar: a sidecar left from an earlier copy
    says rows were written that this copy lacks, and the store then refuses writes."""
    for f in (dst, Path(f"{dst}-wal"), Path(f"{dst}-shm"), Path(f"{dst}.head")):
        f.unlink(missing_ok=True)
    shutil.copy2(src, dst)
    head = Path(f"{src}.head")
    if head.exists():
        shutil.copy2(head, f"{dst}.head")


def fresh_copy(src: Path, name: str) -> Path:
    dst = WORK / name
    copy_db(src, dst)
    return dst


def run_json(args: list[str], timeout: float = 600) -> dict:
    out = subprocess.run(
        [str(PY), *args], capture_output=True, text=True, timeout=timeout, env=child_env(), cwd=ROOT
    )
    if out.returncode:
        raise RuntimeError(f"{args}: exit {out.returncode}\n{out.stderr[-3000:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


# --- 1, 2, 5: first paint and peak memory in tmux ----------------------------------------

APP_PAINTED = re.compile(r"\s\d+/\d+\s")


def app_painted(screen: str) -> bool:
    # Account pane title, the footer, and at least one account row with its progress.
    return "─ Accounts " in screen and "q Quit" in screen and bool(APP_PAINTED.search(screen))


def hello_painted(screen: str) -> bool:
    return "Hello, world!" in screen


def paint_once(
    tmux: Tmux, name: str, argv: list[str], painted, settle: float = 0.3
) -> tuple[float, int]:  # type: ignore[no-untyped-def]
    """(ms from launch to the painted screen, peak RSS in KiB)."""
    rss_file = WORK / f"{name}.rss"
    rss_file.unlink(missing_ok=True)
    t0 = tmux.launch(name, ["/usr/bin/time", "-f", "%M", "-o", str(rss_file), *argv])
    try:
        t1, _ = tmux.wait_for(name, painted, timeout=120)
    except TimeoutError:
        tmux.kill(name)
        raise
    time.sleep(settle)
    tmux.send_keys(name, "q")
    deadline = time.time() + 30
    while tmux.alive(name) and time.time() < deadline:
        time.sleep(0.02)
    tmux.kill(name)
    for _ in range(100):
        if rss_file.exists() and rss_file.read_text().strip():
            break
        time.sleep(0.02)
    rss = int(rss_file.read_text().split()[-1])
    return (t1 - t0) * 1000, rss


def bench_paint(rounds: int, big_rounds: int, demo_args: list[str]) -> dict[str, dict[str, list]]:
    cases = {
        "hello": ([str(PY), str(HERE / "hello.py")], hello_painted),
        "demo": ([str(APP), "--lang", "en", "--today", TODAY, *demo_args], app_painted),
        "big": (
            [str(APP), "--lang", "en", "--today", TODAY, "--db", str(generate.BIG_DB)],
            app_painted,
        ),
    }
    res: dict[str, dict[str, list]] = {k: {"ms": [], "rss": []} for k in cases}
    with Tmux(env=child_env()) as tmux:
        # Round 0 warms the bytecode cache and the page cache; it is not counted.
        for r in range(rounds + 1):
            order = ["hello", "demo"] + (["big"] if r <= big_rounds else [])
            if r % 2:
                order.reverse()
            for case in order:
                argv, painted = cases[case]
                ms, rss = paint_once(
                    tmux, f"{case}{r}", argv, painted, settle=1.0 if case == "big" else 0.3
                )
                if r:
                    res[case]["ms"].append(ms)
                    res[case]["rss"].append(rss / 1024)
                log(f"paint round {r} {case}: {ms:.0f} ms, {rss / 1024:.0f} MiB")
    return res


# --- machine ------------------------------------------------------------------------------


def machine() -> dict[str, str]:
    cpu = "?"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = "?"
    try:
        kb = int(Path("/proc/meminfo").read_text().split()[1])
        mem = f"{kb / 2**20:.1f} GiB"
    except (OSError, ValueError, IndexError):
        pass
    textual = subprocess.run(
        [str(PY), "-c", "import textual.app, importlib.metadata as m; print(m.version('textual'))"],
        capture_output=True,
        text=True,
    ).stdout.strip()
    git = subprocess.run(
        ["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"], capture_output=True, text=True
    ).stdout.strip()
    dirty = subprocess.run(
        ["git", "-C", str(ROOT), "status", "--porcelain", "--", "src"],
        capture_output=True,
        text=True,
    ).stdout.strip()
    tmux_v = subprocess.run(["tmux", "-V"], capture_output=True, text=True).stdout.strip()
    return {
        "date": datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z"),
        "cpu": f"{cpu} × {os.cpu_count()}",
        "memory": mem,
        "os": f"{platform.system()} {platform.release()}",
        "python": platform.python_version(),
        "textual": textual,
        "sqlite": sqlite3.sqlite_version,
        "tmux": tmux_v,
        "code": f"{git}{' + uncommitted changes in src/' if dirty else ''}",
        "load": " / ".join(f"{x:.2f}" for x in os.getloadavg()),
    }


# --- main ----------------------------------------------------------------------------------


def warn_if_not_compiled() -> None:
    """The wheel ships data/ compiled (hatch_build.py); an editable install compiles it
    when installed, so an edit since then makes every start validate the TOML again."""
    from acctexit.catalog.compiled import stored_catalog
    from acctexit.resources import data_root

    if stored_catalog(data_root()) is None:
        log(
            "WARNING: the installed catalog's compiled form is missing or stale, so start-up "
            "figures include validating the TOML: run scripts/parse_data.py or reinstall"
        )


def main() -> int:
    ap = argparse.ArgumentParser(description="Run every benchmark; write benchmarks/RESULTS.md.")
    ap.add_argument("--quick", action="store_true", help="fewer repetitions")
    ap.add_argument("--no-profile", action="store_true", help="skip profiling the misses")
    ap.add_argument("--out", type=Path, default=HERE / "RESULTS.md")
    args = ap.parse_args()
    if not APP.exists():
        sys.exit(
            f"{APP} not found: run with the Python of the environment acctexit is installed in"
        )
    warn_if_not_compiled()
    started = time.perf_counter()
    WORK.mkdir(exist_ok=True)
    PROFILES.mkdir(exist_ok=True)
    info = machine()
    log("databases")
    generate.ensure()
    demo_args, demo_db, demo_desc = demo_source()

    rounds, big_rounds = (5, 2) if args.quick else (10, 4)
    log("first paint and peak memory (tmux 120x36)")
    paint = bench_paint(rounds, big_rounds, demo_args)

    log("key to frame, demo size")
    moves = 20 if args.quick else 40
    keys_demo = run_json(
        [
            "benchmarks/keys.py",
            "--db",
            str(fresh_copy(demo_db, "keys-demo.sqlite3")),
            "--moves",
            str(moves),
            "--spaces",
            "6" if args.quick else "12",
        ]
    )
    log("key to frame, 10,000 accounts")
    keys_big = run_json(
        [
            "benchmarks/keys.py",
            "--db",
            str(fresh_copy(generate.BIG_DB, "keys-big.sqlite3")),
            "--moves",
            str(moves),
            "--spaces",
            "3" if args.quick else "5",
        ]
    )

    log("open and derive step states")
    open_big = run_json(
        [
            "benchmarks/opening.py",
            "--db",
            str(generate.BIG_DB),
            "--repeat",
            "10" if args.quick else "20",
        ]
    )

    log("filter keys, L, R and notes, 10,000 accounts")
    filter_runs = 2 if args.quick else 3
    filter_big = [
        run_json(
            [
                "benchmarks/filter.py",
                "--db",
                str(fresh_copy(generate.BIG_DB, "filter-big.sqlite3")),
                "--rounds",
                "3",
            ]
        )["ms"]
        for _ in range(filter_runs)
    ]

    instr: dict[str, int] = {}
    if instructions.available():
        log("instructions to the first frame (callgrind), hello / skeleton / demo / 10k")
        instr = instructions.measure(generate.BIG_DB, child_env(), TODAY)
    else:
        log("valgrind not installed: no instruction counts")

    info["load_end"] = " / ".join(f"{x:.2f}" for x in os.getloadavg())
    figures = compute(paint, keys_demo, keys_big, open_big, filter_big)

    profiles: list[str] = []
    if not args.no_profile:
        profiles = profile_misses(figures, demo_db)
    info["duration"] = f"{time.perf_counter() - started:.0f} s"
    write_results(
        args.out,
        info,
        demo_desc,
        paint,
        keys_demo,
        keys_big,
        open_big,
        filter_big,
        figures,
        profiles,
        instr,
    )
    log(f"wrote {args.out.relative_to(ROOT)} in {info['duration']}")
    return 0


FILTER_KEYS = ("filter_key", "filter_burst")
SWITCH_KEYS = ("language", "reveal", "note")


def slowest_press(runs: list[dict], keys: tuple[str, ...]) -> float:
    """The slowest press of `keys`, each press (the same place in filter.py's fixed
    sequence in every run) taken as its median over the runs: a press slow in every
    run counts, one run in a slow spell of the machine (a whole process 1.5-2 × slower
    now and then, analysis.md) does not."""
    return max(
        statistics.median(press)
        for key in keys
        for press in zip(*(run["cpu"][key] for run in runs), strict=True)
    )


def pooled(runs: list[dict], key: str, clock: str = "cpu") -> list[float]:
    """Every press of `key` over filter.py's runs."""
    return [x for run in runs for x in run[clock][key]]


def compute(
    paint: dict, keys_demo: dict, keys_big: dict, open_big: dict, filter_big: list[dict]
) -> dict[str, float]:
    p = {k: med(v["ms"]) for k, v in paint.items()}
    m = {k: med(v["rss"]) for k, v in paint.items()}
    return {
        "paint_demo_vs_hello": p["demo"] / p["hello"],
        "paint_big_vs_demo": p["big"] / p["demo"],
        "paint_big_vs_hello": p["big"] / p["hello"],
        "rss_demo_vs_hello": m["demo"] / m["hello"],
        "rss_big_vs_hello": m["big"] / m["hello"],
        "move_demo_ms": med(keys_demo["move"]),
        "move_big_ms": med(keys_big["move"]),
        "space_demo_ms": med(keys_demo["space"]),
        "space_big_ms": med(keys_big["space"]),
        "move_big_vs_demo": med(keys_big["move"]) / med(keys_demo["move"]),
        "space_big_vs_demo": med(keys_big["space"]) / med(keys_demo["space"]),
        "open_big_ms": med(open_big["store"]),
        "open_big_vs_raw": med(open_big["store"]) / med(open_big["raw"]),
        "filter_key_big_ms": slowest_press(filter_big, FILTER_KEYS),
        "switch_big_ms": slowest_press(filter_big, SWITCH_KEYS),
        "filter_key_big_max_ms": max(x for k in FILTER_KEYS for x in pooled(filter_big, k)),
        "switch_big_max_ms": max(x for k in SWITCH_KEYS for x in pooled(filter_big, k)),
    }


def missed(figures: dict[str, float]) -> dict[str, bool]:
    return {k: not (figures[k] <= t) for k, t in TARGETS.items()}


def profile_misses(figures: dict[str, float], demo_db: Path) -> list[str]:
    """Profile each missed target; return the profile files written. Profiles of an
    earlier run are removed first: the folder holds only this run's misses."""
    for old in PROFILES.glob("*.txt"):
        old.unlink()
    miss = missed(figures)
    written: list[str] = []

    def pyinstrument(out: str, script: list[str]) -> None:
        log(f"profiling → {out}")
        subprocess.run(
            [
                str(PY),
                "-m",
                "pyinstrument",
                "-r",
                "text",
                "--interval",
                "0.001",
                "-o",
                str(PROFILES / out),
                *script,
            ],
            env=child_env(),
            cwd=ROOT,
            check=True,
            capture_output=True,
        )
        written.append(out)

    if miss["paint_demo_vs_hello"]:
        pyinstrument("startup-demo.txt", ["benchmarks/startup.py", "--db", str(demo_db)])
        pyinstrument("startup-hello.txt", ["benchmarks/hello_headless.py"])
    if miss["paint_big_vs_demo"]:
        pyinstrument("startup-big.txt", ["benchmarks/startup.py", "--db", str(generate.BIG_DB)])
    if miss["rss_big_vs_hello"]:
        log("profiling → memory-big.txt")
        subprocess.run(
            [
                str(PY),
                "benchmarks/startup.py",
                "--db",
                str(generate.BIG_DB),
                "--tracemalloc",
                str(PROFILES / "memory-big.txt"),
            ],
            env=child_env(),
            cwd=ROOT,
            check=True,
            capture_output=True,
        )
        written.append("memory-big.txt")
    for what, key in (("move", "move_big_ms"), ("space", "space_big_ms")):
        if miss[key]:
            out = f"keys-{what}-big.txt"
            log(f"profiling → {out}")
            run_json(
                [
                    "benchmarks/keys.py",
                    "--db",
                    str(fresh_copy(generate.BIG_DB, "keys-big.sqlite3")),
                    "--moves",
                    "20" if what == "move" else "0",
                    "--spaces",
                    "2" if what == "space" else "0",
                    "--profile",
                    str(PROFILES / out),
                    "--profile-what",
                    what,
                ]
            )
            written.append(out)
    if miss["move_big_ms"]:
        out = "keys-move-demo.txt"
        log(f"profiling → {out}")
        run_json(
            [
                "benchmarks/keys.py",
                "--db",
                str(fresh_copy(demo_db, "keys-demo.sqlite3")),
                "--moves",
                "20",
                "--spaces",
                "0",
                "--profile",
                str(PROFILES / out),
                "--profile-what",
                "move",
            ]
        )
        written.append(out)
    if miss["open_big_ms"]:
        log("profiling → open-big.txt")
        run_json(
            [
                "benchmarks/opening.py",
                "--db",
                str(generate.BIG_DB),
                "--repeat",
                "1",
                "--profile",
                str(PROFILES / "open-big.txt"),
            ]
        )
        written.append("open-big.txt")
    return written


def write_results(
    out: Path,
    info: dict,
    demo_desc: str,
    paint: dict,
    keys_demo: dict,
    keys_big: dict,
    open_big: dict,
    filter_big: list[dict],
    f: dict[str, float],
    profiles: list[str],
    instr: dict[str, int],
) -> None:
    miss = missed(f)

    def verdict(key: str) -> str:
        return "**missed**" if miss[key] else "met"

    P = {k: v["ms"] for k, v in paint.items()}
    M = {k: v["rss"] for k, v in paint.items()}
    L: list[str] = []
    L += [
        "# Benchmark results",
        "",
        "Written by `python benchmarks/run.py` (see README.md for what each benchmark does). "
        "Each figure is the median with min–max over the runs, and a ratio against a "
        "reference measured in the same run.",
        "",
        "| | |",
        "|---|---|",
        f"| date | {info['date']} (run took {info['duration']}) |",
        f"| machine | {info['cpu']}, {info['memory']} RAM, {info['os']} |",
        f"| load average (1/5/15 min) at start → end | {info['load']} → {info['load_end']} |",
        f"| Python / Textual / SQLite | {info['python']} / {info['textual']} / {info['sqlite']} |",
        f"| terminal | {info['tmux']}, 120×36 |",
        f"| app code | {info['code']} |",
        f"| demo data | {demo_desc} |",
        f"| big data | benchmarks/.work/big.sqlite3: 100 numbers, 10,000 accounts, "
        f"{open_big['log_rows']:,} log rows, {open_big['states']:,} step states |",
        "",
        "## Targets",
        "",
        "| target | figure | status |",
        "|---|---|---|",
        f"| first paint (demo) ≤ 1.3 × hello | {f['paint_demo_vs_hello']:.2f} × "
        f"({med(P['demo']):.0f} vs {med(P['hello']):.0f} ms) | {verdict('paint_demo_vs_hello')} |",
        f"| first paint (10k accounts, 1M log rows) ≤ 1.5 × demo | {f['paint_big_vs_demo']:.2f} × "
        f"({med(P['big']):.0f} vs {med(P['demo']):.0f} ms) | {verdict('paint_big_vs_demo')} |",
        f"| peak memory (10k) ≤ 2 × hello | {f['rss_big_vs_hello']:.2f} × "
        f"({med(M['big']):.0f} vs {med(M['hello']):.0f} MiB) | {verdict('rss_big_vs_hello')} |",
        f"| key to frame, moving, 10k: median < 16 ms | {f['move_big_ms']:.1f} ms | {verdict('move_big_ms')} |",
        f"| key to frame, Space, 10k: median < 25 ms | {f['space_big_ms']:.1f} ms | {verdict('space_big_ms')} |",
        f"| open + derive all step states, 1M log rows: < 50 ms | {f['open_big_ms']:.1f} ms | {verdict('open_big_ms')} |",
        f"| a filter key settled, 10k: every press < 16 ms (CPU, each press's median of {len(filter_big)} runs) | slowest {f['filter_key_big_ms']:.1f} ms (slowest single press {f['filter_key_big_max_ms']:.1f}) | {verdict('filter_key_big_ms')} |",
        f"| L, R, a note settled, 10k: every press < 50 ms (CPU, likewise) | slowest {f['switch_big_ms']:.1f} ms (single {f['switch_big_max_ms']:.1f}) | {verdict('switch_big_ms')} |",
        "",
        "## Figures",
        "",
        "### 1, 2, 5. First full paint and peak memory (tmux 120×36, from `new-session` to the painted screen)",
        "",
        "| case | runs | first paint median | min–max | vs reference | peak RSS median | min–max | vs hello |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for case, label, _ref, ratio in (
        ("hello", "bare Textual hello app (reference)", "", ""),
        ("demo", "dashboard, demo data", "hello", f"{f['paint_demo_vs_hello']:.2f} × hello"),
        (
            "big",
            "dashboard, 10,000 accounts / 1M log rows",
            "demo",
            f"{f['paint_big_vs_demo']:.2f} × demo ({f['paint_big_vs_hello']:.2f} × hello)",
        ),
    ):
        rss_ratio = "" if case == "hello" else f"{med(M[case]) / med(M['hello']):.2f} ×"
        L.append(
            f"| {label} | {len(P[case])} | {med(P[case]):.0f} ms | {spread(P[case])} ms | {ratio} | "
            f"{med(M[case]):.0f} MiB | {spread(M[case])} MiB | {rss_ratio} |"
        )
    L += [
        "",
        "### 3. Key to frame (in-process, headless `run_test`, 120×36; see keys.py)",
        "",
        "Key to frame: wall time from the key event to the end of the first frame that "
        "answers it (serialised to escape sequences): the cursor moved, or the step ticked "
        "with its row, risk and log panes repainted. *Settled* is the time to the last "
        "frame the key causes (the side panes following a resting cursor after 60 ms, the "
        "background plan refresh, which starts 0.1 s after the last tick). CPU is this "
        "process's own CPU time to the "
        "first frame, steadier on a shared machine. A real terminal adds Textual's frame "
        "pacing (0–16.7 ms).",
        "",
        "| key | size | presses | median | min–max | CPU median | vs demo | settled median |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for what in ("move", "space"):
        for label, k in (("demo", keys_demo), ("10k accounts", keys_big)):
            xs = k[what]
            ratio = ""
            if k is keys_big:
                ratio = f"{f[f'{what}_big_vs_demo']:.1f} ×"
            name = "↓/↑ in the account list" if what == "move" else "Space (commit + repaint)"
            settle_keys = ("down", "up") if what == "move" else ("space",)
            settled = [x for key in settle_keys for x in k.get("settle_ms", {}).get(key, [])]
            settled_text = f"{med(settled):.1f} ms" if settled else ""
            L.append(
                f"| {name} | {label} | {len(xs)} | {med(xs):.1f} ms | {spread(xs, '{:.1f}')} ms | "
                f"{med(k[what + '_cpu']):.1f} ms | {ratio} | {settled_text} |"
            )
    L += [
        "",
        "### 4. Open the database and derive every step state (1,000,000 log rows)",
        "",
        "| what | runs | median | min–max | vs reference |",
        "|---|---|---|---|---|",
        f"| raw `sqlite3` read of `step_state` (reference) | {len(open_big['raw'])} | "
        f"{med(open_big['raw']):.1f} ms | {spread(open_big['raw'], '{:.1f}')} ms | |",
        f"| `Store.open(path).step_states()` | {len(open_big['store'])} | {med(open_big['store']):.1f} ms | "
        f"{spread(open_big['store'], '{:.1f}')} ms | {f['open_big_vs_raw']:.2f} × raw |",
        "",
    ]
    if instr:
        L += [
            "### 6. Instructions to the first frame (callgrind; see instructions.py)",
            "",
            "The CPU work of one headless start at 120×36, from the interpreter's start to the "
            "first frame, through the real entry point (`acctexit.cli.main`). It repeats to "
            "within about 0.1 % whatever the machine's load, so it shows a change too small "
            "for the wall-clock figures; it leaves out waiting (disk, page faults, the "
            "terminal, the writer thread).",
            "",
            "| case | instructions | vs reference |",
            "|---|---|---|",
            f"| bare Textual hello app (reference) | {instr['hello'] / 1e6:,.0f} M | |",
            f"| the dashboard's layout drawn by Textual alone (skeleton.py) | "
            f"{instr['skeleton'] / 1e6:,.0f} M | {instr['skeleton'] / instr['hello']:.2f} × hello |",
            f"| dashboard, demo data | {instr['demo'] / 1e6:,.0f} M | "
            f"{instr['demo'] / instr['hello']:.2f} × hello |",
            f"| dashboard, 10,000 accounts / 1M log rows | {instr['big'] / 1e6:,.0f} M | "
            f"{instr['big'] / instr['demo']:.2f} × demo |",
            "",
        ]
    L += [
        "### 7. Filter keys, L, R and a note, key to settled (10,000 accounts; see filter.py)",
        "",
        f"{len(filter_big)} runs of `filter.py --rounds 3`, each in a new process on a "
        'fresh copy of the database: `/` then "alipay" a key at a time and back, the same '
        "six keys at once, L and R twice each, a note. A key is settled at the last frame it "
        "causes. CPU is this process's CPU time over the same interval (on a shared machine "
        "the steadier figure; the wall time also holds other processes' turns). *First* is "
        "each run's first press (the first seconds of a process, while its memory grows). "
        "The targets take each press of the fixed sequence as its median over the runs, "
        "so a press slow in every run counts and one run in a slow spell does not; "
        "*slowest press* is that figure, *CPU max* the slowest single one.",
        "",
        "| key | presses | CPU median | slowest press | CPU max | first presses (CPU) | wall median | wall max |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for key, label, first in (
        ("filter_key", "a filter key", 3),
        ("filter_burst", "six filter keys at once", 1),
        ("language", "L", 1),
        ("reveal", "R", 1),
        ("note", "a note (Enter in its dialog)", 1),
    ):
        cpu, wall = pooled(filter_big, key), pooled(filter_big, key, "wall")
        firsts = " · ".join(
            " ".join(f"{x:.1f}" for x in run["cpu"][key][:first]) for run in filter_big
        )
        L.append(
            f"| {label} | {len(cpu)} | {med(cpu):.1f} ms | "
            f"{slowest_press(filter_big, (key,)):.1f} ms | {max(cpu):.1f} ms | {firsts} | "
            f"{med(wall):.1f} ms | {max(wall):.1f} ms |"
        )
    L.append("")
    if profiles:
        L += [
            "## Profiles of the misses",
            "",
            "Written by this run to `benchmarks/profiles/`: "
            + ", ".join(f"[{p}](profiles/{p})" for p in profiles)
            + ".",
            "",
        ]
    analysis = HERE / "analysis.md"
    if analysis.exists():
        L += [analysis.read_text().rstrip(), ""]
    raw = {
        "paint": paint,
        "keys_demo": keys_demo,
        "keys_big": keys_big,
        "open_big": open_big,
        "filter_big": filter_big,
        "figures": f,
        "instructions": instr,
        "machine": info,
    }
    (WORK / "last-run.json").write_text(json.dumps(raw, indent=1))
    out.write_text("\n".join(L) + "\n")


if __name__ == "__main__":
    raise SystemExit(main())
