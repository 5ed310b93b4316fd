"""Reading the history: the log (newest first, oldest first, an account's notes, what
the user wrote on an account or a number), every step's state (kept incrementally),
what an export needs, and `verify()`.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Mapping
from types import MappingProxyType

from acctexit.domain.models import LogEntry, StepKey, StepStatus
from acctexit.i18n import KeyedText
from acctexit.store.core import StoreCore, bad_row_error, reads_rows
from acctexit.store.errors import StoreError
from acctexit.store.log import GENESIS_HASH, VerifyReport, check_chain
from acctexit.store.opening import translate_error
from acctexit.store.rows import (
    LOG_COLUMNS,
    VERB_STATUS,
    BadRowError,
    entry_from_row,
    read_states,
    step_record,
)


class History(StoreCore):
    """Log reads, step states and the integrity check."""

    # -- reading the log -------------------------------------------------------------

    @reads_rows
    def recent_log(self, limit: int = 100) -> list[LogEntry]:
        """Newest first (by id: the order actions were recorded)."""
        rows = self._tuples(f"SELECT {LOG_COLUMNS} FROM log ORDER BY id DESC LIMIT ?", (limit,))
        return [entry_from_row(r) for r in rows]

    def iter_log(self, batch: int = 5000) -> Iterator[LogEntry]:
        """Oldest first, fetched in pages so a million rows need little memory."""
        after = 0
        while True:
            rows = self._tuples(
                f"SELECT {LOG_COLUMNS} FROM log WHERE id > ? ORDER BY id LIMIT ?", (after, batch)
            )
            try:
                entries = [entry_from_row(r) for r in rows]
            except BadRowError as e:
                raise bad_row_error(e, self.path) from None
            yield from entries
            if len(rows) < batch:
                return
            after = rows[-1][0]

    @reads_rows
    def notes_for(self, account_id: int) -> list[LogEntry]:
        """The account's notes, oldest first."""
        rows = self._tuples(
            f"SELECT {LOG_COLUMNS} FROM log WHERE account_id = ? AND verb = 'note' ORDER BY id",
            (account_id,),
        )
        return [entry_from_row(r) for r in rows]

    @reads_rows
    def remarks_for(
        self, account_id: int | None = None, number_id: int | None = None
    ) -> list[LogEntry]:
        """What the user wrote on one account, or on one number itself (not on its
        accounts): notes and skips (their detail is the reason), oldest first, however
        old. Pass exactly one of the two ids."""
        if (account_id is None) == (number_id is None):
            raise ValueError("remarks_for needs exactly one of account_id and number_id")
        owner = (
            "account_id = ?" if account_id is not None else "account_id IS NULL AND number_id = ?"
        )
        rows = self._tuples(
            f"SELECT {LOG_COLUMNS} FROM log WHERE {owner} AND verb IN ('note', 'skipped') "
            "ORDER BY id",
            (account_id if account_id is not None else number_id,),
        )
        return [entry_from_row(r) for r in rows]

    def step_states(self) -> Mapping[StepKey, StepStatus]:
        """Each done or skipped step's status (same answer as derive_step_states over
        the log). A step not in it is open: never ticked, or undone. About a third of
        the steps the log mentions are open again, so leaving them out saves that share
        of the time and memory (at 10,000 accounts, ~16,000 entries).

        The first call reads `step_state` (kept by a trigger in step with every log
        insert); later calls only read log rows added since, by this or any other
        process. Log ids only grow and are assigned under the write lock, so "id >
        last seen" never misses a committed row.

        Returns a read-only view, not a copy: copying ~47,000 entries on every call
        cost more than the incremental read. A view once returned never changes: new
        log rows make a new dict (copy-on-write), so earlier views stay as they were.
        Callers that want to modify it take `dict(...)` of it.
        """
        try:
            with self._read() as conn:
                cur = conn.cursor()
                cur.row_factory = None  # plain tuples: about twice as fast as sqlite3.Row
                if self._states is None:
                    (upto,) = cur.execute("SELECT coalesce(max(id), 0) FROM log").fetchone()
                    states = read_states(cur)
                    self._states = states
                    self._states_view = MappingProxyType(states)
                    self._states_upto = upto
                else:
                    rows = cur.execute(
                        "SELECT id, account_id, number_id, step_id, verb FROM log WHERE id > ? "
                        "AND step_id IS NOT NULL AND verb IN ('done', 'undone', 'skipped') "
                        "ORDER BY id",
                        (self._states_upto,),
                    ).fetchall()
                    (upto,) = cur.execute("SELECT coalesce(max(id), 0) FROM log").fetchone()
                    if rows:
                        states = dict(self._states)  # copy-on-write, see above
                        for _, a, n, s, verb in rows:
                            key = (a, n if a is None else None, s)
                            status = VERB_STATUS[verb]
                            if status is StepStatus.OPEN:
                                states.pop(key, None)
                            else:
                                states[key] = status
                        self._states = states
                        self._states_view = MappingProxyType(states)
                    self._states_upto = upto
        except sqlite3.Error as e:
            raise translate_error(e, self.path) from None
        return self._states_view

    # -- what an export needs ------------------------------------------------------

    @reads_rows
    def step_records(self) -> dict[StepKey, tuple[StepStatus, str, str]]:
        """Each step's current status with the time and detail of the log row that
        set it (open steps that were once ticked included), in log order."""
        rows = self._tuples(
            "SELECT s.account_key, s.number_key, s.step_id, s.status, l.ts, l.detail "
            "FROM step_state s JOIN log l ON l.id = s.log_id ORDER BY s.log_id"
        )
        return dict(step_record(r) for r in rows)

    @reads_rows
    def notes(self) -> list[LogEntry]:
        """Every note, oldest first."""
        rows = self._tuples(f"SELECT {LOG_COLUMNS} FROM log WHERE verb = 'note' ORDER BY id")
        return [entry_from_row(r) for r in rows]

    def number_e164s(self) -> dict[int, str]:
        """The number of every id ever used, removed ones included (log rows name them)."""
        return {i: e164 for i, e164 in self._tuples("SELECT id, e164 FROM numbers")}

    # -- checking ----------------------------------------------------------------------

    def chain_head(self) -> str:
        """The log's head as "id:hash" ("0:" + 64 zeros for an empty log): printed with
        every export, so a copy kept elsewhere anchors the log against recomputation."""
        rows = self._tuples("SELECT value FROM meta WHERE key = 'log_head'")
        return str(rows[0][0]) if rows else f"0:{GENESIS_HASH}"

    def verify(self) -> VerifyReport:
        """PRAGMA integrity_check, the hash chain, every row read through the app's
        rules, numbers and accounts against a replay of the log, and step_state
        against a replay."""
        from acctexit.domain.models import derive_step_states
        from acctexit.store.own_replay import own_problems
        from acctexit.store.replay import state_problems

        problems: list[str] = []
        try:
            with self._read() as conn:
                integrity = [r[0] for r in conn.execute("PRAGMA integrity_check(20)")]
                if integrity != ["ok"]:
                    problems.extend(
                        KeyedText("verify_integrity_check", line=ln) for ln in integrity
                    )
                head_row = conn.execute("SELECT value FROM meta WHERE key = 'log_head'").fetchone()
                cursor = conn.execute(f"SELECT {LOG_COLUMNS} FROM log ORDER BY id")
                report = check_chain((tuple(r) for r in cursor), head_row[0] if head_row else None)
                state = state_problems(conn) + own_problems(conn)
        except StoreError as e:
            return VerifyReport(ok=False, problems=[e.said()])
        report.problems[:0] = problems
        report.problems.extend(state)
        report.problems.extend(self.open_problems)
        if not state and (report.ok or not report.first_broken_id):
            # Only worth comparing when the log itself reads back cleanly.
            try:
                replayed = derive_step_states(list(self.iter_log()))
                if replayed != self.step_states():
                    report.problems.append(KeyedText("verify_states_differ"))
            except (StoreError, KeyError, ValueError) as e:
                detail = e.said() if isinstance(e, StoreError) else str(e)
                report.problems.append(KeyedText("verify_replay_failed", detail=detail))
        report.ok = not report.problems
        return report
