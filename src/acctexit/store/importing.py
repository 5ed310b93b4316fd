"""`Store.apply_import`: writing a parsed import file into the database. Parsing and
the file formats live in acctexit.store.exchange; this module only writes.

Loaded by `Store.apply_import` when an import is applied, not with the store: the
dashboard's first frame has no use for it (benchmarks/analysis.md).
"""

from __future__ import annotations

import sqlite3
from collections import deque
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from acctexit.domain.models import Category, StepStatus, Verb
from acctexit.domain.own import own_platform_id, own_service_id
from acctexit.sanitize import clean_text
from acctexit.store.batch import AccountIn, ImportBatch, ImportResult, NoteIn, NumberIn
from acctexit.store.errors import ImportFileError, ImportProblem, InvalidInputError
from acctexit.store.rows import STATUS_VERB, step_status

if TYPE_CHECKING:
    from acctexit.store.own_steps import OwnSteps


class Importer:
    """Applying one import batch to `store` (a `Store`; see `Store.apply_import`)."""

    def __init__(self, store: OwnSteps) -> None:
        self.store = store
        self._import_index: dict[tuple[str, int, str], deque[int]] = {}
        self._import_keys: set[tuple[str, int, str]] = set()

    def apply(self, batch: ImportBatch, name: str = "") -> ImportResult:
        """`Store.apply_import`: the batch written all or nothing."""
        import json  # only when importing: start-up never needs it

        parsed = batch
        result = ImportResult()
        summary = {
            "file": clean_text(Path(name).name)[:200],
            "numbers": len(parsed.numbers),
            "accounts": len(parsed.accounts),
        }
        # Numbers that accounts mention but the file does not list are added as "kept".
        for account in parsed.accounts:
            parsed.numbers.setdefault(account.e164, NumberIn(account.line, account.e164, {}))
        try:
            with self.store._write() as conn:
                self.store._append(
                    conn,
                    Verb.IMPORTED,
                    detail=json.dumps(summary, ensure_ascii=False, sort_keys=True),
                )
                # Live accounts by their match key, read once: a query per account
                # scanned every account of its number (40,000 on one number took 83 s).
                # The n-th record of a key matches the n-th account of it (oldest first).
                index: dict[tuple[str, int, str], deque[int]] = {}
                for i, p, n, label in conn.execute(
                    "SELECT id, platform_id, number_id, label FROM accounts WHERE removed = 0 "
                    "ORDER BY id"
                ):
                    index.setdefault((p, n, label), deque()).append(i)
                self._import_index = index
                self._import_keys = set(index)  # every live key, and each one added
                number_ids: dict[str, int] = {}
                for number in parsed.numbers.values():
                    number_ids[number.e164] = self._apply_number(conn, number, result)
                claimed: set[int] = set()  # accounts already matched by an earlier record
                for account in parsed.accounts:
                    if account.own is not None:
                        account.platform = self._apply_own(conn, account.own, result)
                        if account.own_steps is not None:  # own-steps: the service's steps
                            service_id = own_service_id(account.platform)
                            assert service_id is not None
                            self.store._import_own_steps(conn, service_id, account.own_steps)
                    account_id = self._apply_account(
                        conn, account, number_ids[account.e164], result, claimed
                    )
                    self._apply_children(conn, account, (account_id, None), result)
                for number in parsed.numbers.values():
                    self._apply_children(conn, number, (None, number_ids[number.e164]), result)
                self._apply_children(conn, None, (None, None), result, notes=parsed.notes)
        except InvalidInputError as e:
            raise ImportFileError(
                Path(name) if name else None,
                [ImportProblem(None, e.said(), e.field_error, e.where)],
            ) from None
        self.store._states = None  # many rows at once: reload rather than replay
        return result

    def _apply_number(
        self, conn: sqlite3.Connection, number: NumberIn, result: ImportResult
    ) -> int:
        row = conn.execute(
            "SELECT id FROM numbers WHERE e164 = ? AND removed = 0", (number.e164,)
        ).fetchone()
        if row is None:
            values = {"e164": number.e164, **number.values}
            result.numbers_added += 1
            return self.store._insert_number(conn, values)
        before = self.store.log_head(conn)
        self.store._update_number(conn, row[0], number.values)
        if self.store.log_head(conn) != before:
            result.numbers_updated += 1
        return int(row[0])

    def _apply_account(
        self,
        conn: sqlite3.Connection,
        account: AccountIn,
        number_id: int,
        result: ImportResult,
        claimed: set[int],
    ) -> int:
        # Several unlabelled accounts of one platform on one number: the file's n-th
        # matches the n-th already here (in the order they were added), so importing an
        # export again changes nothing.
        label = account.values.get("label", "")
        found = None
        waiting = self._import_index.get((account.platform, number_id, label))
        while waiting and found is None:
            candidate = waiting.popleft()
            found = candidate if candidate not in claimed else None
        if found is None:
            result.accounts_added += 1
            key = (account.platform, number_id, label)
            added = self.store._insert_account(
                conn,
                account.platform,
                number_id,
                account.values,
                label_known_free=key not in self._import_keys,
            )
            self._import_keys.add(key)
            claimed.add(added)
            return added
        claimed.add(found)
        before = self.store.log_head(conn)
        self.store._update_account(conn, found, account.values)
        if self.store.log_head(conn) != before:
            result.accounts_updated += 1
        return found  # (the match key holds the label, so an update keeps it)

    def _apply_own(
        self, conn: sqlite3.Connection, own: dict[str, Any], result: ImportResult
    ) -> str:
        """The platform id of the own service `own` describes: the live one with the
        same name and category (its other facts updated to the file's), else a new one."""
        row = conn.execute(
            "SELECT id FROM own_services WHERE name = ? AND category = ? AND removed = 0 "
            "ORDER BY id LIMIT 1",
            (own["name"], Category(own["category"]).value),
        ).fetchone()
        if row is None:
            result.own_services_added += 1
            return own_platform_id(self.store._insert_own_service(conn, own))
        service_id = int(row[0])
        changes = {k: v for k, v in own.items() if k in ("phone_use", "holds_funds")}
        self.store._change_own_service(conn, service_id, changes)
        return own_platform_id(service_id)

    def _apply_children(
        self,
        conn: sqlite3.Connection,
        owner: AccountIn | NumberIn | None,
        key: tuple[int | None, int | None],
        result: ImportResult,
        notes: list[NoteIn] | None = None,
    ) -> None:
        account_id, number_id = key
        if owner is not None:
            # Oldest first, so the last row per step is the one that counts.
            for step in sorted(owner.steps, key=lambda s: s.at or datetime.max.replace(tzinfo=UTC)):
                current = conn.execute(
                    "SELECT status FROM step_state "
                    "WHERE account_key = ? AND number_key = ? AND step_id = ?",
                    (account_id or 0, number_id or 0, step.step),
                ).fetchone()
                current_status = step_status(current[0]) if current else StepStatus.OPEN
                if current_status is step.status:
                    continue
                verb = STATUS_VERB[step.status]
                self.store._append(
                    conn,
                    verb,
                    account_id=account_id,
                    number_id=number_id,
                    step_id=step.step,
                    detail=step.detail,
                    ts=step.at,
                )
                result.steps += 1
            notes = owner.notes
        for note in notes or []:
            exists = conn.execute(
                "SELECT 1 FROM log WHERE verb = 'note' AND account_id IS ? AND number_id IS ? "
                "AND step_id IS ? AND detail = ?",
                (account_id, number_id, note.step, note.text),
            ).fetchone()
            if exists:
                continue
            self.store._append(
                conn,
                Verb.NOTE,
                account_id=account_id,
                number_id=number_id,
                step_id=note.step,
                detail=note.text,
                ts=note.at,
            )
            result.notes += 1
