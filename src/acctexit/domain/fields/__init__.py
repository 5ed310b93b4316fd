"""Every field rule, once: what a valid phone number, freeze period, date, amount,
count, label, state, carrier, platform id, step id and note is.

The forms, `import`, the CLI and the store all call these functions, so the same
value gets the same answer everywhere. Each rule takes the raw value (text typed
into a form, a CSV cell, a JSON value, or an already-parsed Python value) and returns
the clean value, or raises `FieldError(field, key, **args)`. `key` names a string in
`data/strings*.toml`; `acctexit.i18n.field_error_text` renders it in zh or en, so the
message is the same wherever it is shown. Pure: no I/O, no Textual, no SQLite.

The rules live in this package's modules, one kind of field each; every public name
is importable from `acctexit.domain.fields`.

>>> phone("138 0000 1234")
'+8613800001234'
>>> phone("+1 415 555 0123")
'+14155550123'
>>> a_date("2026年12月26日")
datetime.date(2026, 12, 26)
"""

from typing import Any

from acctexit.domain.fields.bounds import (
    EARLIEST_DATE,
    LABEL_MAX,
    LATEST_DATE,
    MAX_AMOUNT,
    MAX_COUNT,
    MAX_FREEZE_DAYS,
    MIN_FREEZE_DAYS,
    NOTE_MAX,
    OWN_NAME_MAX,
    OWN_STEP_DETAIL_MAX,
    OWN_STEP_TITLE_MAX,
    PLATFORM_ID_MAX,
    STEP_ID_MAX,
)
from acctexit.domain.fields.dates import a_date
from acctexit.domain.fields.errors import FieldError
from acctexit.domain.fields.freetext import (
    clean_free_text,
    has_unsafe,
    label,
    note,
    step_detail,
    strip_unsafe,
    text,
    unsafe_pattern,
)
from acctexit.domain.fields.ids import known_platform, platform_id, step_id
from acctexit.domain.fields.number_state import (
    CARRIERS,
    cancel_date_for,
    cancel_date_timing,
    carrier,
    state,
)
from acctexit.domain.fields.numbers import balance, count, freeze_days, yes_no
from acctexit.domain.fields.own_services import (
    OWN_SERVICE_FIELDS,
    category,
    holds_funds,
    own_name,
    own_service_fields,
    own_step_detail,
    own_step_title,
    phone_roles,
)
from acctexit.domain.fields.phones import phone
from acctexit.domain.fields.records import (
    ACCOUNT_DATES,
    ACCOUNT_FACTS,
    NUMBER_FIELDS,
    account_field,
    account_fields,
    number_field,
    number_fields,
)

__all__ = [
    "ACCOUNT_DATES",
    "ACCOUNT_FACTS",
    "CARRIERS",
    "EARLIEST_DATE",
    "LABEL_MAX",
    "LATEST_DATE",
    "MAX_AMOUNT",
    "MAX_COUNT",
    "MAX_FREEZE_DAYS",
    "MIN_FREEZE_DAYS",
    "NOTE_MAX",
    "NUMBER_FIELDS",
    "OWN_NAME_MAX",
    "OWN_SERVICE_FIELDS",
    "OWN_STEP_DETAIL_MAX",
    "OWN_STEP_TITLE_MAX",
    "PLATFORM_ID_MAX",
    "STEP_ID_MAX",
    "UNSAFE_MULTILINE",
    "FieldError",
    "a_date",
    "account_field",
    "account_fields",
    "balance",
    "cancel_date_for",
    "cancel_date_timing",
    "carrier",
    "category",
    "clean_free_text",
    "count",
    "freeze_days",
    "has_unsafe",
    "holds_funds",
    "known_platform",
    "label",
    "note",
    "number_field",
    "number_fields",
    "own_name",
    "own_service_fields",
    "own_step_detail",
    "own_step_title",
    "phone",
    "phone_roles",
    "platform_id",
    "state",
    "step_detail",
    "step_id",
    "strip_unsafe",
    "text",
    "unsafe_pattern",
    "yes_no",
]


def __getattr__(name: str) -> Any:
    # The compiled unsafe-character class is made on first use (freetext.unsafe_pattern).
    if name == "UNSAFE_MULTILINE":
        return unsafe_pattern()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
