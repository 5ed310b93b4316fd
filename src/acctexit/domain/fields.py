"""Every field rule, once: what a valid phone number, freeze period, date, amount,
count, label, state, carrier, platform id, step id and note is.

The forms, `import`, the CLI and the store all call these functions, so the same
value gets the same answer everywhere. Each rule takes the raw value (text typed
into a form, a CSV cell, a JSON value, or an already-parsed Python value) and returns
the clean value, or raises `FieldError(field, key, **args)`. `key` names a string in
`data/strings*.toml`; `acctexit.i18n.field_error_text` renders it in zh or en, so the
message is the same wherever it is shown. Pure: no I/O, no Textual, no SQLite.

>>> phone("138 0000 1234")
'+8613800001234'
>>> phone("+1 415 555 0123")
'+14155550123'
>>> a_date("2026年12月26日")
datetime.date(2026, 12, 26)
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Collection
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from acctexit.domain.models import DEFAULT_FREEZE_DAYS, Category, NumberState, PhoneRole

# --- bounds: one per field ---------------------------------------------------------

MIN_FREEZE_DAYS = 1
MAX_FREEZE_DAYS = 3650  # ten years: a cancel date plus this stays inside `date`
# Dates the plan can add day counts to without leaving the calendar.
EARLIEST_DATE = date(1900, 1, 1)
LATEST_DATE = date(2200, 12, 31)
MAX_COUNT = 100_000
MAX_AMOUNT = Decimal("1000000000")
LABEL_MAX = 80  # labels and login hints
OWN_NAME_MAX = 80  # an own service's name
NOTE_MAX = 4000  # notes and step details
PLATFORM_ID_MAX = 64
STEP_ID_MAX = 100
CARRIERS: tuple[str, ...] = ("china-mobile", "china-unicom", "china-telecom", "other")
# Other spellings a CSV written by hand may use.
_CARRIER_ALIASES = {
    "中国移动": "china-mobile",
    "移动": "china-mobile",
    "cmcc": "china-mobile",
    "中国联通": "china-unicom",
    "联通": "china-unicom",
    "中国电信": "china-telecom",
    "电信": "china-telecom",
    "其他": "other",
}


class FieldError(ValueError):
    """`field`'s value is refused. `key` names a text in data/strings*.toml, `args`
    fills it in. str() is a plain fallback; show it through acctexit.i18n."""

    def __init__(self, field: str, key: str, **args: Any) -> None:
        self.field = field
        self.key = key
        self.fmt = args  # (`args` is taken by BaseException)
        detail = ", ".join(f"{k}={v}" for k, v in sorted(args.items()))
        super().__init__(f"{field}: {key}" + (f" ({detail})" if detail else ""))


# --- free text ---------------------------------------------------------------------

# C0 and C1 controls and DEL; bidi embeddings, overrides, isolates and marks (they
# reorder how a label is displayed); zero-width characters and the tag block (they
# make two different labels look identical); lone surrogates (not valid Unicode,
# SQLite cannot store them). ZWJ/ZWNJ stay: emoji sequences and some scripts need them.
_INVISIBLE = (
    "\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"  # bidi
    "\u200b\u2060\ufeff\u180e"  # zero-width space, word joiner, BOM, Mongolian separator
    "\U000e0000-\U000e007f"  # tags
    "\ud800-\udfff"  # lone surrogates
)
UNSAFE_MULTILINE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f" + _INVISIBLE + "]")
# One-line text refuses or replaces \t and \n first and then uses this same set: a
# second compiled class with surrogates and tags cost ≈ 5 M instructions, 0.4 % of the
# dashboard's start (benchmarks/analysis.md).


def clean_free_text(value: str, *, multiline: bool = False) -> str:
    """Drop what must never be stored or shown; one-line text turns line breaks and
    tabs into spaces and loses surrounding blanks, notes keep \\n and \\t."""
    if multiline:
        value = value.replace("\r\n", "\n").replace("\r", "\n")
        return UNSAFE_MULTILINE.sub("", value)
    value = value.replace("\r\n", " ").replace("\n", " ").replace("\t", " ")
    return UNSAFE_MULTILINE.sub("", value).strip()  # \t and \n are gone already


def text(field: str, value: Any, *, max_len: int = LABEL_MAX, multiline: bool = False) -> str:
    """The one rule for free text on the way in: cleaned, then at most `max_len`
    characters (longer is refused, never cut). None and "" give ""."""
    if value is None:
        return ""
    if not isinstance(value, str):
        raise FieldError(field, "field_err_text")
    cleaned = clean_free_text(value, multiline=multiline)
    if multiline:
        cleaned = cleaned.strip()
    if len(cleaned) > max_len:
        raise FieldError(field, "field_err_too_long", max=max_len, length=len(cleaned))
    return cleaned


def label(value: Any, field: str = "label") -> str:
    """A label or login hint: optional (empty is fine), at most LABEL_MAX characters."""
    return text(field, value, max_len=LABEL_MAX)


def note(value: Any, field: str = "note") -> str:
    """A note: several lines allowed, at most NOTE_MAX characters, never empty."""
    body = text(field, value, max_len=NOTE_MAX, multiline=True)
    if not body:
        raise FieldError(field, "field_err_note_empty")
    return body


def step_detail(value: Any, field: str = "detail") -> str:
    """The optional text recorded with a step."""
    return text(field, value, max_len=NOTE_MAX, multiline=True)


def _normalize(value: Any) -> str:
    # NFKC turns full-width digits, ＋ and ／ (typed with a Chinese IME) into ASCII.
    return unicodedata.normalize("NFKC", clean_free_text(str(value)))


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not _normalize(value))


# --- phone numbers -----------------------------------------------------------------

_SEPARATORS = re.compile(r"[\s\-().\u00a0\u3000]+")
_CN_MOBILE = re.compile(r"1[3-9]\d{9}")  # no mobile range starts 10, 11 or 12
_E164 = re.compile(r"\+[1-9]\d{6,14}")


def phone(value: Any, field: str = "e164") -> str:
    """A mainland mobile (13800001234, +86 138-0000-1234, 008613800001234,
    8613800001234) or an international number in E.164 (+1 415 555 0123, +44…,
    0044…) → E.164. A leading apostrophe (added by our CSV export) is ignored."""
    if isinstance(value, bool) or not isinstance(value, str | int):
        raise FieldError(field, "field_err_required" if value is None else "field_err_phone")
    digits = _SEPARATORS.sub("", _normalize(value).removeprefix("'"))
    if not digits:
        raise FieldError(field, "field_err_required")
    if digits.startswith("00"):
        digits = "+" + digits[2:]
    plus = digits.startswith("+")
    body = digits[1:] if plus else digits
    if not body.isascii() or not body.isdigit():
        raise FieldError(field, "field_err_phone_chars")
    if plus:
        if body.startswith("86"):
            if not _CN_MOBILE.fullmatch(body[2:]):
                raise FieldError(field, "field_err_phone_cn")
            return digits
        if not _E164.fullmatch(digits):
            raise FieldError(field, "field_err_phone_intl")
        return digits
    if len(body) == 13 and body.startswith("86") and _CN_MOBILE.fullmatch(body[2:]):
        return "+" + body
    if _CN_MOBILE.fullmatch(body):
        return "+86" + body
    raise FieldError(field, "field_err_phone")


# --- numbers of things -------------------------------------------------------------


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


# --- dates -------------------------------------------------------------------------

_DATE_FORMS = (
    re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})"),
    re.compile(r"(\d{4})/(\d{1,2})/(\d{1,2})"),
    re.compile(r"(\d{4})年(\d{1,2})月(\d{1,2})日?"),
    re.compile(r"(\d{4})(\d{2})(\d{2})"),
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
        match = next((m for form in _DATE_FORMS if (m := form.fullmatch(raw))), None)
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


# --- a number's state ----------------------------------------------------------------


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


# --- identifiers -------------------------------------------------------------------


def platform_id(value: Any, field: str = "platform") -> str:
    """A catalog platform id: lower-case letters, digits, "-", "_" and "."; or an own
    service's, "own:<id>"."""
    if not isinstance(value, str):
        raise FieldError(field, "field_err_platform")
    raw = clean_free_text(value).lower()
    own = raw.removeprefix("own:")
    if own != raw:
        if own.isascii() and own.isdigit() and len(own) <= 18 and int(own) > 0:
            return f"own:{int(own)}"
        raise FieldError(field, "field_err_platform")
    if (
        not raw
        or len(raw) > PLATFORM_ID_MAX
        or not raw.isascii()
        or not all(c.isalnum() or c in "-_." for c in raw)
    ):
        raise FieldError(field, "field_err_platform")
    return raw


def known_platform(value: Any, known: Collection[str], field: str = "platform") -> str:
    """A platform id the catalog lists. An unknown one is refused with the nearest
    ids (never taken as an own service: that takes an empty id plus a name)."""
    raw = platform_id(value, field)
    if raw in known:
        return raw
    import difflib  # only on a refusal

    near = difflib.get_close_matches(raw, sorted(known), n=3, cutoff=0.6)
    if near:
        raise FieldError(
            field, "field_err_unknown_platform_near", platform=raw, ids=", ".join(near)
        )
    raise FieldError(field, "field_err_unknown_platform", platform=raw)


def step_id(value: Any, field: str = "step") -> str:
    """A step id from the catalog (any short one-line text)."""
    raw = clean_free_text(value) if isinstance(value, str) else ""
    if not raw or len(raw) > STEP_ID_MAX:
        raise FieldError(field, "field_err_step")
    return raw


# --- own services ----------------------------------------------------------------

_CATEGORY_ALIASES = {
    "金融": "finance",
    "银行": "finance",
    "证券": "finance",
    "社交": "social",
    "购物": "commerce",
    "电商": "commerce",
    "生活": "life",
    "政务": "government",
    "政府": "government",
    "其他": "other",
}
_ROLE_ALIASES = {"second-factor": "second_factor", "2fa": "second_factor"}


def own_name(value: Any, field: str = "name") -> str:
    """An own service's name: 1..OWN_NAME_MAX characters, one line, and no control
    or invisible characters (refused, not stripped: a name is how the user finds it)."""
    if value is None:
        raise FieldError(field, "field_err_required")
    if not isinstance(value, str):
        raise FieldError(field, "field_err_text")
    if UNSAFE_MULTILINE.search(value) or "\t" in value or "\n" in value:
        raise FieldError(field, "field_err_control")
    name = value.strip()
    if not name:
        raise FieldError(field, "field_err_required")
    if len(name) > OWN_NAME_MAX:
        raise FieldError(field, "field_err_too_long", max=OWN_NAME_MAX, length=len(name))
    return name


def category(value: Any, field: str = "category") -> Category:
    """finance, social, commerce, life, government or other (Chinese names too)."""
    if isinstance(value, Category):
        return value
    if _blank(value):
        raise FieldError(field, "field_err_required")
    if isinstance(value, str):
        raw = _normalize(value).lower()
        try:
            return Category(_CATEGORY_ALIASES.get(raw, raw))
        except ValueError:
            pass
    raise FieldError(field, "field_err_category")


def phone_roles(value: Any, field: str = "phone_use") -> tuple[PhoneRole, ...]:
    """What the number does there: any of login, reset, second_factor, contact, as
    text separated by ";" (or ",") or a list; in that order, each once."""
    if _blank(value):
        return ()
    if isinstance(value, str):
        parts = [p for p in re.split(r"[;,；，]", _normalize(value)) if p.strip()]
    elif isinstance(value, list | tuple | set | frozenset):
        parts = [p if isinstance(p, str) else "" for p in value]
    else:
        raise FieldError(field, "field_err_phone_role", role=str(value))
    found: set[PhoneRole] = set()
    for part in parts:
        raw = _normalize(part).strip().lower().replace(" ", "_")
        try:
            found.add(PhoneRole(_ROLE_ALIASES.get(raw, raw)))
        except ValueError:
            raise FieldError(field, "field_err_phone_role", role=raw[:40]) from None
    return tuple(r for r in PhoneRole if r in found)


def holds_funds(value: Any, field: str = "holds_funds") -> bool:
    """Whether it holds money or cards: yes/no; blank is no."""
    return bool(yes_no(value, field))


OWN_SERVICE_FIELDS = ("name", "category", "phone_use", "holds_funds")


def own_service_fields(values: dict[str, Any]) -> dict[str, Any]:
    """Each given own-service field through its rule; the first refusal raises."""
    rules = {
        "name": own_name,
        "category": category,
        "phone_use": phone_roles,
        "holds_funds": holds_funds,
    }
    out: dict[str, Any] = {}
    for name, value in values.items():
        rule = rules.get(name)
        if rule is None:
            raise FieldError(name, "field_err_unknown")
        out[name] = rule(value, name)
    return out


# --- whole records -------------------------------------------------------------------

NUMBER_FIELDS = (
    "e164",
    "label",
    "carrier",
    "state",
    "cancel_date",
    "freeze_days",
    "yzt_count",
    "cards_reported",
)
ACCOUNT_FACTS = (
    "label",
    "login_hint",
    "balance",
    "bank_cards",
    "password_free",
    "linked_apps",
    "sign_in_via",
    "last_order",
    "orders_closed",
    "last_sensitive_change",
    "last_used",
)
ACCOUNT_DATES = frozenset({"last_order", "orders_closed", "last_sensitive_change", "last_used"})


def number_field(name: str, value: Any) -> Any:
    """One number field's rule (without the state/cancel-date pairing: see
    `cancel_date_for`, applied to the whole record)."""
    if name == "e164":
        return phone(value, name)
    if name == "label":
        return label(value, name)
    if name == "carrier":
        return carrier(value, name)
    if name == "state":
        return state(value, name)
    if name == "cancel_date":
        return a_date(value, name)
    if name == "freeze_days":
        return freeze_days(value, name)
    if name in ("yzt_count", "cards_reported"):
        return count(value, name)
    raise FieldError(name, "field_err_unknown")


def account_field(name: str, value: Any) -> Any:
    """One account field's rule."""
    if name in ("label", "login_hint"):
        return label(value, name)
    if name == "balance":
        return balance(value, name)
    if name in ("bank_cards", "linked_apps"):
        return count(value, name)
    if name == "password_free":
        return yes_no(value, name)
    if name == "sign_in_via":
        return None if _blank(value) else platform_id(value, name)
    if name in ACCOUNT_DATES:
        return a_date(value, name)
    raise FieldError(name, "field_err_unknown")


def number_fields(values: dict[str, Any]) -> dict[str, Any]:
    """Each given number field through its rule; the first refusal raises."""
    return {name: number_field(name, value) for name, value in values.items()}


def account_fields(values: dict[str, Any]) -> dict[str, Any]:
    """Each given account field through its rule; the first refusal raises."""
    return {name: account_field(name, value) for name, value in values.items()}
