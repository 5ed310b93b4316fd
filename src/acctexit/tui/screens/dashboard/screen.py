"""The dashboard screen: its layout, reading the store and repainting, and which row the
side panes follow.

The screen is the only part of the UI that starts changes: panes post messages, the
screen runs a use case of `acctexit.app.actions` (one durable transaction), then
repaints. A write that fails is reported and nothing is shown as done. Each other job
of the screen is a part of its own (part.py says how they fit together).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, ClassVar, TypeVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Vertical
from textual.events import Resize
from textual.screen import Screen
from textual.timer import Timer
from textual.widget import Widget
from textual.worker import get_current_worker

from acctexit.app.workspace import Snapshot, StoreView, Workspace
from acctexit.domain.models import Lang
from acctexit.i18n import error_text
from acctexit.tui.collector import IdleCollector
from acctexit.tui.commands import Scope, bindings_for
from acctexit.tui.rows import RowCache, RowSet, in_order, row_set
from acctexit.tui.screens.dashboard.filtering import Filtering
from acctexit.tui.screens.dashboard.flow_keys import FlowKeys
from acctexit.tui.screens.dashboard.language import Language
from acctexit.tui.screens.dashboard.panes import Panes
from acctexit.tui.screens.dashboard.part import with_part_handlers
from acctexit.tui.screens.dashboard.prompts import Prompts
from acctexit.tui.screens.dashboard.ticks import Ticks
from acctexit.tui.startup import resume_collection
from acctexit.tui.viewmodel import Item, Row
from acctexit.tui.widgets.account_list import AccountList
from acctexit.tui.widgets.key_bar import KeyBar
from acctexit.tui.widgets.log_view import LogView
from acctexit.tui.widgets.numbers_bar import NumbersBar
from acctexit.tui.widgets.risk_view import RiskView
from acctexit.tui.widgets.step_list import StepList

if TYPE_CHECKING:
    from acctexit.domain.discovery import Findings
    from acctexit.domain.models import LogEntry, StepKey, StepStatus

NARROW_BELOW = 100  # columns; below this the side panes fold to their titles
PANE_DELAY = 0.06  # seconds the cursor must rest before the side panes follow it
# Seconds after the last tick before the whole plan is recomputed. Not at once: the
# worker thread would compete for the interpreter lock with the frame that shows the
# tick (a callback "after refresh" runs before the panes' repaint requests reach the
# screen: measured, it doubled Space's key-to-frame at 10,000 accounts), and a burst
# of ticks needs one recompute, not one each.
RECOMPUTE_DELAY = 0.1
GC_RESUME_DELAY = 0.25  # seconds after mounting before start-up's pause of the GC ends
T = TypeVar("T")


# The parts are plain classes: the screen is the one Textual class they make up.
@with_part_handlers
class DashboardScreen(FlowKeys, Filtering, Language, Prompts, Ticks, Panes, Screen[None]):
    # Focus the list as the screen appears (by default Textual focuses the first
    # focusable widget: the filter field, when one is carried over from the screen
    # this one replaces), so the first frame shows the list's keys.
    AUTO_FOCUS = "#accounts"
    # Its keys, unlabelled (it switches language in place): the key bar, the help and
    # the palette word them from the command table. Bound here, not by a `localized`
    # subclass made at start: making that class (Textual merges bindings and reads
    # the whole class with dir()) cost ≈ 4 M instructions of the first frame.
    BINDINGS: ClassVar[list[BindingType]] = [
        *bindings_for(Scope.APP, None),
        *bindings_for(Scope.DASHBOARD, None),
    ]
    LOCALIZED_FOR: ClassVar[Lang | None] = None

    def __init__(
        self, workspace: Workspace, lang: Lang, reveal: bool = False, demo: bool = False
    ) -> None:
        super().__init__()
        self.workspace = workspace
        self.demo = demo  # the header carries a DEMO badge
        # The snapshot's rows (per masking, in both languages) and their order per
        # language: L only re-orders them, R re-makes the numbers' rows.
        self.row_cache = RowCache(workspace)
        self.lang = lang
        self.reveal = reveal
        self._headers_for = None  # the header's layouts, for this snapshot (language.py)
        self._headers = {}
        self._header_shown = None
        self._header_columns = 0
        self._pending_ahead = None
        self._ahead_done = 0
        self.snapshot: Snapshot | None = None
        self._selected: Item | None = None
        self._query = ""
        self._pending_show: Timer | None = None
        self._pending_recompute: Timer | None = None
        self._refresh_generation = 0
        self._ticks: dict[StepKey, StepStatus] = {}
        self.discoveries: dict[int, Findings] = {}
        self._written: dict[tuple[int | None, int | None], list[LogEntry]] = {}
        self._collector = IdleCollector(self)  # full collections between keys

    # Layout ---------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        # The header and the key bar are split off the screen's top and bottom, the
        # left column off its left side; the right column's two panes are laid out
        # on the screen itself. A container around each column (and a row around
        # both) cost ≈ 10-20 M instructions each of the demo's start: mounting,
        # styling, arranging and drawing a background the panes cover.
        yield NumbersBar(id="numbers-bar")
        yield KeyBar(self.lang)
        # A pane is the widget itself, border and title included: a container around
        # each cost ≈ 4 % of the instructions to the first frame (mounting, styling
        # and arranging them). The filter field, when in use, stands above the list.
        with Vertical(id="left"):
            accounts = AccountList(self.lang, id="accounts", classes="pane")
            yield self._titled(accounts, "pane_accounts")
            yield self._titled(LogView(id="log", classes="pane foldable"), "pane_log")
        yield self._titled(RiskView(id="risk", classes="pane foldable"), "pane_risk")
        steps = StepList(self.lang, id="steps", classes="pane foldable -expanded")
        yield self._titled(steps, "pane_steps")

    def on_mount(self) -> None:
        self._fit_layout(self.app.size.width)
        self.refresh_data(first=True)
        # A database failing its own checks (issue 17): said at once, and kept up.
        warning = self.workspace.integrity_warning(self.lang)
        if warning:
            self.notify(warning, severity="error", timeout=24 * 3600, markup=False)
        # Not "after refresh": that can run before the frame is written, and the one
        # full collection (≈ 40 ms at 10,000 accounts, a single C call that keeps the
        # interpreter lock) would hold up the terminal's writer thread with it.
        self.set_timer(GC_RESUME_DELAY, self._after_first_frame)
        if self.snapshot is not None and not self.snapshot.numbers:
            self.start_first_run()

    def _after_first_frame(self) -> None:
        resume_collection()
        self._collector.start()
        self.query_one(AccountList).prepare_search()
        self.switch_ahead_soon()

    def on_unmount(self) -> None:
        self._collector.stop()

    def on_resize(self, event: Resize) -> None:
        self._fit_layout(event.size.width)

    def _fit_layout(self, width: int) -> None:
        narrow = width < NARROW_BELOW
        if narrow != self.has_class("-narrow"):
            self.set_class(narrow, "-narrow")
        if self.snapshot is not None:
            self._paint_header(width)

    def on_descendant_focus(self, event: object) -> None:
        # Leaving the account list: the side panes must show the row under the cursor
        # before any key can act on them.
        self.flush_pending()
        # Narrow layout: in the focused column, the focused foldable pane unfolds.
        focused = self.focused
        if focused is None:
            return
        panes = list(self.query(".foldable"))
        target = next((p for p in panes if p.has_focus_within), None)
        if target is None:
            return
        for pane in panes:
            if pane.parent is target.parent:
                pane.set_class(pane is target, "-expanded")

    def focused_pane_name(self) -> str:
        focused: Widget | None = self.focused
        for pane_id, key in (
            ("accounts", "pane_accounts"),
            ("filter", "pane_accounts"),  # stands above the accounts pane while in use
            ("steps", "pane_steps"),
            ("risk", "pane_risk"),
            ("log", "pane_log"),
        ):
            if focused is not None and focused.id == pane_id:
                return self._s(key)
        return self._s("app_title")

    # Writes ---------------------------------------------------------------------
    def write(self, change: Callable[[], T]) -> T | None:
        """Run one store write; on failure say so and change nothing on screen."""
        try:
            return change()
        except Exception as exc:  # the store's own errors carry user-facing messages
            # A field rule's refusal in the forms' words (acctexit.i18n.error_text).
            self.report_error(error_text(exc, self.lang))
            return None

    def report_error(self, message: str) -> None:
        self.notify(self._s("write_failed", error=message), severity="error", markup=False)

    # Data -----------------------------------------------------------------------
    def refresh_data(self, first: bool = False) -> None:
        """Re-read everything from the store and repaint every pane, now (after a change)."""
        self._refresh_generation += 1  # a background refresh still running is stale
        if self._pending_recompute is not None:  # this reads everything anyway
            self._pending_recompute.stop()
            self._pending_recompute = None
        self.snapshot = self.workspace.snapshot()
        self._ticks.clear()
        self._written.clear()
        accounts = self.query_one(AccountList)
        keep = self._selected if first else accounts.current_item
        if first and keep is None:
            keep = self._first_open_item()
        rows = self.row_cache.rows(self.snapshot, self.lang, self.reveal)
        accounts.show(rows, self._query, keep)
        self._paint_header()
        self.query_one(LogView).show(self.snapshot, self.workspace, self.lang)
        # Before its first layout the list holds no rows yet; show the item it will hold.
        shown = accounts.current_item or keep
        self._selected = shown
        self._show_item(shown, keep_step=not first)
        if not first:  # (the first waits for start-up's collection: _after_first_frame)
            self.switch_ahead_soon()

    def settled(self) -> bool:
        """Whether the snapshot holds every write made here (no tick awaits its
        recompute): then L and R may show it as it is."""
        return not self._ticks and self._pending_recompute is None

    def recompute_soon(self) -> None:
        """Recompute the whole plan RECOMPUTE_DELAY after the last of a burst of ticks."""
        if self._pending_recompute is not None:
            self._pending_recompute.stop()
        self._pending_recompute = self.set_timer(RECOMPUTE_DELAY, self._recompute_after_ticks)

    def _recompute_after_ticks(self) -> None:
        self._pending_recompute = None
        self.refresh_later()

    def refresh_later(self) -> None:
        """Recompute plan and risks in a worker thread, then repaint what changed.

        The store is read here, on its own thread; only the pure computation moves.
        """
        self._refresh_generation += 1
        self._recompute(self.workspace.read(), self._refresh_generation)

    # An explicit description: by default Textual describes a worker with the repr of
    # its arguments, which for 10,000 accounts costs more than the plan itself.
    @work(thread=True, exclusive=True, group="refresh", description="recompute the plan")
    def _recompute(self, view: StoreView, generation: int) -> None:
        snapshot = self.workspace.compute(view)
        made, names = row_set(snapshot, self.workspace, self.lang, self.reveal)
        rows = in_order(made, names)
        if get_current_worker().is_cancelled:
            return
        self.app.call_from_thread(self._apply, snapshot, made, rows, generation)

    def _apply(self, snapshot: Snapshot, made: RowSet, rows: list[Row], generation: int) -> None:
        if generation != self._refresh_generation or not self.is_attached:
            return  # a newer write or refresh has happened since, or the screen is gone
        if not self.app.is_running:
            return  # the app is closing: its widgets are being removed one by one
        self.snapshot = snapshot
        self._ticks.clear()  # read after the last write, so it holds every tick
        self.row_cache.keep(snapshot, self.lang, self.reveal, made, rows)
        self.query_one(AccountList).update_rows(rows)
        self._paint_header()
        self.query_one(LogView).show(snapshot, self.workspace, self.lang)
        self._show_item(self.query_one(AccountList).current_item, keep_step=True)
        self.switch_ahead_soon()

    # Which row the side panes show ------------------------------------------------
    @on(AccountList.Chosen)
    def _chosen(self, event: AccountList.Chosen) -> None:
        # Repainting the list re-announces the same row; only a new row resets the steps.
        if event.item == self._selected:
            return
        self._selected = event.item
        # The cursor moves at once; the side panes follow when the keys pause, so
        # holding ↓ through a long list never waits on the steps pane.
        if self._pending_show is not None:
            self._pending_show.stop()
        self._pending_show = self.set_timer(PANE_DELAY, self._show_pending)

    def _show_pending(self) -> None:
        self._pending_show = None
        self._show_item(self._selected)

    def flush_pending(self) -> None:
        """Bring the side panes up to date with the cursor now."""
        if self._pending_show is not None:
            self._pending_show.stop()
            self._show_pending()

    @on(AccountList.OpenSteps)
    def _open_steps(self) -> None:
        self.flush_pending()
        steps = self.query_one(StepList)
        steps.highlight_first_open()
        steps.focus()

    @on(StepList.Back)
    def _back(self) -> None:
        self.query_one(AccountList).focus()
