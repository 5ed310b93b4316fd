"""Reading an import file (CSV or JSON) into an `ImportBatch`: the encoding and the
file's structure; each record's values go through their field rules in
acctexit.store.import_records, every problem collected with its line. Nothing here
touches the database; `Store.apply_import` writes the batch."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Collection
from pathlib import Path
from typing import Any

from acctexit.domain import fields
from acctexit.domain.fields import ACCOUNT_FACTS, OWN_SERVICE_FIELDS, FieldError
from acctexit.domain.models import OwnStep
from acctexit.i18n import KeyedText
from acctexit.sanitize import clean_text
from acctexit.store.batch import AccountIn, ImportBatch, NoteIn, NumberIn, StepIn
from acctexit.store.errors import InvalidInputError
from acctexit.store.formats import (
    CSV_COLUMNS,
    FORMAT_NAME,
    FORMAT_VERSION,
    MAX_IMPORT_BYTES,
    NUMBER_FIELDS,
    restore,
)
from acctexit.store.import_records import (
    add_number,
    collect_refusals,
    e164_value,
    located,
    merge_number,
    names,
    note_in,
    number_fields,
    own_cells,
    platform_or_own,
    report_problems,
    rule_fields,
    step_in,
    unknown_fields,
)
from acctexit.store.own_steps import own_step_in

RECORD_KINDS = "number, account, step, note, own_step, log"  # the CSV's `record` column


def _parse_json(text: str, out: ImportBatch, platforms: Collection[str] | None = None) -> None:
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as e:
        out.problem(e.lineno, KeyedText("imp_json_invalid", detail=e.msg))
        return
    except ValueError as e:  # e.g. an integer too long to convert
        out.problem(None, KeyedText("imp_json_invalid", detail=str(e)))
        return
    except RecursionError:
        out.problem(None, KeyedText("imp_json_too_deep"))
        return
    if not isinstance(doc, dict):
        out.problem(None, KeyedText("imp_json_not_object"))
        return
    fmt = doc.get("format", FORMAT_NAME)
    version = doc.get("version", FORMAT_VERSION)
    if fmt != FORMAT_NAME:
        out.problem(None, KeyedText("imp_json_format", found=fmt, expected=FORMAT_NAME))
        return
    if not isinstance(version, int) or isinstance(version, bool) or version > FORMAT_VERSION:
        out.problem(None, KeyedText("imp_json_version", version=version))
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
        out.problem(None, KeyedText("imp_unknown_top_fields", names=names(unknown)))
    sections: dict[str, list[Any]] = {}
    for name in ("numbers", "accounts", "notes"):
        value = doc.get(name, [])
        if not isinstance(value, list):
            out.problem(None, KeyedText("imp_must_be_list", name=name))
            value = []
        sections[name] = value

    def children(raw: dict[str, Any], where: str) -> tuple[list[StepIn], list[NoteIn]]:
        steps, notes = raw.get("steps", []), raw.get("notes", [])
        if not isinstance(steps, list) or not isinstance(notes, list):
            raise InvalidInputError(located(where, KeyedText("imp_children_lists")))
        return (
            [step_in(None, s, f"{where}.steps[{i}]") for i, s in enumerate(steps)],
            [note_in(None, n, f"{where}.notes[{i}]") for i, n in enumerate(notes)],
        )

    for i, raw in enumerate(sections["numbers"]):
        where = f"numbers[{i}]"
        try:
            if not isinstance(raw, dict):
                raise InvalidInputError(located(where, KeyedText("imp_must_be_object")))
            fields_in = {k: v for k, v in raw.items() if k in NUMBER_FIELDS}
            unknown = set(raw) - {"e164", "steps", "notes", *NUMBER_FIELDS}
            if unknown:
                raise InvalidInputError(located(where, unknown_fields(unknown)))
            e164, values = collect_refusals(
                (e164_value, raw.get("e164"), where), (number_fields, fields_in, where)
            )
            steps, notes = children(raw, where)
            add_number(out, NumberIn(None, e164, values, steps, notes), where)
        except InvalidInputError as e:
            report_problems(out, None, e)
    for i, raw in enumerate(sections["accounts"]):
        where = f"accounts[{i}]"
        try:
            if not isinstance(raw, dict):
                raise InvalidInputError(located(where, KeyedText("imp_must_be_object")))
            unknown = set(raw) - {
                "id",
                "platform",
                "number",
                "steps",
                "notes",
                "own_steps",
                *ACCOUNT_FACTS,
                *OWN_SERVICE_FIELDS,
            }
            if unknown:
                raise InvalidInputError(located(where, unknown_fields(unknown)))
            facts = {k: v for k, v in raw.items() if k in ACCOUNT_FACTS}
            (platform, own), e164, values = collect_refusals(
                (platform_or_own, raw, platforms, where),
                (e164_value, raw.get("number"), where),
                (rule_fields, fields.account_field, facts, where),
            )
            steps, notes = children(raw, where)
            account = AccountIn(None, platform, e164, values, steps, notes, own)
            if "own_steps" in raw:
                account.own_steps = _own_steps_in(raw["own_steps"], own, where)
            out.accounts.append(account)
        except InvalidInputError as e:
            report_problems(out, None, e)
    for i, raw in enumerate(sections["notes"]):
        try:
            out.notes.append(note_in(None, raw, f"notes[{i}]"))
        except InvalidInputError as e:
            report_problems(out, None, e)


def _parse_csv(text: str, out: ImportBatch, known: Collection[str] | None = None) -> None:
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader)
    except StopIteration:
        out.problem(None, KeyedText("imp_csv_empty"))
        return
    except csv.Error as e:
        out.problem(1, KeyedText("imp_csv_unreadable", detail=str(e)))
        return
    columns = [clean_text(h).strip().lower() for h in header]
    unknown = [c for c in columns if c not in CSV_COLUMNS]
    if unknown:
        out.problem(
            1, KeyedText("imp_csv_unknown_columns", names=", ".join(unknown), doc="docs/store.md")
        )
        return
    if len(set(columns)) != len(columns):
        out.problem(1, KeyedText("imp_csv_column_twice"))
        return
    if "number" not in columns and "account" not in columns:
        out.problem(1, KeyedText("imp_csv_no_number_column", column="number"))
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
            out.problem(line, KeyedText("imp_csv_row_unreadable", detail=str(e)))
            return
        if not any(c.strip() for c in cells):
            continue
        if len(cells) > len(columns):
            out.problem(
                line, KeyedText("imp_csv_too_many_cells", cells=len(cells), columns=len(columns))
            )
            continue
        row = {c: restore(v) for c, v in zip(columns, cells, strict=False)}
        kind = (
            (
                row.get("record")
                or ("account" if row.get("platform") or own_cells(row) else "number")
            )
            .strip()
            .lower()
        )
        try:
            if kind == "number":
                e164, values = collect_refusals(
                    (e164_value, row.get("number"), ""),  # the field name says which column
                    (number_fields, {k: row[k] for k in NUMBER_FIELDS if row.get(k, "") != ""}),
                )
                if e164 in out.numbers and e164 not in number_rows:
                    merge_number(out, line, e164, values)  # first seen on an account row
                else:
                    add_number(out, NumberIn(line, e164, values), "number")
                number_rows.add(e164)
            elif kind == "account":
                facts = {k: row[k] for k in ACCOUNT_FACTS if row.get(k, "") != ""}
                # A plain list may carry the number's own columns on its account rows
                # (state, cancel date…); keep them for the number ("label" is the account's).
                number_cells = {
                    k: row[k] for k in NUMBER_FIELDS if k != "label" and row.get(k, "") != ""
                }
                (platform, own), e164, account_values, number_values = collect_refusals(
                    (platform_or_own, row, known),
                    (e164_value, row.get("number"), ""),  # the field name says which column
                    (rule_fields, fields.account_field, facts),
                    (number_fields, number_cells),
                )
                account = AccountIn(line, platform, e164, account_values, own=own)
                if number_cells:
                    merge_number(out, line, e164, number_values)
                ref = (row.get("account") or "").strip()
                if ref:
                    if ref in accounts_by_ref:
                        raise InvalidInputError(KeyedText("imp_csv_account_twice", ref=ref))
                    accounts_by_ref[ref] = account
                out.accounts.append(account)
            elif kind in ("step", "note", "own_step"):
                pending.append((line, row))
            elif kind != "log":  # log rows are the exported history, for the record
                raise InvalidInputError(
                    KeyedText("imp_csv_bad_record", kind=kind, choices=RECORD_KINDS)
                )
        except InvalidInputError as e:
            report_problems(out, line, e)
    for line, row in pending:
        try:
            ref = (row.get("account") or "").strip()
            if ref:
                owner: AccountIn | NumberIn | None = accounts_by_ref.get(ref)
                if owner is None:
                    raise InvalidInputError(KeyedText("imp_csv_account_undefined", ref=ref))
            elif (row.get("number") or "").strip():
                e164 = e164_value(row.get("number"), "")  # the field name says which column
                owner = out.numbers.get(e164)
                if owner is None:
                    owner = out.numbers[e164] = NumberIn(line, e164, {})
            else:
                owner = None
            if row.get("record", "").strip().lower() == "own_step":
                if not isinstance(owner, AccountIn) or owner.own is None:
                    raise InvalidInputError(KeyedText("imp_csv_own_step_owner", kind="own_step"))
                step = own_step_in(
                    {"step": row.get("step"), "title": row.get("text"), "detail": row.get("detail")}
                )
                owner.own_steps = [*(owner.own_steps or []), step]
            elif row.get("record", "").strip().lower() == "step":
                if owner is None:
                    raise InvalidInputError(KeyedText("imp_csv_step_owner"))
                owner.steps.append(
                    step_in(
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
                note = note_in(
                    line,
                    {"text": row.get("text"), "at": row.get("at"), "step": row.get("step")},
                    "note",
                )
                (owner.notes if owner is not None else out.notes).append(note)
        except InvalidInputError as e:
            report_problems(out, line, e)


def _own_steps_in(value: Any, own: dict[str, Any] | None, where: str) -> list[OwnStep]:
    """An account's `own_steps`: only on an own service's account; a list of steps."""
    if own is None:
        raise InvalidInputError(located(where, KeyedText("imp_own_only", names="own_steps")))
    if not isinstance(value, list):
        raise InvalidInputError(located(where, KeyedText("imp_must_be_list", name="own_steps")))
    out = []
    for i, raw in enumerate(value):
        try:
            out.append(own_step_in(raw))
        except InvalidInputError as e:
            e.where = e.where or f"{where}.own_steps[{i}]"
            raise
    return out


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
        out.problem(None, KeyedText("imp_too_large", mb=MAX_IMPORT_BYTES // 1024 // 1024))
        return out
    try:
        text = _decode(data, encoding)
    except InvalidInputError as e:
        out.problem(None, e)
        return out
    if "\x00" in text:
        out.problem(None, KeyedText("imp_nul_bytes"))
        return out
    suffix = Path(name).suffix.lower()
    is_json = suffix == ".json" or (suffix != ".csv" and text.lstrip()[:1] in ("{", "["))
    try:
        (_parse_json if is_json else _parse_csv)(text, out, known)
    except RecursionError:
        out.problem(None, KeyedText("imp_nested_too_deeply"))
    if not out.problems and not (out.numbers or out.accounts or out.notes):
        out.problem(None, KeyedText("imp_nothing_in_file"))
    return out
