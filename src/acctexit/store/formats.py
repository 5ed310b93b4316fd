"""The exchange file formats' shared facts: names, versions, columns, limits, and
the CSV cell guard against spreadsheet formulas (and its exact undoing)."""

from __future__ import annotations

from datetime import date
from typing import Any

from acctexit.domain.fields import ACCOUNT_FACTS

FORMAT_NAME = "acctexit-tui"
FORMAT_VERSION = 1
MAX_IMPORT_BYTES = 20 * 1024 * 1024
NUMBER_FIELDS = (
    "label",
    "carrier",
    "state",
    "cancel_date",
    "freeze_days",
    "yzt_count",
    "cards_reported",
)
CSV_COLUMNS = (
    "record",
    "account",
    "number",
    "platform",
    *dict.fromkeys((*NUMBER_FIELDS, *ACCOUNT_FACTS)),
    "name",
    "category",
    "phone_use",
    "holds_funds",
    "step",
    "status",
    "at",
    "text",
    "log_id",
    "verb",
    "hash",
    "detail",  # an own step's detail (record own_step: step = its id, text = its title)
)
CSV_RISKY = "=+-@\t\r"


def _iso(value: Any) -> Any:
    return value.isoformat() if isinstance(value, date) else value


def neutralise(value: Any) -> str:
    """Stop spreadsheets running a cell as a formula; import undoes it exactly."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    text = str(_iso(value))
    if text and (text[0] in CSV_RISKY or (text[0] == "'" and text[1:2] in (*CSV_RISKY, "'"))):
        return "'" + text
    return text


def restore(text: str) -> str:
    if len(text) > 1 and text[0] == "'" and text[1] in (*CSV_RISKY, "'"):
        return text[1:]
    return text
