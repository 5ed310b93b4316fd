"""What the text plan (commands/plan.py) and the JSON plan (commands/plan_json.py)
say alike: cleaned user text, whether an account is exposed, an account's title."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from datetime import date

    from acctexit.domain.models import Account, Catalog, Lang, PhoneNumber
    from acctexit.domain.plan import Plan


def clean(value: str) -> str:
    from acctexit.sanitize import clean_text

    return clean_text(value)


def is_exposed(
    plan: Plan, numbers_by_id: dict[int, PhoneNumber], account: Account, today: date
) -> bool:
    """An unsafe account on a number past its earliest re-issue date."""
    from acctexit.domain.deadlines import Stage, stage
    from acctexit.domain.models import RiskLevel

    n = numbers_by_id.get(account.number_id)
    risk = plan.account_risks.get(account.id)
    return (
        n is not None
        and risk is not None
        and risk.level is not RiskLevel.RESOLVED
        and stage(n, today) is Stage.REISSUED
    )


def who_account(account: Account, catalog: Catalog, lang: Lang, numbering: dict[int, int]) -> str:
    """The account as the app shows it everywhere: its name, then its label or "#2"
    (`domain.own.account_title`, the one rule)."""
    from acctexit.domain.own import account_title
    from acctexit.i18n import say

    platform = catalog.get(account.platform_id)
    name = platform.name.get(lang) if platform else clean(account.platform_id)
    return say(account_title(name, account, numbering), lang)
