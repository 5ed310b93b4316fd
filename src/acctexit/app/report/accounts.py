"""The report's per-account part: each account's name, status and history (the steps
done or skipped, oldest first), and the count of accounts by phase and status that
the summary table shows."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import UTC, date, datetime, tzinfo
from typing import TYPE_CHECKING, NamedTuple

from acctexit.app.report.text import fmt_local, step_title
from acctexit.app.report.types import AccountRow, AccountStatus, DoneStep
from acctexit.domain.models import (
    Account,
    Catalog,
    Lang,
    LogEntry,
    Phase,
    RiskLevel,
    StepKey,
    StepStatus,
)
from acctexit.domain.own import account_title
from acctexit.i18n import say
from acctexit.sanitize import clean_text

if TYPE_CHECKING:
    from acctexit.domain.plan import Plan, PlanStep
    from acctexit.i18n import Translate

SUMMARY_PHASES = (Phase.FINANCE, Phase.SOCIAL, Phase.COMMERCE, Phase.LIFE, Phase.OTHER)
STATUSES: tuple[AccountStatus, ...] = ("safe", "in_progress", "not_started")


class Context(NamedTuple):
    """What every part of one report shares."""

    catalog: Catalog
    plan: Plan
    s: Translate
    lang: Lang
    today: date
    reveal: bool
    tz: tzinfo | None


def account_rows(
    accounts: Sequence[Account],
    names: Mapping[int, str],
    set_at: Mapping[StepKey, LogEntry],
    context: Context,
) -> tuple[list[AccountRow], dict[Phase, list[int]]]:
    """The accounts' rows (by phase, riskiest first) and, per phase, how many are
    safe, in progress and not started."""
    catalog, plan, s, lang, _today, _reveal, tz = context
    counts: dict[Phase, list[int]] = {p: [0, 0, 0] for p in SUMMARY_PHASES}
    rows: list[AccountRow] = []
    for a in sorted(accounts, key=lambda a: account_order(a, catalog, plan)):
        platform = catalog.get(a.platform_id)
        phase = Phase.for_category(platform.category) if platform else Phase.OTHER
        steps = plan.for_account(a.id)
        logged = [p for p in steps if p.logged_status is not StepStatus.OPEN]
        progress = plan.account_progress(a.id)
        risk = plan.account_risks.get(a.id)
        status: AccountStatus
        if (risk is not None and risk.level is RiskLevel.RESOLVED) or (
            progress.total and not progress.open
        ):
            status = "safe"
        elif logged:
            status = "in_progress"
        else:
            status = "not_started"
        counts.setdefault(phase, [0, 0, 0])[STATUSES.index(status)] += 1
        done = []
        # oldest first: the account's history, as the log recorded it
        for row, p in sorted(((set_at.get(p.key), p) for p in logged), key=_by_time):
            done.append(
                DoneStep(
                    title=step_title(p.step.text.get(lang), lang),
                    skipped=p.logged_status is StepStatus.SKIPPED,
                    when=fmt_local(row.ts, tz)[:10] if row else "",
                    detail=clean_text(row.detail) if row else "",
                )
            )
        rows.append(
            AccountRow(
                name=names[a.id],
                status=status,
                status_text=s(f"report_{status}"),
                risk=s(f"level_{risk.level.value}") if risk else s("report_unknown_platform"),
                phase=s(f"phase_{phase.value}"),
                done=tuple(done),
                open_steps=progress.open,
            )
        )
    return rows, counts


def _by_time(item: tuple[LogEntry | None, PlanStep]) -> tuple[bool, datetime, int]:
    row = item[0]
    return (row is None, row.ts if row else datetime.min.replace(tzinfo=UTC), row.id if row else 0)


def account_name(account: Account, catalog: Catalog, lang: Lang, numbering: dict[int, int]) -> str:
    platform = catalog.get(account.platform_id)
    name = platform.name.get(lang) if platform else clean_text(account.platform_id)
    return say(account_title(name, account, numbering), lang)


def account_order(account: Account, catalog: Catalog, plan: Plan) -> tuple[int, int, int]:
    """Accounts by phase, then riskiest first (the plan's own order inside a phase)."""
    platform = catalog.get(account.platform_id)
    phase = Phase.for_category(platform.category) if platform else Phase.OTHER
    risk = plan.account_risks.get(account.id)
    return (phase.order, -(risk.score if risk else 0), account.id)
