"""The phone number rule: mainland mobiles and international numbers to E.164."""

from __future__ import annotations

import re
from typing import Any

from acctexit.domain.fields.errors import FieldError
from acctexit.domain.fields.freetext import _normalize

# Compiled (and cached by `re`) on first use: a start never checks a phone number, and
# compiling the three cost ≈ 1 M instructions of every start.
_SEPARATORS = r"[\s\-().\u00a0\u3000]+"
_CN_MOBILE = r"1[3-9]\d{9}"  # no mobile range starts 10, 11 or 12
_E164 = r"\+[1-9]\d{6,14}"


def phone(value: Any, field: str = "e164") -> str:
    """A mainland mobile (13800001234, +86 138-0000-1234, 008613800001234,
    8613800001234) or an international number in E.164 (+1 415 555 0123, +44…,
    0044…) → E.164. A leading apostrophe (added by our CSV export) is ignored."""
    if isinstance(value, bool) or not isinstance(value, str | int):
        raise FieldError(field, "field_err_required" if value is None else "field_err_phone")
    digits = re.sub(_SEPARATORS, "", _normalize(value).removeprefix("'"))
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
            if not re.fullmatch(_CN_MOBILE, body[2:]):
                raise FieldError(field, "field_err_phone_cn")
            return digits
        if not re.fullmatch(_E164, digits):
            raise FieldError(field, "field_err_phone_intl")
        return digits
    if len(body) == 13 and body.startswith("86") and re.fullmatch(_CN_MOBILE, body[2:]):
        return "+" + body
    if re.fullmatch(_CN_MOBILE, body):
        return "+86" + body
    raise FieldError(field, "field_err_phone")
