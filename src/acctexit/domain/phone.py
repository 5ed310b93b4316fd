"""Phone numbers: masking for display (the validity rule is domain.fields.phone). Pure."""

from __future__ import annotations

from acctexit.domain.fields import FieldError, phone

CN_PREFIX = "+86"
MASK = "****"


def mask_number(e164: str) -> str:
    """Hide the middle of a number, the way Chinese apps show it.

    "+8613812341234" -> "138****1234"; other countries keep their "+":
    "+14155550123" -> "+141****0123". Short or odd inputs keep at most their
    last two digits visible, so nothing longer than a fragment ever leaks.
    """
    raw = e164.strip()
    plus = raw.startswith("+")
    digits = "".join(ch for ch in raw if ch.isdigit())
    if plus and digits.startswith("86") and len(digits) == 13:
        national, lead = digits[2:], ""
    else:
        national, lead = digits, "+" if plus else ""
    if len(national) >= 8:
        return f"{lead}{national[:3]}{MASK}{national[-4:]}"
    if len(national) >= 3:
        return f"{lead}{MASK}{national[-2:]}"
    return MASK


# The rule for what a phone number is lives in acctexit.domain.fields (`phone`);
# these names stay for callers that only normalise.
PhoneNumberError = FieldError


def normalise_e164(raw: str) -> str:
    """The E.164 form of a mainland mobile or an international number; see
    `acctexit.domain.fields.phone`. Raises `FieldError` (`PhoneNumberError`)."""
    return phone(raw)
