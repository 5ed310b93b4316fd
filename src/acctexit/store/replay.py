"""Checking the current state against the log: `verify` replays every number and
account verb and compares the result with the `numbers` and `accounts` tables, and
reads every stored value through the same rules the app reads them with.

The log is authoritative and hash-chained; the tables are a cache of it that the
app reads on every key press. A balance changed, an account hidden or one inserted
by hand (past the app) changes the tables but not the log, and shows up here.
`own_services` and `own_steps` are replayed by store/own_replay.py.
"""

from __future__ import annotations

import json
import sqlite3
from typing import Any

from acctexit.i18n import KeyedText
from acctexit.store.rows import (
    ACCOUNT_COLUMNS,
    NUMBER_COLUMNS,
    BadRowError,
    accounts_from_rows,
    entry_from_row,
    numbers_from_rows,
    step_status,
)

# What a fresh row holds before the logged values are applied (schema.py's defaults).
_NUMBER_DEFAULTS: dict[str, Any] = {
    "label": "",
    "carrier": None,
    "state": "kept",
    "cancel_date": None,
    "freeze_days": 90,
    "yzt_count": None,
    "cards_reported": None,
    "removed": 0,
}
_ACCOUNT_DEFAULTS: dict[str, Any] = {
    "label": "",
    "login_hint": "",
    "balance": None,
    "bank_cards": None,
    "password_free": None,
    "linked_apps": None,
    "sign_in_via": None,
    "last_order": None,
    "orders_closed": None,
    "last_sensitive_change": None,
    "last_used": None,
    "removed": 0,
}
_ROW_VERBS = (
    "number_added",
    "number_changed",
    "number_removed",
    "account_added",
    "account_changed",
    "account_removed",
    "account_moved",
)
_MAX = 50


def _columns(spec: str) -> list[str]:
    return [c.strip() for c in spec.split(",")]


def replay_rows(conn: sqlite3.Connection) -> tuple[dict[int, dict[str, Any]], ...]:
    """(numbers, accounts) as the log says they are: id → column → value."""
    numbers: dict[int, dict[str, Any]] = {}
    accounts: dict[int, dict[str, Any]] = {}
    marks = ", ".join("?" for _ in _ROW_VERBS)
    for row_id, verb, account_id, number_id, detail in conn.execute(
        f"SELECT id, verb, account_id, number_id, detail FROM log WHERE verb IN ({marks}) "
        "ORDER BY id",
        _ROW_VERBS,
    ):
        try:
            values = json.loads(detail) if detail else {}
        except ValueError:
            raise BadRowError("log", row_id, KeyedText("store_bad_row_detail")) from None
        if not isinstance(values, dict):
            raise BadRowError("log", row_id, KeyedText("store_bad_row_detail"))
        if verb == "number_added":
            numbers[number_id] = {**_NUMBER_DEFAULTS, **values}
        elif verb == "account_added":
            accounts[account_id] = {**_ACCOUNT_DEFAULTS, "number_id": number_id, **values}
        elif verb == "account_moved":
            if account_id not in accounts:
                raise BadRowError("log", row_id, KeyedText("store_bad_row_never_added", verb=verb))
            accounts[account_id]["number_id"] = values.get("to", number_id)
        else:
            table = numbers if verb.startswith("number") else accounts
            key = number_id if verb.startswith("number") else account_id
            if key not in table:
                raise BadRowError("log", row_id, KeyedText("store_bad_row_never_added", verb=verb))
            if verb.endswith("_removed"):
                table[key]["removed"] = 1
            else:
                table[key].update(values)
    return numbers, accounts


def _compare(
    what: str,  # "number" or "account"
    table: dict[int, dict[str, Any]],
    replayed: dict[int, dict[str, Any]],
) -> list[str]:
    problems: list[str] = []
    for row_id in sorted(table.keys() | replayed.keys()):
        have, want = table.get(row_id), replayed.get(row_id)
        if want is None:
            problems.append(KeyedText(f"verify_{what}_not_in_log", id=row_id))
        elif have is None:
            problems.append(KeyedText(f"verify_{what}_missing_from_table", id=row_id))
        else:
            differ = sorted(k for k in have if k in want and have[k] != want[k])
            if differ:
                fields = ", ".join(differ)
                problems.append(KeyedText(f"verify_{what}_differs", id=row_id, fields=fields))
    return problems


def state_problems(conn: sqlite3.Connection) -> list[str]:
    """Every row read through the app's rules, and the tables against a replay of the log."""
    problems: list[str] = []
    number_cols = [*_columns(NUMBER_COLUMNS), "removed"]
    account_cols = [*_columns(ACCOUNT_COLUMNS), "removed"]
    number_rows = conn.execute(f"SELECT {', '.join(number_cols)} FROM numbers").fetchall()
    account_rows = conn.execute(f"SELECT {', '.join(account_cols)} FROM accounts").fetchall()
    for rows, convert in ((number_rows, numbers_from_rows), (account_rows, accounts_from_rows)):
        for row in rows:
            try:
                convert([tuple(row)[:-1]])
            except BadRowError as e:
                problems.append(e.text)
    for (text,) in conn.execute("SELECT DISTINCT status FROM step_state"):
        if text != "open":
            try:
                step_status(text)
            except BadRowError as e:
                problems.append(e.text)
    from acctexit.store.rows import LOG_COLUMNS

    for row in conn.execute(f"SELECT {LOG_COLUMNS} FROM log ORDER BY id"):
        try:
            entry_from_row(tuple(row))
        except BadRowError as e:
            problems.append(e.text)
            if len(problems) >= _MAX:
                return problems
    try:
        replayed_numbers, replayed_accounts = replay_rows(conn)
    except BadRowError as e:
        return [*problems, KeyedText("verify_replay_failed", detail=e.text)]
    numbers = {r[0]: dict(zip(number_cols[1:], tuple(r)[1:], strict=True)) for r in number_rows}
    accounts = {r[0]: dict(zip(account_cols[1:], tuple(r)[1:], strict=True)) for r in account_rows}
    problems += _compare("number", numbers, replayed_numbers)
    problems += _compare("account", accounts, replayed_accounts)
    return problems[:_MAX]
