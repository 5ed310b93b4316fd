"""Make untrusted text (labels, notes, imported names) safe to show and store.

Removes C0/C1 control characters (except tab and newline where allowed) and the
Unicode bidi embedding/override/isolate controls that can disguise text.
Pure functions; the store uses them on import, the UI on render.
"""

from __future__ import annotations

import re

_BIDI = "\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"
_CONTROL_SINGLE_LINE = re.compile(f"[\x00-\x1f\x7f-\x9f{_BIDI}]")
_CONTROL_MULTI_LINE = re.compile(f"[\x00-\x09\x0b-\x1f\x7f-\x9f{_BIDI}]")


def clean_text(value: str, *, multiline: bool = False) -> str:
    """Strip control and bidi characters; tabs become spaces."""
    value = value.replace("\t", " ")
    pattern = _CONTROL_MULTI_LINE if multiline else _CONTROL_SINGLE_LINE
    return pattern.sub("", value)
