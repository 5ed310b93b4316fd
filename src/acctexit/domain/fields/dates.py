"""The date rule: the written forms of a calendar day users type or import."""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Any

from acctexit.domain.fields.bounds import EARLIEST_DATE, LATEST_DATE
from acctexit.domain.fields.errors import FieldError
from acctexit.domain.fields.freetext import _blank, _normalize

# Tried in this order; each compiled (and cached by `re`) when first tried: a start
# with --today compiles only the first (all four cost ≈ 2 M instructions).
_DATE_FORMS = (
    r"(\d{4})-(\d{1,2})-(\d{1,2})",
    r"(\d{4})/(\d{1,2})/(\d{1,2})",
    r"(\d{4})年(\d{1,2})月(\d{1,2})日?",
    r"(\d{4})(\d{2})(\d{2})",
)


def a_date(value: Any, field: str = "date") -> date | None:
    """2026-12-26, 2026/12/26, 2026年12月26日 or 20261226 → a real calendar day
    between EARLIEST_DATE and LATEST_DATE; None if blank."""
    if _blank(value):
        return None
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, date):
        parsed = value
    elif isinstance(value, str):
        raw = re.sub(r"\s+", "", _normalize(value))
        match = next((m for form in _DATE_FORMS if (m := re.fullmatch(form, raw))), None)
        if match is None:
            raise FieldError(field, "field_err_date_format")
        try:
            parsed = date(*(int(part) for part in match.groups()))
        except ValueError:
            raise FieldError(field, "field_err_date_invalid") from None
    else:
        raise FieldError(field, "field_err_date_format")
    if not EARLIEST_DATE <= parsed <= LATEST_DATE:
        raise FieldError(
            field, "field_err_date_range", min=EARLIEST_DATE.year, max=LATEST_DATE.year
        )
    return parsed
