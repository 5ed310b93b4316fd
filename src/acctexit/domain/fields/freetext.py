"""Free text: control and invisible characters, labels, notes and step details."""

from __future__ import annotations

import re
import unicodedata
from functools import cache
from typing import Any

from acctexit.domain.fields.bounds import LABEL_MAX, NOTE_MAX
from acctexit.domain.fields.errors import FieldError

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
_UNSAFE_CLASS = "[\x00-\x08\x0b-\x1f\x7f-\x9f" + _INVISIBLE + "]"
# One-line text refuses or replaces \t and \n first and then uses this same set: a
# second compiled class with surrogates and tags cost ≈ 5 M instructions, 0.4 % of the
# dashboard's start (benchmarks/analysis.md).


@cache
def unsafe_pattern() -> re.Pattern[str]:
    """The unsafe characters above (\\t and \\n allowed), compiled on first use: `re`
    takes ≈ 3 M instructions to compile the class, and text without them (almost all
    of it) never needs it (see `strip_unsafe`)."""
    return re.compile(_UNSAFE_CLASS)


def strip_unsafe(value: str) -> str:
    """`value` without the unsafe characters (\\t and \\n stay).

    Every one of them is a control, format, surrogate or unassigned character, so
    text that `str.isprintable()` passes has none and is returned as it is, without
    the regular expression (a test holds the class to that)."""
    return value if value.isprintable() else unsafe_pattern().sub("", value)


def has_unsafe(value: str) -> bool:
    """Whether `value` holds an unsafe character (\\t and \\n are not)."""
    return not value.isprintable() and unsafe_pattern().search(value) is not None


def __getattr__(name: str) -> Any:
    # `UNSAFE_MULTILINE`, the compiled class, for code written before it went lazy.
    if name == "UNSAFE_MULTILINE":
        return unsafe_pattern()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def clean_free_text(value: str, *, multiline: bool = False) -> str:
    """Drop what must never be stored or shown; one-line text turns line breaks and
    tabs into spaces and loses surrounding blanks, notes keep \\n and \\t."""
    if multiline:
        value = value.replace("\r\n", "\n").replace("\r", "\n")
        return strip_unsafe(value)
    value = value.replace("\r\n", " ").replace("\n", " ").replace("\t", " ")
    return strip_unsafe(value).strip()  # \t and \n are gone already


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
