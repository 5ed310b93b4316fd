"""Every change a user can make: one function per use case, shared by the TUI and the CLI.

Each function writes through the store in one durable transaction and returns what
was written; the caller repaints from it. The rules of a use case live here and not
in the screens: which fields a kept number keeps, what an empty field in a form means,
what a second Space on a ticked step does, which platforms the picker offers.
Store errors are raised unchanged (their messages are for the user).
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterable, Mapping
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from msgspec import Struct

from acctexit.app.workspace import Snapshot, Workspace
from acctexit.domain.models import (
    Account,
    Lang,
    LogEntry,
    NumberState,
    OwnService,
    PhoneNumber,
    StepKey,
    StepStatus,
)
from acctexit.domain.own import account_title, own_platform_id
from acctexit.domain.phone import mask_number
from acctexit.domain.reconcile import Comparison, DiscoveredTotal
from acctexit.i18n import error_text, problem_reason, say, translate
from acctexit.sanitize import clean_text

if TYPE_CHECKING:
    from acctexit.store import ImportProblem
    from acctexit.store.exchange import ImportResult

# Numbers -----------------------------------------------------------------------------


class NumberFields(Struct, frozen=True):
    """A number as the number form gives it."""

    e164: str
    label: str
    carrier: str | None
    state: NumberState
    cancel_date: date | None
    freeze_days: int

    def changes(self) -> dict[str, Any]:
        # A kept number has no cancellation date, whatever the form still held.
        kept = self.state is NumberState.KEPT
        return {
            "label": self.label,
            "carrier": self.carrier,
            "state": self.state,
            "cancel_date": None if kept else self.cancel_date,
            "freeze_days": self.freeze_days,
        }


def add_number(ws: Workspace, number: NumberFields) -> PhoneNumber:
    return ws.store.add_number(number.e164, **number.changes())


def edit_number(ws: Workspace, number_id: int, number: NumberFields) -> PhoneNumber:
    return ws.store.update_number(number_id, e164=number.e164, **number.changes())


def number_taken(ws: Workspace, e164: str, *, except_id: int | None = None) -> bool:
    """Whether another of the user's numbers is `e164` already: the number form asks
    before it closes, so a duplicate is refused under the field with the input kept."""
    return any(n.e164 == e164 and n.id != except_id for n in ws.store.numbers())


def remove_number(ws: Workspace, number_id: int) -> None:
    ws.store.remove_number(number_id)


def accounts_on(snapshot: Snapshot, number_id: int) -> list[Account]:
    return [a for a in snapshot.accounts if a.number_id == number_id]


# Accounts ----------------------------------------------------------------------------


def platforms_listed(snapshot: Snapshot, number_id: int) -> frozenset[str]:
    """Platforms already listed on a number: the picker marks them (another account
    on the same platform may still be added)."""
    return frozenset(a.platform_id for a in accounts_on(snapshot, number_id))


class Added(Struct, frozen=True):
    """What `add_accounts` did: the accounts written, and each refusal's message."""

    accounts: tuple[Account, ...]
    errors: tuple[str, ...]


def add_accounts(ws: Workspace, number_id: int, platform_ids: Iterable[str], lang: Lang) -> Added:
    """One account per chosen platform; a refused one does not stop the others (its
    message is said in `lang`)."""
    added: list[Account] = []
    errors: list[str] = []
    for platform_id in platform_ids:
        try:
            added.append(ws.store.add_account(platform_id, number_id))
        except Exception as exc:  # the store's errors carry user-facing messages
            errors.append(error_text(exc, lang))
    return Added(tuple(added), tuple(errors))


def fill_in_account(ws: Workspace, account_id: int, facts: Mapping[str, Any]) -> Account | None:
    """Facts asked for right after adding: fields left empty stay unknown."""
    changes = {k: v for k, v in facts.items() if v is not None}
    return ws.store.update_account(account_id, **changes) if changes else None


def edit_account(ws: Workspace, account_id: int, facts: Mapping[str, Any]) -> Account:
    """Every editable field as the form holds it: an emptied label or hint is cleared."""
    changes = dict(facts)
    for text_field in ("label", "login_hint"):
        changes[text_field] = changes.get(text_field) or ""
    return ws.store.update_account(account_id, **changes)


def remove_account(ws: Workspace, account_id: int) -> None:
    ws.store.remove_account(account_id)


# Own services and moving accounts ------------------------------------------------------


class OwnServiceFields(Struct, frozen=True):
    """A service the catalog lacks, as the own-service form gives it (raw: the store
    puts every value through its rule in acctexit.domain.fields)."""

    name: str
    category: str
    phone_use: tuple[str, ...] = ()
    holds_funds: bool = False
    label: str = ""


def add_own_service(ws: Workspace, number_id: int, service: OwnServiceFields) -> Account:
    """Add the service and its first account on `number_id`.

    Two writes, each logged: a refused account (say, a label already used) leaves
    the service, which the picker then lists like any catalog entry."""
    own = ws.store.add_own_service(
        service.name,
        service.category,
        phone_use=service.phone_use,
        holds_funds=service.holds_funds,
    )
    return ws.store.add_account(own_platform_id(own.id), number_id, label=service.label)


def move_account(ws: Workspace, account_id: int, number_id: int) -> Account:
    """Move an account (its steps and notes with it) to another of the user's numbers."""
    return ws.store.move_account(account_id, number_id)


def move_targets(snapshot: Snapshot, account_id: int) -> list[PhoneNumber]:
    """The numbers an account can move to: every number but its own."""
    account = snapshot.account(account_id)
    if account is None:
        return []
    return [n for n in snapshot.numbers if n.id != account.number_id]


# Steps and notes ---------------------------------------------------------------------


def toggle_step(ws: Workspace, key: StepKey, committed: StepStatus) -> StepStatus:
    """Tick an open step, or undo a done or skipped one; returns the new status.

    `committed` is what the log holds now, not what the screen last showed: two
    presses queued before a repaint must tick and then undo."""
    new = StepStatus.DONE if committed is StepStatus.OPEN else StepStatus.OPEN
    ws.store.set_step(key, new)
    return new


def skip_step(ws: Workspace, key: StepKey, reason: str) -> LogEntry:
    return ws.store.set_step(key, StepStatus.SKIPPED, reason)


def add_note(
    ws: Workspace,
    text: str,
    *,
    account_id: int | None = None,
    number_id: int | None = None,
    step_id: str | None = None,
) -> LogEntry:
    return ws.store.add_note(text, account_id=account_id, number_id=number_id, step_id=step_id)


# Reconcile ---------------------------------------------------------------------------


class ReconcileFacts(Struct, frozen=True):
    """What the reconcile dialog compares, like with like (`acctexit.domain.reconcile`):
    一证通查's count with the accounts on the platforms it covers, 一键查卡's with the
    cards recorded at banks; plus a discovery's total from this session, if one ran."""

    listed: int  # every account on the number
    yzt: Comparison
    cards: Comparison
    cards_elsewhere: int  # cards recorded inside wallets: the same cards bound again
    yzt_missing: tuple[str, ...]
    discovered: DiscoveredTotal | None = None


def reconcile_facts(
    ws: Workspace,
    snapshot: Snapshot,
    number: PhoneNumber,
    lang: Lang,
    discovered: DiscoveredTotal | None = None,
) -> ReconcileFacts:
    from acctexit.domain.reconcile import card_totals, compare_yzt

    listed = accounts_on(snapshot, number.id)
    platforms = ws.catalog.platforms
    cards = card_totals(platforms, listed)
    return ReconcileFacts(
        listed=len(listed),
        yzt=compare_yzt(platforms, listed, number.yzt_count),
        cards=Comparison(number.cards_reported, cards.at_banks),
        cards_elsewhere=cards.elsewhere,
        yzt_missing=tuple(ws.yzt_missing(snapshot, number.id, lang)),
        discovered=discovered,
    )


def reconcile(
    ws: Workspace, number_id: int, yzt_count: int | None, cards_reported: int | None
) -> PhoneNumber:
    return ws.store.update_number(number_id, yzt_count=yzt_count, cards_reported=cards_reported)


# Import ------------------------------------------------------------------------------


class ImportCheck(Struct, frozen=True):
    """The outcome of an import dry-run: what it would add, or every problem."""

    numbers: tuple[PhoneNumber, ...] = ()
    accounts: tuple[Account, ...] = ()
    own_services: tuple[OwnService, ...] = ()
    steps: int = 0  # steps the file marks done or skipped
    problems: tuple[ImportProblem, ...] = ()  # in words: acctexit.i18n.problem_reason


class ImportSummary(Struct, frozen=True):
    """An `ImportCheck` in words: masked numbers with their labels, one line per
    account, the problems. `numbers_new` and `accounts_new` count only what is not in
    the database yet (the rest is matched and updated); a listed one says so."""

    numbers: tuple[str, ...]
    accounts: tuple[str, ...]
    steps: int
    problems: tuple[tuple[int | None, str], ...]
    numbers_new: int = 0
    accounts_new: int = 0


def check_import(ws: Workspace, path: Path) -> ImportCheck:
    """Dry-run an import into a scratch database: what it would add, or every problem.

    The scratch copy runs the very same validation as the real import, and the
    user's database is not touched.
    """
    from acctexit.store import ImportFileError, Store
    from acctexit.store.exchange import import_file as import_into

    with tempfile.TemporaryDirectory(prefix="acctexit-preview-") as folder:
        scratch = Store.open(Path(folder) / "preview.sqlite3")
        try:
            import_into(scratch, path, frozenset(ws.base_catalog.platforms))
            return ImportCheck(
                numbers=tuple(scratch.numbers()),
                accounts=tuple(scratch.accounts()),
                own_services=tuple(scratch.own_services()),
                steps=sum(1 for s in scratch.step_states().values() if s is not StepStatus.OPEN),
            )
        except ImportFileError as exc:
            return ImportCheck(problems=tuple(exc.problems))
        finally:
            scratch.close()


def preview_import(ws: Workspace, path: Path, lang: Lang) -> ImportSummary:
    """`check_import`, described for the preview dialog (numbers masked): each number
    and account with its label, marked when the database already has it."""
    check = check_import(ws, path)
    by_id = {n.id: n for n in check.numbers}
    stored = ws.store.numbers()
    have = {n.e164 for n in stored}
    e164_of = {n.id: n.e164 for n in stored}
    own_names = {own_platform_id(o.id): o.name for o in ws.store.own_services()}
    have_accounts = {
        (
            f"own:{own_names[a.platform_id]}" if a.platform_id in own_names else a.platform_id,
            e164_of.get(a.number_id, ""),
            a.label,
        )
        for a in ws.store.accounts()
    }
    listed = translate("import_already_listed", lang)

    own = {f"own:{o.id}": o.name for o in check.own_services}

    def name(platform_id: str) -> str:
        platform = ws.platform(platform_id)
        if platform_id in own:  # the scratch database's own ids are not ours
            return own[platform_id]
        return platform.name.get(lang) if platform else platform_id

    def line(*parts: str, known: bool) -> str:
        text = " · ".join(clean_text(p) for p in parts if p)
        return f"{text} {listed}" if known else text

    def key(platform_id: str) -> str:
        """Own services by name: the scratch database numbers them afresh."""
        return f"own:{own[platform_id]}" if platform_id in own else platform_id

    numbers = [(n, n.e164 in have) for n in check.numbers]
    accounts = []
    for a in check.accounts:
        number = by_id.get(a.number_id)
        e164 = number.e164 if number else ""
        known = (key(a.platform_id), e164, a.label) in have_accounts
        accounts.append((a, e164, known))
    return ImportSummary(
        numbers=tuple(line(mask_number(n.e164), n.label, known=known) for n, known in numbers),
        accounts=tuple(
            line(
                say(account_title(name(a.platform_id), a), lang),
                mask_number(e164) if e164 else "",
                known=known,
            )
            for a, e164, known in accounts
        ),
        steps=check.steps,
        # A field rule's refusal in the forms' words, in the user's language.
        problems=tuple((p.line, problem_reason(p, lang)) for p in check.problems),
        numbers_new=sum(1 for _, known in numbers if not known),
        accounts_new=sum(1 for *_, known in accounts if not known),
    )


def import_file(ws: Workspace, path: Path, *, encoding: str | None = None) -> ImportResult:
    """Import all of the file or, on any problem, nothing (`ImportFileError` lists
    every problem); returns the counts. UTF-8 unless `encoding` names another."""
    from acctexit.store.exchange import import_file as import_into

    return import_into(ws.store, path, frozenset(ws.base_catalog.platforms), encoding=encoding)
