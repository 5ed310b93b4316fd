"""What the domain has to say, as data: `Msg` (a key of data/strings*.toml and its
arguments), `Listed` (items said one after another) and `Clause` (a sentence said as
part of another).

The domain is pure, so it never reads the string tables: the risk engine and the plan
return these values, and the layer that shows them (the TUI, the CLI, the report) says
them in the user's language through `acctexit.i18n.say`. An argument may be plain data
(a number, a date, the user's own words), a catalog `Text`, or another `Msg`,
`Listed` or `Clause`, said in the same language.
"""

from __future__ import annotations

from typing import Any

from msgspec import Struct


class Msg(Struct, frozen=True, gc=False):
    """The string `key` formatted with `args` ((name, value) pairs, in a tuple so that
    a message compares and hashes by value). Make one with `msg(key, name=value)`.
    gc=False: a message only points down at the values it was made from."""

    key: str
    args: tuple[tuple[str, Any], ...] = ()


def msg(key: str, /, **args: Any) -> Msg:
    return Msg(key, tuple(args.items()))


class Listed(Struct, frozen=True, gc=False):
    """`items` said one after another, joined by the string `sep` (a key: names are
    joined by "、" in Chinese and ", " in English); `more` ends the list with the
    string `list_more` ("…"): there were more than were named."""

    items: tuple[Any, ...]
    sep: str = "list_sep"
    more: bool = False


class Clause(Struct, frozen=True, gc=False):
    """`text` said as a clause of a longer message: without its final full stop or
    semicolon, as the message goes on after it (a catalog sentence such as
    "需要先结清余额。" in "需要先结清余额：请填写…")."""

    text: Any
