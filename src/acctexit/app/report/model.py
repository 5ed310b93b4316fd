"""The report's content, decided once for both renderers (HTML and Markdown).

Pure: built from what the app already has (numbers, accounts, the plan, the log and
the log's chain status), no I/O and no clock (`today` and `made_at` are parameters).
Every string in a `ReportData` is final, localised, cleaned text: the renderers only
lay it out and escape it for their format. User-written text (labels, notes, step
details) is stripped of control and bidi characters here, once.

Order per number: the two deadlines, the summary by phase, the open steps in plan
order, the accounts with the steps done, then the log as evidence. This module builds
a number's section and its open steps; `accounts` its accounts and the summary counts;
`types` is the data, `text` the times and step titles.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date, datetime, tzinfo
from typing import TYPE_CHECKING

from acctexit.app.deadlines import countdowns
from acctexit.app.report.accounts import (
    SUMMARY_PHASES,
    Context,
    account_name,
    account_rows,
)
from acctexit.app.report.text import TITLE_LIMIT, fmt_local, local_time, step_title
from acctexit.app.report.types import (
    AccountRow,
    AccountStatus,
    ChainInfo,
    Deadline,
    DoneStep,
    EvidenceRow,
    NumberSection,
    PhaseCount,
    ReportData,
    StepRow,
)
from acctexit.domain.models import (
    Account,
    Catalog,
    Lang,
    LogEntry,
    PhoneNumber,
    StepKey,
    StepStatus,
    Verb,
)
from acctexit.domain.own import ordinals
from acctexit.domain.phone import mask_number
from acctexit.i18n import say, strings
from acctexit.sanitize import clean_text

if TYPE_CHECKING:
    from acctexit.domain.plan import Plan, PlanStep
    from acctexit.i18n import Translate

__all__ = [  # the report's types and text helpers stay importable from here
    "SUMMARY_PHASES",
    "TITLE_LIMIT",
    "AccountRow",
    "AccountStatus",
    "ChainInfo",
    "Deadline",
    "DoneStep",
    "EvidenceRow",
    "NumberSection",
    "PhaseCount",
    "ReportData",
    "StepRow",
    "build_report",
    "fmt_local",
    "local_time",
    "step_title",
]

EVIDENCE_VERBS = frozenset({Verb.DONE, Verb.UNDONE, Verb.SKIPPED, Verb.NOTE})


def build_report(
    catalog: Catalog,
    numbers: Sequence[PhoneNumber],
    accounts: Sequence[Account],
    plan: Plan,
    log: Iterable[LogEntry],
    chain: ChainInfo,
    *,
    lang: Lang,
    today: date,
    made_at: datetime,
    reveal: bool = False,
    tz: tzinfo | None = None,
) -> ReportData:
    """Everything the report shows. `log` is read once, oldest first; only its step
    and note rows are kept (what the report shows as evidence and as "done on")."""
    s = strings(lang)
    by_number: dict[int, list[Account]] = {n.id: [] for n in numbers}
    for a in accounts:
        by_number.setdefault(a.number_id, []).append(a)
    account_number = {a.id: a.number_id for a in accounts}
    evidence: dict[int, list[LogEntry]] = {n.id: [] for n in numbers}
    set_at: dict[StepKey, LogEntry] = {}  # the row that gave a step its logged status
    for e in log:
        if e.verb not in EVIDENCE_VERBS:
            continue
        owner = account_number.get(e.account_id) if e.account_id is not None else e.number_id
        if owner in evidence:
            evidence[owner].append(e)
        if e.step_id is not None and e.verb is not Verb.NOTE:
            set_at[(e.account_id, e.number_id if e.account_id is None else None, e.step_id)] = e
    context = Context(catalog, plan, s, lang, today, reveal, tz)
    sections = tuple(
        _section(n, by_number.get(n.id, []), evidence[n.id], set_at, context) for n in numbers
    )
    return ReportData(
        lang=lang,
        today=today,
        made=fmt_local(made_at, tz, offset=True),
        numbers=sections,
        chain=chain,
        revealed=reveal,
    )


def _section(
    number: PhoneNumber,
    accounts: list[Account],
    evidence: list[LogEntry],
    set_at: Mapping[StepKey, LogEntry],
    context: Context,
) -> NumberSection:
    catalog, plan, s, lang, today, reveal, tz = context
    numbering = ordinals(accounts)  # "#2" for a second unlabelled account of a platform
    names = {a.id: account_name(a, catalog, lang, numbering) for a in accounts}
    platform_of = {a.id: catalog.get(a.platform_id) for a in accounts}
    this_number = s("report_this_number")

    def who(account_id: int | None) -> str:
        return this_number if account_id is None else names.get(account_id, "")

    def title_of(account_id: int | None, step_id: str) -> str:
        step = None
        if account_id is None:
            steps = (*catalog.discover_steps, *catalog.aftercare_steps)
            step = next((x for x in steps if x.id == step_id), None)
        else:
            platform = platform_of.get(account_id)
            step = platform.step(step_id) if platform else None
        return step_title(step.text.get(lang), lang) if step else clean_text(step_id)

    rows: list[StepRow] = []
    index: dict[StepKey, int] = {}
    for ps in plan.for_number(number.id):
        if ps.is_open:
            index[ps.key] = len(rows) + 1
            rows.append(_step_row(index, ps, plan, who(ps.account_id), s, lang, today))

    account_list, counts = account_rows(accounts, names, set_at, context)

    lookups = plan.number_steps(number.id)
    done_lookups = sum(1 for p in lookups if p.status is StepStatus.DONE)
    return NumberSection(
        number=number.e164 if reveal else mask_number(number.e164),
        label=clean_text(number.label),
        state=s(f"report_state_{number.state.value}"),
        deadlines=_deadlines(number, s, today),
        summary=tuple(PhaseCount(s(f"phase_{p.value}"), *c) for p, c in counts.items() if sum(c)),
        lookups=s("report_lookups", done=done_lookups, total=len(lookups)) if lookups else "",
        next_steps=tuple(rows),
        accounts=tuple(account_list),
        evidence=tuple(
            EvidenceRow(
                when=fmt_local(e.ts, tz),
                what=s(f"verb_{e.verb.value}"),
                who=who(e.account_id),
                step=title_of(e.account_id, e.step_id) if e.step_id else "",
                note=clean_text(e.detail, multiline=True),
            )
            for e in sorted(evidence, key=lambda e: (e.ts, e.id))  # when it happened
        ),
    )


def _deadlines(number: PhoneNumber, s: Translate, today: date) -> tuple[Deadline, ...]:
    """The two countdowns, worded as everywhere else (app/deadlines.py)."""
    return tuple(
        Deadline(
            c.kind if c.kind in ("cancel", "reissue") else "none",
            c.on,
            c.days_left,
            c.text,
        )
        for c in countdowns(number, today, s)
    )


def _step_row(
    index: Mapping[StepKey, int],
    ps: PlanStep,
    plan: Plan,
    who: str,
    s: Translate,
    lang: Lang,
    today: date,
) -> StepRow:
    full = ps.step.text.get(lang).strip()
    title = step_title(full, lang)
    blockers = plan.open_blockers(ps)
    waits: tuple[str, ...] = ()
    if blockers or (ps.forced_later and not ps.waits_on):
        waits = tuple(say(t, lang) for t in ps.waits_on_text)
    facts = s("list_sep").join(s(f"fact_{f}") for f in ps.needs_facts)
    return StepRow(
        index=index[ps.key],
        phase=s(f"phase_{(ps.placed_phase or ps.phase).value}"),
        who=who,
        title=title,
        instruction="" if full.rstrip("。.!！") == title else full,
        path=ps.step.path.get(lang) if ps.step.path is not None else "",
        earliest=ps.earliest if ps.earliest and ps.earliest > today else None,
        do_by=ps.do_by,
        final_on=ps.final_on,
        waits_on=waits,
        after=tuple(sorted(index[b.key] for b in blockers if b.key in index)),
        impossible=s("report_impossible", why=say(ps.impossible, lang)) if ps.impossible else "",
        needs=s("report_needs", facts=facts) if ps.needs_facts else "",
        notes=tuple(say(t, lang) for t in ps.notes),
        unverified=not ps.step.verified,
    )
