"""The report's content, decided once for both renderers (HTML and Markdown).

Pure: built from what the app already has (numbers, accounts, the plan, the log and
the log's chain status), no I/O and no clock (`today` and `made_at` are parameters).
Every string in a `ReportData` is final, localised, cleaned text: the renderers only
lay it out and escape it for their format. User-written text (labels, notes, step
details) is stripped of control and bidi characters here, once.

Order per number: the two deadlines, the summary by phase, the open steps in plan
order, the accounts with the steps done, then the log as evidence.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from datetime import UTC, date, datetime, tzinfo
from typing import TYPE_CHECKING, Literal, NamedTuple

from msgspec import Struct

from acctexit.app.deadlines import countdowns
from acctexit.domain.models import (
    Account,
    Catalog,
    Lang,
    LogEntry,
    Phase,
    PhoneNumber,
    RiskLevel,
    StepKey,
    StepStatus,
    Verb,
)
from acctexit.domain.own import account_title, ordinals
from acctexit.domain.phone import mask_number
from acctexit.i18n import strings
from acctexit.sanitize import clean_text

if TYPE_CHECKING:
    from acctexit.domain.plan import Plan, PlanStep
    from acctexit.i18n import Translate

AccountStatus = Literal["safe", "in_progress", "not_started"]
EVIDENCE_VERBS = frozenset({Verb.DONE, Verb.UNDONE, Verb.SKIPPED, Verb.NOTE})
SUMMARY_PHASES = (Phase.FINANCE, Phase.SOCIAL, Phase.COMMERCE, Phase.LIFE, Phase.OTHER)
TITLE_LIMIT = {"zh": 28, "en": 64}  # characters a step title keeps in a table cell


class ChainInfo(Struct, frozen=True):
    """The log's newest row and what `Store.verify` said about the whole chain."""

    head_id: int | None  # None: the log is empty
    head_hash: str
    verified: bool
    rows_checked: int = 0
    problems: int = 0


class Deadline(Struct, frozen=True):
    kind: Literal["cancel", "reissue", "none"]
    date: date | None
    days_left: int | None  # from today; negative once passed
    text: str


class PhaseCount(Struct, frozen=True):
    phase: str
    safe: int
    in_progress: int
    not_started: int

    @property
    def total(self) -> int:
        return self.safe + self.in_progress + self.not_started


class StepRow(Struct, frozen=True):
    """One open step. `earliest` and `do_by` are shown when present."""

    index: int
    phase: str  # the phase it is listed under
    who: str  # the account, or "this number" for a look-up
    title: str  # short: the first clause of the instruction
    instruction: str  # the full instruction, "" when it is the title itself
    path: str  # menu path, "" when the catalog has none
    earliest: date | None = None  # not possible before (future dates only)
    do_by: date | None = None  # must be done by (when the plan gives one)
    final_on: date | None = None
    waits_on: tuple[str, ...] = ()
    after: tuple[int, ...] = ()  # the `index` of each open step it waits on
    impossible: str = ""
    needs: str = ""
    notes: tuple[str, ...] = ()
    unverified: bool = False


class DoneStep(Struct, frozen=True):
    title: str
    skipped: bool
    when: str  # local date
    detail: str


class AccountRow(Struct, frozen=True):
    name: str  # platform name with the user's label
    status: AccountStatus
    status_text: str
    risk: str
    phase: str
    done: tuple[DoneStep, ...]
    open_steps: int


class EvidenceRow(Struct, frozen=True):
    when: str  # local date and time
    what: str  # done / undone / skipped / note
    who: str
    step: str
    note: str


class NumberSection(Struct, frozen=True):
    number: str  # masked unless revealed
    label: str
    state: str
    deadlines: tuple[Deadline, ...]
    summary: tuple[PhaseCount, ...]
    lookups: str  # "official look-ups: 2 of 3 done", "" when it has none
    next_steps: tuple[StepRow, ...]
    accounts: tuple[AccountRow, ...]
    evidence: tuple[EvidenceRow, ...]

    @property
    def summary_total(self) -> PhaseCount:
        return PhaseCount(
            "",
            sum(p.safe for p in self.summary),
            sum(p.in_progress for p in self.summary),
            sum(p.not_started for p in self.summary),
        )


class ReportData(Struct, frozen=True):
    lang: Lang
    today: date
    made: str  # local date, time and UTC offset
    numbers: tuple[NumberSection, ...]
    chain: ChainInfo
    revealed: bool


def local_time(ts: datetime, tz: tzinfo | None = None) -> datetime:
    """A stored (UTC) time in the user's zone; `tz=None` is the system's."""
    return ts.astimezone(tz)


def fmt_local(ts: datetime, tz: tzinfo | None = None, *, offset: bool = False) -> str:
    local = local_time(ts, tz)
    text = local.strftime("%Y-%m-%d %H:%M")
    if offset:
        z = local.strftime("%z")  # "+0800": digits only, the same in both languages
        text += f" {z[:3]}:{z[3:]}" if z else ""
    return text


_ZH_CLAUSE = re.compile(r"[：；。！？]")
_EN_CLAUSE = re.compile(r"[:;.!?](?:\s|$)")


def step_title(text: str, lang: Lang) -> str:
    """A step's short title: its first clause, clipped at a word boundary."""
    first = (_ZH_CLAUSE if lang == "zh" else _EN_CLAUSE).split(text, maxsplit=1)[0].strip()
    first = first or text.strip()
    limit = TITLE_LIMIT[lang]
    if len(first) <= limit:
        return first
    cut = first[:limit]
    if lang == "en" and " " in cut:
        cut = cut[: cut.rfind(" ")]
    return cut.rstrip(" ,，、") + "…"


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
    context = _Context(catalog, plan, s, lang, today, reveal, tz)
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


class _Context(NamedTuple):
    catalog: Catalog
    plan: Plan
    s: Translate
    lang: Lang
    today: date
    reveal: bool
    tz: tzinfo | None


_STATUSES: tuple[AccountStatus, ...] = ("safe", "in_progress", "not_started")


def _section(
    number: PhoneNumber,
    accounts: list[Account],
    evidence: list[LogEntry],
    set_at: Mapping[StepKey, LogEntry],
    context: _Context,
) -> NumberSection:
    catalog, plan, s, lang, today, reveal, tz = context
    numbering = ordinals(accounts)  # "#2" for a second unlabelled account of a platform
    names = {a.id: _account_name(a, catalog, s, lang, numbering) for a in accounts}
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

    counts: dict[Phase, list[int]] = {p: [0, 0, 0] for p in SUMMARY_PHASES}
    account_rows: list[AccountRow] = []
    for a in sorted(accounts, key=lambda a: _account_order(a, catalog, plan)):
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
        counts.setdefault(phase, [0, 0, 0])[_STATUSES.index(status)] += 1
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
        account_rows.append(
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
        accounts=tuple(account_rows),
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


def _by_time(item: tuple[LogEntry | None, PlanStep]) -> tuple[bool, datetime, int]:
    row = item[0]
    return (row is None, row.ts if row else datetime.min.replace(tzinfo=UTC), row.id if row else 0)


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
        waits = tuple(t.get(lang) for t in ps.waits_on_text)
    facts = s("report_list_sep").join(s(f"fact_{f}") for f in ps.needs_facts)
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
        impossible=s("report_impossible", why=ps.impossible.get(lang)) if ps.impossible else "",
        needs=s("report_needs", facts=facts) if ps.needs_facts else "",
        notes=tuple(t.get(lang) for t in ps.notes),
        unverified=not ps.step.verified,
    )


def _account_name(
    account: Account, catalog: Catalog, s: Translate, lang: Lang, numbering: dict[int, int]
) -> str:
    platform = catalog.get(account.platform_id)
    name = platform.name.get(lang) if platform else clean_text(account.platform_id)
    label = clean_text(account.label)
    if label:
        return s("report_account_with_label", name=name, label=label)
    return account_title(name, account, numbering)


def _account_order(account: Account, catalog: Catalog, plan: Plan) -> tuple[int, int, int]:
    """Accounts by phase, then riskiest first (the plan's own order inside a phase)."""
    platform = catalog.get(account.platform_id)
    phase = Phase.for_category(platform.category) if platform else Phase.OTHER
    risk = plan.account_risks.get(account.id)
    return (phase.order, -(risk.score if risk else 0), account.id)
