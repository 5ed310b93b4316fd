"""What the risk and plan engines say about each number and step, as messages. Pure.

Every number the risk and plan engines produce comes with one of these, so the
user never sees an unexplained score or date. Each is a `Msg`: a key of
data/strings.toml (`reason_*`, in both languages there) and its arguments; the layer
that shows it says it in the user's language (`acctexit.i18n.say`).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from acctexit.domain.message import Clause, Listed, Msg, msg
from acctexit.domain.models import Phase, PhoneUse, Text, Words

# --- risk: how easily the next holder takes the account over -----------------

PHONE_USE: dict[PhoneUse, Msg] = {use: Msg(f"reason_phone_{use.value}") for use in PhoneUse}
PHONE_USE_UNKNOWN = Msg("reason_phone_unknown")

NUMBER_KEPT = Msg("reason_number_kept")
NUMBER_CANCEL_UNDATED = Msg("reason_number_cancel_undated")
NUMBER_CANCELLED_UNDATED = Msg("reason_number_cancelled_undated")


def number_reissue_in(days: int, when: date) -> Msg:
    if days == 0:
        return msg("reason_reissue_today", date=when)
    return msg("reason_reissue_in", days=days, date=when)


def number_reissued_since(when: date) -> Msg:
    return msg("reason_reissued_since", date=when)


def number_will_cancel(on: date) -> Msg:
    return msg("reason_number_will_cancel", date=on)


def number_cancelled(on: date) -> Msg:
    return msg("reason_number_cancelled", date=on)


# --- risk: what the next holder would get -------------------------------------

PERSONAL_DATA = Msg("reason_personal_data")


def balance(amount: float) -> Msg:
    return msg("reason_balance", amount=amount)


BALANCE_UNKNOWN = Msg("reason_balance_unknown")


def cards(n: int) -> Msg:
    return msg("reason_cards", n=n)


CARDS_UNKNOWN = Msg("reason_cards_unknown")
PASSWORD_FREE = Msg("reason_password_free")
PASSWORD_FREE_UNKNOWN = Msg("reason_password_free_unknown")
CONTACTS = Msg("reason_contacts")
ORDERS = Msg("reason_orders")


def sign_ins(n: int, names: Listed | None = None) -> Msg:
    """`n` other apps sign in through the account; `names` (if any) names some."""
    if names is None or not names.items:
        return msg("reason_sign_ins", n=n)
    return msg("reason_sign_ins_named", n=n, names=names)


SIGN_INS_UNKNOWN = Msg("reason_sign_ins_unknown")

RESOLVED_REBOUND = Msg("reason_resolved_rebound")
RESOLVED_DEREGISTERED = Msg("reason_resolved_deregistered")
RESOLVED_ALL_DONE = Msg("reason_resolved_all_done")


def long_unused(last_used: date) -> Msg:
    """Why moving the number did not make a long-unused account safe (seed 003)."""
    return msg("reason_long_unused", date=last_used)


def yzt_gap(reported: int, listed: int) -> Msg:
    return msg("reason_yzt_gap", reported=reported, listed=listed)


# --- plan notes ---------------------------------------------------------------

DATED_FACTS = frozenset({"last_sensitive_change", "last_order", "orders_closed", "last_used"})


def needs_fact(fact: str, rule: Words) -> Msg:
    """A condition that cannot be evaluated because the user has not entered `fact`
    (named by its `fact_*` string, as the steps pane's "needs" line names it). The
    rule loses its final punctuation: the sentence goes on after it."""
    key = "reason_needs_date_fact" if fact in DATED_FACTS else "reason_needs_fact"
    return msg(key, rule=Clause(rule), fact=Msg(f"fact_{fact}"))


def _from(when: date, today: date) -> Msg:
    if when <= today:
        return msg("reason_met_since", date=when)
    return msg("reason_from", date=when)


def quiet_after_change(days: int, changed: date, when: date, today: date) -> Msg:
    return msg("reason_quiet_after_change", days=days, changed=changed, when=_from(when, today))


def since_last_order(days: int, last: date, when: date, today: date) -> Msg:
    return msg("reason_since_last_order", days=days, last=last, when=_from(when, today))


def since_orders_closed(days: int, closed: date, when: date, today: date) -> Msg:
    return msg("reason_since_orders_closed", days=days, closed=closed, when=_from(when, today))


RULE_QUIET = Msg("reason_rule_quiet")
RULE_LAST_ORDER = Msg("reason_rule_last_order")
RULE_ORDERS_CLOSED = Msg("reason_rule_orders_closed")


def regret(days: int, final: date) -> Msg:
    return msg("reason_regret", days=days, date=final)


def review(days: int) -> Msg:
    return msg("reason_review", days=days)


def daily_attempts(n: int) -> Msg:
    return msg("reason_daily_attempts", times=n)


def inactivity_impossible(days: int, when: date | None) -> Msg:
    if when is None:
        return msg("reason_inactivity_impossible_undated", days=days)
    return msg("reason_inactivity_impossible", days=days, date=when)


def inactivity_alternative(days: int, when: date | None) -> Msg:
    if when is None:
        return msg("reason_inactivity_alternative_undated", days=days)
    return msg("reason_inactivity_alternative", days=days, date=when)


IMPOSSIBLE = Msg("reason_impossible")


def withdraw_first(amount: float) -> Msg:
    return msg("reason_withdraw_first", amount=amount)


BALANCE_ZERO = Msg("reason_balance_zero")


def unbind_cards_first(n: int) -> Msg:
    return msg("reason_unbind_cards_first", n=n)


CARDS_ZERO = Msg("reason_cards_zero")
PASSWORD_FREE_FIRST = Msg("reason_password_free_first")
PASSWORD_FREE_OFF = Msg("reason_password_free_off")


def linked_apps_first(n: int) -> Msg:
    return msg("reason_linked_apps_first", n=n)


LINKED_APPS_NONE = Msg("reason_linked_apps_none")


# --- plan blockers --------------------------------------------------------------


def first_do(step_texts: Sequence[Text]) -> Msg:
    quoted = tuple(msg("reason_quoted_step", step=t) for t in step_texts)
    return msg("reason_first_do", steps=Listed(quoted, sep="reason_steps_sep"))


def stop_signing_in(names: Sequence[Words], provider: Text) -> Msg:
    return msg("reason_stop_signing_in", names=Listed(tuple(names)), provider=provider)


DEREGISTER_FIRST = Msg("reason_deregister_first")


def other_accounts_first(names: Sequence[Words], count: int) -> Msg:
    """Why cancelling a number waits: the `count` other accounts on it with something
    left to do, the first of them by name."""
    listed = Listed(tuple(names))
    if count > len(names):
        return msg(
            "reason_other_accounts_first_more", names=listed, count=count, more=count - len(names)
        )
    return msg("reason_other_accounts_first", names=listed)


def phase_name(phase: Phase) -> Msg:
    """A phase by its name (`phase_*`, the one vocabulary of the phases)."""
    return Msg(f"phase_{phase.value}")


def moved_to_phase(own: Phase, placed: Phase) -> Msg:
    return msg("reason_moved_to_phase", own=phase_name(own), placed=phase_name(placed))


CIRCULAR = Msg("reason_circular")
NOT_NEEDED = Msg("reason_not_needed")
# --- plan deadlines (domain/deadlines.py) -------------------------------------------


def too_late(earliest: date, do_by: date) -> Msg:
    return msg("reason_too_late", earliest=earliest, do_by=do_by)


def old_number_gone(since: date) -> Msg:
    return msg("reason_old_number_gone", since=since)


REBIND_INSTEAD = Msg("reason_rebind_instead")
SUPPORT_ROUTE = Msg("reason_support_route")
APPEAL_ROUTE = Msg("reason_appeal_route")
