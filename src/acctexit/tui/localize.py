"""Per-language subclasses carrying the bindings of one command scope.

Textual reads BINDINGS from the class, so a live language switch needs a class
whose bindings speak that language. `localized(AccountList, Scope.ACCOUNTS, "en")`
returns (and caches) such a subclass; CSS type selectors still match the base.
"""

from __future__ import annotations

from functools import cache
from typing import TypeVar

from textual.dom import DOMNode

from acctexit.domain.models import Lang
from acctexit.tui.commands import Scope, bindings_for

N = TypeVar("N", bound=DOMNode)


@cache
def _subclass(cls: type[DOMNode], scopes: tuple[Scope, ...], lang: Lang) -> type[DOMNode]:
    bindings = [b for scope in scopes for b in bindings_for(scope, lang)]
    return type(cls.__name__, (cls,), {"BINDINGS": bindings})


def localized(cls: type[N], scopes: Scope | tuple[Scope, ...], lang: Lang) -> type[N]:
    if isinstance(scopes, Scope):
        scopes = (scopes,)
    return _subclass(cls, scopes, lang)  # type: ignore[return-value]
