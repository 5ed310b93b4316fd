"""UI strings in Simplified Chinese and English, read from data/strings.toml.

Every `data/strings*.toml` is read (one file per UI area keeps edits apart);
a key defined twice is an error. `strings(lang)` returns a callable: `s("key", n=3)`
formats the string for that language, falling back to Chinese, then to the key
itself, so a missing string shows up in the UI instead of crashing it.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from typing import Any

from acctexit.domain.models import Lang
from acctexit.resources import data_root, read_toml

Translate = Callable[..., str]


@cache
def _table() -> dict[str, dict[str, str]]:
    table: dict[str, dict[str, str]] = {}
    root = data_root()
    files = sorted(
        (f for f in root.iterdir() if f.name.startswith("strings") and f.name.endswith(".toml")),
        key=lambda f: f.name,
    )
    for file in files:
        for key, value in read_toml(root, file.name, file.read_bytes()).items():
            if key in table:
                raise ValueError(f"UI string {key!r} is defined twice (second time in {file.name})")
            table[key] = value
    return table


def translate(key: str, lang: Lang, **fmt: Any) -> str:
    entry = _table().get(key)
    if entry is None:
        return key
    text = entry.get(lang) or entry.get("zh") or key
    return text.format(**fmt) if fmt else text


def strings(lang: Lang) -> Translate:
    def s(key: str, **fmt: Any) -> str:
        return translate(key, lang, **fmt)

    return s
