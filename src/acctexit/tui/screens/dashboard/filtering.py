"""The dashboard's filter (/): a field above the account list that narrows the rows
already built, without reading the store or deriving the plan again."""

from __future__ import annotations

from textual import on
from textual.message import Message
from textual.widgets import Input

from acctexit.tui.screens.dashboard.part import DashboardPart
from acctexit.tui.widgets.account_list import AccountList


class Filtering(DashboardPart):
    # The filter field is mounted the first time it is wanted: an Input is the costliest
    # widget of the first frame to mount and style (≈ 1.4 % of the instructions to it).
    def _new_filter_field(self) -> Input:
        # Its module is loaded here: making an Input subclass costs ≈ 2.5 M
        # instructions, which a start that never filters would pay in its first frame.
        from acctexit.tui.widgets.filter_field import FilterField

        return self._titled(
            FilterField(placeholder=self._s("filter_placeholder"), id="filter"), "cmd_filter"
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
        # again here for rows built since the first frame (L, R, a change): after the
        # field is painted, before the first key, so that key only filters
        self.call_after_refresh(self.query_one(AccountList).prepare_search)

    class FilterChanged(Message):
        """The filter text changed. A burst of keys posts one each; a later one
        replaces an earlier one still queued, so the list is filtered once per burst."""

        def __init__(self, query: str) -> None:
            super().__init__()
            self.query = query

        def can_replace(self, message: Message) -> bool:
            return isinstance(message, Filtering.FilterChanged)

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
