"""Parsing an import file (CSV or JSON) into an `ImportBatch`: every value through its
rule in acctexit.domain.fields, every problem collected with its line. Nothing here
touches the database; `Store.apply_import` writes the batch."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Collection
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from acctexit.domain import fields
from acctexit.domain.fields import ACCOUNT_FACTS, OWN_SERVICE_FIELDS, FieldError
from acctexit.domain.models import (
    StepStatus,
)
from acctexit.domain.phone import mask_number
from acctexit.sanitize import clean_text
from acctexit.store.batch import AccountIn, ImportBatch, NoteIn, NumberIn, StepIn
from acctexit.store.errors import (
    InvalidInputError,
)
from acctexit.store.log import parse_ts

if TYPE_CHECKING:
    pass

from acctexit.store.formats import (
    CSV_COLUMNS,
    FORMAT_NAME,
    FORMAT_VERSION,
    MAX_IMPORT_BYTES,
    NUMBER_FIELDS,
    restore,
)


def _rule(rule: Any, *args: Any, where: str = "") -> Any:
    """A field rule of acctexit.domain.fields; a refusal becomes InvalidInputError
    carrying it (and where in the file it was), so it is shown in the forms' words."""
    try:
        return rule(*args)
    except FieldError as e:
        raise InvalidInputError.from_field(e, where) from None


class _RowProblems(InvalidInputError):
    """Several refused fields of one record: each is reported on its own."""

    def __init__(self, errors: list[InvalidInputError]) -> None:
        super().__init__(str(errors[0]))
        self.errors = errors


def _report(out: ImportBatch, line: int | None, error: InvalidInputError) -> None:
    for each in error.errors if isinstance(error, _RowProblems) else [error]:
        out.problem(line, each)


def _all(*parts: Any) -> list[Any]:
    """Call each (function, *args) of one record; every refusal is collected, so a row
    with three bad fields reports all three. Raises them together at the end."""
    values: list[Any] = []
    refused: list[InvalidInputError] = []
    for fn, *args in parts:
        try:
            values.append(fn(*args))
        except InvalidInputError as e:
            refused.extend(e.errors if isinstance(e, _RowProblems) else [e])
            values.append(None)
    if refused:
        raise _RowProblems(refused)
    return values


def _fields(rule: Any, raw: dict[str, Any], where: str = "") -> dict[str, Any]:
    """Each field through its rule (fields.number_field or account_field), every
    refusal collected."""
    clean: dict[str, Any] = {}
    refused: list[InvalidInputError] = []
    for name, value in raw.items():
        try:
            clean[name] = rule(name, value)
        except FieldError as e:
            refused.append(InvalidInputError.from_field(e, where))
    if refused:
        raise _RowProblems(refused)
    return clean


def _number_values(raw: dict[str, Any], where: str = "") -> dict[str, Any]:
    """A number's fields through their rules; a state comes with its cancel date."""
    values = _fields(fields.number_field, raw, where)
    if "state" in values:
        values["cancel_date"] = _rule(
            fields.cancel_date_for, values["state"], values.get("cancel_date"), where=where
        )
    return values


def _parse_at(value: Any) -> datetime | None:
    if value in (None, ""):
        return None
    if not isinstance(value, str):
        raise InvalidInputError(f"at: {value!r} is not a timestamp")
    try:
        ts = parse_ts(value.strip())
    except (ValueError, OverflowError):
        raise InvalidInputError(f"at: {value!r} is not an ISO-8601 timestamp") from None
    if not 2000 <= ts.year <= 2200:
        raise InvalidInputError(f"at: {value!r} is not a plausible date")
    return ts


def _step_in(line: int | None, raw: Any, where: str) -> StepIn:
    if not isinstance(raw, dict):
        raise InvalidInputError(f"{where}: a step must be an object")
    unknown = set(raw) - {"step", "status", "at", "detail"}
    if unknown:
        raise InvalidInputError(f"{where}: unknown field(s) {', '.join(sorted(map(str, unknown)))}")
    status_text = raw.get("status", "done")
    try:
        status = StepStatus(
            status_text.strip().lower() if isinstance(status_text, str) else status_text
        )
    except ValueError:
        raise InvalidInputError(
            f"{where}: status {status_text!r} is not one of done, skipped, open"
        ) from None
    return StepIn(
        line,
        _rule(fields.step_id, raw.get("step"), where=where),
        status,
        _parse_at(raw.get("at")),
        _rule(fields.step_detail, raw.get("detail") or "", where=where),
    )


def _note_in(line: int | None, raw: Any, where: str) -> NoteIn:
    if not isinstance(raw, dict):
        raise InvalidInputError(f"{where}: a note must be an object")
    unknown = set(raw) - {"text", "at", "step"}
    if unknown:
        raise InvalidInputError(f"{where}: unknown field(s) {', '.join(sorted(map(str, unknown)))}")
    step = raw.get("step")
    return NoteIn(
        line,
        _rule(fields.note, raw.get("text"), where=where),
        _parse_at(raw.get("at")),
        None if step in (None, "") else _rule(fields.step_id, step, where=where),
    )


def _platform_or_own(
    raw: dict[str, Any], known: Collection[str] | None, where: str = ""
) -> tuple[str, dict[str, Any] | None]:
    """An account's catalog platform id, or "" and its own service's fields.

    `platform` empty means an own service: `name` and `category` are then required.
    An id the catalog does not list is refused with the nearest ids; it never
    becomes an own service by itself."""
    platform = raw.get("platform")
    given = {k: raw[k] for k in OWN_SERVICE_FIELDS if raw.get(k) not in (None, "", [])}
    if platform is None or (isinstance(platform, str) and not platform.strip()):
        own = {"name": raw.get("name"), "category": raw.get("category"), **given}
        return "", _rule(fields.own_service_fields, own, where=where)
    if given:
        extra = ", ".join(sorted(given))
        raise InvalidInputError(
            f"{where + ': ' if where else ''}{extra}: only for your own services "
            "(leave platform empty)"
        )
    if known is not None:
        return str(_rule(fields.known_platform, platform, known, where=where)), None
    pid = str(_rule(fields.platform_id, platform, where=where))
    if pid.startswith("own:"):
        _rule(fields.known_platform, pid, (), where=where)  # file ids are catalog ids
    return pid, None


def _own_cells(row: dict[str, str]) -> bool:
    """A row that describes an own service (an account row without a platform)."""
    return any(row.get(k, "").strip() for k in OWN_SERVICE_FIELDS)


def _e164(value: Any, where: str) -> str:
    return str(_rule(fields.phone, value, where=where))


def _parse_json(text: str, out: ImportBatch, platforms: Collection[str] | None = None) -> None:
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as e:
        out.problem(e.lineno, f"not valid JSON: {e.msg}")
        return
    except ValueError as e:  # e.g. an integer too long to convert
        out.problem(None, f"not valid JSON: {e}")
        return
    except RecursionError:
        out.problem(None, "not valid JSON: nested too deeply")
        return
    if not isinstance(doc, dict):
        out.problem(None, "the JSON must be an object with numbers and accounts")
        return
    fmt = doc.get("format", FORMAT_NAME)
    version = doc.get("version", FORMAT_VERSION)
    if fmt != FORMAT_NAME:
        out.problem(None, f"format {fmt!r} is not {FORMAT_NAME!r}")
        return
    if not isinstance(version, int) or isinstance(version, bool) or version > FORMAT_VERSION:
        out.problem(None, f"format version {version!r} is newer than this acctexit-tui reads")
        return
    known = {
        "format",
        "version",
        "exported_at",
        "numbers",
        "accounts",
        "notes",
        "log",
        "removed_account_ids",
    }
    unknown = set(doc) - known
    if unknown:
        out.problem(None, f"unknown top-level field(s): {', '.join(sorted(map(str, unknown)))}")
    sections: dict[str, list[Any]] = {}
    for name in ("numbers", "accounts", "notes"):
        value = doc.get(name, [])
        if not isinstance(value, list):
            out.problem(None, f"{name} must be a list")
            value = []
        sections[name] = value

    def children(raw: dict[str, Any], where: str) -> tuple[list[StepIn], list[NoteIn]]:
        steps, notes = raw.get("steps", []), raw.get("notes", [])
        if not isinstance(steps, list) or not isinstance(notes, list):
            raise InvalidInputError(f"{where}: steps and notes must be lists")
        return (
            [_step_in(None, s, f"{where}.steps[{i}]") for i, s in enumerate(steps)],
            [_note_in(None, n, f"{where}.notes[{i}]") for i, n in enumerate(notes)],
        )

    for i, raw in enumerate(sections["numbers"]):
        where = f"numbers[{i}]"
        try:
            if not isinstance(raw, dict):
                raise InvalidInputError(f"{where}: must be an object")
            fields_in = {k: v for k, v in raw.items() if k in NUMBER_FIELDS}
            unknown = set(raw) - {"e164", "steps", "notes", *NUMBER_FIELDS}
            if unknown:
                raise InvalidInputError(
                    f"{where}: unknown field(s) {', '.join(sorted(map(str, unknown)))}"
                )
            e164, values = _all((_e164, raw.get("e164"), where), (_number_values, fields_in, where))
            steps, notes = children(raw, where)
            _add_number(out, NumberIn(None, e164, values, steps, notes), where)
        except InvalidInputError as e:
            _report(out, None, e)
    for i, raw in enumerate(sections["accounts"]):
        where = f"accounts[{i}]"
        try:
            if not isinstance(raw, dict):
                raise InvalidInputError(f"{where}: must be an object")
            unknown = set(raw) - {
                "id",
                "platform",
                "number",
                "steps",
                "notes",
                *ACCOUNT_FACTS,
                *OWN_SERVICE_FIELDS,
            }
            if unknown:
                raise InvalidInputError(
                    f"{where}: unknown field(s) {', '.join(sorted(map(str, unknown)))}"
                )
            facts = {k: v for k, v in raw.items() if k in ACCOUNT_FACTS}
            (platform, own), e164, values = _all(
                (_platform_or_own, raw, platforms, where),
                (_e164, raw.get("number"), where),
                (_fields, fields.account_field, facts, where),
            )
            steps, notes = children(raw, where)
            out.accounts.append(AccountIn(None, platform, e164, values, steps, notes, own))
        except InvalidInputError as e:
            _report(out, None, e)
    for i, raw in enumerate(sections["notes"]):
        try:
            out.notes.append(_note_in(None, raw, f"notes[{i}]"))
        except InvalidInputError as e:
            _report(out, None, e)


def _add_number(out: ImportBatch, number: NumberIn, where: str) -> None:
    if number.e164 in out.numbers:
        raise InvalidInputError(f"{where}: {mask_number(number.e164)} is listed twice")
    out.numbers[number.e164] = number


def _merge_number(out: ImportBatch, line: int, e164: str, values: dict[str, Any]) -> None:
    """Number facts given on an account row: all rows for one number must agree."""
    number = out.numbers.get(e164)
    if number is None:
        out.numbers[e164] = NumberIn(line, e164, dict(values))
        return
    for key, value in values.items():
        if key in number.values and number.values[key] != value:
            raise InvalidInputError(
                f"{key}: {value!s} differs from line {number.line} for the same number"
            )
        number.values[key] = value


def _parse_csv(text: str, out: ImportBatch, known: Collection[str] | None = None) -> None:
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader)
    except StopIteration:
        out.problem(None, "the file is empty")
        return
    except csv.Error as e:
        out.problem(1, f"not a readable CSV file: {e}")
        return
    columns = [clean_text(h).strip().lower() for h in header]
    unknown = [c for c in columns if c not in CSV_COLUMNS]
    if unknown:
        out.problem(1, f"unknown column(s): {', '.join(unknown)} (see docs/store.md)")
        return
    if len(set(columns)) != len(columns):
        out.problem(1, "a column appears twice")
        return
    if "number" not in columns and "account" not in columns:
        out.problem(1, "there is no 'number' column")
        return
    accounts_by_ref: dict[str, AccountIn] = {}
    number_rows: set[str] = set()  # numbers given a row of their own
    pending: list[tuple[int, dict[str, str]]] = []  # step and note rows, resolved at the end
    while True:
        line = reader.line_num + 1
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error as e:
            out.problem(line, f"not readable as CSV: {e}")
            return
        if not any(c.strip() for c in cells):
            continue
        if len(cells) > len(columns):
            out.problem(line, f"{len(cells)} cells but only {len(columns)} columns")
            continue
        row = {c: restore(v) for c, v in zip(columns, cells, strict=False)}
        kind = (
            (
                row.get("record")
                or ("account" if row.get("platform") or _own_cells(row) else "number")
            )
            .strip()
            .lower()
        )
        try:
            if kind == "number":
                e164, values = _all(
                    (_e164, row.get("number"), ""),  # the field name says which column
                    (_number_values, {k: row[k] for k in NUMBER_FIELDS if row.get(k, "") != ""}),
                )
                if e164 in out.numbers and e164 not in number_rows:
                    _merge_number(out, line, e164, values)  # first seen on an account row
                else:
                    _add_number(out, NumberIn(line, e164, values), "number")
                number_rows.add(e164)
            elif kind == "account":
                facts = {k: row[k] for k in ACCOUNT_FACTS if row.get(k, "") != ""}
                # A plain list may carry the number's own columns on its account rows
                # (state, cancel date…); keep them for the number ("label" is the account's).
                number_cells = {
                    k: row[k] for k in NUMBER_FIELDS if k != "label" and row.get(k, "") != ""
                }
                (platform, own), e164, account_values, number_values = _all(
                    (_platform_or_own, row, known),
                    (_e164, row.get("number"), ""),  # the field name says which column
                    (_fields, fields.account_field, facts),
                    (_number_values, number_cells),
                )
                account = AccountIn(line, platform, e164, account_values, own=own)
                if number_cells:
                    _merge_number(out, line, e164, number_values)
                ref = (row.get("account") or "").strip()
                if ref:
                    if ref in accounts_by_ref:
                        raise InvalidInputError(f"account {ref!r} is listed twice")
                    accounts_by_ref[ref] = account
                out.accounts.append(account)
            elif kind in ("step", "note"):
                pending.append((line, row))
            elif kind != "log":  # log rows are the exported history, for the record
                raise InvalidInputError(
                    f"record {kind!r} is not one of number, account, step, note, log"
                )
        except InvalidInputError as e:
            _report(out, line, e)
    for line, row in pending:
        try:
            ref = (row.get("account") or "").strip()
            if ref:
                owner: AccountIn | NumberIn | None = accounts_by_ref.get(ref)
                if owner is None:
                    raise InvalidInputError(f"account {ref!r} is not defined by an account row")
            elif (row.get("number") or "").strip():
                e164 = _e164(row.get("number"), "")  # the field name says which column
                owner = out.numbers.get(e164)
                if owner is None:
                    owner = out.numbers[e164] = NumberIn(line, e164, {})
            else:
                owner = None
            if row.get("record", "").strip().lower() == "step":
                if owner is None:
                    raise InvalidInputError("a step row needs an account or a number")
                owner.steps.append(
                    _step_in(
                        line,
                        {
                            "step": row.get("step"),
                            "status": row.get("status") or "done",
                            "at": row.get("at"),
                            "detail": row.get("text"),
                        },
                        "step",
                    )
                )
            else:
                note = _note_in(
                    line,
                    {"text": row.get("text"), "at": row.get("at"), "step": row.get("step")},
                    "note",
                )
                (owner.notes if owner is not None else out.notes).append(note)
        except InvalidInputError as e:
            _report(out, line, e)


def _decode(data: bytes, encoding: str | None) -> str:
    """UTF-8 (a BOM is dropped), or the encoding the user named. Never a guess: a
    UTF-8 file with one stray byte read as GB18030 would import as mojibake."""
    import codecs

    name = "utf-8-sig" if encoding is None else encoding
    try:
        codec = codecs.lookup(name).name
    except LookupError:
        raise InvalidInputError.from_field(
            FieldError("file", "store_err_unknown_encoding", encoding=name)
        ) from None
    if codec == "utf-8":
        name = "utf-8-sig"
    try:
        return data.decode(name)
    except UnicodeDecodeError as e:
        line = data.count(b"\n", 0, e.start) + 1
        key = "store_err_not_utf8" if encoding is None else "store_err_bad_encoding"
        raise InvalidInputError.from_field(
            FieldError("file", key, offset=e.start, line=line, encoding=name)
        ) from None


def parse_import(
    data: bytes,
    *,
    name: str = "",
    known: Collection[str] | None = None,
    encoding: str | None = None,
) -> ImportBatch:
    """Parse a CSV or JSON import. `known`: the catalog's platform ids; given, an
    account's platform must be one of them (the CLI and the app pass it). The file is
    UTF-8 (a BOM is dropped) unless `encoding` names another."""
    out = ImportBatch()
    if len(data) > MAX_IMPORT_BYTES:
        out.problem(None, f"the file is larger than {MAX_IMPORT_BYTES // 1024 // 1024} MB")
        return out
    try:
        text = _decode(data, encoding)
    except InvalidInputError as e:
        out.problem(None, e)
        return out
    if "\x00" in text:
        out.problem(None, "the file contains NUL bytes: it is not a text file")
        return out
    suffix = Path(name).suffix.lower()
    is_json = suffix == ".json" or (suffix != ".csv" and text.lstrip()[:1] in ("{", "["))
    try:
        (_parse_json if is_json else _parse_csv)(text, out, known)
    except RecursionError:
        out.problem(None, "the file is nested too deeply")
    if not out.problems and not (out.numbers or out.accounts or out.notes):
        out.problem(None, "the file holds no numbers, accounts or notes")
    return out
