"""A plain CSV list may carry each number's state on its account rows; nothing is dropped,
and values that cannot be planned with (year 9999, a freeze of millions of days) are refused."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from acctexit.domain.dates import add_days
from acctexit.domain.models import NumberState
from acctexit.store import ImportFileError, Store
from acctexit.store.exchange import import_file


def _import(tmp_path: Path, text: str) -> Store:
    source = tmp_path / "list.csv"
    source.write_text(text, encoding="utf-8")
    store = Store.open(tmp_path / "db.sqlite3")
    import_file(store, source)
    return store


def test_number_columns_on_account_rows_reach_the_number(tmp_path: Path) -> None:
    store = _import(
        tmp_path,
        "number,platform,state,cancel_date,freeze_days,carrier\n"
        "13800001234,alipay,will_cancel,2026-12-01,120,china-mobile\n"
        "13800001234,wechat,,,,\n",
    )
    [number] = store.numbers()
    assert number.state is NumberState.WILL_CANCEL
    assert number.cancel_date == date(2026, 12, 1)
    assert number.freeze_days == 120
    assert number.carrier == "china-mobile"
    assert sorted(a.platform_id for a in store.accounts()) == ["alipay", "wechat"]
    store.close()


def test_disagreeing_rows_for_one_number_are_a_problem(tmp_path: Path) -> None:
    with pytest.raises(ImportFileError) as error:
        _import(
            tmp_path,
            "number,platform,cancel_date\n"
            "13800001234,alipay,2026-12-01\n"
            "13800001234,wechat,2027-01-01\n",
        )
    assert any(p.line == 3 and "cancel_date" in p.reason for p in error.value.problems)


def test_a_number_row_after_account_rows_agrees_with_them(tmp_path: Path) -> None:
    store = _import(
        tmp_path,
        "number,platform,state,cancel_date,label\n"
        "13800001234,alipay,cancelled,2026-01-05,\n"
        "13800001234,,cancelled,2026-01-05,old\n",
    )
    [number] = store.numbers()
    assert (number.state, number.label) == (NumberState.CANCELLED, "old")
    store.close()


@pytest.mark.parametrize(
    "row",
    [
        "13800001234,will_cancel,9999-12-01,90",
        "13800001234,will_cancel,2026-12-20,5000000",
    ],
)
def test_dates_the_plan_cannot_count_with_are_refused(tmp_path: Path, row: str) -> None:
    with pytest.raises(ImportFileError):
        _import(tmp_path, f"number,state,cancel_date,freeze_days\n{row}\n")


def test_date_arithmetic_clamps_instead_of_crashing() -> None:
    assert add_days(date(9999, 12, 1), 90) == date.max
    assert add_days(date(2028, 2, 29), 14) == date(2028, 3, 14)
