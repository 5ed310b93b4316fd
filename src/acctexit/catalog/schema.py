"""The catalog's schema: the keys each table allows, the formats of ids, domains and
sender numbers, and `CatalogProblem` / `CatalogError`, how everything wrong is reported.

docs/catalog.md describes every field for people; this module says it for the loader
(`acctexit.catalog.platforms` and `.loader` apply it). No I/O.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import TYPE_CHECKING

from msgspec import Struct

from acctexit.domain.models import Category, ConditionKind, Phase

# Shown in messages in front of file names: paths are relative to the catalog root.
DISPLAY_ROOT = "data"

# The project's own general advice. It may be cited, but it never makes a fact verified.
EDITORIAL_SOURCE = "editorial"

# Condition kinds that need a day count (`days`; for daily_attempts: attempts per day).
DAY_KINDS = frozenset(
    {
        ConditionKind.QUIET_AFTER_CHANGE,
        ConditionKind.DAYS_SINCE_LAST_ORDER,
        ConditionKind.DAYS_SINCE_ORDERS_CLOSED,
        ConditionKind.REVIEW_DAYS,
        ConditionKind.REGRET_DAYS,
        ConditionKind.DAILY_ATTEMPTS,
        ConditionKind.INACTIVITY_DELETION,
    }
)
# Condition kinds that are yes/no facts and take no day count.
FLAG_KINDS = frozenset(
    {
        ConditionKind.ZERO_BALANCE,
        ConditionKind.NO_CARDS,
        ConditionKind.NO_PASSWORD_FREE,
        ConditionKind.NO_LINKED_APPS,
    }
)
# ConditionKind.MANUAL: text only, with an optional informative day count.

# The phases a platform's step may name: every phase a category maps to.
PLATFORM_PHASES = tuple(dict.fromkeys(Phase.for_category(c) for c in Category))

# The formats of ids, source ids, domains and sender numbers: `ID_RE`, `SOURCE_ID_RE`,
# `DOMAIN_RE`, `SENDER_RE`, compiled when first imported (by the validation, which a
# start from the compiled catalog never runs; compiling them cost ≈ 2 M instructions).
_FORMATS = {
    "ID_RE": r"^[a-z0-9]+(?:-[a-z0-9]+)*$",
    "SOURCE_ID_RE": r"^[a-z0-9]+(?:[-:][a-z0-9]+)*$",
    "DOMAIN_RE": r"^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$",
    "SENDER_RE": r"^[0-9]{3,20}$",
}
if TYPE_CHECKING:
    ID_RE: re.Pattern[str]
    SOURCE_ID_RE: re.Pattern[str]
    DOMAIN_RE: re.Pattern[str]
    SENDER_RE: re.Pattern[str]


def __getattr__(name: str) -> re.Pattern[str]:
    if name not in _FORMATS:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    compiled = globals()[name] = re.compile(_FORMATS[name])
    return compiled


BRACKETS = "【】[]［］〔〕()（）"

PLATFORM_KEYS = (
    "id",
    "name",
    "category",
    "domains",
    "phone_use",
    "holds_funds",
    "holds_cards",
    "password_free_payments",
    "identity_provider",
    "covered_by_yzt",
    "deletion_method",
    "deletion_path",
    "inactivity_days",
    "verified",
    "sources",
    "notes",
    "grade",
    "grade_reason",
    "checked",
    "sms_senders",
    "sms",
    "conditions",
    "groups",
    "steps",
)
GROUP_KEYS = ("id", "title", "source")
SMS_KEYS = ("signature", "words", "confidence", "source")
STEP_KEYS = (
    "id", "kind", "text", "path", "phase", "verified", "source", "conditions", "temporary",
    "cancels_number", "group",
)  # fmt: skip
CONDITION_KEYS = ("kind", "text", "days", "source")
TEXT_KEYS = ("zh", "en")
SOURCE_KEYS = ("id", "title", "url")
SERVICES_KEYS = ("discover", "aftercare")
SOURCES_KEYS = ("source",)


class CatalogProblem(Struct, frozen=True):
    """One thing wrong with the catalog: which file, which field, and what is wrong."""

    file: str
    field: str
    reason: str

    def __str__(self) -> str:
        if self.field:
            return f"{self.file}: {self.field}: {self.reason}"
        return f"{self.file}: {self.reason}"


class CatalogError(Exception):
    """The catalog is broken. `problems` lists everything found, one entry per problem."""

    def __init__(self, problems: Iterable[CatalogProblem]) -> None:
        self.problems: list[CatalogProblem] = list(problems)
        super().__init__(str(self))

    def __str__(self) -> str:
        return "\n".join(str(p) for p in self.problems)
