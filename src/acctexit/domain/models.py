"""Shared domain types: the vocabulary every layer speaks.

Pure data, no I/O and no Textual. The catalog loader builds `Platform`s, the
store builds `PhoneNumber`s, `Account`s and `LogEntry`s, and the risk and plan
engines turn them into `AccountRisk`, `NumberRisk` and `Plan`.

Records are frozen `msgspec.Struct`s rather than dataclasses: a frozen dataclass costs
≈ 0.6 ms to define (it compiles its methods at import: ≈ 20 ms of every start across
the app) and ≈ 0.7 µs to construct, a Struct ≈ 0.02 ms and ≈ 0.1 µs; both compare,
hash and print by value. `gc=False`: these values only point down at other values,
never back, so they cannot be part of a reference cycle, and leaving them out of the
cyclic garbage collector's sight saves its time and 16 bytes each at 10,000 accounts.
"""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from typing import Literal

from msgspec import Struct, field

# The log's vocabulary lives in domain/log.py; every layer has long imported it from here.
from acctexit.domain.log import LogEntry as LogEntry
from acctexit.domain.log import StepKey as StepKey
from acctexit.domain.log import StepStatus as StepStatus
from acctexit.domain.log import Verb as Verb
from acctexit.domain.log import derive_step_states as derive_step_states
from acctexit.domain.message import Msg

Lang = Literal["zh", "en"]
OTHER_LANG: dict[Lang, Lang] = {"zh": "en", "en": "zh"}  # what L switches to
PATH_SEPARATOR = " › "


class Text(Struct, frozen=True, gc=False):
    """A bilingual string. Chinese is always present; English may be missing."""

    zh: str
    en: str | None = None

    def get(self, lang: Lang) -> str:
        if lang == "en" and self.en:
            return self.en
        return self.zh


# What a reason or a note says: the catalog's own words (`Text`), or a message of the
# string tables (`Msg`, said in the user's language by `acctexit.i18n.say`).
Words = Text | Msg


class Category(StrEnum):
    """What a platform is. Each category's accounts are dealt with in one plan phase
    (`Phase.for_category`); two categories may share a phase."""

    FINANCE = "finance"
    GOVERNMENT = "government"  # tax, social security, ID services: in the finance phase
    SOCIAL = "social"
    COMMERCE = "commerce"
    LIFE = "life"
    OTHER = "other"


class Phase(StrEnum):
    """Plan phases, in the order the user works through them."""

    DISCOVER = "discover"
    FINANCE = "finance"
    SOCIAL = "social"
    COMMERCE = "commerce"
    LIFE = "life"
    OTHER = "other"
    AFTERCARE = "aftercare"

    @property
    def order(self) -> int:
        return _PHASE_ORDER[self]

    @classmethod
    def for_category(cls, category: Category) -> Phase:
        return _PHASE_OF_CATEGORY[category]


# Looked up per row when sorting thousands of accounts: a dict, not list.index.
_PHASE_ORDER: dict[Phase, int] = {phase: i for i, phase in enumerate(Phase)}

# Government apps hold tax refunds, ID documents and bank cards: they are dealt with
# alongside the money, so there is no phase of their own.
_PHASE_OF_CATEGORY: dict[Category, Phase] = {
    Category.FINANCE: Phase.FINANCE,
    Category.GOVERNMENT: Phase.FINANCE,
    Category.SOCIAL: Phase.SOCIAL,
    Category.COMMERCE: Phase.COMMERCE,
    Category.LIFE: Phase.LIFE,
    Category.OTHER: Phase.OTHER,
}


class Grade(StrEnum):
    """How hard it is to delete the account, on the scale of the best-known global
    deletion directory, so users can compare."""

    EASY = "easy"  # a self-service deletion that works at once
    MEDIUM = "medium"  # self-service, with conditions or a waiting period
    HARD = "hard"  # support contact, ID verification or long conditions
    LIMITED = "limited"  # only partial deletion (unbind, clear data) or by inactivity
    IMPOSSIBLE = "impossible"  # no way to delete


class Confidence(StrEnum):
    """How sure the catalog is of a fact that has no authoritative source."""

    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"


class PhoneUse(StrEnum):
    """How a platform uses the phone number."""

    SMS_LOGIN = "sms_login"  # an SMS code alone signs in
    SMS_RESET = "sms_reset"  # an SMS code resets the password
    SECOND_FACTOR = "second_factor"  # SMS is only a second factor


class PhoneRole(StrEnum):
    """What the number does on a user's own service, as the user says it."""

    LOGIN = "login"  # signs in by SMS code
    RESET = "reset"  # resets the password
    SECOND_FACTOR = "second_factor"
    CONTACT = "contact"  # only a contact number


class DeletionMethod(StrEnum):
    SELF_SERVICE = "self_service"
    SUPPORT = "support"
    INACTIVITY = "inactivity"  # only closed after N days without login
    IMPOSSIBLE = "impossible"


class StepKind(StrEnum):
    CHECK = "check"  # an official look-up (discover phase)
    REBIND_PHONE = "rebind_phone"
    CANCEL_PASSWORD_FREE = "cancel_password_free"  # password-free payments, auto-debit
    UNBIND_CARDS = "unbind_cards"
    WITHDRAW_BALANCE = "withdraw_balance"
    REVOKE_AUTHORISATIONS = "revoke_authorisations"
    EXPORT_DATA = "export_data"
    CLEAR_DATA = "clear_data"
    DEREGISTER = "deregister"
    CONTACT_SUPPORT = "contact_support"
    AFTERCARE_CHECK = "aftercare_check"
    CUSTOM = "custom"  # a step the user wrote for an own service: no rule reads its kind


class ConditionKind(StrEnum):
    """Machine-checkable conditions. `days` is the day count where one applies."""

    QUIET_AFTER_CHANGE = "quiet_after_change"  # days since last sensitive change
    DAYS_SINCE_LAST_ORDER = "days_since_last_order"
    DAYS_SINCE_ORDERS_CLOSED = "days_since_orders_closed"
    ZERO_BALANCE = "zero_balance"
    NO_CARDS = "no_cards"
    NO_PASSWORD_FREE = "no_password_free"
    NO_LINKED_APPS = "no_linked_apps"  # other apps no longer sign in through it
    REVIEW_DAYS = "review_days"  # the platform reviews the request for N days
    REGRET_DAYS = "regret_days"  # deregistration is final only after N days
    DAILY_ATTEMPTS = "daily_attempts"  # `days` holds the attempts allowed per day
    INACTIVITY_DELETION = "inactivity_deletion"  # deleted after N days without login
    MANUAL = "manual"  # must be checked by the user; text only


class Condition(Struct, frozen=True, gc=False):
    kind: ConditionKind
    text: Text
    days: int | None = None
    source: str | None = None  # source id, e.g. "seed:001"


class StepGroup(Struct, frozen=True, gc=False):
    """A heading over a platform's steps, as its source groups them (seed 000's phases)."""

    id: str  # unique within its platform
    title: Text
    source: str | None = None


class Step(Struct, frozen=True, gc=False):
    """One thing the user does in an app. `id` is unique within its platform."""

    id: str
    kind: StepKind
    text: Text
    path: Text | None = None  # menu path, segments joined by PATH_SEPARATOR
    phase: Phase | None = None  # overrides the platform's phase (payment arms)
    conditions: tuple[Condition, ...] = ()
    verified: bool = False
    source: str | None = None
    # A REBIND_PHONE to a temporary number (a step on the way to closing the account):
    # doing it does not make the account safe (domain/safety.py).
    temporary: bool = False
    cancels_number: bool = False  # a carrier's DEREGISTER: listed last (plan/number_last.py)
    group: StepGroup | None = None  # the heading it is listed under


class Source(Struct, frozen=True, gc=False):
    id: str  # "seed:000" … or a short slug
    title: str
    url: str | None = None


class SmsSignature(Struct, frozen=True, gc=False):
    """The 【signature】 a platform's text messages carry, stored without brackets.

    A signature often names the company, not the app (腾讯科技 for WeChat and QQ), so
    `words` lists what in the message body tells this platform apart from the others
    claiming the same signature. A match is a suggestion for the user, never a fact.
    """

    signature: str
    confidence: Confidence
    words: tuple[str, ...] = ()
    source: str | None = None  # source id, e.g. "audit:sms"


class Platform(Struct, frozen=True, gc=False):
    id: str
    name: Text
    category: Category
    domains: tuple[str, ...] = ()
    phone_use: frozenset[PhoneUse] = frozenset()
    holds_funds: bool = False
    holds_cards: bool = False
    password_free_payments: bool = False
    identity_provider: bool = False  # other apps sign in through it
    deletion_method: DeletionMethod = DeletionMethod.SELF_SERVICE
    deletion_path: Text | None = None
    inactivity_days: int | None = None
    conditions: tuple[Condition, ...] = ()  # platform-wide facts (e.g. QQ recycling)
    steps: tuple[Step, ...] = ()
    sources: tuple[Source, ...] = ()
    verified: bool = False
    notes: Text | None = None
    covered_by_yzt: bool = False  # MIIT 一证通查 counts accounts on this platform
    grade: Grade | None = None  # None only while the data lacks one: `catalog --check` says so
    grade_reason: Text | None = None  # one line: why this grade
    checked: date | None = None  # when the entry was last checked against its sources
    sms_senders: tuple[str, ...] = ()  # stable sender numbers, e.g. "95188"
    sms: tuple[SmsSignature, ...] = ()

    def step(self, step_id: str) -> Step | None:
        return next((s for s in self.steps if s.id == step_id), None)


class NumberState(StrEnum):
    KEPT = "kept"
    WILL_CANCEL = "will_cancel"
    CANCELLED = "cancelled"


DEFAULT_FREEZE_DAYS = 90


class PhoneNumber(Struct, frozen=True, gc=False):
    id: int
    e164: str  # "+8613800000000"
    label: str = ""
    carrier: str | None = None  # "china-mobile" | "china-unicom" | "china-telecom" | other
    state: NumberState = NumberState.KEPT
    cancel_date: date | None = None
    freeze_days: int = DEFAULT_FREEZE_DAYS
    yzt_count: int | None = None  # accounts reported by 一证通查 2.0
    cards_reported: int | None = None  # cards reported by 云闪付 一键查卡


class Account(Struct, frozen=True, gc=False):
    """A user's account on one platform, bound to one of their numbers.

    Facts are optional: None means "not entered yet", and the plan says which
    fact it needs instead of guessing.
    """

    id: int
    platform_id: str
    number_id: int
    label: str = ""
    login_hint: str = ""
    balance: float | None = None  # money left in the account, CNY
    bank_cards: int | None = None
    password_free: bool | None = None
    linked_apps: int | None = None  # other apps signing in through it (beyond listed)
    sign_in_via: str | None = None  # platform id this account signs in through
    last_order: date | None = None
    orders_closed: date | None = None  # when the last open order was closed
    last_sensitive_change: date | None = None
    last_used: date | None = None


class OwnStep(Struct, frozen=True, gc=False):
    """A step the user wrote for an own service (id "mine-<n>", never reused), or their
    wording of one of its generic steps (that step's id, e.g. "rebind-phone")."""

    id: str
    title: str
    detail: str = ""


class OwnService(Struct, frozen=True, gc=False):
    """A service the user added because the catalog lacks it (domain/own.py turns it
    into a `Platform`). Accounts on it have the platform id `own:<id>`."""

    id: int
    name: str
    category: Category
    phone_use: tuple[PhoneRole, ...] = ()
    holds_funds: bool = False
    steps: tuple[OwnStep, ...] = ()  # the user's own steps, in their order
    edits: tuple[OwnStep, ...] = ()  # the user's wording of generic steps


class RiskLevel(StrEnum):
    CRITICAL = "critical"
    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"
    RESOLVED = "resolved"


class AccountRisk(Struct, frozen=True, gc=False):
    account_id: int
    score: int  # 0..100
    level: RiskLevel
    reasons: tuple[Words, ...] = ()


class NumberRisk(Struct, frozen=True, gc=False):
    number_id: int
    state: NumberState
    reissue_date: date | None  # earliest date a stranger may get the number
    days_left: int | None  # days from today to reissue_date (negative: past)
    counts: dict[RiskLevel, int] = field(default_factory=dict)
    reasons: tuple[Words, ...] = ()


class Catalog(Struct, frozen=True, gc=False):
    """The validated catalog: platforms plus the per-number official services."""

    platforms: dict[str, Platform]
    discover_steps: tuple[Step, ...] = ()  # 一证通查 2.0, 一键查卡, carrier check
    aftercare_steps: tuple[Step, ...] = ()  # high-risk list, re-check, login alerts

    def get(self, platform_id: str) -> Platform | None:
        return self.platforms.get(platform_id)
