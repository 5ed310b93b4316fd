"""Import and export: lossless round trips, CSV neutralisation, all-or-nothing imports."""

from __future__ import annotations

import csv
import io
import json
import os
import stat
from datetime import date
from pathlib import Path

import pytest

from acctexit.domain.models import NumberState, StepStatus
from acctexit.domain.phone import PhoneNumberError, normalise_e164
from acctexit.store import ImportFileError, Store
from acctexit.store.exchange import (
    export_csv,
    export_json,
    export_json_text,
    import_file,
    write_private,
)

DATA = Path(__file__).resolve().parents[2] / "data"


@pytest.mark.parametrize(
    "raw",
    [
        "13800001234",
        "138 0000 1234",
        "+86 138-0000-1234",
        "008613800001234",
        "8613800001234",
        "１３８００００１２３４",
        "'+8613800001234",
        "(+86) 138.0000.1234",
    ],
)
def test_numbers_are_normalised_to_e164(raw: str) -> None:
    assert normalise_e164(raw) == "+8613800001234"


@pytest.mark.parametrize("raw", ["", "hello", "1380000123", "+86 12800001234", "+0123", "12345"])
def test_garbage_numbers_are_rejected_with_a_reason(raw: str) -> None:
    with pytest.raises(PhoneNumberError) as caught:
        normalise_e164(raw)
    assert str(caught.value)


def _filled(path: Path) -> Store:
    store = Store.open(path)
    n = store.add_number(
        "13800001234",
        label='=HYPERLINK("x")',
        carrier="china-mobile",
        state=NumberState.WILL_CANCEL,
        cancel_date=date(2026, 12, 20),
        yzt_count=7,
    )
    kept = store.add_number("+8613900005678", label="-new", freeze_days=120)
    a = store.add_account(
        "alipay",
        n.id,
        label="'=odd",
        balance=3.5,
        bank_cards=2,
        password_free=True,
        last_order=date(2026, 10, 1),
    )
    b = store.add_account("didi", n.id, sign_in_via="wechat", login_hint="@me\tx")
    gone = store.add_account("qq", kept.id)
    store.set_step((a.id, None, "unbind-cards"), StepStatus.DONE, "both cards")
    store.set_step((b.id, None, "deregister"), StepStatus.SKIPPED, "+ wait 15 days")
    store.set_step((None, n.id, "yzt-check"), StepStatus.DONE)
    store.set_step((gone.id, None, "deregister"), StepStatus.DONE)
    store.remove_account(gone.id)
    store.add_note("line one\nline two", account_id=a.id, step_id="unbind-cards")
    store.add_note("@number note", number_id=n.id)
    store.add_note("general note")
    return store


def _comparable(store: Store) -> dict:
    """Live content keyed by natural keys, since ids differ between databases."""
    data = export_json(store, include_log=False)
    for a in data["accounts"]:
        a.pop("id")
    for section in ("numbers", "accounts"):
        for item in data[section]:
            item["steps"] = sorted(
                (s for s in item["steps"] if s["status"] != "open"), key=lambda s: s["step"]
            )
    data.pop("exported_at")
    data.pop("removed_account_ids")
    return data


@pytest.mark.parametrize("fmt", ["json", "csv"])
def test_export_then_import_into_an_empty_database_is_lossless(tmp_path: Path, fmt: str) -> None:
    source = _filled(tmp_path / "a.sqlite3")
    text = export_json_text(source) if fmt == "json" else export_csv(source)
    file = tmp_path / f"export.{fmt}"
    file.write_text(text, encoding="utf-8")
    with Store.open(tmp_path / "b.sqlite3") as target:
        result = import_file(target, file)
        assert (result.numbers_added, result.accounts_added, result.notes) == (2, 2, 3)
        assert _comparable(target) == _comparable(source)
        assert target.verify().ok
        # Importing again changes nothing.
        again = import_file(target, file)
        assert (again.numbers_added, again.accounts_added, again.steps, again.notes) == (0, 0, 0, 0)
    source.close()


def test_csv_cells_are_neutralised(tmp_path: Path) -> None:
    with _filled(tmp_path / "a.sqlite3") as store:
        text = export_csv(store)
    for row in csv.reader(io.StringIO(text)):
        for cell in row:
            assert not cell or cell[0] not in "=+-@\t\r", cell
    assert "'+8613800001234" in text and "'=HYPERLINK" in text and "''=odd" in text


def test_a_bad_row_rejects_the_whole_file_and_lists_every_problem(tmp_path: Path) -> None:
    file = tmp_path / "list.csv"
    file.write_text(
        "number,platform,label,balance\n"
        "13800001234,alipay,ok,1\n"
        "hello,wechat,,\n"
        "13800001234,jd,,lots\n"
        "13900005678,BAD ID!,,\n",
        encoding="utf-8",
    )
    with Store.open(tmp_path / "a.sqlite3") as store:
        with pytest.raises(ImportFileError) as caught:
            import_file(store, file)
        assert [p.line for p in caught.value.problems] == [3, 4, 5]
        # Each refusal is the field rule's own (acctexit.domain.fields), named by field.
        refused = [
            (p.field_error.field, p.field_error.key) if p.field_error else None
            for p in caught.value.problems
        ]
        assert refused == [
            ("e164", "field_err_phone_chars"),
            ("balance", "field_err_amount"),
            ("platform", "field_err_platform"),
        ]
        assert store.numbers() == [] and store.log_count() == 0


def test_a_simple_account_list_imports_and_creates_numbers(tmp_path: Path) -> None:
    file = tmp_path / "list.csv"
    file.write_bytes(
        "number,platform,label,password_free\n138 0000 1234,alipay,主号,是\n"
        "+86 139-0000-5678,wechat,\u202eevil\x1b[2J,\n".encode("gb18030")
    )
    with Store.open(tmp_path / "a.sqlite3") as store:
        with pytest.raises(ImportFileError):  # not UTF-8: refused unless named
            import_file(store, file)
        import_file(store, file, encoding="gb18030")
        assert [n.e164 for n in store.numbers()] == ["+8613800001234", "+8613900005678"]
        labels = [a.label for a in store.accounts()]
        assert labels == ["主号", "evil[2J"]
        assert store.accounts()[0].password_free is True


def test_json_problems_name_their_place(tmp_path: Path) -> None:
    file = tmp_path / "x.json"
    file.write_text(json.dumps({"accounts": [{"platform": "alipay", "number": "x"}]}))
    with Store.open(tmp_path / "a.sqlite3") as store, pytest.raises(ImportFileError) as caught:
        import_file(store, file)
    assert "accounts[0]" in str(caught.value)
    file.write_text('{"numbers": [\n  {"e164": }\n]}')
    with Store.open(tmp_path / "a.sqlite3") as store, pytest.raises(ImportFileError) as caught:
        import_file(store, file)
    assert caught.value.problems[0].line == 2


def test_exported_files_are_private_and_written_atomically(tmp_path: Path) -> None:
    old = os.umask(0o022)
    try:
        target = tmp_path / "out.json"
        target.write_text("old")
        write_private(target, "new")
        assert target.read_text() == "new"
        assert stat.S_IMODE(target.stat().st_mode) == 0o600
        assert [p.name for p in tmp_path.iterdir()] == ["out.json"]
    finally:
        os.umask(old)


def test_demo_data_imports_cleanly_and_uses_only_catalog_step_ids(tmp_path: Path) -> None:
    from acctexit.catalog import load_catalog

    catalog = load_catalog()
    with Store.open(tmp_path / "demo.sqlite3") as store:
        result = import_file(store, DATA / "demo.json")
        assert result.accounts_added >= 12 and result.steps >= 8 and result.notes >= 2
        numbers = {n.id: n for n in store.numbers()}
        assert {n.state for n in numbers.values()} >= {NumberState.WILL_CANCEL, NumberState.KEPT}
        number_steps = {s.id for s in (*catalog.discover_steps, *catalog.aftercare_steps)}
        accounts = {a.id: a for a in store.accounts()}
        for a in accounts.values():
            assert catalog.get(a.platform_id), a.platform_id
            if a.sign_in_via:
                assert catalog.get(a.sign_in_via)
        for account_id, number_id, step_id in store.step_states():
            if account_id is None:
                assert step_id in number_steps and number_id in numbers
            else:
                platform = catalog.get(accounts[account_id].platform_id)
                assert platform is not None and platform.step(step_id), step_id
        for e in store.iter_log():
            if e.verb.value == "note" and e.step_id and e.account_id:
                assert catalog.get(accounts[e.account_id].platform_id).step(e.step_id)
        assert store.verify().ok
