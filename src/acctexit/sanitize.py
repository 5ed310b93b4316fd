"""Make untrusted text (labels, notes, imported names) safe to show and store.

Control characters and bidi overrides are removed: they can rewrite the terminal
or disguise a label. Pure functions; the store applies them to everything it
writes, the UI to everything it renders.
"""

from __future__ import annotations

import re

# One set of unsafe characters for the way in and the way out: C0/C1 controls, DEL,
# bidi marks, zero-width and tag characters, lone surrogates (see domain.fields).
from acctexit.domain.fields import strip_unsafe, unsafe_pattern


def strip_controls(value: str, *, multiline: bool = False) -> str:
    """Drop control and bidi characters, keeping the layout: one-line text turns
    line breaks and tabs into spaces; multi-line text (notes) keeps \\n and \\t."""
    if multiline:
        value = value.replace("\r\n", "\n").replace("\r", "\n")
        return strip_unsafe(value)
    value = value.replace("\r\n", " ").replace("\n", " ").replace("\t", " ")
    return strip_unsafe(value)  # the one-line set is this one plus \t and \n


def clean_text(value: str, *, multiline: bool = False) -> str:
    """`strip_controls`, and one-line text loses surrounding blanks: for storing."""
    cleaned = strip_controls(value, multiline=multiline)
    return cleaned if multiline else cleaned.strip()


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return (
        f"\\x{code:02x}"
        if code < 0x100
        else f"\\u{code:04x}"
        if code < 0x10000
        else f"\\U{code:08x}"
    )


def terminal_safe(value: str) -> str:
    """Text for a terminal line that may hold anything (a file name, an error naming
    one): every unsafe character is shown as an escape such as `\\x1b`, so nothing can
    move the cursor, set the title or the clipboard, or reverse the line. Newlines and
    tabs stay."""
    return value if value.isprintable() else unsafe_pattern().sub(_escape, value)
