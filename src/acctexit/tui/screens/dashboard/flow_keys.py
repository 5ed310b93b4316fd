"""The dashboard's keys that start work elsewhere: the dialog flows (a, N, e, d, r, m,
i, f, p; acctexit.tui.screens.flows) and the calendar export (c)."""

from __future__ import annotations

from collections.abc import Callable
from types import ModuleType
from typing import TYPE_CHECKING

from textual import work

from acctexit.i18n import error_text, translate
from acctexit.tui.screens.dashboard.part import DashboardPart
from acctexit.tui.widgets.account_list import AccountList

if TYPE_CHECKING:
    from acctexit.app.workspace import StoreView
    from acctexit.domain.models import PhoneNumber
    from acctexit.tui.viewmodel import Item


def _flows() -> ModuleType:
    """The dialogs behind a/N/e/d/r/i load on first use, not before the first frame."""
    from acctexit.tui.screens import flows

    return flows


class FlowKeys(DashboardPart):
    @work(exclusive=True, group="flow")
    async def run_flow(self, flow: Callable[[FlowKeys], object]) -> None:
        await flow(self)  # type: ignore[misc]

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

    def start_first_run(self) -> None:
        """The first-run flow (no number yet): a number, then its accounts."""
        self.run_flow(_flows().first_run)

    def action_add_accounts(self) -> None:
        number = self.selected_number()
        if number is None:
            self.start_first_run()
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

    def action_discover(self) -> None:
        self.run_flow(_flows().discover)

    def action_report(self) -> None:
        self.run_flow(_flows().report)

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
            self.app.call_from_thread(self.report_error, error_text(exc, lang))
            return
        message = translate("ics_written", lang, path=str(path))
        self.app.call_from_thread(self.notify, message, markup=False)
