"""Make untrusted text (labels, notes, imported names) safe to show and store.

Control characters and bidi overrides are removed: they can rewrite the terminal
or disguise a label. Pure functions; the store applies them to everything it
writes, the UI to everything it renders.
"""

from __future__ import annotations

import re

# C0 and C1 controls, DEL, and the bidi embedding/override/isolate marks plus the
# implicit marks (LRM, RLM, ALM) that can reorder how a label is displayed.
_BIDI = "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
_UNSAFE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f" + _BIDI + "]")
_UNSAFE_ONE_LINE = re.compile(r"[\x00-\x1f\x7f-\x9f" + _BIDI + "]")


def strip_controls(value: str, *, multiline: bool = False) -> str:
    """Drop control and bidi characters, keeping the layout: one-line text turns
    line breaks and tabs into spaces; multi-line text (notes) keeps \\n and \\t."""
    if multiline:
        value = value.replace("\r\n", "\n").replace("\r", "\n")
        return _UNSAFE.sub("", value)
    value = value.replace("\r\n", " ").replace("\n", " ").replace("\t", " ")
    return _UNSAFE_ONE_LINE.sub("", value)


def clean_text(value: str, *, multiline: bool = False) -> str:
    """`strip_controls`, and one-line text loses surrounding blanks: for storing."""
    cleaned = strip_controls(value, multiline=multiline)
    return cleaned if multiline else cleaned.strip()
