"""Recycling risk: how dangerous each binding is, explained in plain words.

Pure: no I/O, no clock (`today` is a parameter). The model and its weights are
documented, with evidence, in docs/risk.md:

    score = 100 × takeover ease × exposure

    takeover ease = phone use (SMS login 1.0 > SMS reset 0.8 > second factor 0.3)
                  × number state (kept 0.15 < will cancel 0.6 < cancelled/frozen 0.85
                                  < past the earliest re-issue date 1.0)
    exposure      = points for what the next holder would get, capped at 100

Every factor that contributes adds a reason, so no score is unexplained.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date

from acctexit.domain import reasons as R
from acctexit.domain.deadlines import reissue_date  # the one rule; importable from here too
from acctexit.domain.message import Listed
from acctexit.domain.models import (
    Account,
    AccountRisk,
    Category,
    NumberRisk,
    NumberState,
    PhoneNumber,
    PhoneUse,
    Platform,
    RiskLevel,
    StepKey,
    StepKind,
    StepStatus,
    Text,
    Words,
)
from acctexit.domain.reconcile import Comparison, Verdict
from acctexit.domain.safety import logged_statuses, long_unused, safety_and_done_kinds

# --- weights (see docs/risk.md for the why) -----------------------------------

PHONE_EASE: dict[PhoneUse, float] = {
    PhoneUse.SMS_LOGIN: 1.0,
    PhoneUse.SMS_RESET: 0.8,
    PhoneUse.SECOND_FACTOR: 0.3,
}
PHONE_EASE_UNKNOWN = 0.5

STATE_KEPT = 0.15
STATE_WILL_CANCEL = 0.6
STATE_FROZEN = 0.85  # on the cancel date; it rises towards …
STATE_FROZEN_MAX = 0.95  # … this on the eve of the earliest re-issue date
STATE_REISSUED = 1.0

POINTS_PERSONAL = 20  # every account: name, ID number, history
POINTS_BALANCE = 25  # money in the account
POINTS_BALANCE_UNKNOWN = 15  # platform holds funds, balance not entered
POINTS_CARD_FIRST = 20
POINTS_CARD_MORE = 5  # each further card …
POINTS_CARDS_MAX = 35  # … up to this
POINTS_CARDS_UNKNOWN = 12
POINTS_PASSWORD_FREE = 20
POINTS_PASSWORD_FREE_UNKNOWN = 10
POINTS_CONTACTS = 15  # social: friends to defraud
POINTS_ORDERS = 10  # commerce / life: addresses, orders
POINTS_PER_SIGN_IN = 8  # each other app signing in through it …
POINTS_SIGN_INS_MAX = 30  # … up to this
POINTS_SIGN_INS_UNKNOWN = 8  # identity provider, nothing entered
EXPOSURE_MAX = 100

LEVEL_CRITICAL = 70
LEVEL_HIGH = 45
LEVEL_MEDIUM = 20


def level_for(score: int) -> RiskLevel:
    if score >= LEVEL_CRITICAL:
        return RiskLevel.CRITICAL
    if score >= LEVEL_HIGH:
        return RiskLevel.HIGH
    if score >= LEVEL_MEDIUM:
        return RiskLevel.MEDIUM
    return RiskLevel.LOW


def state_ease(number: PhoneNumber, today: date) -> tuple[float, Words]:
    if number.state is NumberState.KEPT:
        return STATE_KEPT, R.NUMBER_KEPT
    when = reissue_date(number)
    if when is None:
        if number.state is NumberState.WILL_CANCEL:
            return STATE_WILL_CANCEL, R.NUMBER_CANCEL_UNDATED
        return STATE_FROZEN, R.NUMBER_CANCELLED_UNDATED
    days = (when - today).days
    if days <= 0:  # from the re-issue date on, by the dates whatever the state says
        return STATE_REISSUED, R.number_reissued_since(when)
    if (
        number.state is NumberState.WILL_CANCEL
        and number.cancel_date is not None
        and (number.cancel_date > today)
    ):
        return STATE_WILL_CANCEL, R.number_reissue_in(days, when)
    return frozen_ease(number, days), R.number_reissue_in(days, when)


def frozen_ease(number: PhoneNumber, days_left: int) -> float:
    """The frozen weight rises as re-issue approaches: the freeze has no legal minimum,
    so each day closer makes an early re-issue more likely."""
    freeze = max(1, number.freeze_days)
    elapsed = min(1.0, max(0.0, (freeze - days_left) / freeze))
    return STATE_FROZEN + (STATE_FROZEN_MAX - STATE_FROZEN) * elapsed


def phone_ease(platform: Platform) -> tuple[float, Words]:
    best: PhoneUse | None = None
    for use in platform.phone_use:
        if best is None or PHONE_EASE[use] > PHONE_EASE[best]:
            best = use
    if best is None:
        return PHONE_EASE_UNKNOWN, R.PHONE_USE_UNKNOWN
    return PHONE_EASE[best], R.PHONE_USE[best]


def _dependant_names(dependants: Sequence[Account], names: Sequence[Words]) -> Listed:
    """Up to three names: the given ones (platform names), else labels or platform ids."""
    shown = tuple(names[:3]) or tuple(Text(d.label or d.platform_id) for d in dependants[:3])
    return Listed(shown, more=max(len(names), len(dependants)) > 3)


def exposure(
    platform: Platform,
    account: Account,
    dependants: Sequence[Account] = (),
    dependant_names: Sequence[Words] = (),
    done: frozenset[StepKind] = frozenset(),
) -> tuple[int, list[Words]]:
    """Points (0..100) for what the next holder would get, with a reason for each.

    `done` holds the kinds of the account's steps already done: money withdrawn,
    cards unbound, password-free payments cancelled or authorisations revoked
    no longer count, whatever the account's facts still say.
    """
    points = POINTS_PERSONAL
    why: list[Words] = [R.PERSONAL_DATA]
    if StepKind.WITHDRAW_BALANCE in done:
        pass
    elif account.balance is not None and account.balance > 0:
        points += POINTS_BALANCE
        why.append(R.balance(account.balance))
    elif account.balance is None and platform.holds_funds:
        points += POINTS_BALANCE_UNKNOWN
        why.append(R.BALANCE_UNKNOWN)
    if StepKind.UNBIND_CARDS in done:
        pass
    elif account.bank_cards is not None and account.bank_cards > 0:
        extra = POINTS_CARD_MORE * (account.bank_cards - 1)
        points += min(POINTS_CARDS_MAX, POINTS_CARD_FIRST + extra)
        why.append(R.cards(account.bank_cards))
    elif account.bank_cards is None and platform.holds_cards:
        points += POINTS_CARDS_UNKNOWN
        why.append(R.CARDS_UNKNOWN)
    if StepKind.CANCEL_PASSWORD_FREE in done:
        pass
    elif account.password_free:
        points += POINTS_PASSWORD_FREE
        why.append(R.PASSWORD_FREE)
    elif account.password_free is None and platform.password_free_payments:
        points += POINTS_PASSWORD_FREE_UNKNOWN
        why.append(R.PASSWORD_FREE_UNKNOWN)
    if platform.category is Category.SOCIAL:
        points += POINTS_CONTACTS
        why.append(R.CONTACTS)
    elif platform.category in (Category.COMMERCE, Category.LIFE):
        points += POINTS_ORDERS
        why.append(R.ORDERS)
    sign_ins = len(dependants) + (account.linked_apps or 0)
    if StepKind.REVOKE_AUTHORISATIONS in done:
        pass
    elif sign_ins > 0:
        points += min(POINTS_SIGN_INS_MAX, POINTS_PER_SIGN_IN * sign_ins)
        why.append(R.sign_ins(sign_ins, _dependant_names(dependants, dependant_names)))
    elif account.linked_apps is None and platform.identity_provider:
        points += POINTS_SIGN_INS_UNKNOWN
        why.append(R.SIGN_INS_UNKNOWN)
    return min(EXPOSURE_MAX, points), why


def assess_account(
    platform: Platform,
    account: Account,
    number: PhoneNumber,
    states: Mapping[StepKey, StepStatus],
    today: date,
    *,
    dependants: Sequence[Account] = (),
    dependant_names: Sequence[Words] = (),
) -> AccountRisk:
    """Score (0..100), level and reasons for one account bound to `number`.

    `dependants` are the user's accounts whose `sign_in_via` is this platform;
    `dependant_names` (optional) names them in the reason, e.g. their platforms.
    """
    statuses = logged_statuses(platform, account, states)
    safe, done = safety_and_done_kinds(platform, statuses, long_unused(account, today))
    return assess_from(
        platform,
        account,
        safe,
        phone_ease(platform),
        state_ease(number, today),
        done,
        dependants,
        dependant_names,
        unused=long_unused(account, today),
    )


def assess_from(
    platform: Platform,
    account: Account,
    resolved: Words | None,
    phone: tuple[float, Words],
    state: tuple[float, Words],
    done: frozenset[StepKind],
    dependants: Sequence[Account] = (),
    dependant_names: Sequence[Words] = (),
    memo: dict[tuple[object, ...], tuple[int, list[Words]]] | None = None,
    unused: bool = False,
) -> AccountRisk:
    """`assess_account` from parts the plan computes once: per account
    (`safety.safety_and_done_kinds`), per platform (`phone_ease`) and per number (`state_ease`).
    `unused`: the account is `safety.long_unused` (a done rebind is then said not to be
    enough).

    `memo` (one dict per plan build, with one catalog) shares the exposure between
    accounts on the same platform with the same facts and done steps and nothing signing
    in through them: it depends on nothing else, and such twins are common (facts not
    entered). The key holds no `Text`: hashing those runs Python code.
    """
    if resolved is not None:
        return resolved_risk(account.id, resolved)
    if memo is None or dependants or dependant_names:
        points, exposure_why = exposure(platform, account, dependants, dependant_names, done)
    else:
        a = account
        key = (platform.id, a.balance, a.bank_cards, a.password_free, a.linked_apps, done)
        known = memo.get(key)
        if known is None:
            known = memo[key] = exposure(platform, account, done=done)
        points, exposure_why = known
    score = max(0, min(100, round(phone[0] * state[0] * points)))
    why = (phone[1], state[1], *exposure_why)
    if unused and StepKind.REBIND_PHONE in done and account.last_used is not None:
        why += (R.long_unused(account.last_used),)
    return AccountRisk(account.id, score, level_for(score), why)


def resolved_risk(account_id: int, resolved: Words) -> AccountRisk:
    """The risk of an account `safety` says is safe: none, and why."""
    why = _RESOLVED_WHY.get(id(resolved)) or (resolved,)
    return AccountRisk(account_id, 0, RiskLevel.RESOLVED, why)


# The reasons of a safe account, one tuple per reason (`safety_and_done_kinds` gives
# one of these three), not one per account: at 10,000 accounts most are resolved. By
# id: the module's constants live as long as the program.
_RESOLVED_WHY: dict[int, tuple[Words]] = {
    id(t): (t,) for t in (R.RESOLVED_REBOUND, R.RESOLVED_DEREGISTERED, R.RESOLVED_ALL_DONE)
}


def assess_number(
    number: PhoneNumber, account_risks: Sequence[AccountRisk], today: date, *, yzt_recorded: int
) -> NumberRisk:
    """Re-issue date, countdown and the accounts of each level still bound to it.

    `yzt_recorded`: the listed accounts on platforms 一证通查 covers
    (`acctexit.domain.reconcile`), what its count is compared with.

    The counts are `counts`; the reasons hold no level words (their one vocabulary is
    the text mechanism's, `level_*` in data/strings.toml: the caller words the counts).
    """
    when = reissue_date(number)
    days_left = None if when is None else (when - today).days
    counts = {level: 0 for level in RiskLevel}
    for risk in account_risks:
        counts[risk.level] += 1
    why: list[Words] = []
    if number.state is NumberState.WILL_CANCEL and number.cancel_date is not None:
        why.append(R.number_will_cancel(number.cancel_date))
    elif number.state is NumberState.CANCELLED and number.cancel_date is not None:
        why.append(R.number_cancelled(number.cancel_date))
    why.append(state_ease(number, today)[1])
    yzt = Comparison(number.yzt_count, yzt_recorded)
    if yzt.reported is not None and yzt.verdict is Verdict.MORE:
        why.append(R.yzt_gap(yzt.reported, yzt.recorded))
    return NumberRisk(number.id, number.state, when, days_left, counts, tuple(why))
