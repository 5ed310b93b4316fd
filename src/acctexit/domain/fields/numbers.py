"""Numbers of things: counts, freeze periods, amounts of money and yes/no."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from typing import Any

from acctexit.domain.fields.bounds import MAX_AMOUNT, MAX_COUNT, MAX_FREEZE_DAYS, MIN_FREEZE_DAYS
from acctexit.domain.fields.errors import FieldError
from acctexit.domain.fields.freetext import _blank, _normalize
from acctexit.domain.models import DEFAULT_FREEZE_DAYS


def _whole(field: str, value: Any) -> int | None:
    """An int from an int, an integral float, or text (commas allowed); None if blank."""
    if _blank(value):
        return None
    if isinstance(value, bool):
        raise FieldError(field, "field_err_count")
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, int):
        return value
    if isinstance(value, str):
        raw = _normalize(value).replace(",", "")
        if re.fullmatch(r"-?[0-9]{1,15}", raw):
            return int(raw)
    raise FieldError(field, "field_err_count")


def count(value: Any, field: str = "count") -> int | None:
    """How many (cards, linked apps, accounts a look-up reported): 0..MAX_COUNT, or None."""
    n = _whole(field, value)
    if n is not None and not 0 <= n <= MAX_COUNT:
        raise FieldError(field, "field_err_count_range", max=MAX_COUNT)
    return n


def freeze_days(value: Any, field: str = "freeze_days") -> int:
    """Days from cancellation to re-issue: MIN..MAX_FREEZE_DAYS; blank → the default."""
    try:
        n = _whole(field, value)
    except FieldError:
        n = -1
    if n is None:
        return DEFAULT_FREEZE_DAYS
    if not MIN_FREEZE_DAYS <= n <= MAX_FREEZE_DAYS:
        raise FieldError(field, "field_err_freeze", min=MIN_FREEZE_DAYS, max=MAX_FREEZE_DAYS)
    return n


def balance(value: Any, field: str = "balance") -> float | None:
    """Money in CNY: 0..MAX_AMOUNT with at most two decimals; ``¥``, ``元`` and ``,``
    allowed in text. None if blank."""
    if _blank(value):
        return None
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise FieldError(field, "field_err_amount")
    raw = (
        _normalize(value).replace(",", "").removeprefix("¥").removesuffix("元").strip()
        if isinstance(value, str)
        else repr(value)
    )
    if not re.fullmatch(r"\d+(\.\d+)?", raw):
        raise FieldError(field, "field_err_amount")
    try:
        amount = Decimal(raw)
    except InvalidOperation:  # pragma: no cover - the pattern rules this out
        raise FieldError(field, "field_err_amount") from None
    if amount != amount.quantize(Decimal("0.01")):
        raise FieldError(field, "field_err_amount")
    if amount > MAX_AMOUNT:
        raise FieldError(field, "field_err_amount_range", max=int(MAX_AMOUNT))
    return float(amount)


_TRUE = frozenset({"true", "yes", "y", "1", "是", "有", "t"})
_FALSE = frozenset({"false", "no", "n", "0", "否", "无", "没有", "f"})


def yes_no(value: Any, field: str = "password_free") -> bool | None:
    """Yes/no in English or Chinese, or a bool; None if blank."""
    if _blank(value):
        return None
    if isinstance(value, bool):
        return value
    if isinstance(value, int) and value in (0, 1):
        return bool(value)
    if isinstance(value, str):
        lowered = _normalize(value).lower()
        if lowered in _TRUE:
            return True
        if lowered in _FALSE:
            return False
    raise FieldError(field, "field_err_yes_no")
