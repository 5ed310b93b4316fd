"""Eligibility: the earliest date a step is possible, and what stands in its way.

Evaluates a step's conditions for one account: quiet periods after a sensitive change,
days since the last order or since orders closed, regret periods (when the step is
final), review days, daily attempts, deletion only by inactivity, and the facts that
must be true first (zero balance, no cards, no password-free payments, no linked apps).
A date that needs a fact the user has not entered is not guessed: the step says which
fact it needs (`needs`). Open blockers push the start (`start`).

A step's deadline too (`deadline`, `too_late_notes`): a step that needs a code sent to
the old number must be done by the cancel date (domain/deadlines.py); if its earliest
date is later, or the date has passed, it says so and offers what remains (rebind now
and close later from the new number; support and an appeal with ID).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date

from msgspec import Struct, field

from acctexit.domain import reasons as R
from acctexit.domain.dates import add_days, later
from acctexit.domain.models import (
    Account,
    Condition,
    ConditionKind,
    DeletionMethod,
    Platform,
    Step,
    StepKind,
    Words,
)
from acctexit.domain.safety import main_deregister


class Eval(Struct):
    possible_from: date | None = None
    final_on: date | None = None
    impossible: Words | None = None
    needs: list[str] = field(default_factory=list)
    notes: list[Words] = field(default_factory=list)

    def need(self, fact: str) -> None:
        if fact not in self.needs:
            self.needs.append(fact)


def _date_rule(
    ev: Eval,
    cond: Condition,
    fact: str,
    start: date | None,
    today: date,
    note_fn: Callable[[int, date, date, date], Words],
    rule: Words,
) -> None:
    if cond.days is None:
        ev.notes.append(cond.text)
        return
    if start is None:
        ev.need(fact)
        ev.notes.append(R.needs_fact(fact, cond.text or rule))
        return
    when = add_days(start, cond.days)
    ev.notes.append(note_fn(cond.days, start, when, today))
    if when > today:
        ev.possible_from = later(ev.possible_from, when)


def evaluate(
    conditions: Sequence[Condition],
    platform: Platform | None,
    account: Account | None,
    done_kinds: frozenset[StepKind],
    open_signins: int,
    today: date,
    start: date | None = None,
) -> Eval:
    ev = Eval(possible_from=start)
    regret: list[int] = []
    for c in conditions:
        k = c.kind
        if account is None:  # per-number step: no account facts to compute with
            if k is ConditionKind.REGRET_DAYS and c.days is not None:
                regret.append(c.days)
            else:
                ev.notes.append(c.text)
            continue
        if k is ConditionKind.QUIET_AFTER_CHANGE:
            _date_rule(
                ev, c, "last_sensitive_change", account.last_sensitive_change, today,
                R.quiet_after_change, R.RULE_QUIET,
            )  # fmt: skip
        elif k is ConditionKind.DAYS_SINCE_LAST_ORDER:
            _date_rule(
                ev, c, "last_order", account.last_order, today,
                R.since_last_order, R.RULE_LAST_ORDER,
            )  # fmt: skip
        elif k is ConditionKind.DAYS_SINCE_ORDERS_CLOSED:
            _date_rule(
                ev, c, "orders_closed", account.orders_closed, today,
                R.since_orders_closed, R.RULE_ORDERS_CLOSED,
            )  # fmt: skip
        elif k is ConditionKind.REGRET_DAYS:
            if c.days is None:
                ev.notes.append(c.text)
            else:
                regret.append(c.days)
        elif k is ConditionKind.REVIEW_DAYS:
            ev.notes.append(R.review(c.days) if c.days is not None else c.text)
        elif k is ConditionKind.DAILY_ATTEMPTS:
            ev.notes.append(R.daily_attempts(c.days) if c.days is not None else c.text)
        elif k is ConditionKind.INACTIVITY_DELETION:
            days = (
                c.days if c.days is not None else (platform.inactivity_days if platform else None)
            )
            if days is None:
                ev.notes.append(c.text)
                continue
            when = add_days(account.last_used, days) if account.last_used else None
            if when is None:
                ev.need("last_used")
            only_way = platform is not None and platform.deletion_method in (
                DeletionMethod.INACTIVITY,
                DeletionMethod.IMPOSSIBLE,
            )
            if only_way:
                ev.impossible = R.inactivity_impossible(days, when)
                ev.final_on = when
            else:
                ev.notes.append(R.inactivity_alternative(days, when))
        elif k is ConditionKind.ZERO_BALANCE:
            if StepKind.WITHDRAW_BALANCE in done_kinds or account.balance == 0:
                ev.notes.append(R.BALANCE_ZERO)
            elif account.balance is None:
                ev.need("balance")
                ev.notes.append(R.needs_fact("balance", c.text))
            else:
                ev.notes.append(R.withdraw_first(account.balance))
        elif k is ConditionKind.NO_CARDS:
            if StepKind.UNBIND_CARDS in done_kinds or account.bank_cards == 0:
                ev.notes.append(R.CARDS_ZERO)
            elif account.bank_cards is None:
                ev.need("bank_cards")
                ev.notes.append(R.needs_fact("bank_cards", c.text))
            else:
                ev.notes.append(R.unbind_cards_first(account.bank_cards))
        elif k is ConditionKind.NO_PASSWORD_FREE:
            if StepKind.CANCEL_PASSWORD_FREE in done_kinds or account.password_free is False:
                ev.notes.append(R.PASSWORD_FREE_OFF)
            elif account.password_free is None:
                ev.need("password_free")
                ev.notes.append(R.needs_fact("password_free", c.text))
            else:
                ev.notes.append(R.PASSWORD_FREE_FIRST)
        elif k is ConditionKind.NO_LINKED_APPS:
            if StepKind.REVOKE_AUTHORISATIONS in done_kinds:
                ev.notes.append(R.LINKED_APPS_NONE)
            elif open_signins + (account.linked_apps or 0) > 0:
                ev.notes.append(R.linked_apps_first(open_signins + (account.linked_apps or 0)))
            elif account.linked_apps is None:
                ev.need("linked_apps")
                ev.notes.append(R.needs_fact("linked_apps", c.text))
            else:
                ev.notes.append(R.LINKED_APPS_NONE)
        else:  # MANUAL and anything new: the catalog's own words
            ev.notes.append(c.text)
    if regret:
        days = max(regret)
        ev.final_on = add_days(ev.possible_from or today, days)
        ev.notes.append(R.regret(days, ev.final_on))
    return ev


def step_conditions(platform: Platform, step: Step) -> tuple[Condition, ...]:
    """The main DEREGISTER step (not a payment arm's) also carries the platform-wide
    conditions it does not restate."""
    if not platform.conditions or step is not main_deregister(platform):
        return step.conditions
    kinds = {c.kind for c in step.conditions}
    extra = tuple(c for c in platform.conditions if c.kind not in kinds)
    return step.conditions + extra


def deletion_fallback(platform: Platform, step: Step, ev: Eval, account: Account) -> None:
    """Platforms with no self-service deletion: say so even if no condition does."""
    if step.kind is not StepKind.DEREGISTER or ev.impossible is not None:
        return
    if platform.deletion_method is DeletionMethod.IMPOSSIBLE:
        ev.impossible = R.IMPOSSIBLE
    elif platform.deletion_method is DeletionMethod.INACTIVITY and platform.inactivity_days:
        when = add_days(account.last_used, platform.inactivity_days) if account.last_used else None
        if when is None:
            ev.need("last_used")
        ev.impossible = R.inactivity_impossible(platform.inactivity_days, when)
        ev.final_on = when


def earliest_date(
    possible_from: date | None, impossible: Words | None, needs: Sequence[str], today: date
) -> date | None:
    """The first day the step can be done: `possible_from`, else today. None when it is
    not possible at all, or when a date it depends on is not entered (not guessed)."""
    if impossible is not None:
        return None
    if possible_from is not None:
        return possible_from
    if any(f in R.DATED_FACTS for f in needs):
        return None
    return today


def deadline(cancel: date | None, done_kinds: frozenset[StepKind]) -> date | None:
    """The do-by date of an open step that needs the old number: the cancel date.

    None once any REBIND_PHONE step of the account is done (Alipay's move to a
    temporary number included): its codes go to another number.
    """
    return None if cancel is None or StepKind.REBIND_PHONE in done_kinds else cancel


def too_late_notes(
    step: Step, earliest: date | None, do_by: date, rebind_open: bool, today: date
) -> tuple[Words, ...]:
    """Why a step no longer fits before its do-by date (`deadlines.feasible` said no),
    and what to do instead: the way that still fits first (move to the new number now,
    close later from there), then support; after the date, the appeal route."""
    if today > do_by or earliest is None:
        return (R.old_number_gone(do_by), R.APPEAL_ROUTE)
    notes = [R.too_late(earliest, do_by)]
    if step.kind is not StepKind.REBIND_PHONE and rebind_open:
        notes.append(R.REBIND_INSTEAD)
    notes.append(R.SUPPORT_ROUTE)
    return tuple(notes)
