"""The global options (`--db`, `--demo`, `--lang`, `--today`): each value's rule, once,
and the app's own command line read without argparse.

Opening the app is the one command line read on every start, and argparse costs
≈ 3 ms of it (its import, ≈ 2.3 ms, and its first parse): 2 % of the demo's first
paint. `quick_options` reads the plain forms of these four options only and leaves
everything else to the full parser (acctexit.commands.parser): a command, help,
`--version`, an abbreviation, a value that begins with "-", and any value these rules
refuse, so that the refusal is argparse's, worded as always. What it does read, the
full parser reads the same (tests/unit/test_cli.py drives both with generated
command lines).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from types import SimpleNamespace
from typing import Any

LANGS = ("zh", "en")


class OptionValueError(ValueError):
    """A global option's value its rule refuses; `key` and `fmt` word it
    (data/strings_cli.toml, or a field rule's message)."""

    def __init__(self, key: str, **fmt: Any) -> None:
        super().__init__(key)
        self.key = key
        self.fmt = fmt


def today_value(text: str) -> date:
    """--today: the date rule every field uses (acctexit.domain.fields.a_date)."""
    from acctexit.domain.fields import FieldError, a_date

    try:
        value = a_date(text, "today")
    except FieldError as e:
        raise OptionValueError("cli_bad_value", value=text, error=e) from None
    if value is None:
        raise OptionValueError("cli_today_needs_date")
    return value


def db_value(text: str) -> str:
    """--db: an empty path (--db "") is a mistake, not a request for the default file."""
    if not text.strip():
        raise OptionValueError("store_err_db_empty")
    return text


def lang_value(text: str) -> str:
    """--lang: one of LANGS (the full parser says so by its `choices`)."""
    if text not in LANGS:
        raise ValueError(text)
    return text


# option → (its attribute, the rule for its value); `--demo` takes none.
VALUES: dict[str, tuple[str, Callable[[str], object]]] = {
    "--db": ("db", db_value),
    "--lang": ("lang", lang_value),
    "--today": ("today", today_value),
}
FLAGS = {"--demo": "demo"}


def quick_options(args: Sequence[str]) -> SimpleNamespace | None:
    """The options of opening the app (no command), as the full parser would give them;
    None for any command line that needs the full parser."""
    found: dict[str, object] = {"db": None, "demo": False, "lang": None, "today": None}
    i = 0
    while i < len(args):
        arg = args[i]
        if arg in FLAGS:
            found[FLAGS[arg]] = True
            i += 1
            continue
        name, eq, value = arg.partition("=")
        if name not in VALUES:
            return None
        if not eq:
            if i + 1 == len(args) or args[i + 1].startswith("-"):
                return None  # argparse's refusal, or its reading of "-1" as a value
            value = args[i + 1]
        i += 1 if eq else 2
        dest, rule = VALUES[name]
        try:
            found[dest] = rule(value)
        except ValueError:  # OptionValueError among them: the full parser words it
            return None
    return SimpleNamespace(**found, command=None)
