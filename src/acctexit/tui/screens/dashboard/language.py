"""L and R on the dashboard: everything worded or masked shown again in place, the
header laid out once per language and masking, and L's and R's work done ahead while
the user reads."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING

from textual.content import Content
from textual.widgets import Input

from acctexit.domain.models import OTHER_LANG, Lang
from acctexit.tui.collector import since_input
from acctexit.tui.screens.dashboard.part import DashboardPart
from acctexit.tui.widgets.account_list import AccountList
from acctexit.tui.widgets.key_bar import KeyBar
from acctexit.tui.widgets.log_view import LogView
from acctexit.tui.widgets.numbers_bar import NumbersBar, numbers_bar_content
from acctexit.tui.widgets.step_list import StepList

if TYPE_CHECKING:
    from textual.timer import Timer

    from acctexit.app.workspace import Snapshot

HEADER_PADDING = 2  # NumbersBar's padding, one cell each side (app.tcss)
# L's work done ahead (`_switch_ahead`) waits for the user to rest this long since
# their last key or click, so that it never stands in front of a key of a burst.
AHEAD_AFTER_QUIET = 0.3
AHEAD_RETRY = 0.05  # seconds to the next look when it need not wait that long
AHEAD_NEXT = 0.01  # seconds between two pieces of it (input in between comes first)


class Language(DashboardPart):
    # The header's layouts for one snapshot (see _header), and the one shown.
    _headers_for: Snapshot | None
    _headers: dict[tuple[int, Lang, bool], Content]
    _header_shown: Content | None
    _header_columns: int  # the width it was last laid out for
    _pending_ahead: Timer | None
    _ahead_done: int  # pieces of the work ahead done since the last change

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
        (rows come from the row cache: L re-orders them, R re-makes the numbers'). A tick
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
        self.switch_ahead_soon()  # (the log in the language left, if a note came since)

    def _paint_header(self, width: int | None = None) -> None:
        """The header, shortened to the screen's width (`width`: a new one)."""
        assert self.snapshot is not None
        columns = (width or self.app.size.width) - HEADER_PADDING
        # The first Resize comes right after the first paint with the same width: at
        # 100 numbers, laying the header out again costs ≈ 15 ms of the first frame.
        content = self._header((columns, self.lang, self.reveal))
        if content is not self._header_shown:
            self._header_shown, self._header_columns = content, columns
            self.query_one(NumbersBar).update(content)

    def _header(self, key: tuple[int, Lang, bool]) -> Content:
        """The snapshot's header laid out for (columns, language, masking), once each."""
        assert self.snapshot is not None
        if self._headers_for is not self.snapshot:
            self._headers_for, self._headers = self.snapshot, {}
        content = self._headers.get(key)
        if content is None:
            columns, lang, reveal = key
            content = self._headers[key] = numbers_bar_content(
                self.snapshot, lang, reveal, self.workspace.today, width=columns, demo=self.demo
            )
        return content

    # L's and R's work ahead ---------------------------------------------------------
    def switch_ahead_soon(self) -> None:
        """Prepare what L and R will show once the user rests (`_switch_ahead`)."""
        if self._pending_ahead is not None:
            self._pending_ahead.stop()
        self._ahead_done = 0  # something changed: every piece again (each is kept once made)
        rest = max(AHEAD_AFTER_QUIET - since_input(), AHEAD_RETRY)
        self._pending_ahead = self.set_timer(rest, self._switch_ahead)

    def _ahead_pieces(self) -> list[Callable[[], object]]:
        """What L and R will show, piece by piece, for the snapshot shown now: the rows'
        order, the log and the header in the other language, and the header with the
        numbers masked the other way. One list, 60 log entries and two lines; no row is
        built (both languages' rows held ≈ 4 MiB more at 10,000 accounts)."""
        snapshot, lang, reveal = self.snapshot, self.lang, self.reveal
        assert snapshot is not None
        other, cache = OTHER_LANG[lang], self.row_cache
        # (Not the order with the numbers masked the other way: R's first press is
        # ≈ 5 ms quicker with it, but the 10k start's peak memory ≈ 0.25 MiB higher,
        # and that line has little room left: benchmarks/analysis.md.)
        pieces: list[Callable[[], object]] = [
            partial(cache.order_ahead, snapshot, other, reveal),
            partial(self.query_one(LogView).describe_ahead, other),
        ]
        if self._header_shown is not None:
            columns = self._header_columns
            pieces += [
                partial(self._header, (columns, other, reveal)),
                partial(self._header, (columns, lang, not reveal)),
            ]
        return pieces

    def _switch_ahead(self) -> None:
        """One piece of L's and R's work (≈ 3-5 ms each at 10,000 accounts; the first L
        took ≈ 35 ms, now ≈ 20), and the next piece after a look for input: a key
        waits for one piece at most."""
        self._pending_ahead = None
        if self.snapshot is None or not self.is_attached or not self.settled():
            return  # the refresh that settles it asks again
        app = self.app
        if since_input() < AHEAD_AFTER_QUIET or app.message_queue_size or self.message_queue_size:
            self.switch_ahead_soon()  # a key came meanwhile, or is waiting
            return
        pieces = self._ahead_pieces()
        if self._ahead_done < len(pieces):
            pieces[self._ahead_done]()
            self._ahead_done += 1
            self._pending_ahead = self.set_timer(AHEAD_NEXT, self._switch_ahead)
