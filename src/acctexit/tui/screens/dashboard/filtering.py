"""The dashboard's filter (/): a field above the account list that narrows the rows
already built, without reading the store or deriving the plan again."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from textual import on
from textual.message import Message
from textual.widgets import Input

from acctexit.tui.screens.dashboard.part import DashboardPart
from acctexit.tui.widgets.account_list import AccountList

if TYPE_CHECKING:
    from acctexit.tui.widgets.filter_field import FilterField


class Filtering(DashboardPart):
    # The filter field is mounted the first time it is wanted: an Input is the costliest
    # widget of the first frame to mount and style (≈ 1.4 % of the instructions to it).
    def _new_filter_field(self) -> FilterField:
        # Its module is loaded here: making an Input subclass costs ≈ 2.5 M
        # instructions, which a start that never filters would pay in its first frame.
        from acctexit.tui.widgets.filter_field import FilterField

        field = FilterField(
            placeholder=self._s("filter_placeholder"), id="filter", on_change=self._filter_typed
        )
        return self._titled(field, "cmd_filter")

    def _filter_field(self) -> FilterField | None:
        found = self.query("#filter").results(Input)  # (FilterField is loaded on first use)
        return cast("FilterField | None", next(found, None))

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
        """The filter's text changed while more keys were waiting. A later one replaces
        an earlier one still queued, so a burst of keys filters the list once, after
        the last of them."""

        def can_replace(self, message: Message) -> bool:
            return isinstance(message, Filtering.FilterChanged)

    def _filter_typed(self, query: str, more_keys: bool) -> None:
        """The field's text is now `query` (called by the field within the key). With
        more keys to come (at the app, or passed on to the field already) the list is
        filtered once, after the last of them."""
        if more_keys or self.app.message_queue_size:
            self.post_message(self.FilterChanged())
        else:
            self._apply_filter(query)

    @on(FilterChanged)
    def _filter(self) -> None:
        field = self._filter_field()
        if field is not None:
            self._apply_filter(field.value)

    def _apply_filter(self, query: str) -> None:
        """Show the rows already built that match `query`: no store read, no plan."""
        if query == self._query:
            return  # (a burst's message after its last key filtered the list already)
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
            field.value = ""  # (the field says so: the list shows every row again)
            field.remove_class("-active")
            self.query_one(AccountList).focus()
