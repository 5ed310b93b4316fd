"""Pure validators for the in-app forms: phone numbers, dates, counts and amounts.

No Textual and no I/O, so every rule is unit-tested on its own. Each parser takes
the raw text of one input and returns the parsed value (None for an empty optional
field) or raises `FieldError`, whose `key` names a UI string in
`data/strings_forms.toml` (the screen translates it and shows it next to the field).

>>> parse_phone("138 0000 1234")
'+8613800001234'
>>> parse_date("2026-03-01")
datetime.date(2026, 3, 1)
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from acctexit.domain.models import NumberState

MAX_FREEZE_DAYS = 3650
MAX_COUNT = 100_000
MAX_AMOUNT = Decimal("1000000000")

# Mainland mobile numbers: 11 digits, 1 then 3-9 (no mobile range starts 10, 11 or 12).
_MOBILE = re.compile(r"1[3-9]\d{9}")
_SEPARATORS = re.compile(r"[\s\-().\u00a0]")
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


class FieldError(ValueError):
    """A field's value is not acceptable. `key` is a UI string key; `fmt` its arguments."""

    def __init__(self, key: str, **fmt: Any) -> None:
        super().__init__(key)
        self.key = key
        self.fmt = fmt


def _normalize(raw: str) -> str:
    # NFKC turns full-width digits and ＋ (typed with a Chinese IME) into ASCII.
    return unicodedata.normalize("NFKC", raw).strip()


def parse_phone(raw: str) -> str:
    """A mainland mobile number in any common spelling → E.164 (``+86`` and 11 digits).

    Accepts spaces, dashes, dots and brackets between digits, and a ``+86``, ``0086``
    or ``86`` prefix. Raises `FieldError` for an empty value or anything else.
    """
    text = _SEPARATORS.sub("", _normalize(raw))
    if not text:
        raise FieldError("form_err_required")
    if text.startswith("+86"):
        text = text[3:]
    elif text.startswith("0086"):
        text = text[4:]
    elif text.startswith("86") and len(text) == 13:
        text = text[2:]
    elif text.startswith("+"):  # another country's code
        raise FieldError("form_err_phone")
    if not text.isascii() or not text.isdigit():
        raise FieldError("form_err_phone_chars")
    if not _MOBILE.fullmatch(text):
        raise FieldError("form_err_phone")
    return "+86" + text


def parse_date(raw: str, *, required: bool = False) -> date | None:
    """``YYYY-MM-DD`` → date; empty → None (or `FieldError` when required)."""
    text = _normalize(raw)
    if not text:
        if required:
            raise FieldError("form_err_required")
        return None
    if not _ISO_DATE.fullmatch(text):
        raise FieldError("form_err_date_format")
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise FieldError("form_err_date_invalid") from None


def parse_count(raw: str, *, maximum: int = MAX_COUNT) -> int | None:
    """A whole number ≥ 0 (cards, linked apps, look-up counts); empty → None."""
    text = _normalize(raw).replace(",", "")
    if not text:
        return None
    if not text.isascii() or not text.isdigit():
        raise FieldError("form_err_count")
    value = int(text)
    if value > maximum:
        raise FieldError("form_err_too_large", max=maximum)
    return value


def parse_amount(raw: str) -> float | None:
    """Money in CNY, ≥ 0 with at most two decimals; ``¥``, ``元`` and ``,`` allowed."""
    text = _normalize(raw).replace(",", "").removeprefix("¥").removesuffix("元").strip()
    if not text:
        return None
    if not re.fullmatch(r"\d+(\.\d{1,2})?", text):
        raise FieldError("form_err_amount")
    try:
        value = Decimal(text)
    except InvalidOperation:  # pragma: no cover - the regex already rules this out
        raise FieldError("form_err_amount") from None
    if value > MAX_AMOUNT:
        raise FieldError("form_err_too_large", max=int(MAX_AMOUNT))
    return float(value)


def parse_freeze_days(raw: str) -> int:
    """Days between cancellation and re-issue; required, 0..3650."""
    value = parse_count(raw, maximum=MAX_FREEZE_DAYS)
    if value is None:
        raise FieldError("form_err_required")
    return value


def check_cancel_date(state: NumberState, cancel_date: date | None, today: date) -> None:
    """The cancel date must fit the number's state.

    - kept: no date needed (one that is given is ignored by the caller);
    - will cancel: a date is required and must not be before today;
    - cancelled: a date is required and must not be after today.
    """
    if state is NumberState.KEPT:
        return
    if cancel_date is None:
        raise FieldError("form_err_cancel_required")
    if state is NumberState.WILL_CANCEL and cancel_date < today:
        raise FieldError("form_err_cancel_past", today=today.isoformat())
    if state is NumberState.CANCELLED and cancel_date > today:
        raise FieldError("form_err_cancel_future", today=today.isoformat())
