"""Cleaning text and phone numbers before they are stored.

Everything a user types or imports passes through here: control characters and bidi
overrides are removed (they can rewrite the terminal or disguise a label), and phone
numbers are normalised to E.164 so the same number is never listed twice.
"""

from __future__ import annotations

import re
import unicodedata

# C0 and C1 controls, DEL, and the bidi embedding/override/isolate marks plus the
# implicit marks (LRM, RLM, ALM) that can reorder how a label is displayed.
_BIDI = "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
_UNSAFE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f" + _BIDI + "]")
_UNSAFE_ONE_LINE = re.compile(r"[\x00-\x1f\x7f-\x9f" + _BIDI + "]")


def clean_text(value: str, *, multiline: bool = False) -> str:
    """Drop control and bidi characters. Multi-line text (notes) keeps \\n and \\t."""
    if multiline:
        value = value.replace("\r\n", "\n").replace("\r", "\n")
        return _UNSAFE.sub("", value)
    value = value.replace("\r\n", " ").replace("\n", " ").replace("\t", " ")
    return _UNSAFE_ONE_LINE.sub("", value).strip()


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
