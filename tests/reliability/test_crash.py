"""SIGKILL a writer at random moments: every action it acknowledged must survive.

The writer is a forked child with its own connection. It acknowledges an action (its log
id and a unique detail, one line on a pipe) only after the Store call returned, i.e.
after COMMIT with synchronous=FULL. The parent kills it with SIGKILL at a random moment,
at least 100 times, then checks that every acknowledged action is in the log, in the
right place, and that integrity check and hash chain are clean.
"""

from __future__ import annotations

import os
import random
import signal
import time
from pathlib import Path

import pytest

from acctexit.domain.models import StepStatus, Verb
from acctexit.store import Store

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork()")


def _writer(path: Path, number_id: int, account_id: int, round_no: int, fd: int) -> None:
    """Child process: write actions forever, acknowledging each after it returns."""
    try:
        store = Store.open(path)
        i = 0
        while True:
            detail = f"r{round_no}-{i}"
            if i % 3 == 2:
                entry = store.add_note(detail, account_id=account_id)
            else:
                status = StepStatus.DONE if i % 2 == 0 else StepStatus.OPEN
                key = (account_id, None, f"s{i % 5}") if i % 4 else (None, number_id, "yzt-check")
                entry = store.set_step(key, status, detail)
            os.write(fd, f"{entry.id} {entry.verb.value} {detail}\n".encode())
            i += 1
    finally:
        os._exit(3)  # never return into pytest from the child


def _read_all(fd: int) -> bytes:
    chunks = []
    while True:
        data = os.read(fd, 65536)
        if not data:
            return b"".join(chunks)
        chunks.append(data)


def test_sigkill_never_loses_an_acknowledged_action(tmp_path: Path, heavy: bool) -> None:
    path = tmp_path / "crash.sqlite3"
    with Store.open(path) as store:
        number = store.add_number("13800001234")
        account = store.add_account("alipay", number.id)
    rounds = 1000 if heavy else 110
    rng = random.Random(20261124)
    acknowledged: dict[int, tuple[str, str]] = {}
    kills = 0
    deadline = time.monotonic() + (600 if heavy else 45)
    for round_no in range(rounds):
        read_fd, write_fd = os.pipe()
        pid = os.fork()
        if pid == 0:  # child
            os.close(read_fd)
            _writer(path, number.id, account.id, round_no, write_fd)
        os.close(write_fd)
        # Random moments: during start-up and open, or mid-stream of commits.
        time.sleep(rng.choice([rng.uniform(0, 0.01), rng.uniform(0.01, 0.08)]))
        os.kill(pid, signal.SIGKILL)
        _, status = os.waitpid(pid, 0)
        assert os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL, (
            "the writer died by itself: it hit an error before being killed"
        )
        kills += 1
        output = _read_all(read_fd)
        os.close(read_fd)
        # A line cut short by the kill was never acknowledged.
        for line in output.split(b"\n")[:-1]:
            entry_id, verb, detail = line.decode().split(" ")
            acknowledged[int(entry_id)] = (verb, detail)
        if time.monotonic() > deadline and kills >= 100:
            break

    with Store.open(path) as store:
        log = {e.id: e for e in store.iter_log()}
        lost = [
            i
            for i, (verb, detail) in acknowledged.items()
            if i not in log or log[i].verb != Verb(verb) or log[i].detail != detail
        ]
        report = store.verify()
    print(
        f"\ncrash test: kills={kills} acknowledged={len(acknowledged)} lost={len(lost)} "
        f"log rows={len(log)} verify_ok={report.ok}"
    )
    assert kills >= 100
    assert len(acknowledged) >= kills  # the writer made real progress between kills
    assert lost == []
    assert report.ok, report.problems
    assert report.rows_checked == len(log)
