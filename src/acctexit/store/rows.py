"""Rows and records: the column lists, turning SQL rows into domain records (and
values into SQL), decoding step states and log rows. No connection of its own: every
function works on rows or a cursor it is given.
"""

from __future__ import annotations

import functools
import sqlite3
from collections.abc import Callable
from datetime import date
from itertools import repeat
from sys import intern
from typing import Any, TypeVar

import msgspec

from acctexit.domain.models import (
    Account,
    LogEntry,
    NumberState,
    PhoneNumber,
    StepKey,
    StepStatus,
    Verb,
)
from acctexit.i18n import KeyedText
from acctexit.store.log import parse_ts

_R = TypeVar("_R")


class BadRowError(ValueError):
    """A row breaks the schema's rules (a state, date or verb no version writes). The
    store turns it into CorruptDatabaseError, or NewerVerbError for an unknown verb."""

    def __init__(self, table: str, row_id: Any, detail: str, *, verb: str | None = None) -> None:
        self.text = KeyedText("store_bad_row", table=table, row=row_id, detail=detail)
        super().__init__(self.text)
        self.table = table
        self.row_id = row_id
        self.verb = verb


def _checked(table: str, convert: Callable[[Any], _R]) -> Callable[[Any], _R]:
    """`convert` with any failure on a damaged value raised as BadRowError."""

    @functools.wraps(convert)
    def wrapper(rows: Any) -> _R:
        try:
            return convert(rows)
        except BadRowError:
            raise
        except (ValueError, KeyError, TypeError, AttributeError) as e:
            row_id = _first_bad_id(rows, convert)
            said = KeyedText("store_bad_row_value", detail=str(e))
            raise BadRowError(table, row_id, said) from None

    return wrapper


def _first_bad_id(rows: Any, convert: Callable[[Any], Any]) -> Any:
    """The id of the first row `convert` fails on (rows are tuples, id first)."""
    many = isinstance(rows, list)
    for row in rows if many else [rows]:
        try:
            convert([row] if many else row)
        except Exception:
            return row[0] if len(row) else "?"
    return "?"


STATUS_VERB = {
    StepStatus.DONE: Verb.DONE,
    StepStatus.SKIPPED: Verb.SKIPPED,
    StepStatus.OPEN: Verb.UNDONE,
}
_STATUS = {s.value: s for s in StepStatus}
# Store.step_states() reads step_state as JSON arrays (see read_states)
_decode_ids = msgspec.json.Decoder(list[int | None]).decode
_decode_names = msgspec.json.Decoder(list[str]).decode
VERB_STATUS = {"done": StepStatus.DONE, "skipped": StepStatus.SKIPPED, "undone": StepStatus.OPEN}
_VERBS = {v.value: v for v in Verb}
# Log verbs that never come with a change to the numbers or accounts tables.
STEP_VERBS = frozenset({Verb.DONE, Verb.UNDONE, Verb.SKIPPED, Verb.NOTE})
LOG_COLUMNS = "id, ts, verb, account_id, number_id, step_id, detail, prev_hash, hash"
# In the order of the PhoneNumber / Account fields, so a row becomes a record
# positionally (see number_from_row / account_from_row); never `SELECT *`, whose order a future
# migration could change.
NUMBER_COLUMNS = (
    "id, e164, label, carrier, state, cancel_date, freeze_days, yzt_count, cards_reported"
)
ACCOUNT_COLUMNS = (
    "id, platform_id, number_id, label, login_hint, balance, bank_cards, password_free, "
    "linked_apps, sign_in_via, last_order, orders_closed, last_sensitive_change, last_used"
)


def to_sql(value: Any) -> Any:
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, NumberState):
        return value.value
    return value


def to_json(values: dict[str, Any]) -> str:
    import json  # on first write: start-up never needs it

    return json.dumps({k: to_sql(v) for k, v in values.items()}, ensure_ascii=False, sort_keys=True)


# --- row conversion ------------------------------------------------------------------


def _date(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


# Rows are plain tuples (or sqlite3.Rows) in NUMBER_COLUMNS / ACCOUNT_COLUMNS order.
# Positional unpacking and construction, no `row["name"]`: sqlite3.Row finds a name by
# a case-insensitive scan of the columns, 14 times per account, 10,000 accounts a call.


def _number_from_row(row: Any) -> PhoneNumber:
    i, e164, label, carrier, state, cancel, freeze, yzt, cards = row
    return PhoneNumber(
        i, e164, label, carrier, NumberState(state), _date(cancel), freeze, yzt, cards
    )


def _numbers_from_rows(rows: list[Any]) -> list[PhoneNumber]:
    return [_number_from_row(r) for r in rows]


def _account_from_row(row: Any) -> Account:
    return _accounts_from_rows([row])[0]


def _accounts_from_rows(rows: list[Any]) -> list[Account]:
    # One comprehension, no function call per row: ≈ 1 ms less at 10,000 accounts.
    iso = date.fromisoformat
    return [
        Account(
            i,
            intern(platform),  # one string per platform, not per account (10,000 of them)
            number,
            label,
            hint,
            balance,
            cards,
            None if pf is None else bool(pf),
            apps,
            via,
            iso(lo) if lo else None,
            iso(oc) if oc else None,
            iso(lsc) if lsc else None,
            iso(lu) if lu else None,
        )
        for i, platform, number, label, hint, balance, cards, pf, apps, via, lo, oc, lsc, lu in rows
    ]


# step_states()'s first read: one query per status (0 → NULL in SQL), each one row of
# three JSON arrays (account ids, number ids, step ids) that msgspec decodes: ≈ 10 ms
# less at 10,000 accounts than ~31,000 rows through sqlite3, and the keys are zipped,
# deduplicated and interned with no Python code per key. Their parts are shared: SQLite
# (and the decoder) make a new string and int per row, ~90 bytes each that the
# dashboard would keep (≈ 2.6 MiB at 10,000 accounts).
STATES_AS_JSON = (
    "SELECT json_group_array(nullif(account_key, 0)), "
    "json_group_array(nullif(number_key, 0)), json_group_array(step_id) "
    "FROM step_state WHERE status = ?"
)
STATES_AS_ROWS = (
    "SELECT nullif(account_key, 0), nullif(number_key, 0), step_id FROM step_state WHERE status = ?"
)


def read_states(cur: sqlite3.Cursor) -> dict[StepKey, StepStatus]:
    """Every done or skipped step's status, from the step_state table."""
    try:
        return decode_states(fetch_states(cur))
    except (sqlite3.OperationalError, msgspec.DecodeError):
        # An SQLite built without its JSON functions (built in since 3.38, an option
        # before), or text JSON cannot carry: the same answer, row by row. A real
        # problem with the file fails there again, as an sqlite3 error.
        return read_states_as_rows(cur)


def fetch_states(cur: sqlite3.Cursor) -> list[tuple[StepStatus, str, str, str]]:
    """The JSON texts of `read_states`: one row of three JSON arrays per status."""
    return [
        (member, *cur.execute(STATES_AS_JSON, (text,)).fetchone())
        for text, member in _STATUS.items()
        if member is not StepStatus.OPEN
    ]


def decode_states(fetched: list[tuple[StepStatus, str, str, str]]) -> dict[StepKey, StepStatus]:
    states: dict[StepKey, StepStatus] = {}
    ids: dict[int | None, int | None] = {}
    for member, accounts, numbers, steps in fetched:
        account_ids = _decode_ids(accounts)
        keys = zip(
            map(ids.setdefault, account_ids, account_ids),
            _decode_ids(numbers),
            map(intern, _decode_names(steps)),
            strict=True,
        )
        states.update(zip(keys, repeat(member)))
    return states


def read_states_as_rows(cur: sqlite3.Cursor) -> dict[StepKey, StepStatus]:
    states: dict[StepKey, StepStatus] = {}
    ids: dict[int, int] = {}
    for text, member in _STATUS.items():
        if member is StepStatus.OPEN:
            continue
        rows = cur.execute(STATES_AS_ROWS, (text,)).fetchall()
        keys = [(ids.setdefault(a, a), n, intern(s)) for a, n, s in rows]
        states.update(dict.fromkeys(keys, member))
    return states


def entry_from_row(row: tuple[Any, ...]) -> LogEntry:
    verb = row[2]
    if verb not in _VERBS:
        raise BadRowError(
            "log", row[0], KeyedText("store_bad_row_action", verb=verb), verb=str(verb)
        )
    return _entry_from_row(row)


def _entry_from_row_unchecked(row: tuple[Any, ...]) -> LogEntry:
    return LogEntry(
        id=row[0],
        ts=parse_ts(row[1]),
        verb=_VERBS[row[2]],
        account_id=row[3],
        number_id=row[4],
        step_id=row[5],
        detail=row[6],
        hash=row[8],
    )


# The checked forms the store uses: a damaged value raises BadRowError, never a
# bare ValueError or KeyError from deep inside a conversion.
number_from_row = _checked("numbers", _number_from_row)
numbers_from_rows = _checked("numbers", _numbers_from_rows)
account_from_row = _checked("accounts", _account_from_row)
accounts_from_rows = _checked("accounts", _accounts_from_rows)
_entry_from_row = _checked("log", _entry_from_row_unchecked)


def step_status(text: Any) -> StepStatus:
    status = _STATUS.get(text)
    if status is None:
        raise BadRowError("step_state", "?", KeyedText("store_bad_row_status", status=text))
    return status


def step_record(row: tuple[Any, ...]) -> tuple[StepKey, tuple[StepStatus, str, str]]:
    """A step_state row joined with its log row's ts and detail."""
    a, n, s, st, ts, d = row
    status = _STATUS.get(st)
    if status is None:
        said = KeyedText("store_bad_row_status", status=st)
        raise BadRowError("step_state", f"{a}/{n}/{s}", said)
    return (a or None, n or None, s), (status, ts, d)
