"""A tmux server of our own, driven through one control-mode client.

Launching a program (`new-session`) and reading the screen (`capture-pane -p`) are
commands written to the control client's stdin, so polling the screen costs a
pipe round trip (well under a millisecond) instead of starting a `tmux` process
per poll, which would compete with the program being timed on a 2-core machine.
"""

from __future__ import annotations

import contextlib
import os
import shlex
import subprocess
import time
from collections.abc import Callable, Sequence


class Tmux:
    def __init__(
        self, socket: str = f"acctexit-bench-{os.getpid()}", env: dict[str, str] | None = None
    ):
        self.socket = socket
        self.env = env or dict(os.environ)
        base = ["tmux", "-L", socket, "-f", "/dev/null"]
        self._base = base
        # A parked session keeps the server up; the control client attaches to it, so
        # it gets no %output for the sessions being measured.
        subprocess.run(
            [*base, "new-session", "-d", "-s", "park", "-x", "80", "-y", "24"],
            check=True,
            env=self.env,
        )
        subprocess.run([*base, "set-option", "-g", "status", "off"], check=True, env=self.env)
        subprocess.run(
            [*base, "set-option", "-g", "remain-on-exit", "off"], check=True, env=self.env
        )
        self._proc = subprocess.Popen(
            [*base, "-C", "attach-session", "-t", "park"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            env=self.env,
            bufsize=0,
        )
        assert self._proc.stdin and self._proc.stdout
        self._in = self._proc.stdin
        self._out = self._proc.stdout
        self._read_block("attach-session")  # the attach command's own (empty) block
        assert self.command("display-message -p ready") == ["ready"]

    def command(self, line: str) -> list[str]:
        """Run one tmux command; return its output lines (raises on %error)."""
        self._in.write(line.encode() + b"\n")
        return self._read_block(line)

    def _read_block(self, line: str) -> list[str]:
        lines: list[str] = []
        inside = False
        while True:
            raw = self._out.readline()
            if not raw:
                raise RuntimeError("tmux control client exited")
            text = raw.decode("utf-8", "replace").rstrip("\n")
            if not inside:
                if text.startswith("%begin"):
                    inside = True
                continue  # notifications (%output, %session-changed, …)
            if text.startswith("%end"):
                return lines
            if text.startswith("%error"):
                raise RuntimeError(f"tmux: {line!r}: {lines}")
            lines.append(text)

    def launch(self, name: str, argv: Sequence[str], width: int = 120, height: int = 36) -> float:
        """Start argv in a new detached session; return perf_counter() just before."""
        cmd = " ".join(shlex.quote(a) for a in argv)
        line = f"new-session -d -s {name} -x {width} -y {height} {_tmux_quote(cmd)}"
        t0 = time.perf_counter()
        self.command(line)
        return t0

    def capture(self, name: str) -> str:
        return "\n".join(self.command(f"capture-pane -p -t {name}"))

    def send_keys(self, name: str, *keys: str) -> None:
        self.command(f"send-keys -t {name} " + " ".join(keys))

    def alive(self, name: str) -> bool:
        try:
            self.command(f"has-session -t {name}")
            return True
        except RuntimeError:
            return False

    def kill(self, name: str) -> None:
        with contextlib.suppress(RuntimeError):  # already gone
            self.command(f"kill-session -t {name}")

    def wait_for(
        self,
        name: str,
        painted: Callable[[str], bool],
        timeout: float = 60.0,
        interval: float = 0.002,
    ) -> tuple[float, str]:
        """Poll the screen until painted(screen); return (perf_counter(), screen)."""
        deadline = time.perf_counter() + timeout
        while True:
            screen = self.capture(name)
            now = time.perf_counter()
            if painted(screen):
                return now, screen
            if now > deadline:
                raise TimeoutError(f"{name}: not painted after {timeout} s:\n{screen}")
            time.sleep(interval)

    def close(self) -> None:
        try:
            subprocess.run(
                [*self._base, "kill-server"], env=self.env, check=False, stderr=subprocess.DEVNULL
            )
        finally:
            self._proc.wait(timeout=10)
            tmpdir = self.env.get("TMUX_TMPDIR") or "/tmp"
            with contextlib.suppress(OSError):
                os.unlink(os.path.join(tmpdir, f"tmux-{os.getuid()}", self.socket))

    def __enter__(self) -> Tmux:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _tmux_quote(text: str) -> str:
    """Quote one argument for tmux's own command parser (single quotes, like sh)."""
    return "'" + text.replace("'", "'\\''") + "'"
