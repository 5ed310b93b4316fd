"""Import and export: JSON and CSV (both round-trip), and the entry points for
importing a file. The formats are documented in docs/store.md.

An import is all or nothing: the whole file is parsed and checked first
(acctexit.store.parsing, every value through its field rule), every problem is
collected with its line, and only a clean file is written, by `Store.apply_import`.
The readable report (HTML, Markdown) is built from the plan in acctexit.app.report.
"""

from __future__ import annotations

import contextlib
import csv
import io
import json
import os
import secrets
from collections.abc import Collection
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from acctexit.domain.fields import ACCOUNT_FACTS, OWN_SERVICE_FIELDS
from acctexit.domain.models import OwnService
from acctexit.domain.own import own_platform_id
from acctexit.i18n import KeyedText, os_reason
from acctexit.sanitize import strip_controls
from acctexit.store.batch import ImportResult
from acctexit.store.db import Store
from acctexit.store.errors import (
    ExportTargetError,
    ImportFileError,
    ImportProblem,
    StoreError,
    StoreIOError,
)
from acctexit.store.log import format_ts
from acctexit.store.own_steps import own_steps_out

if TYPE_CHECKING:
    pass

from acctexit.store.formats import (
    CSV_COLUMNS,
    FORMAT_NAME,
    FORMAT_VERSION,
    MAX_IMPORT_BYTES,
    NUMBER_FIELDS,
    neutralise,
)
from acctexit.store.parsing import parse_import

# --- export --------------------------------------------------------------------------


def _iso(value: Any) -> Any:
    return value.isoformat() if isinstance(value, date) else value


def _clean_out(value: Any) -> Any:
    """Every string cleaned again on the way out (newlines and tabs kept): text stored
    by any means, even written into the file by another program, cannot reach a
    terminal or a spreadsheet with escape sequences or bidi overrides."""
    if isinstance(value, str):
        return strip_controls(value, multiline=True)
    if isinstance(value, dict):
        return {k: _clean_out(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_clean_out(v) for v in value]
    return value


def export_json(store: Store, *, include_log: bool = True) -> dict[str, Any]:
    """Everything live (numbers, accounts, step states, notes) plus the full log, every
    string cleaned on the way out (the log's details too, so a detail that held a
    control character no longer matches its hash: the database keeps the original)."""
    return _clean_out(_export_raw(store, include_log=include_log))  # type: ignore[no-any-return]


def _export_raw(store: Store, *, include_log: bool) -> dict[str, Any]:
    with store.snapshot():
        numbers = store.numbers()
        accounts = store.accounts()
        states = store.step_records()
        notes = store.notes()
        own = {own_platform_id(o.id): o for o in store.own_services()}
        log = list(store.iter_log()) if include_log else []
        now = store.now()
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
                "platform": "" if a.platform_id in own else a.platform_id,
                **_own_fields(own.get(a.platform_id)),
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


def _own_fields(service: OwnService | None) -> dict[str, Any]:
    """An own service's fields, on each of its accounts (a file names no own ids)."""
    if service is None:
        return {}
    out: dict[str, Any] = {
        "name": service.name,
        "category": service.category.value,
        "phone_use": ";".join(r.value for r in service.phone_use),
        "holds_funds": service.holds_funds,
    }
    steps = own_steps_out(service)
    if steps:  # the user's own steps and wording (own-steps); none: the key is left out
        out["own_steps"] = steps
    return out


def export_json_text(store: Store) -> str:
    return json.dumps(export_json(store), ensure_ascii=False, indent=2) + "\n"


def export_csv(store: Store) -> str:
    """The CSV export, starting with a UTF-8 byte order mark: without it Excel on a
    Chinese Windows reads the file as GBK and shows mojibake. Import accepts it."""
    data = export_json(store)
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS, lineterminator="\r\n")
    writer.writeheader()

    def row(**cells: Any) -> None:
        writer.writerow({k: neutralise(v) for k, v in cells.items()})

    for n in data["numbers"]:
        row(record="number", number=n["e164"], **{f: n[f] for f in NUMBER_FIELDS})
    for a in data["accounts"]:
        facts = {f: a[f] for f in ACCOUNT_FACTS}
        own = {f: a[f] for f in OWN_SERVICE_FIELDS if f in a}  # own_steps: own_step rows
        row(
            record="account",
            account=a["id"],
            number=a["number"],
            platform=a["platform"],
            **facts,
            **own,
        )
    described: set[tuple[str, str]] = set()  # own services whose steps are written already
    for a in data["accounts"]:
        service = (a.get("name", ""), a.get("category", ""))
        if a.get("own_steps") and service not in described:
            described.add(service)
            for o in a["own_steps"]:
                row(
                    record="own_step",
                    account=a["id"],
                    step=o["step"],
                    text=o["title"],
                    detail=o["detail"],
                )
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
    numbers_by_id = store.number_e164s()
    for e in data["log"]:
        row(
            record="log",
            log_id=e["id"],
            at=e["ts"],
            verb=e["verb"],
            account=e["account_id"],
            number=strip_controls(numbers_by_id.get(e["number_id"], "")),
            step=e["step_id"],
            text=e["detail"],
            hash=e["hash"],
        )
    return "\ufeff" + out.getvalue()


# --- writing files -------------------------------------------------------------------


def database_files(db_path: Path) -> list[Path]:
    """The database and the files SQLite and the store keep beside it."""
    return [db_path, *(db_path.with_name(db_path.name + s) for s in ("-wal", "-shm", ".head"))]


def check_export_target(path: Path, db_path: Path | None, *, force: bool = False) -> None:
    """Refuse an export target that is the database (same name, or the same file through
    a link), one of its side files, or (without `force`) any existing file."""
    path = Path(path).expanduser()
    if db_path is not None:
        db_path = Path(db_path).expanduser()
        target = os.path.abspath(path)
        for own in database_files(db_path):
            same = target == os.path.abspath(own)
            with contextlib.suppress(OSError):
                same = same or os.path.samefile(path, own)
            if same:
                raise ExportTargetError("store_err_export_is_db", path, file=str(path))
    if not force and (path.exists() or path.is_symlink()):
        raise ExportTargetError("store_err_export_exists", path, file=str(path))


def write_private(path: Path, text: str, *, replace: bool = True) -> None:
    """Write `text` to `path` atomically (temp file in the same folder, fsync, rename),
    owner-only (0600) whatever the umask. With `replace=False` an existing `path` is
    never replaced, even one created a moment ago (the file is linked, not renamed)."""
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
        if replace:
            os.replace(tmp, path)
        else:
            try:
                os.link(tmp, path)
            except FileExistsError:
                raise ExportTargetError("store_err_export_exists", path, file=str(path)) from None
            except OSError:  # no hard links here: rename, if the name is still free
                if path.exists():
                    raise ExportTargetError(
                        "store_err_export_exists", path, file=str(path)
                    ) from None
                os.replace(tmp, path)
    except OSError as e:
        raise StoreIOError(
            KeyedText("store_io_cannot_write", path=path, reason=os_reason(e)), path
        ) from None
    finally:
        with contextlib.suppress(OSError):  # gone already after a rename
            tmp.unlink()


# --- import: applying ----------------------------------------------------------------


def import_bytes(
    store: Store,
    data: bytes,
    *,
    name: str = "",
    known: Collection[str] | None = None,
    encoding: str | None = None,
) -> ImportResult:
    parsed = parse_import(data, name=name, known=known, encoding=encoding)
    if parsed.problems:
        raise ImportFileError(Path(name) if name else None, parsed.problems)
    return store.apply_import(parsed, name)


def import_file(
    store: Store,
    path: Path,
    known: Collection[str] | None = None,
    *,
    encoding: str | None = None,
) -> ImportResult:
    """Import a CSV or JSON file, all or nothing. Raises ImportFileError listing every
    problem (nothing changed), or another StoreError if the database fails. `known`:
    the catalog's platform ids (an account's platform must be one, or empty for an
    own service). The file is UTF-8 (with or without BOM) unless `encoding` names
    another."""
    path = Path(path)
    try:
        with open(path, "rb") as f:
            data = f.read(MAX_IMPORT_BYTES + 1)
    except OSError as e:
        raise ImportFileError(
            path, [ImportProblem(None, KeyedText("imp_cannot_read", reason=os_reason(e)))]
        ) from None
    parsed = parse_import(data, name=path.name, known=known, encoding=encoding)
    if parsed.problems:
        raise ImportFileError(path, parsed.problems)
    return store.apply_import(parsed, path.name)


__all__ = [
    "CSV_COLUMNS",
    "FORMAT_NAME",
    "FORMAT_VERSION",
    "MAX_IMPORT_BYTES",
    "NUMBER_FIELDS",
    "ImportFileError",
    "ImportProblem",
    "ImportResult",
    "StoreError",
    "check_export_target",
    "database_files",
    "export_csv",
    "export_json",
    "export_json_text",
    "import_bytes",
    "import_file",
    "parse_import",
    "write_private",
]
