"""FieldError: the one refusal every field rule raises, named by a strings key."""

from __future__ import annotations

from typing import Any


class FieldError(ValueError):
    """`field`'s value is refused. `key` names a text in data/strings*.toml, `args`
    fills it in. str() is a plain fallback; show it through acctexit.i18n."""

    def __init__(self, field: str, key: str, **args: Any) -> None:
        self.field = field
        self.key = key
        self.fmt = args  # (`args` is taken by BaseException)
        detail = ", ".join(f"{k}={v}" for k, v in sorted(args.items()))
        super().__init__(f"{field}: {key}" + (f" ({detail})" if detail else ""))
