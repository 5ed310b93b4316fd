"""The small service the UI talks to: one store, the catalog and today's date.

Screens never touch SQLite or compute plans themselves; they call these named
functions and render the `Snapshot` they get back. Every write goes through the
store (one durable transaction) *before* the caller shows its effect.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

from acctexit.domain.models import (
    Account,
    AccountRisk,
    Catalog,
    LogEntry,
    NumberRisk,
    PhoneNumber,
    Platform,
    StepKey,
    StepStatus,
)
from acctexit.domain.plan import Plan, build_plan
from acctexit.domain.risk import assess_account, assess_number

if TYPE_CHECKING:
    from acctexit.store import Store

LOG_PANE_ROWS = 200


@dataclass(frozen=True)
class Snapshot:
    """Everything the dashboard shows, computed in one go from the store."""

    numbers: tuple[PhoneNumber, ...]
    accounts: tuple[Account, ...]
    states: dict[StepKey, StepStatus]
    plan: Plan
    account_risks: dict[int, AccountRisk]
    number_risks: dict[int, NumberRisk]
    recent_log: tuple[LogEntry, ...] = field(default_factory=tuple)

    def account(self, account_id: int) -> Account | None:
        return next((a for a in self.accounts if a.id == account_id), None)

    def number(self, number_id: int) -> PhoneNumber | None:
        return next((n for n in self.numbers if n.id == number_id), None)


class Workspace:
    def __init__(self, store: Store, catalog: Catalog, today: date) -> None:
        self.store = store
        self.catalog = catalog
        self.today = today

    def platform(self, platform_id: str) -> Platform | None:
        return self.catalog.get(platform_id)

    def snapshot(self) -> Snapshot:
        numbers = tuple(self.store.numbers())
        accounts = tuple(self.store.accounts())
        states = self.store.step_states()
        by_number = {n.id: n for n in numbers}
        dependants: dict[str, list[Account]] = {}
        for account in accounts:
            if account.sign_in_via:
                dependants.setdefault(account.sign_in_via, []).append(account)
        account_risks: dict[int, AccountRisk] = {}
        for account in accounts:
            platform = self.catalog.get(account.platform_id)
            number = by_number.get(account.number_id)
            if platform is None or number is None:
                continue
            account_risks[account.id] = assess_account(
                platform,
                account,
                number,
                states,
                self.today,
                dependants=dependants.get(platform.id, ()),
            )
        number_risks = {
            n.id: assess_number(
                n,
                [account_risks[a.id] for a in accounts if a.number_id == n.id and a.id in account_risks],
                self.today,
            )
            for n in numbers
        }
        plan = build_plan(self.catalog, numbers, accounts, states, self.today)
        return Snapshot(
            numbers=numbers,
            accounts=accounts,
            states=states,
            plan=plan,
            account_risks=account_risks,
            number_risks=number_risks,
            recent_log=tuple(self.store.recent_log(LOG_PANE_ROWS)),
        )

    # Writes: each is one durable transaction in the store.
    def set_step(self, key: StepKey, status: StepStatus, detail: str = "") -> LogEntry:
        return self.store.set_step(key, status, detail)

    def add_note(
        self,
        text: str,
        *,
        account_id: int | None = None,
        number_id: int | None = None,
        step_id: str | None = None,
    ) -> LogEntry:
        return self.store.add_note(text, account_id=account_id, number_id=number_id, step_id=step_id)
