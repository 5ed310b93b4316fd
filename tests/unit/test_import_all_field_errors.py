"""An import row with several bad fields reports every one of them (issue 23), in the
forms' words, each with its line; CSV and JSON alike."""

from __future__ import annotations

import json

from acctexit.i18n import error_text
from acctexit.store.parsing import parse_import


def _fields_refused(data: bytes, name: str) -> list[tuple[int | None, str]]:
    batch = parse_import(data, name=name)
    return [(p.line, p.field_error.field) for p in batch.problems if p.field_error is not None]


def test_a_csv_account_row_reports_each_bad_field() -> None:
    data = (
        b"number,platform,label,balance,last_used\n"
        b"13800001234,alipay,ok,1,2026-01-01\n"
        b"hello,BAD!,,lots,1899-12-31\n"
    )
    refused = _fields_refused(data, "list.csv")
    assert sorted(refused) == sorted(
        [(3, "platform"), (3, "e164"), (3, "balance"), (3, "last_used")]
    )


def test_a_csv_number_row_reports_each_bad_field() -> None:
    data = b"record,number,state,freeze_days,yzt_count\nnumber,+86 12,sold,0,many\n"
    refused = _fields_refused(data, "n.csv")
    assert sorted(f for _, f in refused) == ["e164", "freeze_days", "state", "yzt_count"]


def test_a_json_account_reports_each_bad_field() -> None:
    doc = {
        "numbers": [{"e164": "+8613800001234"}],
        "accounts": [{"platform": "BAD!", "number": "x", "balance": -1, "last_used": "2026-02-30"}],
    }
    batch = parse_import(json.dumps(doc).encode(), name="a.json")
    refused = sorted(p.field_error.field for p in batch.problems if p.field_error)
    assert refused == ["balance", "e164", "last_used", "platform"]
    assert all(p.where == "accounts[0]" for p in batch.problems)
    assert all(error_text(p, "zh").startswith("accounts[0]") for p in batch.problems)


def test_a_good_row_next_to_bad_ones_is_not_reported() -> None:
    data = b"number,platform,balance\n13800001234,alipay,1\n13800001235,jd,-5\n"
    assert _fields_refused(data, "l.csv") == [(3, "balance")]
