"""What the parts of the dashboard share: the screen's state and the methods they call
across parts.

`DashboardScreen` (screen.py) is assembled from one class per job (filtering.py,
flow_keys.py, panes.py, prompts.py, ticks.py), each a subclass of `DashboardPart`. The
state is set once in `DashboardScreen.__init__`; it is declared here so that each part
is type-checked against it. A method one part calls on another is declared here for the
type checker only and defined once, in the part that owns it.

The parts are plain classes (a `Screen` to the type checker only): Textual makes each
class derived from one of its widgets with merged bindings, gathered reactives and a
`dir()` of the class, ≈ 2.3 M instructions each, six times on every start. What it
would have done for them, registering their `@on` handlers, `with_part_handlers` does
for the one screen class they make up.
"""

from __future__ import annotations

from abc import abstractmethod
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from textual.screen import Screen
from textual.widget import Widget

from acctexit.i18n import translate

if TYPE_CHECKING:
    from acctexit.app.workspace import Snapshot, Workspace
    from acctexit.domain.discovery import Findings
    from acctexit.domain.models import AccountRisk, Lang, LogEntry, StepKey, StepStatus
    from acctexit.domain.plan import PlanStep
    from acctexit.tui.rows import RowCache
    from acctexit.tui.viewmodel import Item

T = TypeVar("T")
W = TypeVar("W", bound=Widget)
S = TypeVar("S", bound=type[Screen[Any]])

if TYPE_CHECKING:
    _PartBase = Screen[None]
else:
    _PartBase = object


# What Textual reads from each class of its own along the MRO, not from plain ones.
_TEXTUAL_ONLY = frozenset({"BINDINGS", "DEFAULT_CSS", "COMPONENT_CLASSES"})


def with_part_handlers(screen: S) -> S:
    """Class decorator: `screen` answers the messages its parts' `@on` methods name.

    Textual registers an `@on` method in the `_decorated_handlers` of the class that
    defines it, and only for classes its metaclass makes; on dispatch it reads that
    table from each class along the MRO. A part is a plain class, so its handlers are
    added to the screen's own table here: after the screen's own, in MRO order and
    in the order each part defines them, as Textual's walk would have found them.
    What else Textual reads only from its own classes (bindings, default CSS) a part
    may not declare: that is refused here rather than silently ignored."""
    table: dict[Any, list[tuple[Callable[..., Any], Any]]] = {
        message: list(handlers)
        for message, handlers in screen.__dict__["_decorated_handlers"].items()
    }
    for base in screen.__mro__[1:]:
        if "_decorated_handlers" in base.__dict__:
            continue  # made by Textual's metaclass: dispatch reads its own table
        declared = _TEXTUAL_ONLY.intersection(base.__dict__)
        if declared:
            ignored = ", ".join(sorted(declared))
            raise TypeError(f"{base.__name__} is a plain class: its {ignored} would be ignored")
        for value in base.__dict__.values():
            for message, selectors in getattr(value, "_textual_on", ()):
                table.setdefault(message, []).append((value, selectors))
    screen._decorated_handlers = table
    return screen


class DashboardPart(_PartBase):
    workspace: Workspace
    lang: Lang
    reveal: bool
    demo: bool
    snapshot: Snapshot | None
    row_cache: RowCache
    # The last discovery per number id, this session only (the reconcile view shows it).
    discoveries: dict[int, Findings]
    _selected: Item | None  # the row the side panes show (or will, after PANE_DELAY)
    _query: str  # the filter's text
    _refresh_generation: int  # a background result for an older generation is dropped
    # Step states written since the snapshot was read (the snapshot lags a worker).
    _ticks: dict[StepKey, StepStatus]
    # The notes and skips (with their reasons) on each account, or on each number
    # itself, keyed (account id, None) or (None, number id): read from the store once
    # per item shown, forgotten after a note or a skip on it and on every refresh.
    _written: dict[tuple[int | None, int | None], list[LogEntry]]

    def _s(self, key: str, **fmt: object) -> str:
        return translate(key, self.lang, **fmt)

    def _titled(self, pane: W, title_key: str) -> W:
        pane.border_title = self._s(title_key)
        return pane

    if TYPE_CHECKING:
        # screen.py
        @abstractmethod
        def write(self, change: Callable[[], T]) -> T | None: ...
        @abstractmethod
        def report_error(self, message: str) -> None: ...
        @abstractmethod
        def refresh_data(self, first: bool = False) -> None: ...
        @abstractmethod
        def recompute_soon(self) -> None: ...
        @abstractmethod
        def settled(self) -> bool: ...
        # panes.py
        @abstractmethod
        def _show_item(self, item: Item | None, keep_step: bool = False) -> None: ...
        @abstractmethod
        def _paint_risk(self, item: Item, account_risk: AccountRisk | None) -> None: ...
        @abstractmethod
        def _item_notes(self, item: Item) -> list[LogEntry]: ...
        @abstractmethod
        def _forget_written(self, account_id: int | None, number_id: int | None) -> None: ...
        @abstractmethod
        def _remarks(self, step: PlanStep, notes: list[LogEntry]) -> tuple[str, ...]: ...
        # language.py
        @abstractmethod
        def switch_ahead_soon(self) -> None: ...
        # ticks.py
        @abstractmethod
        def _states(self) -> Mapping[StepKey, StepStatus]: ...
        @abstractmethod
        def _with_ticks(self, steps: list[PlanStep]) -> list[PlanStep]: ...
        @abstractmethod
        def _write_skip(self, step: PlanStep, reason: str) -> None: ...
        @abstractmethod
        def _show_step_written(self, step: PlanStep, status: StepStatus) -> None: ...
