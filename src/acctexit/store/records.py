"""Numbers, accounts, step ticks and notes: the `Store` methods that read and write
records. Every value goes through its rule in acctexit.domain.fields first; a refusal
is an InvalidInputError carrying the rule's FieldError (the words the forms use).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from datetime import date, datetime
from typing import Any, TypeVar

from acctexit.domain import fields
from acctexit.domain.fields import FieldError
from acctexit.domain.models import (
    DEFAULT_FREEZE_DAYS,
    Account,
    LogEntry,
    NumberState,
    PhoneNumber,
    StepKey,
    StepStatus,
    Verb,
)
from acctexit.domain.phone import mask_number
from acctexit.i18n import KeyedText
from acctexit.store.core import StoreCore, reads_rows
from acctexit.store.errors import InvalidInputError
from acctexit.store.rows import (
    ACCOUNT_COLUMNS,
    NUMBER_COLUMNS,
    STATUS_VERB,
    account_from_row,
    accounts_from_rows,
    number_from_row,
    numbers_from_rows,
    to_json,
    to_sql,
)

_T = TypeVar("_T")


def _rule(rule: Callable[..., _T], *args: Any) -> _T:
    try:
        return rule(*args)
    except FieldError as e:
        raise InvalidInputError.from_field(e) from None


def _number_values(changes: dict[str, Any]) -> dict[str, Any]:
    return _rule(fields.number_fields, changes)


def _account_values(facts: dict[str, Any]) -> dict[str, Any]:
    """Each account field through its rule, plus the number it moves to."""
    number_id = facts.get("number_id")
    out = _rule(fields.account_fields, {k: v for k, v in facts.items() if k != "number_id"})
    if "number_id" in facts:
        if isinstance(number_id, bool) or not isinstance(number_id, int) or number_id < 1:
            raise InvalidInputError(KeyedText("store_err_number_id", value=number_id))
        out["number_id"] = number_id
    return out


def _pair_state(values: dict[str, Any], current: PhoneNumber | None = None) -> None:
    """A number that will be or was cancelled has a cancel date; a kept one has none
    (fields.cancel_date_for), checked on the record as it will be after the change."""
    if current is None and not ({"state", "cancel_date"} & values.keys()):
        return
    state = values.get("state", current.state if current else NumberState.KEPT)
    cancel = values.get("cancel_date", current.cancel_date if current else None)
    kept = _rule(fields.cancel_date_for, state, cancel)
    if "cancel_date" in values or kept != cancel:
        values["cancel_date"] = kept


class Records(StoreCore):
    """Reading and writing numbers and accounts; ticking steps; notes."""

    # -- numbers ---------------------------------------------------------------------

    def numbers(self) -> list[PhoneNumber]:
        return self._cached(
            "numbers",
            f"SELECT {NUMBER_COLUMNS} FROM numbers WHERE removed = 0 ORDER BY id",
            numbers_from_rows,
        )

    @reads_rows
    def number(self, number_id: int) -> PhoneNumber:
        rows = self._tuples(
            f"SELECT {NUMBER_COLUMNS} FROM numbers WHERE id = ? AND removed = 0", (number_id,)
        )
        if not rows:
            raise InvalidInputError(KeyedText("store_err_no_number", id=number_id))
        return number_from_row(rows[0])

    def _live_number(self, conn: sqlite3.Connection, number_id: Any) -> sqlite3.Row:
        row = conn.execute(
            f"SELECT {NUMBER_COLUMNS} FROM numbers WHERE id = ? AND removed = 0", (number_id,)
        ).fetchone()
        if row is None:
            raise InvalidInputError(KeyedText("store_err_no_number", id=number_id))
        assert isinstance(row, sqlite3.Row)
        return row

    def _check_unique(self, conn: sqlite3.Connection, e164: str, exclude: int = 0) -> None:
        clash = conn.execute(
            "SELECT id FROM numbers WHERE e164 = ? AND removed = 0 AND id != ?", (e164, exclude)
        ).fetchone()
        if clash:
            raise InvalidInputError(KeyedText("store_err_number_taken", number=mask_number(e164)))

    def add_number(
        self,
        e164: str,
        *,
        label: str = "",
        carrier: str | None = None,
        state: NumberState = NumberState.KEPT,
        cancel_date: date | None = None,
        freeze_days: int = DEFAULT_FREEZE_DAYS,
        yzt_count: int | None = None,
        cards_reported: int | None = None,
    ) -> PhoneNumber:
        values = _number_values(
            {
                "e164": e164,
                "label": label,
                "carrier": carrier,
                "state": state,
                "cancel_date": cancel_date,
                "freeze_days": freeze_days,
                "yzt_count": yzt_count,
                "cards_reported": cards_reported,
            }
        )
        with self._write() as conn:
            number_id = self._insert_number(conn, values)
            row = self._live_number(conn, number_id)
        return number_from_row(row)

    def _insert_number(
        self, conn: sqlite3.Connection, values: dict[str, Any], ts: datetime | None = None
    ) -> int:
        _pair_state(values)
        self._check_unique(conn, values["e164"])
        cols = list(values)
        cur = conn.execute(
            f"INSERT INTO numbers ({', '.join(cols)}) VALUES ({', '.join('?' for _ in cols)})",
            [to_sql(values[c]) for c in cols],
        )
        number_id = int(cur.lastrowid or 0)
        self._append(conn, Verb.NUMBER_ADDED, number_id=number_id, detail=to_json(values), ts=ts)
        return number_id

    def update_number(self, number_id: int, **changes: Any) -> PhoneNumber:
        values = _number_values(changes)
        with self._write() as conn:
            self._update_number(conn, number_id, values)
            row = self._live_number(conn, number_id)
        return number_from_row(row)

    def _update_number(
        self, conn: sqlite3.Connection, number_id: int, values: dict[str, Any]
    ) -> None:
        current = number_from_row(self._live_number(conn, number_id))
        values = dict(values)
        _pair_state(values, current)
        changed = {k: v for k, v in values.items() if getattr(current, k) != v}
        if not changed:
            return
        if "e164" in changed:
            self._check_unique(conn, changed["e164"], exclude=number_id)
        sets = ", ".join(f"{k} = ?" for k in changed)
        conn.execute(
            f"UPDATE numbers SET {sets} WHERE id = ?",
            [*(to_sql(v) for v in changed.values()), number_id],
        )
        self._append(conn, Verb.NUMBER_CHANGED, number_id=number_id, detail=to_json(changed))

    def remove_number(self, number_id: int) -> None:
        """Flag the number and its accounts removed; their history stays in the log."""
        with self._write() as conn:
            self._live_number(conn, number_id)
            for (account_id,) in conn.execute(
                "SELECT id FROM accounts WHERE number_id = ? AND removed = 0 ORDER BY id",
                (number_id,),
            ).fetchall():
                conn.execute("UPDATE accounts SET removed = 1 WHERE id = ?", (account_id,))
                self._append(conn, Verb.ACCOUNT_REMOVED, account_id=account_id, number_id=number_id)
            conn.execute("UPDATE numbers SET removed = 1 WHERE id = ?", (number_id,))
            self._append(conn, Verb.NUMBER_REMOVED, number_id=number_id)

    # -- accounts --------------------------------------------------------------------

    def accounts(self) -> list[Account]:
        return self._cached(
            "accounts",
            f"SELECT {ACCOUNT_COLUMNS} FROM accounts WHERE removed = 0 ORDER BY id",
            accounts_from_rows,
        )

    @reads_rows
    def account(self, account_id: int) -> Account:
        rows = self._tuples(
            f"SELECT {ACCOUNT_COLUMNS} FROM accounts WHERE id = ? AND removed = 0", (account_id,)
        )
        if not rows:
            raise InvalidInputError(KeyedText("store_err_no_account", id=account_id))
        return account_from_row(rows[0])

    def _live_account(self, conn: sqlite3.Connection, account_id: Any) -> sqlite3.Row:
        row = conn.execute(
            f"SELECT {ACCOUNT_COLUMNS} FROM accounts WHERE id = ? AND removed = 0", (account_id,)
        ).fetchone()
        if row is None:
            raise InvalidInputError(KeyedText("store_err_no_account", id=account_id))
        assert isinstance(row, sqlite3.Row)
        return row

    def add_account(self, platform_id: str, number_id: int, **facts: Any) -> Account:
        platform = _rule(fields.platform_id, platform_id)
        values = _account_values(facts)
        values.pop("number_id", None)
        with self._write() as conn:
            account_id = self._insert_account(conn, platform, number_id, values)
            row = self._live_account(conn, account_id)
        return account_from_row(row)

    def _check_label_free(
        self,
        conn: sqlite3.Connection,
        platform: str,
        number_id: int,
        label: str,
        exclude: int = 0,
    ) -> None:
        """One platform may be listed several times on a number, told apart by label;
        unlabelled ones are numbered (#2) instead, so only a label may not repeat."""
        if not label:
            return
        clash = conn.execute(
            "SELECT 1 FROM accounts WHERE platform_id = ? AND number_id = ? AND label = ? "
            "AND removed = 0 AND id != ?",
            (platform, number_id, label, exclude),
        ).fetchone()
        if clash:
            raise InvalidInputError.from_field(FieldError("label", "field_err_label_taken"))

    def _check_platform(self, conn: sqlite3.Connection, platform: str) -> None:
        """An own service's id must name a live own service (catalog ids are the
        catalog's to check: the store does not load it)."""
        if not platform.startswith("own:"):
            return
        row = conn.execute(
            "SELECT 1 FROM own_services WHERE id = ? AND removed = 0",
            (int(platform.removeprefix("own:")),),
        ).fetchone()
        if row is None:
            raise InvalidInputError.from_field(FieldError("platform", "field_err_platform"))

    def _insert_account(
        self,
        conn: sqlite3.Connection,
        platform: str,
        number_id: int,
        values: dict[str, Any],
        ts: datetime | None = None,
        *,
        label_known_free: bool = False,
    ) -> int:
        """`label_known_free`: the caller (an import, which holds every live account's
        key in memory) knows no live account has this platform, number and label, so
        the query per account, a scan of the number's accounts, is skipped."""
        self._live_number(conn, number_id)
        self._check_platform(conn, platform)
        if not label_known_free:
            self._check_label_free(conn, platform, number_id, values.get("label", ""))
        cols = ["platform_id", "number_id", *values]
        params = [platform, number_id, *(to_sql(v) for v in values.values())]
        cur = conn.execute(
            f"INSERT INTO accounts ({', '.join(cols)}) VALUES ({', '.join('?' for _ in cols)})",
            params,
        )
        account_id = int(cur.lastrowid or 0)
        detail = to_json({"platform_id": platform, **values})
        self._append(
            conn,
            Verb.ACCOUNT_ADDED,
            account_id=account_id,
            number_id=number_id,
            detail=detail,
            ts=ts,
        )
        return account_id

    def update_account(self, account_id: int, **changes: Any) -> Account:
        values = _account_values(changes)
        with self._write() as conn:
            self._update_account(conn, account_id, values)
            row = self._live_account(conn, account_id)
        return account_from_row(row)

    def _update_account(
        self, conn: sqlite3.Connection, account_id: int, values: dict[str, Any]
    ) -> None:
        current = account_from_row(self._live_account(conn, account_id))
        changed = {k: v for k, v in values.items() if getattr(current, k) != v}
        if not changed:
            return
        if "number_id" in changed:
            self._live_number(conn, changed["number_id"])
        if {"number_id", "label"} & changed.keys():
            self._check_label_free(
                conn,
                current.platform_id,
                changed.get("number_id", current.number_id),
                changed.get("label", current.label),
                exclude=account_id,
            )
        sets = ", ".join(f"{k} = ?" for k in changed)
        conn.execute(
            f"UPDATE accounts SET {sets} WHERE id = ?",
            [*(to_sql(v) for v in changed.values()), account_id],
        )
        self._append(
            conn,
            Verb.ACCOUNT_CHANGED,
            account_id=account_id,
            number_id=changed.get("number_id", current.number_id),
            detail=to_json(changed),
        )

    def remove_account(self, account_id: int) -> None:
        with self._write() as conn:
            row = self._live_account(conn, account_id)
            conn.execute("UPDATE accounts SET removed = 1 WHERE id = ?", (account_id,))
            self._append(
                conn, Verb.ACCOUNT_REMOVED, account_id=account_id, number_id=row["number_id"]
            )

    # -- steps and notes -------------------------------------------------------------

    def _check_key(
        self, conn: sqlite3.Connection, account_id: Any, number_id: Any
    ) -> tuple[int | None, int | None]:
        if account_id is not None:
            self._live_account(conn, account_id)
        if number_id is not None:
            self._live_number(conn, number_id)
        return account_id, number_id

    def set_step(self, key: StepKey, status: StepStatus, detail: str = "") -> LogEntry:
        """Record done / undone (OPEN) / skipped for a step; committed when it returns."""
        account_id, number_id, step_id = key
        if account_id is None and number_id is None:
            raise InvalidInputError(KeyedText("store_err_step_owner"))
        try:
            verb = STATUS_VERB[StepStatus(status)]
        except ValueError:
            raise InvalidInputError(KeyedText("store_err_step_status", status=status)) from None
        step = _rule(fields.step_id, step_id)
        text = _rule(fields.step_detail, detail)
        with self._write() as conn:
            self._check_key(conn, account_id, number_id)
            return self._append(
                conn, verb, account_id=account_id, number_id=number_id, step_id=step, detail=text
            )

    def add_note(
        self,
        text: str,
        *,
        account_id: int | None = None,
        number_id: int | None = None,
        step_id: str | None = None,
    ) -> LogEntry:
        body = _rule(fields.note, text)
        step = None if step_id is None else _rule(fields.step_id, step_id)
        with self._write() as conn:
            self._check_key(conn, account_id, number_id)
            return self._append(
                conn,
                Verb.NOTE,
                account_id=account_id,
                number_id=number_id,
                step_id=step,
                detail=body,
            )
