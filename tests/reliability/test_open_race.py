"""Opening while another copy commits: the open checks must not take that commit for a
lost row. The other copy's commit is injected at the moment the checks read the
`.head` sidecar, the one point where the order of the reads matters."""

from __future__ import annotations

from pathlib import Path

import pytest

from acctexit.store import Store, integrity


@pytest.mark.parametrize("writes", [1, 3])
def test_a_commit_during_the_open_checks_is_not_a_lost_row(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, writes: int
) -> None:
    path = tmp_path / "race.sqlite3"
    with Store.open(path) as store:
        store.add_number("13800001234")
    other = Store.open(path)  # another copy of the app, already open
    original = integrity.read_sidecar
    busy = False

    def read_while_another_copy_commits(db_path: Path) -> tuple[int, str] | None:
        nonlocal busy
        if not busy:
            busy = True  # the other copy's own sidecar write reads it too
            for i in range(writes):
                other.add_number(f"1390000{i:04d}")
            busy = False
        return original(db_path)

    monkeypatch.setattr(integrity, "read_sidecar", read_while_another_copy_commits)
    with Store.open(path) as store:
        assert store.integrity_error is None, store.integrity_warning
        assert len(store.numbers()) == 1 + writes
    other.close()
