"""Two (or more) processes writing the same database at once: no errors, no lost rows."""

from __future__ import annotations

import os
import traceback
from pathlib import Path

import pytest

from acctexit.domain.models import StepStatus, derive_step_states
from acctexit.store import Store

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork()")


def _fork(target, *args) -> tuple[int, int]:
    read_fd, write_fd = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(read_fd)
        code = 0
        try:
            target(*args, write_fd)
        except BaseException:
            os.write(write_fd, ("ERROR " + traceback.format_exc()).encode())
            code = 1
        finally:
            os._exit(code)
    os.close(write_fd)
    return pid, read_fd


def _collect(pid: int, fd: int) -> tuple[int, str]:
    chunks = []
    while data := os.read(fd, 65536):
        chunks.append(data)
    os.close(fd)
    _, status = os.waitpid(pid, 0)
    return os.waitstatus_to_exitcode(status), b"".join(chunks).decode()


def _writer(path: Path, who: str, count: int, fd: int) -> None:
    with Store.open(path) as store:
        number_id = store.numbers()[0].id
        for i in range(count):
            # Read-then-write in one process while the other writes: the case that
            # fails with "database is locked" under a plain BEGIN.
            store.step_states()
            account = store.add_account("jd", number_id, label=f"{who}{i}") if i % 10 == 0 else None
            entry = store.set_step(
                (None, number_id, f"{who}-{i % 4}"), StepStatus.DONE, f"{who}{i}"
            )
            note = store.add_note(
                f"{who} note {i}", account_id=account.id if account else None, number_id=number_id
            )
            os.write(fd, f"{entry.id} {note.id}\n".encode())


def test_two_processes_write_at_once(tmp_path: Path, heavy: bool) -> None:
    path = tmp_path / "two.sqlite3"
    with Store.open(path) as store:
        store.add_number("13800001234")
    count = 1000 if heavy else 150
    children = [_fork(_writer, path, who, count) for who in ("a", "b")]
    results = [_collect(pid, fd) for pid, fd in children]
    for code, out in results:
        assert code == 0, out
    acked = {int(x) for _, out in results for line in out.splitlines() for x in line.split()}
    with Store.open(path) as store:
        log = list(store.iter_log())
        ids = {e.id for e in log}
        report = store.verify()
        assert store.step_states() == derive_step_states(log)
        assert len(store.accounts()) == 2 * (count // 10)
    lost = acked - ids
    print(f"\nconcurrency: writers=2 acknowledged={len(acked)} lost={len(lost)} rows={len(log)}")
    assert len(acked) == 2 * 2 * count
    assert lost == set()
    # Every row is accounted for: setup (1) + accounts + one step and one note each.
    assert len(log) == 1 + 2 * (count // 10) + 2 * 2 * count
    assert report.ok, report.problems


def _opener(path: Path, fd: int) -> None:
    with Store.open(path) as store:
        entry = store.add_note("hello", number_id=None) if False else None
        os.write(fd, f"{store.log_count()} {entry}\n".encode())


def test_first_start_race_creates_one_database(tmp_path: Path) -> None:
    """Several copies started at once on a path that does not exist yet."""
    path = tmp_path / "fresh" / "race.sqlite3"
    children = [_fork(_opener, path) for _ in range(6)]
    for pid, fd in children:
        code, out = _collect(pid, fd)
        assert code == 0, out
    with Store.open(path) as store:
        assert store.verify().ok
    assert sorted(p.name for p in path.parent.iterdir() if not p.name.startswith(path.name)) == []
