"""The action log's hash chain: canonical row serialisation, hashing, and checking.

Each row's hash is sha256 over the UTF-8 of a compact JSON array
`[id, ts, verb, account_id, number_id, step_id, detail, prev_hash]`, where `ts` is the
exact stored text. The first row's prev_hash is 64 zeros. Changing, removing or
reordering any row breaks the chain at that row (or, for the last row, the head kept
in `meta`).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any

from msgspec import Struct, field

from acctexit.i18n import KeyedText

GENESIS_HASH = "0" * 64


def format_ts(ts: datetime) -> str:
    """UTC ISO-8601 with microseconds; a naive datetime is taken to be UTC already."""
    if ts.tzinfo is None:
        ts = ts.replace(tzinfo=UTC)
    return ts.astimezone(UTC).isoformat(timespec="microseconds")


def parse_ts(text: str) -> datetime:
    ts = datetime.fromisoformat(text.replace("Z", "+00:00"))
    if ts.tzinfo is None:
        ts = ts.replace(tzinfo=UTC)
    return ts.astimezone(UTC)


def row_hash(
    id: int,
    ts: str,
    verb: str,
    account_id: int | None,
    number_id: int | None,
    step_id: str | None,
    detail: str,
    prev_hash: str,
) -> str:
    # Imported on first use: only writes and `verify` hash, and the two modules cost
    # ≈ 4 ms of every start-up (hashlib loads OpenSSL).
    import hashlib
    import json

    canonical = json.dumps(
        [id, ts, verb, account_id, number_id, step_id, detail, prev_hash],
        ensure_ascii=False,
        separators=(",", ":"),
    )
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


class VerifyReport(Struct):
    ok: bool
    # Each a KeyedText (English as a str; acctexit.i18n.say says it in the user's language).
    problems: list[str] = field(default_factory=list)
    first_broken_id: int | None = None
    rows_checked: int = 0


def check_chain(rows: Iterable[tuple[Any, ...]], head: str | None) -> VerifyReport:
    """Check rows (id, ts, verb, account_id, number_id, step_id, detail, prev_hash, hash)
    given oldest first, and the recorded head "id:hash"."""
    report = VerifyReport(ok=True)
    prev = GENESIS_HASH
    last_id = 0
    last_hash = GENESIS_HASH

    def broken(row_id: int, why: KeyedText) -> None:
        report.problems.append(KeyedText("verify_log_row", row=row_id, why=why))
        if report.first_broken_id is None:
            report.first_broken_id = row_id

    for row in rows:
        report.rows_checked += 1
        row_id, ts, verb, account_id, number_id, step_id, detail, prev_hash, stored = row
        try:
            if not isinstance(row_id, int) or row_id != last_id + 1:
                broken(row_id, KeyedText("verify_row_expected_id", expected=last_id + 1))
            if prev_hash != prev:
                broken(row_id, KeyedText("verify_row_prev_hash"))
            if (
                row_hash(row_id, ts, verb, account_id, number_id, step_id, detail, prev_hash)
                != stored
            ):
                broken(row_id, KeyedText("verify_row_hash"))
        except (TypeError, ValueError) as e:  # a damaged value of the wrong type
            broken(row_id, KeyedText("verify_row_unreadable", detail=str(e)))
        prev = stored if isinstance(stored, str) else ""
        last_id = row_id if isinstance(row_id, int) else last_id + 1
        last_hash = prev
        if len(report.problems) > 100:
            report.problems.append(KeyedText("verify_stopped"))
            break
    else:
        expected = None if report.rows_checked == 0 else f"{last_id}:{last_hash}"
        if head != expected:
            none = KeyedText("verify_none")
            report.problems.append(
                KeyedText("verify_head_mismatch", head=head or none, last=expected or none)
            )
            if report.first_broken_id is None:
                report.first_broken_id = last_id + 1 if head else last_id
    report.ok = not report.problems
    return report
