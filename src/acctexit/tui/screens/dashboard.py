"""The dashboard: accounts, risk, steps and log for the user's numbers.

The screen is the only part of the UI that starts changes: panes post messages, the
screen runs a use case of `acctexit.app.actions` (one durable transaction), then
repaints. A write that fails is reported and nothing is shown as done.
"""

from __future__ import annotations

from collections import ChainMap
from collections.abc import Callable, Mapping, MutableMapping
from types import ModuleType
from typing import TYPE_CHECKING, TypeVar, cast

from msgspec.structs import replace
from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.events import Resize
from textual.message import Message
from textual.screen import Screen
from textual.timer import Timer
from textual.widget import Widget
from textual.widgets import Input
from textual.worker import get_current_worker

from acctexit.app import actions
from acctexit.app.workspace import Snapshot, StoreView, Workspace
from acctexit.domain.models import (
    AccountRisk,
    Lang,
    LogEntry,
    PhoneNumber,
    StepKey,
    StepStatus,
    Verb,
)
from acctexit.domain.phone import mask_number
from acctexit.domain.plan import PlanStep
from acctexit.i18n import error_text, translate
from acctexit.tui.commands import Scope, localized
from acctexit.tui.render import plain, short_title
from acctexit.tui.startup import resume_collection
from acctexit.tui.viewmodel import Item, Row, RowCache, build_rows
from acctexit.tui.widgets.account_list import AccountList
from acctexit.tui.widgets.key_bar import KeyBar
from acctexit.tui.widgets.log_view import LogView
from acctexit.tui.widgets.numbers_bar import NumbersBar, numbers_bar_content
from acctexit.tui.widgets.risk_view import RiskView, account_lines, number_lines
from acctexit.tui.widgets.step_list import StepList

if TYPE_CHECKING:
    from acctexit.domain.discovery import Findings

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
W = TypeVar("W", bound=Widget)


def _flows() -> ModuleType:
    """The dialogs behind a/N/e/d/r/i load on first use, not before the first frame."""
    from acctexit.tui.screens import flows

    return flows


def _text_prompt(lang: Lang, title: str, placeholder: str) -> Screen[str | None]:
    """The question dialog of s and n, likewise loaded on first use (≈ 1.5 ms)."""
    from acctexit.tui.screens.prompt import TextPrompt

    return TextPrompt(lang, title, placeholder)


def _with_status(step: PlanStep, status: StepStatus) -> PlanStep:
    """`step` as just written: the log now says `status` too (so a skip reads as the
    user's, not as set aside by the plan)."""
    return replace(step, status=status, logged_status=status)


def _entry_key(entry: LogEntry, note: bool = False) -> StepKey | None:
    """The step a log entry is about (skips only, unless `note`)."""
    if entry.step_id is None or entry.verb is not (Verb.NOTE if note else Verb.SKIPPED):
        return None
    if entry.account_id is not None:
        return (entry.account_id, None, entry.step_id)
    return (None, entry.number_id, entry.step_id)


class DashboardScreen(Screen[None]):
    # Focus the list as the screen appears (by default Textual focuses the first
    # focusable widget: the filter field, when one is carried over from the screen
    # this one replaces), so the first frame shows the list's keys.
    AUTO_FOCUS = "#accounts"

    def __init__(
        self, workspace: Workspace, lang: Lang, reveal: bool = False, demo: bool = False
    ) -> None:
        super().__init__()
        self.workspace = workspace
        self.demo = demo  # the header carries a DEMO badge
        # The snapshot's rows per language and masking, so L and R build each once.
        self.row_cache = RowCache(workspace)
        self.lang: Lang = lang
        self.reveal = reveal
        self.snapshot: Snapshot | None = None
        self._selected: Item | None = None
        self._query = ""
        self._pending_show: Timer | None = None
        self._pending_recompute: Timer | None = None
        self._refresh_generation = 0
        # Step states written since the snapshot was read (the snapshot lags a worker).
        self._ticks: dict[StepKey, StepStatus] = {}
        # The last discovery per number id, this session only (the reconcile view shows it).
        self.discoveries: dict[int, Findings] = {}
        # Why the user skipped a step, as typed this session (older reasons come from
        # the recent log), and each account's notes, read once per account shown.
        self._skip_reasons: dict[StepKey, str] = {}
        self._notes: dict[int, list[LogEntry]] = {}

    # Layout ---------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        yield NumbersBar(id="numbers-bar")
        # A pane is the widget itself, border and title included: a container around
        # each cost ≈ 4 % of the instructions to the first frame (mounting, styling
        # and arranging them). The filter field, when in use, stands above the list.
        with Horizontal(id="body"):
            with Vertical(id="left"):
                # Unlabelled bindings: the key bar reads labels from the command table.
                accounts = localized(AccountList, Scope.ACCOUNTS, None)(
                    self.lang, id="accounts", classes="pane"
                )
                yield self._titled(accounts, "pane_accounts")
                yield self._titled(LogView(id="log", classes="pane foldable"), "pane_log")
            with Vertical(id="right"):
                yield self._titled(RiskView(id="risk", classes="pane foldable"), "pane_risk")
                steps = localized(StepList, Scope.STEPS, None)(
                    self.lang, id="steps", classes="pane foldable -expanded"
                )
                yield self._titled(steps, "pane_steps")
        yield KeyBar(self.lang)

    def _s(self, key: str, **fmt: object) -> str:
        return translate(key, self.lang, **fmt)

    def _titled(self, pane: W, title_key: str) -> W:
        pane.border_title = self._s(title_key)
        return pane

    _PANE_TITLES = (
        ("#accounts", "pane_accounts"),
        ("#log", "pane_log"),
        ("#risk", "pane_risk"),
        ("#steps", "pane_steps"),
        ("#filter", "cmd_filter"),
    )

    def switch_view(self, lang: Lang, reveal: bool) -> None:
        """Show everything in `lang`, numbers revealed or masked, in place (L, R).

        The snapshot and its plan are kept: only what is worded or masked is redone
        (rows come from the row cache, built once per language and masking). A tick
        still awaiting its recompute is folded in by a full refresh instead."""
        self.lang, self.reveal = lang, reveal
        for selector, key in self._PANE_TITLES:
            for pane in self.query(selector):
                pane.border_title = self._s(key)
        for field in self.query("#filter").results(Input):
            field.placeholder = self._s("filter_placeholder")
        bar = self.query_one(KeyBar)
        bar.lang = lang
        bar.refresh()
        accounts = self.query_one(AccountList)
        accounts.set_lang(lang)
        self.query_one(StepList).set_lang(lang)
        if not self.settled() or self.snapshot is None:
            self.refresh_data()
            return
        self._refresh_generation += 1  # a recompute for the old wording is stale
        rows = self.row_cache.rows(self.snapshot, lang, reveal)
        accounts.show(rows, self._query, accounts.current_item)
        self._paint_header()
        self.query_one(LogView).show(self.snapshot, self.workspace, lang)
        self._show_item(accounts.current_item, keep_step=True)

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
        self.set_timer(GC_RESUME_DELAY, resume_collection)
        if self.snapshot is not None and not self.snapshot.numbers:
            self.run_flow(_flows().first_run)

    # Flows (dialogs in sequence) -----------------------------------------------
    @work(exclusive=True, group="flow")
    async def run_flow(self, flow: Callable[[DashboardScreen], object]) -> None:
        await flow(self)  # type: ignore[misc]

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

    def selected_item(self) -> Item | None:
        return self.query_one(AccountList).current_item

    def selected_number(self) -> PhoneNumber | None:
        """The number of the selected row, or the first number."""
        if self.snapshot is None or not self.snapshot.numbers:
            return None
        item = self.selected_item()
        number_id = item.number_id if item else None
        if item is not None and item.account_id is not None:
            account = self.snapshot.account(item.account_id)
            number_id = account.number_id if account else None
        return self.snapshot.number(number_id) if number_id else self.snapshot.numbers[0]

    def action_add_accounts(self) -> None:
        number = self.selected_number()
        if number is None:
            self.run_flow(_flows().first_run)
            return
        self.run_flow(lambda screen: _flows().add_accounts(screen, number.id))

    def action_add_number(self) -> None:
        self.run_flow(_flows().add_number)

    def action_edit(self) -> None:
        self.run_flow(_flows().edit_selected)

    def action_remove(self) -> None:
        self.run_flow(_flows().remove_selected)

    def action_reconcile(self) -> None:
        self.run_flow(_flows().reconcile)

    def action_move_account(self) -> None:
        self.run_flow(_flows().move_selected)

    def action_edit_own(self) -> None:
        self.run_flow(_flows().edit_own_service)

    def action_own_steps(self) -> None:
        self.run_flow(_flows().edit_own_steps)

    def action_import_file(self) -> None:
        self.run_flow(_flows().import_file)

    def action_export_calendar(self) -> None:
        """Write the deadlines calendar (app/calendar.py) and say where it went."""
        self._write_calendar(self.workspace.read())  # read on the store's thread

    @work(thread=True, exclusive=True, group="calendar", description="write the calendar")
    def _write_calendar(self, view: StoreView) -> None:
        from acctexit.app.calendar import save_calendar  # (not needed for the first frame)

        ws, lang = self.workspace, self.lang
        try:
            path = save_calendar(
                ws.catalog, view.numbers, view.accounts, view.states, lang=lang, today=ws.today
            )
        except Exception as exc:  # the store's errors carry user-facing messages
            self.app.call_from_thread(self.report_error, str(exc))
            return
        message = translate("ics_written", lang, path=str(path))
        self.app.call_from_thread(self.notify, message, markup=False)

    def action_discover(self) -> None:
        self.run_flow(_flows().discover)

    def action_report(self) -> None:
        self.run_flow(_flows().report)

    def on_resize(self, event: Resize) -> None:
        self._fit_layout(event.size.width)

    def _fit_layout(self, width: int) -> None:
        narrow = width < NARROW_BELOW
        if narrow != self.has_class("-narrow"):
            self.set_class(narrow, "-narrow")
            if self.snapshot is not None:
                self._paint_header()

    def _paint_header(self) -> None:
        assert self.snapshot is not None
        self.query_one(NumbersBar).update(
            numbers_bar_content(
                self.snapshot,
                self.lang,
                self.reveal,
                self.workspace.today,
                compact=self.has_class("-narrow"),
                demo=self.demo,
            )
        )

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

    # Data -----------------------------------------------------------------------
    def refresh_data(self, first: bool = False) -> None:
        """Re-read everything from the store and repaint every pane, now (after a change)."""
        self._refresh_generation += 1  # a background refresh still running is stale
        if self._pending_recompute is not None:  # this reads everything anyway
            self._pending_recompute.stop()
            self._pending_recompute = None
        self.snapshot = self.workspace.snapshot()
        self._ticks.clear()
        self._notes.clear()
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

    def settled(self) -> bool:
        """Whether the snapshot holds every write made here (no tick awaits its
        recompute): then L and R may show it as it is."""
        return not self._ticks and self._pending_recompute is None

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
        rows = build_rows(snapshot, self.workspace, self.lang, self.reveal)
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self._apply, snapshot, rows, generation)

    def _apply(self, snapshot: Snapshot, rows: list[Row], generation: int) -> None:
        if generation != self._refresh_generation or not self.is_attached:
            return  # a newer write or refresh has happened since, or the screen is gone
        self.snapshot = snapshot
        self._ticks.clear()  # read after the last write, so it holds every tick
        self.row_cache.keep(snapshot, self.lang, self.reveal, rows)
        self.query_one(AccountList).update_rows(rows)
        self._paint_header()
        self.query_one(LogView).show(snapshot, self.workspace, self.lang)
        self._show_item(self.query_one(AccountList).current_item, keep_step=True)

    def _states(self) -> Mapping[StepKey, StepStatus]:
        """The snapshot's step states with the ticks made since on top (copying 46,000
        states per key press would cost more than the rest of the repaint)."""
        assert self.snapshot is not None
        # ChainMap only ever writes to its first map; typeshed asks for mutability.
        states = cast(MutableMapping[StepKey, StepStatus], self.snapshot.states)
        return ChainMap(self._ticks, states)

    def _committed_status(self, key: StepKey) -> StepStatus:
        if key in self._ticks:
            return self._ticks[key]
        assert self.snapshot is not None
        return self.snapshot.states.get(key, StepStatus.OPEN)

    def _first_open_item(self) -> Item | None:
        """The first account (or number item) in plan order that still has open steps."""
        assert self.snapshot is not None
        step = self.snapshot.plan.next_step()
        if step is None:
            return None
        if step.account_id is not None:
            return Item(account_id=step.account_id)
        return Item(number_id=step.number_id, phase=step.phase)

    def _steps_for(self, item: Item) -> list[PlanStep]:
        assert self.snapshot is not None
        plan = self.snapshot.plan
        if item.account_id is not None:
            steps = plan.for_account(item.account_id)
        else:
            steps = [s for s in plan.number_steps(item.number_id) if s.phase is item.phase]  # type: ignore[arg-type]
        # Ticks the recompute has not caught up with yet: a row left and revisited
        # in that window must show them (and Space on it must undo what it shows).
        ticks = self._ticks
        if ticks:
            steps = [_with_status(s, ticks[s.key]) if s.key in ticks else s for s in steps]
        return steps

    # What the user wrote: notes and skip reasons ----------------------------------
    def _account_notes(self, account_id: int) -> list[LogEntry]:
        notes = self._notes.get(account_id)
        if notes is None:
            notes = self._notes[account_id] = self.workspace.account_notes(account_id)
        return notes

    def _item_notes(self, item: Item) -> list[LogEntry]:
        """The notes on `item` and its steps, oldest first (a number's: the recent log)."""
        if item.account_id is not None:
            return self._account_notes(item.account_id)
        if self.snapshot is None:
            return []
        return [
            e
            for e in reversed(self.snapshot.recent_log)
            if e.verb is Verb.NOTE and e.account_id is None and e.number_id == item.number_id
        ]

    def _skip_reason(self, key: StepKey) -> str | None:
        reason = self._skip_reasons.get(key)
        if reason is None and self.snapshot is not None:
            reason = next(
                (e.detail for e in self.snapshot.recent_log if _entry_key(e) == key), None
            )
        return reason

    def _remarks(self, step: PlanStep, notes: list[LogEntry]) -> tuple[str, ...]:
        """What the user wrote on `step`: why it was skipped (while it is), its notes."""
        out: list[str] = []
        if step.status is StepStatus.SKIPPED and step.logged_status is StepStatus.SKIPPED:
            reason = self._skip_reason(step.key)
            if reason:
                out.append(self._s("step_skip_reason", reason=reason))
        out += [
            self._s("step_note", text=e.detail)
            for e in notes
            if e.step_id is not None and _entry_key(e, note=True) == step.key
        ]
        return tuple(out)

    def _steps_title(self, item: Item) -> str:
        """ "Steps · WeChat · work": the pane names the account, label or "#2" included."""
        title = self._s("pane_steps")
        account = (
            self.snapshot.account(item.account_id) if self.snapshot and item.account_id else None
        )
        if account is None or self.snapshot is None:
            return title
        return f"{title} · {self.workspace.account_title(self.snapshot, account, self.lang)}"

    def _show_item(self, item: Item | None, keep_step: bool = False) -> None:
        steps = self.query_one(StepList)
        risk = self.query_one(RiskView)
        if item is None or self.snapshot is None:
            steps.show([], self.workspace.today.isoformat())
            risk.show([Content(self._s("no_accounts"))])
            return
        shown = self._steps_for(item)
        notes = self._item_notes(item)
        remarks = {st.key: r for st in shown if (r := self._remarks(st, notes))}
        steps.show(
            shown,
            self.workspace.today.isoformat(),
            keep_index=keep_step,
            states=self._states(),
            remarks=remarks,
        )
        steps.border_title = self._steps_title(item)
        risk_of = self.snapshot.account_risks.get(item.account_id) if item.account_id else None
        account_id = item.account_id
        if account_id is not None and any(k[0] == account_id for k in self._ticks):
            risk_of = self.workspace.account_risk_with(self.snapshot, account_id, self._states())
        self._paint_risk(item, risk_of)

    def _paint_risk(self, item: Item, account_risk: AccountRisk | None) -> None:
        assert self.snapshot is not None
        lines: list[Content] = []
        number_id = item.number_id
        if item.account_id is not None:
            lines += account_lines(account_risk, self.lang)
            account = self.snapshot.account(item.account_id)
            number_id = account.number_id if account else None
            lines.append(Content(""))
        # The notes on the account (or number) itself; a step's own notes are in the
        # steps pane under that step.
        notes = [e for e in self._item_notes(item) if e.step_id is None]
        if notes:
            lines.append(Content.styled(self._s("risk_notes"), "bold"))
            lines += [Content.assemble("✎ ", plain(e.detail)) for e in notes]
            lines.append(Content(""))
        number = self.snapshot.number(number_id) if number_id is not None else None
        if number is not None:
            lines += number_lines(
                number,
                self.snapshot.number_risks.get(number.id),
                self.workspace.today,
                self.lang,
                self.reveal,
            )
        self.query_one(RiskView).show(lines)

    # Pane messages -------------------------------------------------------------
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

    @on(StepList.Toggle)
    def _toggle(self, event: StepList.Toggle) -> None:
        # Decide from what is committed, not from the message: two Space presses can be
        # queued before the first one's repaint, and the second must undo the first.
        step = event.step
        committed = self._committed_status(step.key)
        new = self.write(lambda: actions.toggle_step(self.workspace, step.key, committed))
        if new is not None:
            self._show_step_written(step, new)

    @on(StepList.Skip)
    def _skip(self, event: StepList.Skip) -> None:
        step = event.step

        def done(reason: str | None) -> None:
            if reason is None:
                return
            if self.write(lambda: actions.skip_step(self.workspace, step.key, reason)):
                self._skip_reasons[step.key] = reason
                self._show_step_written(step, StepStatus.SKIPPED)

        self.app.push_screen(
            _text_prompt(
                self.lang,
                self._s("skip_title", step=self._step_subject(step)),
                self._s("skip_placeholder"),
            ),
            done,
        )

    def _item_subject(self, item: Item) -> str:
        """Which account (or number) an action is for, as the prompts name it."""
        snapshot = self.snapshot
        if snapshot is None:
            return ""
        number_id = item.number_id
        if item.account_id is not None:
            account = snapshot.account(item.account_id)
            platform = self.workspace.platform(account.platform_id) if account else None
            if account is not None and platform is not None:
                label = f"（{account.label}）" if account.label and self.lang == "zh" else ""
                label = label or (f" ({account.label})" if account.label else "")
                return platform.name.get(self.lang) + label
            number_id = account.number_id if account else None
        number = snapshot.number(number_id) if number_id is not None else None
        if number is None:
            return ""
        return number.e164 if self.reveal else mask_number(number.e164)

    def _step_subject(self, step: PlanStep) -> str:
        item = (
            Item(account_id=step.account_id)
            if step.account_id is not None
            else Item(number_id=step.number_id, phase=step.phase)
        )
        title = short_title(step.step.text.get(self.lang))
        subject = self._item_subject(item)
        return f"{subject} · {title}" if subject else title

    def _show_step_written(self, step: PlanStep, status: StepStatus) -> None:
        """After the commit: repaint just this step, its account and the log at once,
        and let a worker recompute the whole plan (blockers, dates, order) after."""
        if self.snapshot is None:
            return
        # Any background result computed before this commit is now stale.
        self._refresh_generation += 1
        self._ticks[step.key] = status
        snapshot = self.snapshot
        states = self._states()
        step_list = self.query_one(StepList)
        item = self.query_one(AccountList).current_item
        index = next((i for i, s in enumerate(step_list.steps) if s.key == step.key), None)
        if index is not None:
            written = _with_status(step, status)
            notes = self._item_notes(item) if item is not None else []
            step_list.replace_step(index, written, self._remarks(written, notes))
        # The account's row (its progress) is repainted by the background refresh,
        # which has the whole plan's answer for it.
        if item is not None and item.account_id is not None:
            risk = self.workspace.account_risk_with(snapshot, item.account_id, states)
            self._paint_risk(item, risk)
        entries = self.workspace.recent_log()
        self.query_one(LogView).show(snapshot, self.workspace, self.lang, entries)
        if self._pending_recompute is not None:
            self._pending_recompute.stop()
        self._pending_recompute = self.set_timer(RECOMPUTE_DELAY, self._recompute_after_ticks)

    def _recompute_after_ticks(self) -> None:
        self._pending_recompute = None
        self.refresh_later()

    # Filter ---------------------------------------------------------------------
    # The filter field is mounted the first time it is wanted: an Input is the costliest
    # widget of the first frame to mount and style (≈ 1.4 % of the instructions to it).
    def _new_filter_field(self) -> Input:
        return self._titled(
            Input(placeholder=self._s("filter_placeholder"), id="filter"), "cmd_filter"
        )

    def _filter_field(self) -> Input | None:
        found = self.query("#filter").results(Input)
        return next(found, None)

    async def action_filter(self) -> None:
        field = self._filter_field()
        if field is None:
            field = self._new_filter_field()
            accounts = self.query_one(AccountList)
            await self.query_one("#left").mount(field, before=accounts)
        field.add_class("-active")
        field.focus()

    class FilterChanged(Message):
        """The filter text changed. A burst of keys posts one each; a later one
        replaces an earlier one still queued, so the list is filtered once per burst."""

        def __init__(self, query: str) -> None:
            super().__init__()
            self.query = query

        def can_replace(self, message: Message) -> bool:
            return isinstance(message, DashboardScreen.FilterChanged)

    @on(Input.Changed, "#filter")
    def _filter_changed(self, event: Input.Changed) -> None:
        event.stop()
        self.post_message(self.FilterChanged(event.value))

    @on(FilterChanged)
    def _filter(self, event: FilterChanged) -> None:
        self._apply_filter(event.query)

    def _apply_filter(self, query: str) -> None:
        """Show the rows already built that match `query`: no store read, no plan."""
        self._query = query
        if self.snapshot is None:
            return
        accounts = self.query_one(AccountList)
        accounts.refilter(query)
        shown = accounts.current_item
        if shown != self._selected:
            self._selected = shown
            self._show_item(shown, keep_step=True)

    @on(Input.Submitted, "#filter")
    def _filter_submitted(self) -> None:
        self.query_one(AccountList).focus()

    def key_escape(self) -> None:
        field = self._filter_field()
        if field is None:
            return
        if field.has_focus or (
            field.has_class("-active") and self.focused is self.query_one(AccountList)
        ):
            with field.prevent(Input.Changed):
                field.value = ""
            field.remove_class("-active")
            self._apply_filter("")
            self.query_one(AccountList).focus()

    # Notes ----------------------------------------------------------------------
    def action_note(self) -> None:
        item = self.query_one(AccountList).current_item
        step_list = self.query_one(StepList)
        step = step_list.current if step_list.has_focus else None
        if item is None:
            return

        def done(text: str | None) -> None:
            if not text:
                return
            account_id, number_id = item.account_id, item.number_id
            step_id = None
            if step is not None:
                account_id, number_id, step_id = step.account_id, step.number_id, step.step.id
            note = self.write(
                lambda: actions.add_note(
                    self.workspace,
                    text,
                    account_id=account_id,
                    number_id=number_id,
                    step_id=step_id,
                )
            )
            if note is not None and self.snapshot is not None:
                # A note changes the log only: the plan and the rows are kept.
                self.snapshot = self.workspace.with_new_log(self.snapshot)
                self.row_cache.same_rows(self.snapshot)
                self.query_one(LogView).show(self.snapshot, self.workspace, self.lang)
                if account_id is not None:
                    self._notes.pop(account_id, None)
                self._show_item(self.query_one(AccountList).current_item, keep_step=True)

        subject = self._step_subject(step) if step is not None else self._item_subject(item)
        self.app.push_screen(
            _text_prompt(
                self.lang, self._s("note_title", subject=subject), self._s("note_placeholder")
            ),
            done,
        )

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
