"""A number's state, the cancel date that goes with it, and its carrier."""

from __future__ import annotations

from datetime import date
from typing import Any

from acctexit.domain.fields.errors import FieldError
from acctexit.domain.fields.freetext import _blank, _normalize
from acctexit.domain.models import NumberState

# China Broadnet (中国广电, numbers from 192) is the fourth licensed mobile carrier
# (catalog audit C6).
CARRIERS: tuple[str, ...] = (
    "china-mobile",
    "china-unicom",
    "china-telecom",
    "china-broadnet",
    "other",
)
# Other spellings a CSV written by hand may use.
_CARRIER_ALIASES = {
    "中国移动": "china-mobile",
    "移动": "china-mobile",
    "cmcc": "china-mobile",
    "中国联通": "china-unicom",
    "联通": "china-unicom",
    "中国电信": "china-telecom",
    "电信": "china-telecom",
    "中国广电": "china-broadnet",
    "广电": "china-broadnet",
    "cbn": "china-broadnet",
    "其他": "other",
}


def state(value: Any, field: str = "state") -> NumberState:
    """kept, will_cancel (or will-cancel) or cancelled; blank means kept."""
    if _blank(value):
        return NumberState.KEPT
    if isinstance(value, NumberState):
        return value
    if isinstance(value, str):
        raw = _normalize(value).lower().replace("-", "_").replace(" ", "_")
        try:
            return NumberState(raw)
        except ValueError:
            pass
    raise FieldError(field, "field_err_state")


def cancel_date_for(number_state: NumberState, cancel: date | None) -> date | None:
    """The cancel date a number in `number_state` keeps: a number that will be or was
    cancelled needs one; a kept number has none (a date given with it is dropped)."""
    if number_state is NumberState.KEPT:
        return None
    if cancel is None:
        raise FieldError("cancel_date", "field_err_cancel_required")
    return cancel


def cancel_date_timing(number_state: NumberState, cancel: date | None, today: date) -> None:
    """Advice for a date typed today: "will cancel" not in the past, "cancelled" not in
    the future. Only the forms apply it: a backup re-imported later must not fail
    because time has passed since it was written."""
    if cancel is None:
        return
    if number_state is NumberState.WILL_CANCEL and cancel < today:
        raise FieldError("cancel_date", "field_err_cancel_past", today=today.isoformat())
    if number_state is NumberState.CANCELLED and cancel > today:
        raise FieldError("cancel_date", "field_err_cancel_future", today=today.isoformat())


def carrier(value: Any, field: str = "carrier") -> str | None:
    """One of CARRIERS (Chinese names and "cmcc" are understood); None if blank."""
    if _blank(value):
        return None
    if isinstance(value, str):
        raw = _normalize(value).lower().replace("_", "-").replace(" ", "-")
        found = raw if raw in CARRIERS else _CARRIER_ALIASES.get(raw)
        if found is not None:
            return found
    raise FieldError(field, "field_err_carrier")
