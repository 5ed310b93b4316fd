"""Import and export: JSON and CSV (both round-trip), and a Markdown progress report.

The formats are documented in docs/store.md. An import is all or nothing: the whole
file is parsed and checked first, every problem is collected with its line, and only a
clean file is written, in one transaction that starts with an `imported` log row.
"""

from __future__ import annotations

import contextlib
import csv
import io
import json
import os
import re
import secrets
import sqlite3
from collections.abc import Iterable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from msgspec import Struct, field

from acctexit.domain import fields
from acctexit.domain.fields import ACCOUNT_FACTS, FieldError
from acctexit.domain.models import (
    LogEntry,
    NumberState,
    StepKey,
    StepStatus,
    Verb,
)
from acctexit.domain.phone import mask_number
from acctexit.sanitize import clean_text
from acctexit.store.db import Store
from acctexit.store.errors import (
    ImportFileError,
    ImportProblem,
    InvalidInputError,
    StoreError,
    StoreIOError,
)
from acctexit.store.log import format_ts, parse_ts

if TYPE_CHECKING:
    from acctexit.domain.models import Catalog, Lang

FORMAT_NAME = "acctexit-tui"
FORMAT_VERSION = 1
MAX_IMPORT_BYTES = 20 * 1024 * 1024
NUMBER_FIELDS = (
    "label",
    "carrier",
    "state",
    "cancel_date",
    "freeze_days",
    "yzt_count",
    "cards_reported",
)
CSV_COLUMNS = (
    "record",
    "account",
    "number",
    "platform",
    *dict.fromkeys((*NUMBER_FIELDS, *ACCOUNT_FACTS)),
    "step",
    "status",
    "at",
    "text",
    "log_id",
    "verb",
    "hash",
)
_CSV_RISKY = "=+-@\t\r"


class ImportResult(Struct):
    numbers_added: int = 0
    numbers_updated: int = 0
    accounts_added: int = 0
    accounts_updated: int = 0
    steps: int = 0  # step rows written (unchanged states are not re-written)
    notes: int = 0

    def summary(self) -> str:
        return (
            f"numbers: {self.numbers_added} added, {self.numbers_updated} updated; "
            f"accounts: {self.accounts_added} added, {self.accounts_updated} updated; "
            f"{self.steps} step(s), {self.notes} note(s)"
        )


# --- export --------------------------------------------------------------------------


def _state_rows(store: Store) -> dict[StepKey, tuple[StepStatus, str, str]]:
    """Current state of every step with the time and detail of the row that set it."""
    rows = store._query(
        "SELECT s.account_key, s.number_key, s.step_id, s.status, l.ts, l.detail "
        "FROM step_state s JOIN log l ON l.id = s.log_id ORDER BY s.log_id"
    )
    return {(a or None, n or None, s): (StepStatus(st), ts, d) for a, n, s, st, ts, d in rows}


def _notes(store: Store) -> list[LogEntry]:
    rows = store._query(
        "SELECT id, ts, verb, account_id, number_id, step_id, detail, prev_hash, hash "
        "FROM log WHERE verb = 'note' ORDER BY id"
    )
    from acctexit.store.db import _entry

    return [_entry(tuple(r)) for r in rows]


def _iso(value: Any) -> Any:
    return value.isoformat() if isinstance(value, date) else value


def export_json(store: Store, *, include_log: bool = True) -> dict[str, Any]:
    """Everything live (numbers, accounts, step states, notes) plus the full log."""
    with store._read():
        numbers = store.numbers()
        accounts = store.accounts()
        states = _state_rows(store)
        notes = _notes(store)
        log = list(store.iter_log()) if include_log else []
        now = store._clock()
    by_id = {n.id: n for n in numbers}
    live_accounts = {a.id for a in accounts}

    def steps_for(account_id: int | None, number_id: int | None) -> list[dict[str, Any]]:
        out = []
        for (a, n, step), (status, ts, detail) in states.items():
            if a == account_id and n == number_id:
                out.append({"step": step, "status": status.value, "at": ts, "detail": detail})
        return out

    def notes_for(account_id: int | None, number_id: int | None) -> list[dict[str, Any]]:
        out = []
        for e in notes:
            owner = (e.account_id, None) if e.account_id is not None else (None, e.number_id)
            if owner == (account_id, number_id):
                out.append({"text": e.detail, "at": format_ts(e.ts), "step": e.step_id})
        return out

    return {
        "format": FORMAT_NAME,
        "version": FORMAT_VERSION,
        "exported_at": format_ts(now),
        "numbers": [
            {
                "e164": n.e164,
                **{f: _iso(getattr(n, f)) for f in NUMBER_FIELDS},
                "steps": steps_for(None, n.id),
                "notes": notes_for(None, n.id),
            }
            for n in numbers
        ],
        "accounts": [
            {
                "id": a.id,
                "platform": a.platform_id,
                "number": by_id[a.number_id].e164,
                **{f: _iso(getattr(a, f)) for f in ACCOUNT_FACTS},
                "steps": steps_for(a.id, None),
                "notes": notes_for(a.id, None),
            }
            for a in accounts
            if a.number_id in by_id
        ],
        "notes": [
            {"text": e.detail, "at": format_ts(e.ts), "step": e.step_id}
            for e in notes
            if e.account_id is None and e.number_id is None
        ],
        # For the record only: import rebuilds state from the sections above.
        "log": [
            {
                "id": e.id,
                "ts": format_ts(e.ts),
                "verb": e.verb.value,
                "account_id": e.account_id,
                "number_id": e.number_id,
                "step_id": e.step_id,
                "detail": e.detail,
                "hash": e.hash,
            }
            for e in log
        ],
        "removed_account_ids": sorted(
            {e.account_id for e in log if e.account_id is not None} - live_accounts
        ),
    }


def export_json_text(store: Store) -> str:
    return json.dumps(export_json(store), ensure_ascii=False, indent=2) + "\n"


def _neutralise(value: Any) -> str:
    """Stop spreadsheets running a cell as a formula; import undoes it exactly."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    text = str(_iso(value))
    if text and (text[0] in _CSV_RISKY or (text[0] == "'" and text[1:2] in (*_CSV_RISKY, "'"))):
        return "'" + text
    return text


def _restore(text: str) -> str:
    if len(text) > 1 and text[0] == "'" and text[1] in (*_CSV_RISKY, "'"):
        return text[1:]
    return text


def export_csv(store: Store) -> str:
    data = export_json(store)
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS, lineterminator="\r\n")
    writer.writeheader()

    def row(**cells: Any) -> None:
        writer.writerow({k: _neutralise(v) for k, v in cells.items()})

    for n in data["numbers"]:
        row(record="number", number=n["e164"], **{f: n[f] for f in NUMBER_FIELDS})
    for a in data["accounts"]:
        facts = {f: a[f] for f in ACCOUNT_FACTS}
        row(record="account", account=a["id"], number=a["number"], platform=a["platform"], **facts)
    for n in data["numbers"]:
        for s in n["steps"]:
            row(
                record="step",
                number=n["e164"],
                step=s["step"],
                status=s["status"],
                at=s["at"],
                text=s["detail"],
            )
    for a in data["accounts"]:
        for s in a["steps"]:
            row(
                record="step",
                account=a["id"],
                step=s["step"],
                status=s["status"],
                at=s["at"],
                text=s["detail"],
            )
    for n in data["numbers"]:
        for t in n["notes"]:
            row(record="note", number=n["e164"], step=t["step"], at=t["at"], text=t["text"])
    for a in data["accounts"]:
        for t in a["notes"]:
            row(record="note", account=a["id"], step=t["step"], at=t["at"], text=t["text"])
    for t in data["notes"]:
        row(record="note", step=t["step"], at=t["at"], text=t["text"])
    numbers_by_id = {r["id"]: r["e164"] for r in store._query("SELECT id, e164 FROM numbers")}
    for e in data["log"]:
        row(
            record="log",
            log_id=e["id"],
            at=e["ts"],
            verb=e["verb"],
            account=e["account_id"],
            number=numbers_by_id.get(e["number_id"], ""),
            step=e["step_id"],
            text=e["detail"],
            hash=e["hash"],
        )
    return out.getvalue()


# --- the Markdown report -------------------------------------------------------------

_MD_TEXT = {
    "zh": {
        "title": "账号迁移进度报告",
        "made": "生成时间",
        "numbers": "号码",
        "accounts": "账号",
        "notes": "备注",
        "general_notes": "其他备注",
        "recent": "最近的操作",
        "step": "步骤",
        "status": "状态",
        "when": "时间",
        "detail": "说明",
        "kept": "保留",
        "will_cancel": "将于 {date} 注销",
        "cancelled": "已于 {date} 注销",
        "reissue": "最早可能于 {date} 放号（冻结 {days} 天）",
        "done": "✅ 已完成",
        "skipped": "⏭ 已跳过",
        "open": "⬜ 未完成",
        "none": "（无）",
        "progress": "进度：{done}/{total} 步已完成，{skipped} 步已跳过",
        "facts": "已记录的情况",
        "balance": "余额",
        "bank_cards": "绑定银行卡",
        "password_free": "免密支付",
        "linked_apps": "通过它登录的应用",
        "sign_in_via": "登录方式",
        "last_order": "最近订单",
        "orders_closed": "订单结清",
        "last_sensitive_change": "最近敏感修改",
        "last_used": "最近使用",
        "yes": "有",
        "no": "无",
        "yzt": "一证通查报告账号数",
        "cards": "一键查卡报告银行卡数",
    },
    "en": {
        "title": "Account exit progress report",
        "made": "Generated",
        "numbers": "Numbers",
        "accounts": "Accounts",
        "notes": "Notes",
        "general_notes": "Other notes",
        "recent": "Recent activity",
        "step": "Step",
        "status": "Status",
        "when": "When",
        "detail": "Detail",
        "kept": "kept",
        "will_cancel": "will be cancelled on {date}",
        "cancelled": "cancelled on {date}",
        "reissue": "may be re-issued from {date} (frozen {days} days)",
        "done": "✅ done",
        "skipped": "⏭ skipped",
        "open": "⬜ open",
        "none": "(none)",
        "progress": "Progress: {done}/{total} steps done, {skipped} skipped",
        "facts": "Recorded facts",
        "balance": "balance",
        "bank_cards": "bank cards",
        "password_free": "password-free payments",
        "linked_apps": "apps signing in through it",
        "sign_in_via": "signs in via",
        "last_order": "last order",
        "orders_closed": "orders closed",
        "last_sensitive_change": "last sensitive change",
        "last_used": "last used",
        "yes": "yes",
        "no": "no",
        "yzt": "accounts reported by 一证通查",
        "cards": "cards reported by 一键查卡",
    },
}


def _md(text: str) -> str:
    """Escape user text so it shows literally: no links, emphasis, tables or HTML."""
    return "".join("\\" + ch if ch in "\\`*_[]<>|~&" else ch for ch in clean_text(text))


_E164_IN_TEXT = re.compile(r"\+\d{7,15}")


def _md_block(text: str) -> str:
    """Free text (notes, log details) for the report, numbers masked as on screen."""
    text = _E164_IN_TEXT.sub(lambda m: mask_number(m.group()), text)
    return " ".join(_md(line) for line in text.splitlines()) if text else ""


def export_markdown(store: Store, catalog: Catalog | None, lang: Lang) -> str:
    # A report to read, print or show a helper: numbers masked as on screen (the JSON
    # and CSV exports are backups and keep them whole).
    t = _MD_TEXT["zh" if lang == "zh" else "en"]
    with store._read():
        numbers = store.numbers()
        accounts = store.accounts()
        states = _state_rows(store)
        notes = _notes(store)
        recent = store.recent_log(20)
        now = store._clock()
    lines = [f"# {t['title']}", "", f"{t['made']}: {format_ts(now)[:16].replace('T', ' ')} UTC", ""]

    def status_table(
        rows: list[tuple[str, StepKey]],
    ) -> list[str]:
        if not rows:
            return []
        out = [
            f"| {t['step']} | {t['status']} | {t['when']} | {t['detail']} |",
            "|---|---|---|---|",
        ]
        for name, key in rows:
            status, ts, detail = states.get(key, (StepStatus.OPEN, "", ""))
            when = ts[:16].replace("T", " ") if ts and status is not StepStatus.OPEN else ""
            out.append(f"| {_md(name)} | {t[status.value]} | {when} | {_md_block(detail)} |")
        return out

    def progress(keys: list[StepKey]) -> str:
        done = sum(1 for k in keys if states.get(k, (None,))[0] is StepStatus.DONE)
        skipped = sum(1 for k in keys if states.get(k, (None,))[0] is StepStatus.SKIPPED)
        return t["progress"].format(done=done, total=len(keys), skipped=skipped)

    def note_lines(owner: tuple[int | None, int | None]) -> list[str]:
        out = []
        for e in notes:
            key = (e.account_id, None) if e.account_id is not None else (None, e.number_id)
            if key == owner:
                step = f" ({_md(e.step_id)})" if e.step_id else ""
                stamp = format_ts(e.ts)[:16].replace("T", " ")
                out.append(f"- {stamp}{step}: {_md_block(e.detail)}")
        return out

    def step_name(step_id: str, steps: Iterable[Any]) -> str:
        for s in steps:
            if s.id == step_id:
                return str(s.text.get(lang))
        return step_id

    number_steps = (
        (*catalog.discover_steps, *catalog.aftercare_steps) if catalog is not None else ()
    )
    lines += [f"## {t['numbers']}", ""]
    if not numbers:
        lines += [t["none"], ""]
    for n in numbers:
        label = f" — {_md(n.label)}" if n.label else ""
        if n.state is NumberState.KEPT or n.cancel_date is None:
            state = t[n.state.value].format(date="?")
        else:
            state = t[n.state.value].format(date=n.cancel_date.isoformat())
        lines += [f"### {_md(mask_number(n.e164))}{label}", "", f"- {state}"]
        if n.cancel_date and n.state is not NumberState.KEPT:
            reissue = n.cancel_date + timedelta(days=n.freeze_days)
            lines.append(f"- {t['reissue'].format(date=reissue.isoformat(), days=n.freeze_days)}")
        if n.yzt_count is not None:
            lines.append(f"- {t['yzt']}: {n.yzt_count}")
        if n.cards_reported is not None:
            lines.append(f"- {t['cards']}: {n.cards_reported}")
        ids = [s.id for s in number_steps]
        ids += sorted(s for (a, num, s) in states if a is None and num == n.id and s not in ids)
        keys: list[StepKey] = [(None, n.id, s) for s in ids]
        lines += [
            "",
            *status_table(
                [(step_name(s, number_steps), k) for s, k in zip(ids, keys, strict=True)]
            ),
        ]
        lines += ["", *note_lines((None, n.id))]
        lines.append("")

    lines += [f"## {t['accounts']}", ""]
    if not accounts:
        lines += [t["none"], ""]
    by_number = {n.id: n for n in numbers}
    for a in sorted(accounts, key=lambda a: (a.number_id, a.platform_id, a.id)):
        platform = catalog.get(a.platform_id) if catalog is not None else None
        name = platform.name.get(lang) if platform else a.platform_id
        number = by_number.get(a.number_id)
        where = f" — {_md(mask_number(number.e164))}" if number else ""
        label = f" ({_md(a.label)})" if a.label else ""
        lines += [f"### {_md(name)}{label}{where}", ""]
        facts = []
        for f in ("balance", "bank_cards", "password_free", "linked_apps", "sign_in_via"):
            value = getattr(a, f)
            if value is not None:
                shown = (
                    (t["yes"] if value else t["no"])
                    if isinstance(value, bool)
                    else (f"{value:g}" if isinstance(value, float) else value)
                )
                facts.append(f"{t[f]} {_md(str(shown))}")
        for f in ("last_order", "orders_closed", "last_sensitive_change", "last_used"):
            value = getattr(a, f)
            if value is not None:
                facts.append(f"{t[f]} {value.isoformat()}")
        if facts:
            lines += [f"{t['facts']}: " + "; ".join(facts), ""]
        steps = platform.steps if platform else ()
        ids = [s.id for s in steps]
        ids += sorted(s for (acc, _, s) in states if acc == a.id and s not in ids)
        keys = [(a.id, None, s) for s in ids]
        if keys:
            lines += [progress(keys), ""]
        lines += status_table([(step_name(s, steps), k) for s, k in zip(ids, keys, strict=True)])
        notes_md = note_lines((a.id, None))
        if notes_md:
            lines += ["", f"**{t['notes']}**", "", *notes_md]
        lines.append("")

    general = note_lines((None, None))
    if general:
        lines += [f"## {t['general_notes']}", "", *general, ""]
    lines += [f"## {t['recent']}", ""]
    for e in recent:
        what = e.verb.value + (f" {_md(e.step_id)}" if e.step_id else "")
        target = (
            f" #{e.account_id}" if e.account_id else (f" ☎{e.number_id}" if e.number_id else "")
        )
        detail = f" — {_md_block(e.detail)[:120]}" if e.detail else ""
        lines.append(f"- {format_ts(e.ts)[:16].replace('T', ' ')} {what}{target}{detail}")
    return "\n".join(lines).rstrip() + "\n"


# --- writing files -------------------------------------------------------------------


def write_private(path: Path, text: str) -> None:
    """Write `text` to `path` atomically (temp file in the same folder, fsync, rename),
    owner-only (0600) whatever the umask."""
    path = Path(path)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}.tmp")
    try:
        fd = os.open(tmp, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
        try:
            os.fchmod(fd, 0o600)
            data = text.encode("utf-8")
            view = memoryview(data)
            while view:
                written = os.write(fd, view)
                view = view[written:]
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(tmp, path)
    except OSError as e:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise StoreIOError(f"Could not write {path}: {e.strerror or e}.", path) from None


# --- import: parsing -----------------------------------------------------------------


class _StepIn(Struct):
    line: int | None
    step: str
    status: StepStatus
    at: datetime | None
    detail: str


class _NoteIn(Struct):
    line: int | None
    text: str
    at: datetime | None
    step: str | None


class _NumberIn(Struct):
    line: int | None
    e164: str
    values: dict[str, Any]
    steps: list[_StepIn] = field(default_factory=list)
    notes: list[_NoteIn] = field(default_factory=list)


class _AccountIn(Struct):
    line: int | None
    platform: str
    e164: str
    values: dict[str, Any]
    steps: list[_StepIn] = field(default_factory=list)
    notes: list[_NoteIn] = field(default_factory=list)


class _Parsed(Struct):
    numbers: dict[str, _NumberIn] = field(default_factory=dict)
    accounts: list[_AccountIn] = field(default_factory=list)
    notes: list[_NoteIn] = field(default_factory=list)
    problems: list[ImportProblem] = field(default_factory=list)

    def problem(self, line: int | None, reason: str | InvalidInputError) -> None:
        field_error = getattr(reason, "field_error", None)
        where = getattr(reason, "where", "")
        text = clean_text(str(reason))[:300]
        self.problems.append(ImportProblem(line, text, field_error, where))


def _rule(rule: Any, *args: Any, where: str = "") -> Any:
    """A field rule of acctexit.domain.fields; a refusal becomes InvalidInputError
    carrying it (and where in the file it was), so it is shown in the forms' words."""
    try:
        return rule(*args)
    except FieldError as e:
        raise InvalidInputError.from_field(e, where) from None


def _number_values(raw: dict[str, Any], where: str = "") -> dict[str, Any]:
    """A number's fields through their rules; a state comes with its cancel date."""
    values: dict[str, Any] = _rule(fields.number_fields, raw, where=where)
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


def _step_in(line: int | None, raw: Any, where: str) -> _StepIn:
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
    return _StepIn(
        line,
        _rule(fields.step_id, raw.get("step"), where=where),
        status,
        _parse_at(raw.get("at")),
        _rule(fields.step_detail, raw.get("detail") or "", where=where),
    )


def _note_in(line: int | None, raw: Any, where: str) -> _NoteIn:
    if not isinstance(raw, dict):
        raise InvalidInputError(f"{where}: a note must be an object")
    unknown = set(raw) - {"text", "at", "step"}
    if unknown:
        raise InvalidInputError(f"{where}: unknown field(s) {', '.join(sorted(map(str, unknown)))}")
    step = raw.get("step")
    return _NoteIn(
        line,
        _rule(fields.note, raw.get("text"), where=where),
        _parse_at(raw.get("at")),
        None if step in (None, "") else _rule(fields.step_id, step, where=where),
    )


def _e164(value: Any, where: str) -> str:
    return str(_rule(fields.phone, value, where=where))


def _parse_json(text: str, out: _Parsed) -> None:
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

    def children(raw: dict[str, Any], where: str) -> tuple[list[_StepIn], list[_NoteIn]]:
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
            e164 = _e164(raw.get("e164"), where)
            fields_in = {k: v for k, v in raw.items() if k in NUMBER_FIELDS}
            unknown = set(raw) - {"e164", "steps", "notes", *NUMBER_FIELDS}
            if unknown:
                raise InvalidInputError(
                    f"{where}: unknown field(s) {', '.join(sorted(map(str, unknown)))}"
                )
            values = _number_values(fields_in, where)
            steps, notes = children(raw, where)
            _add_number(out, _NumberIn(None, e164, values, steps, notes), where)
        except InvalidInputError as e:
            out.problem(None, e)
    for i, raw in enumerate(sections["accounts"]):
        where = f"accounts[{i}]"
        try:
            if not isinstance(raw, dict):
                raise InvalidInputError(f"{where}: must be an object")
            unknown = set(raw) - {"id", "platform", "number", "steps", "notes", *ACCOUNT_FACTS}
            if unknown:
                raise InvalidInputError(
                    f"{where}: unknown field(s) {', '.join(sorted(map(str, unknown)))}"
                )
            platform = _rule(fields.platform_id, raw.get("platform"), where=where)
            e164 = _e164(raw.get("number"), where)
            facts = {k: v for k, v in raw.items() if k in ACCOUNT_FACTS}
            values = _rule(fields.account_fields, facts, where=where)
            steps, notes = children(raw, where)
            out.accounts.append(_AccountIn(None, platform, e164, values, steps, notes))
        except InvalidInputError as e:
            out.problem(None, e)
    for i, raw in enumerate(sections["notes"]):
        try:
            out.notes.append(_note_in(None, raw, f"notes[{i}]"))
        except InvalidInputError as e:
            out.problem(None, e)


def _add_number(out: _Parsed, number: _NumberIn, where: str) -> None:
    if number.e164 in out.numbers:
        raise InvalidInputError(f"{where}: {mask_number(number.e164)} is listed twice")
    out.numbers[number.e164] = number


def _merge_number(out: _Parsed, line: int, e164: str, values: dict[str, Any]) -> None:
    """Number facts given on an account row: all rows for one number must agree."""
    number = out.numbers.get(e164)
    if number is None:
        out.numbers[e164] = _NumberIn(line, e164, dict(values))
        return
    for key, value in values.items():
        if key in number.values and number.values[key] != value:
            raise InvalidInputError(
                f"{key}: {value!s} differs from line {number.line} for the same number"
            )
        number.values[key] = value


def _parse_csv(text: str, out: _Parsed) -> None:
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
    accounts_by_ref: dict[str, _AccountIn] = {}
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
        row = {c: _restore(v) for c, v in zip(columns, cells, strict=False)}
        kind = (
            (row.get("record") or ("account" if row.get("platform") else "number")).strip().lower()
        )
        try:
            if kind == "number":
                e164 = _e164(row.get("number"), "number")
                values = _number_values({k: row[k] for k in NUMBER_FIELDS if row.get(k, "") != ""})
                if e164 in out.numbers and e164 not in number_rows:
                    _merge_number(out, line, e164, values)  # first seen on an account row
                else:
                    _add_number(out, _NumberIn(line, e164, values), "number")
                number_rows.add(e164)
            elif kind == "account":
                platform = _rule(fields.platform_id, row.get("platform", ""))
                e164 = _e164(row.get("number"), "number")
                facts = {k: row[k] for k in ACCOUNT_FACTS if row.get(k, "") != ""}
                account = _AccountIn(line, platform, e164, _rule(fields.account_fields, facts))
                # A plain list may carry the number's own columns on its account rows
                # (state, cancel date…); keep them for the number ("label" is the account's).
                number_cells = {
                    k: row[k] for k in NUMBER_FIELDS if k != "label" and row.get(k, "") != ""
                }
                if number_cells:
                    _merge_number(out, line, e164, _number_values(number_cells))
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
            out.problem(line, e)
    for line, row in pending:
        try:
            ref = (row.get("account") or "").strip()
            if ref:
                owner: _AccountIn | _NumberIn | None = accounts_by_ref.get(ref)
                if owner is None:
                    raise InvalidInputError(f"account {ref!r} is not defined by an account row")
            elif (row.get("number") or "").strip():
                e164 = _e164(row.get("number"), "number")
                owner = out.numbers.get(e164)
                if owner is None:
                    owner = out.numbers[e164] = _NumberIn(line, e164, {})
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
            out.problem(line, e)


def _decode(data: bytes) -> str:
    for encoding in ("utf-8-sig", "gb18030"):  # Excel in China saves CSV as GB18030
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise InvalidInputError("the file is neither UTF-8 nor GB18030 text")


def parse_import(data: bytes, *, name: str = "") -> _Parsed:
    out = _Parsed()
    if len(data) > MAX_IMPORT_BYTES:
        out.problem(None, f"the file is larger than {MAX_IMPORT_BYTES // 1024 // 1024} MB")
        return out
    try:
        text = _decode(data)
    except InvalidInputError as e:
        out.problem(None, str(e))
        return out
    if "\x00" in text:
        out.problem(None, "the file contains NUL bytes: it is not a text file")
        return out
    suffix = Path(name).suffix.lower()
    is_json = suffix == ".json" or (suffix != ".csv" and text.lstrip()[:1] in ("{", "["))
    try:
        (_parse_json if is_json else _parse_csv)(text, out)
    except RecursionError:
        out.problem(None, "the file is nested too deeply")
    if not out.problems and not (out.numbers or out.accounts or out.notes):
        out.problem(None, "the file holds no numbers, accounts or notes")
    return out


# --- import: applying ----------------------------------------------------------------


def import_bytes(store: Store, data: bytes, *, name: str = "") -> ImportResult:
    parsed = parse_import(data, name=name)
    if parsed.problems:
        raise ImportFileError(Path(name) if name else None, parsed.problems)
    return _apply(store, parsed, name)


def import_file(store: Store, path: Path) -> ImportResult:
    """Import a CSV or JSON file, all or nothing. Raises ImportFileError listing every
    problem (nothing changed), or another StoreError if the database fails."""
    path = Path(path)
    try:
        with open(path, "rb") as f:
            data = f.read(MAX_IMPORT_BYTES + 1)
    except OSError as e:
        raise ImportFileError(
            path, [ImportProblem(None, f"cannot read the file: {e.strerror or e}")]
        ) from None
    parsed = parse_import(data, name=path.name)
    if parsed.problems:
        raise ImportFileError(path, parsed.problems)
    return _apply(store, parsed, path.name)


def _apply(store: Store, parsed: _Parsed, name: str) -> ImportResult:
    result = ImportResult()
    summary = {
        "file": clean_text(Path(name).name)[:200],
        "numbers": len(parsed.numbers),
        "accounts": len(parsed.accounts),
    }
    # Numbers that accounts mention but the file does not list are added as "kept".
    for account in parsed.accounts:
        parsed.numbers.setdefault(account.e164, _NumberIn(account.line, account.e164, {}))
    try:
        with store._write() as conn:
            store._append(
                conn, Verb.IMPORTED, detail=json.dumps(summary, ensure_ascii=False, sort_keys=True)
            )
            number_ids: dict[str, int] = {}
            for number in parsed.numbers.values():
                number_ids[number.e164] = _apply_number(store, conn, number, result)
            for account in parsed.accounts:
                account_id = _apply_account(store, conn, account, number_ids[account.e164], result)
                _apply_children(store, conn, account, (account_id, None), result)
            for number in parsed.numbers.values():
                _apply_children(store, conn, number, (None, number_ids[number.e164]), result)
            _apply_children(store, conn, None, (None, None), result, notes=parsed.notes)
    except InvalidInputError as e:
        raise ImportFileError(
            Path(name) if name else None, [ImportProblem(None, str(e), e.field_error, e.where)]
        ) from None
    store._states = None  # many rows at once: reload rather than replay
    return result


def _apply_number(
    store: Store, conn: sqlite3.Connection, number: _NumberIn, result: ImportResult
) -> int:
    row = conn.execute(
        "SELECT id FROM numbers WHERE e164 = ? AND removed = 0", (number.e164,)
    ).fetchone()
    if row is None:
        values = {"e164": number.e164, **number.values}
        result.numbers_added += 1
        return store._insert_number(conn, values)
    before = store.log_head(conn)
    store._update_number(conn, row[0], number.values)
    if store.log_head(conn) != before:
        result.numbers_updated += 1
    return int(row[0])


def _apply_account(
    store: Store,
    conn: sqlite3.Connection,
    account: _AccountIn,
    number_id: int,
    result: ImportResult,
) -> int:
    label = account.values.get("label", "")
    row = conn.execute(
        "SELECT id FROM accounts WHERE platform_id = ? AND number_id = ? AND label = ? "
        "AND removed = 0",
        (account.platform, number_id, label),
    ).fetchone()
    if row is None:
        result.accounts_added += 1
        return store._insert_account(conn, account.platform, number_id, account.values)
    before = store.log_head(conn)
    store._update_account(conn, row[0], account.values)
    if store.log_head(conn) != before:
        result.accounts_updated += 1
    return int(row[0])


def _apply_children(
    store: Store,
    conn: sqlite3.Connection,
    owner: _AccountIn | _NumberIn | None,
    key: tuple[int | None, int | None],
    result: ImportResult,
    notes: list[_NoteIn] | None = None,
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
            current_status = StepStatus(current[0]) if current else StepStatus.OPEN
            if current_status is step.status:
                continue
            verb = {
                StepStatus.DONE: Verb.DONE,
                StepStatus.SKIPPED: Verb.SKIPPED,
                StepStatus.OPEN: Verb.UNDONE,
            }[step.status]
            store._append(
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
        store._append(
            conn,
            Verb.NOTE,
            account_id=account_id,
            number_id=number_id,
            step_id=note.step,
            detail=note.text,
            ts=note.at,
        )
        result.notes += 1


__all__ = [
    "CSV_COLUMNS",
    "ImportFileError",
    "ImportProblem",
    "ImportResult",
    "StoreError",
    "export_csv",
    "export_json",
    "export_json_text",
    "export_markdown",
    "import_bytes",
    "import_file",
    "write_private",
]
