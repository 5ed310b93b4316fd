"""The pure validators behind the in-app forms."""

from __future__ import annotations

from datetime import date

import pytest

from acctexit.domain.models import NumberState
from acctexit.tui.forms_validation import (
    FieldError,
    check_cancel_date,
    parse_amount,
    parse_count,
    parse_date,
    parse_freeze_days,
    parse_phone,
)

TODAY = date(2026, 3, 1)


@pytest.mark.parametrize(
    "raw",
    [
        "13800001234",
        "138 0000 1234",
        "138-0000-1234",
        "+86 138 0000 1234",
        "+8613800001234",
        "0086 13800001234",
        "8613800001234",
        " (138) 0000.1234 ",
        "１３８００００１２３４",  # full-width digits from a Chinese IME
        "＋86 138 0000 1234",
    ],
)
def test_phone_spellings_normalise_to_e164(raw: str) -> None:
    assert parse_phone(raw) == "+8613800001234"


@pytest.mark.parametrize(
    ("raw", "key"),
    [
        ("", "form_err_required"),
        ("   ", "form_err_required"),
        ("12345", "form_err_phone"),
        ("1380000123", "form_err_phone"),  # 10 digits
        ("138000012345", "form_err_phone"),  # 12 digits
        ("12800001234", "form_err_phone"),  # no mobile range starts 12
        ("02012345678", "form_err_phone"),  # a landline
        ("+1 415 555 0100", "form_err_phone"),
        ("138abcd1234", "form_err_phone_chars"),
        ("138٠0001234", "form_err_phone_chars"),  # Arabic-Indic digit
    ],
)
def test_bad_phone_numbers_are_rejected_with_a_reason(raw: str, key: str) -> None:
    with pytest.raises(FieldError) as exc:
        parse_phone(raw)
    assert exc.value.key == key


def test_dates_are_iso_only() -> None:
    assert parse_date("2026-03-01") == date(2026, 3, 1)
    assert parse_date("") is None
    for raw, key in [
        ("2026/03/01", "form_err_date_format"),
        ("2026-3-1", "form_err_date_format"),
        ("01-03-2026", "form_err_date_format"),
        ("2026-02-30", "form_err_date_invalid"),
    ]:
        with pytest.raises(FieldError) as exc:
            parse_date(raw)
        assert exc.value.key == key
    with pytest.raises(FieldError) as exc:
        parse_date(" ", required=True)
    assert exc.value.key == "form_err_required"


def test_counts_are_whole_and_not_negative() -> None:
    assert parse_count("") is None
    assert parse_count(" 3 ") == 3
    assert parse_count("0") == 0
    assert parse_count("1,000") == 1000
    for raw in ("-1", "2.5", "three", "１e3"):
        with pytest.raises(FieldError):
            parse_count(raw)
    with pytest.raises(FieldError) as exc:
        parse_count("11", maximum=10)
    assert exc.value.key == "form_err_too_large"
    assert exc.value.fmt == {"max": 10}


def test_amounts_allow_two_decimals_and_currency_marks() -> None:
    assert parse_amount("") is None
    assert parse_amount("12.5") == 12.5
    assert parse_amount("¥1,234.50") == 1234.5
    assert parse_amount("88元") == 88.0
    assert parse_amount("0") == 0.0
    for raw in ("-3", "1.234", "abc", "1e5", "nan", "inf"):
        with pytest.raises(FieldError):
            parse_amount(raw)


def test_freeze_days_are_required_and_bounded() -> None:
    assert parse_freeze_days("90") == 90
    assert parse_freeze_days("0") == 0
    for raw in ("", "-5", "3651", "ninety"):
        with pytest.raises(FieldError):
            parse_freeze_days(raw)


def test_cancel_date_rules_follow_the_state() -> None:
    check_cancel_date(NumberState.KEPT, None, TODAY)
    check_cancel_date(NumberState.KEPT, date(2000, 1, 1), TODAY)  # ignored for kept
    check_cancel_date(NumberState.WILL_CANCEL, TODAY, TODAY)  # today is fine
    check_cancel_date(NumberState.WILL_CANCEL, date(2026, 6, 1), TODAY)
    check_cancel_date(NumberState.CANCELLED, date(2026, 1, 1), TODAY)
    cases = [
        (NumberState.WILL_CANCEL, None, "form_err_cancel_required"),
        (NumberState.CANCELLED, None, "form_err_cancel_required"),
        (NumberState.WILL_CANCEL, date(2026, 2, 28), "form_err_cancel_past"),
        (NumberState.CANCELLED, date(2026, 3, 2), "form_err_cancel_future"),
    ]
    for state, when, key in cases:
        with pytest.raises(FieldError) as exc:
            check_cancel_date(state, when, TODAY)
        assert exc.value.key == key
