"""What the screens show: one store, the catalog and today's date, read and derived.

`Workspace.read` takes the rows from the store (on the store's thread) and
`Workspace.compute` derives the plan and the risks from them (pure, so it may run
in a worker): a `Snapshot`, derived once per change and kept until the next one.
Changes go through `acctexit.app.actions`; screens never touch the store.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from datetime import date
from functools import cached_property
from typing import TYPE_CHECKING

from msgspec import Struct
from msgspec.structs import replace

from acctexit.domain.models import (
    Account,
    AccountRisk,
    Catalog,
    Lang,
    LogEntry,
    NumberRisk,
    OwnService,
    PhoneNumber,
    Platform,
    StepKey,
    StepStatus,
)
from acctexit.domain.own import account_title, ordinals, with_own
from acctexit.domain.plan import Plan, build_plan
from acctexit.domain.risk import assess_account

if TYPE_CHECKING:
    from acctexit.store import Store as Store  # the type callers above name

LOG_PANE_ROWS = 60  # the log pane shows about ten; a little history to scroll


class StoreView(Struct, frozen=True):
    """Rows read from the store in one go, to be turned into a `Snapshot`."""

    numbers: tuple[PhoneNumber, ...]
    accounts: tuple[Account, ...]
    states: Mapping[StepKey, StepStatus]
    recent_log: tuple[LogEntry, ...]
    own_services: tuple[OwnService, ...] = ()


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

    @cached_property
    def ordinals(self) -> dict[int, int]:
        """account id → "#n" among unlabelled accounts of one platform on one number."""
        return ordinals(self.accounts)

    def per_number(self) -> dict[int, tuple[int, int]]:
        """number id → (accounts on it, how many of them are safe). "Safe" is the
        domain's one rule (`acctexit.domain.safety`), which each number's risk counts
        as its RESOLVED level: one C-speed count of the accounts, no walk per account."""
        from collections import Counter
        from operator import attrgetter

        from acctexit.domain.models import RiskLevel

        on = Counter(map(attrgetter("number_id"), self.accounts))
        totals = {}
        for number in self.numbers:
            risk = self.number_risks.get(number.id)
            safe = risk.counts.get(RiskLevel.RESOLVED, 0) if risk is not None else 0
            totals[number.id] = (on[number.id], safe)
        return totals


class Workspace:
    def __init__(self, store: Store, catalog: Catalog, today: date) -> None:
        self.store = store
        self.base_catalog = catalog  # the shipped one, without the user's own services
        self.today = today
        self._own: tuple[OwnService, ...] = ()
        self.catalog = catalog  # with the user's own services (see _with_own)
        self._with_own(tuple(store.own_services()))

    def _with_own(self, own: tuple[OwnService, ...]) -> Catalog:
        """The catalog plus `own`, rebuilt only when the own services changed."""
        if own != self._own:
            from acctexit.i18n import bilingual  # the generic steps' words

            self._own = own
            self.catalog = with_own(self.base_catalog, own, bilingual)
        return self.catalog

    def platform(self, platform_id: str) -> Platform | None:
        return self.catalog.get(platform_id)

    def integrity_warning(self, lang: Lang) -> str | None:
        """What the store's checks on open found, in `lang` (None: all well). The
        database is then read-only: every write is refused with the same words."""
        from acctexit.app.database import integrity_warning

        return integrity_warning(self.store, lang)

    def account_title(self, snapshot: Snapshot, account: Account, lang: Lang) -> str:
        """The account's name wherever it is shown: platform, then label or "#2"."""
        from acctexit.i18n import say

        p = self.platform(account.platform_id)
        name = p.name.get(lang) if p else account.platform_id
        return say(account_title(name, account, snapshot.ordinals), lang)

    def snapshot(self) -> Snapshot:
        return self.compute(self.read())

    def read(self) -> StoreView:
        """What the dashboard needs from the store. Call on the store's own thread."""
        return StoreView(
            numbers=tuple(self.store.numbers()),
            accounts=tuple(self.store.accounts()),
            states=self.store.step_states(),  # a read-only view the store never changes
            recent_log=tuple(self.store.recent_log(LOG_PANE_ROWS)),
            own_services=tuple(self.store.own_services()),
        )

    def compute(self, view: StoreView) -> Snapshot:
        """Plan and risks from a store view. Pure, so it may run in a worker thread."""
        # build_plan scores every account and number on the way; reuse its figures.
        with _collector_paused():
            catalog = self._with_own(view.own_services)
            plan = build_plan(catalog, view.numbers, view.accounts, view.states, self.today)
        return Snapshot(
            numbers=view.numbers,
            accounts=view.accounts,
            states=view.states,
            plan=plan,
            account_risks=plan.account_risks,
            number_risks=plan.number_risks,
            recent_log=view.recent_log,
        )

    def recent_log(self) -> tuple[LogEntry, ...]:
        """The newest log rows, as the log pane shows them."""
        return tuple(self.store.recent_log(LOG_PANE_ROWS))

    def log_count(self) -> int:
        """How many actions the log holds (the demo asks before quitting once it grew)."""
        return self.store.log_count()

    def remarks(
        self, account_id: int | None = None, number_id: int | None = None
    ) -> list[LogEntry]:
        """What the user wrote on an account, or on a number itself (and on their
        steps): notes and skips with their reasons, oldest first, however far back (the
        snapshot's log holds only the newest LOG_PANE_ROWS)."""
        return self.store.remarks_for(account_id=account_id, number_id=number_id)

    def with_new_log(self, snapshot: Snapshot) -> Snapshot:
        """`snapshot` with the log re-read: for a write that changes nothing the plan
        depends on (a note), so the plan is kept instead of derived again."""
        return replace(snapshot, recent_log=self.recent_log())

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

    def provider_choices(self, lang: Lang) -> list[tuple[str, str]]:
        """Platforms other apps sign in through, for the "signs in via" field."""
        return [
            (p.id, p.name.get(lang)) for p in self.catalog.platforms.values() if p.identity_provider
        ]

    def yzt_missing(self, snapshot: Snapshot, number_id: int, lang: Lang) -> list[str]:
        """Names of platforms 一证通查 covers that are not listed on this number yet."""
        listed = {a.platform_id for a in snapshot.accounts if a.number_id == number_id}
        return [
            p.name.get(lang)
            for p in self.catalog.platforms.values()
            if p.covered_by_yzt and p.id not in listed
        ]


@contextmanager
def _collector_paused() -> Iterator[None]:
    """The cyclic GC held for the plan build: ~150,000 objects at 10,000 accounts and
    no reference cycles among them, so every collection it would trigger finds nothing
    (~100 ms of collections at 10,000 accounts). Left alone if the caller has paused it
    (start-up, `acctexit.tui.startup`)."""
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()
