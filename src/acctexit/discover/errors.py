"""The one error the discover readers raise: a file that cannot be read, and why.

The reason is a UI-string key (`discover_err_*`, in the `# discover` block of
data/strings.toml) with its values, so the command line and the screens show it in the
user's language; `str()` gives the key and values, for logs and tests. The file
name is escaped: control and bidi characters in it are written as \\xNN / \\uNNNN,
never passed to a terminal.
"""

from __future__ import annotations

import unicodedata
from pathlib import Path
from typing import Any


def escape_name(path: Path | str) -> str:
    """The file name for a one-line message: control, format and line-separator
    characters shown as escapes, so a name cannot move the cursor or reorder text."""
    out: list[str] = []
    for ch in str(path):
        if ch == "\\":
            out.append("\\\\")
        elif unicodedata.category(ch) in ("Cc", "Cf", "Zl", "Zp", "Cs"):
            code = ord(ch)
            out.append(f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}")
        else:
            out.append(ch)
    return "".join(out)


class DiscoverFileError(Exception):
    """A file given to discover is missing, unreadable, unsafe or not a known format."""

    def __init__(self, path: Path | str, key: str, **values: Any) -> None:
        self.path = Path(path)
        self.key = key
        self.values = values
        super().__init__(f"{escape_name(path)}: {key} {values}" if values else key)

    @property
    def name(self) -> str:
        return escape_name(self.path)
