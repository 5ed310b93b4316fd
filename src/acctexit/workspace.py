"""The small service the UI talks to: one store, the catalog and today's date.

Screens never touch SQLite or compute plans themselves; they call these named
functions and render the `Snapshot` they get back. Every write goes through the
store (one durable transaction) *before* the caller shows its effect.
"""

from __future__ import annotations

import tempfile
from collections.abc import Mapping
from datetime import date
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from msgspec import Struct

from acctexit.domain.models import (
    Account,
    AccountRisk,
    Catalog,
    Lang,
    LogEntry,
    NumberRisk,
    PhoneNumber,
    Platform,
    StepKey,
    StepStatus,
)
from acctexit.domain.plan import Plan, build_plan
from acctexit.domain.risk import assess_account

if TYPE_CHECKING:
    from acctexit.store import ImportProblem, Store

LOG_PANE_ROWS = 60  # the pane shows about ten; a little history to scroll


class StoreView(Struct, frozen=True):
    """Rows read from the store in one go, to be turned into a `Snapshot`."""

    numbers: tuple[PhoneNumber, ...]
    accounts: tuple[Account, ...]
    states: Mapping[StepKey, StepStatus]
    recent_log: tuple[LogEntry, ...]


class Snapshot(Struct, frozen=True, dict=True):
    """Everything the dashboard shows, computed in one go from the store."""

    numbers: tuple[PhoneNumber, ...]
    accounts: tuple[Account, ...]
    states: Mapping[StepKey, StepStatus]
    plan: Plan
    account_risks: Mapping[int, AccountRisk]  # the plan's own, not copies
    number_risks: Mapping[int, NumberRisk]
    recent_log: tuple[LogEntry, ...] = ()

    # Lookups by id happen per log row and per key press: index once, when first asked
    # (dict=True gives the frozen struct the __dict__ cached_property stores them in).
    @cached_property
    def _accounts_by_id(self) -> dict[int, Account]:
        return {a.id: a for a in self.accounts}

    @cached_property
    def _numbers_by_id(self) -> dict[int, PhoneNumber]:
        return {n.id: n for n in self.numbers}

    def account(self, account_id: int) -> Account | None:
        return self._accounts_by_id.get(account_id)

    def number(self, number_id: int) -> PhoneNumber | None:
        return self._numbers_by_id.get(number_id)


class Workspace:
    def __init__(self, store: Store, catalog: Catalog, today: date) -> None:
        self.store = store
        self.catalog = catalog
        self.today = today

    def platform(self, platform_id: str) -> Platform | None:
        return self.catalog.get(platform_id)

    def snapshot(self) -> Snapshot:
        return self.compute(self.read())

    def read(self) -> StoreView:
        """What the dashboard needs from the store. Call on the store's own thread."""
        return StoreView(
            numbers=tuple(self.store.numbers()),
            accounts=tuple(self.store.accounts()),
            states=self.store.step_states(),  # a read-only view the store never changes
            recent_log=tuple(self.store.recent_log(LOG_PANE_ROWS)),
        )

    def compute(self, view: StoreView) -> Snapshot:
        """Plan and risks from a store view. Pure, so it may run in a worker thread."""
        # build_plan scores every account and number on the way; reuse its figures.
        plan = build_plan(self.catalog, view.numbers, view.accounts, view.states, self.today)
        return Snapshot(
            numbers=view.numbers,
            accounts=view.accounts,
            states=view.states,
            plan=plan,
            account_risks=plan.account_risks,
            number_risks=plan.number_risks,
            recent_log=view.recent_log,
        )

    def account_risk_with(
        self, snapshot: Snapshot, account_id: int, states: Mapping[StepKey, StepStatus]
    ) -> AccountRisk | None:
        """One account's risk under changed step states, without a whole new plan."""
        account = snapshot.account(account_id)
        platform = self.platform(account.platform_id) if account else None
        number = snapshot.number(account.number_id) if account else None
        if account is None or platform is None or number is None:
            return None
        dependants = [a for a in snapshot.accounts if a.sign_in_via == platform.id]
        return assess_account(platform, account, number, states, self.today, dependants=dependants)

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
        return self.store.add_note(
            text, account_id=account_id, number_id=number_id, step_id=step_id
        )

    # Numbers and accounts: the store logs each change in the same transaction.
    def add_number(self, e164: str, **fields: Any) -> PhoneNumber:
        return self.store.add_number(e164, **fields)

    def update_number(self, number_id: int, **changes: Any) -> PhoneNumber:
        return self.store.update_number(number_id, **changes)

    def remove_number(self, number_id: int) -> None:
        self.store.remove_number(number_id)

    def add_account(self, platform_id: str, number_id: int, **facts: Any) -> Account:
        return self.store.add_account(platform_id, number_id, **facts)

    def update_account(self, account_id: int, **changes: Any) -> Account:
        return self.store.update_account(account_id, **changes)

    def remove_account(self, account_id: int) -> None:
        self.store.remove_account(account_id)

    def provider_choices(self, lang: Lang) -> list[tuple[str, str]]:
        """Platforms other apps sign in through, for the "signs in via" field."""
        return [
            (p.id, p.name.get(lang)) for p in self.catalog.platforms.values() if p.identity_provider
        ]

    def yzt_missing(self, number_id: int, lang: Lang) -> list[str]:
        """Names of platforms 一证通查 covers that are not listed on this number yet."""
        listed = {a.platform_id for a in self.store.accounts() if a.number_id == number_id}
        return [
            p.name.get(lang)
            for p in self.catalog.platforms.values()
            if p.covered_by_yzt and p.id not in listed
        ]

    def check_import(self, path: Path) -> ImportCheck:
        """Dry-run an import into a scratch database: what it would add, or every problem.

        The scratch copy runs the very same validation as the real import, and the
        user's database is not touched.
        """
        from acctexit.store import ImportFileError, Store
        from acctexit.store.exchange import import_file

        with tempfile.TemporaryDirectory(prefix="acctexit-preview-") as folder:
            scratch = Store.open(Path(folder) / "preview.sqlite3")
            try:
                import_file(scratch, path)
                return ImportCheck(
                    numbers=tuple(scratch.numbers()),
                    accounts=tuple(scratch.accounts()),
                    steps=sum(
                        1 for s in scratch.step_states().values() if s is not StepStatus.OPEN
                    ),
                )
            except ImportFileError as exc:
                return ImportCheck(problems=tuple(exc.problems))
            finally:
                scratch.close()

    def import_file(self, path: Path) -> None:
        from acctexit.store.exchange import import_file

        import_file(self.store, path)


class ImportCheck(Struct, frozen=True):
    numbers: tuple[PhoneNumber, ...] = ()
    accounts: tuple[Account, ...] = ()
    steps: int = 0  # steps the file marks done or skipped
    problems: tuple[ImportProblem, ...] = ()  # show with acctexit.i18n.problem_reason
