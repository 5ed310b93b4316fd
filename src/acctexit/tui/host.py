"""What the dialog flows need from the screen that starts them.

`acctexit.tui.screens.flows` is typed against this Protocol, not against the dashboard, so
the flows do not import the dashboard and the dashboard's import of the flows is the
only arrow between them.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Protocol, TypeVar

from acctexit.domain.models import Lang, PhoneNumber

if TYPE_CHECKING:
    from textual.app import App

    from acctexit.app.workspace import Snapshot, Workspace
    from acctexit.domain.discovery import Findings
    from acctexit.tui.viewmodel import Item

T = TypeVar("T")


class FlowHost(Protocol):
    @property
    def app(self) -> App[object]: ...

    workspace: Workspace
    lang: Lang
    snapshot: Snapshot | None
    reveal: bool
    # The last discovery per number id, for this session only (reconcile shows its total).
    discoveries: dict[int, Findings]

    def write(self, change: Callable[[], T]) -> T | None:
        """Run one write; on failure tell the user and return None."""
        ...

    def report_error(self, message: str) -> None: ...

    def refresh_data(self) -> None:
        """Re-read the store and derive the plan again (after a change)."""
        ...

    def selected_item(self) -> Item | None: ...

    def selected_number(self) -> PhoneNumber | None: ...
