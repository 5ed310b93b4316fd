"""Phone numbers: normalising to E.164 and masking for display. Pure, no I/O."""

from __future__ import annotations

import re
import unicodedata

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


_SEPARATORS = re.compile(r"[\s\-().\u00a0\u3000]+")
_CN_MOBILE = re.compile(r"1[3-9]\d{9}")
_E164 = re.compile(r"\+[1-9]\d{6,14}")


class PhoneNumberError(ValueError):
    """The text is not a phone number we can normalise; str(e) says why."""


def normalise_e164(raw: str) -> str:
    """Return the E.164 form of a mainland mobile (or other international) number.

    Accepts 13800001234, 138 0000 1234, +86 138-0000-1234, 008613800001234,
    8613800001234, full-width digits, and a leading apostrophe added by our own CSV
    export. Raises PhoneNumberError with a reason otherwise.
    """
    text = unicodedata.normalize("NFKC", str(raw)).strip()
    if text.startswith("'"):  # undo CSV neutralisation
        text = text[1:]
    digits = _SEPARATORS.sub("", text)
    if not digits:
        raise PhoneNumberError("the phone number is empty")
    if digits.startswith("00"):
        digits = "+" + digits[2:]
    if digits.startswith("+"):
        if not digits[1:].isdigit():
            raise PhoneNumberError(f"{raw!r} is not a phone number (only digits may follow +)")
        if digits.startswith("+86"):
            national = digits[3:]
            if not _CN_MOBILE.fullmatch(national):
                raise PhoneNumberError(
                    f"{raw!r} is not a mainland China mobile number "
                    "(11 digits starting 13–19 after +86)"
                )
            return "+86" + national
        if not _E164.fullmatch(digits):
            raise PhoneNumberError(f"{raw!r} is not a valid international number (E.164)")
        return digits
    if not digits.isdigit():
        raise PhoneNumberError(f"{raw!r} is not a phone number (it contains letters or symbols)")
    if len(digits) == 13 and digits.startswith("86") and _CN_MOBILE.fullmatch(digits[2:]):
        return "+" + digits
    if _CN_MOBILE.fullmatch(digits):
        return "+86" + digits
    raise PhoneNumberError(
        f"{raw!r} is not a mainland China mobile number (11 digits starting 13–19); "
        "write other countries' numbers with + and the country code"
    )
