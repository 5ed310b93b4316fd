"""`acctexit-tui plan [--format text|md|json]`: print the unbinding plan.

Reads the current database and the built-in catalog, and prints what to do, in
which order, from when, waiting on what, with each account's risk and each
number's countdown. Phone numbers are masked (138****1234). Text and Markdown
follow --lang; JSON carries both languages (commands/plan_json.py).
"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any

from acctexit.commands.plan_shared import clean, is_exposed, who_account

if TYPE_CHECKING:
    from collections.abc import Sequence
    from datetime import date

    from acctexit.commands.context import Context
    from acctexit.domain.models import (
        Account,
        Catalog,
        Lang,
        NumberRisk,
        PhoneNumber,
        RiskLevel,
        Words,
    )
    from acctexit.domain.plan import Plan, PlanStep

EXIT_OK = 0
EXIT_ERROR = 2


def _l(key: str, lang: Lang, **fmt: Any) -> str:
    """This command's words: `plan_*` in data/strings.toml (risk levels: `level_*`, the
    one vocabulary of the levels; countdowns: `deadline_*`)."""
    from acctexit.i18n import translate

    return translate(f"plan_{key}", lang, **fmt)


def register(subparsers: Any) -> None:
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "plan",
        help="print the unbinding plan for the current database",
        description=(
            "Print every step, phase by phase (discover, finance, social, shopping, life "
            "services, other, after-care), riskiest account first, with the date each step "
            "becomes possible and what it waits on. Phone numbers are masked."
        ),
    )
    parser.add_argument(
        "--format",
        choices=("text", "md", "json"),
        default="text",
        help="text (default), Markdown (md) or JSON",
    )
    parser.set_defaults(run=run)


def run(args: argparse.Namespace, ctx: Context) -> int:
    from acctexit.app.workspace import Workspace

    # The dashboard's use case: the same reads, own services and plan.
    store = ctx.open_store(create=False)
    try:
        workspace = Workspace(store, ctx.load_catalog(), ctx.today)
        snapshot = workspace.snapshot()
    finally:
        store.close()
    catalog, plan = workspace.catalog, snapshot.plan
    numbers, accounts = list(snapshot.numbers), list(snapshot.accounts)
    fmt = getattr(args, "format", "text") or "text"
    if fmt == "json":
        from acctexit.commands.plan_json import render_json

        out = render_json(plan, catalog, numbers, accounts, ctx)
    else:
        out = render_text(plan, catalog, numbers, accounts, ctx, markdown=fmt == "md")
    ctx.out.write(out)
    if not out.endswith("\n"):
        ctx.out.write("\n")
    return EXIT_OK


# --- shared ---------------------------------------------------------------------


def _who(
    step: PlanStep,
    catalog: Catalog,
    accounts_by_id: dict[int, Account],
    numbers_by_id: dict[int, PhoneNumber],
    lang: Lang,
    numbering: dict[int, int],
) -> str:
    from acctexit.domain.phone import mask_number

    if step.account_id is None:
        n = numbers_by_id.get(step.number_id) if step.number_id is not None else None
        return mask_number(n.e164) if n else ""
    return who_account(accounts_by_id[step.account_id], catalog, lang, numbering)


def _number_line(n: PhoneNumber, plan: Plan, lang: Lang, today: date) -> str:
    from acctexit.app.deadlines import countdowns
    from acctexit.domain.phone import mask_number
    from acctexit.i18n import say, strings

    risk = plan.number_risks.get(n.id)
    parts = [mask_number(n.e164)]
    if n.label:
        parts.append(clean(n.label))
    parts.append(_l(n.state.value, lang))
    parts.extend(c.text for c in countdowns(n, today, strings(lang)))  # both deadlines
    if risk is not None:
        dated = _date_reasons(n, today)  # the countdowns above say these
        parts.extend(say(r, lang) for r in risk.reasons if r not in dated)
        parts.extend(_level_counts(risk, lang))
    prog = plan.number_progress(n.id)
    parts.append(_l("progress", lang, f=prog.finished, t=prog.total, p=round(prog.fraction * 100)))
    return " · ".join(parts)


def _date_reasons(n: PhoneNumber, today: date) -> list[Words]:
    """The number's risk reasons that only restate its dates."""
    from acctexit.domain import reasons as R
    from acctexit.domain.risk import state_ease

    out = [state_ease(n, today)[1]]
    if n.cancel_date is not None:
        out += [R.number_will_cancel(n.cancel_date), R.number_cancelled(n.cancel_date)]
    return out


def _level(level: RiskLevel, lang: Lang) -> str:
    from acctexit.i18n import translate

    return translate(f"level_{level.value}", lang)


def _level_counts(risk: NumberRisk, lang: Lang) -> list[str]:
    """The accounts of each level still bound, in the levels' one vocabulary."""
    from acctexit.domain.models import RiskLevel
    from acctexit.i18n import translate

    return [
        translate("level_count", lang, n=n, level=_level(level, lang))
        for level, n in risk.counts.items()
        if n and level is not RiskLevel.RESOLVED
    ]


def _mark(step: PlanStep) -> str:
    return {"done": "[x]", "skipped": "[-]"}.get(step.status.value, "[ ]")


def render_text(
    plan: Plan,
    catalog: Catalog,
    numbers: Sequence[PhoneNumber],
    accounts: Sequence[Account],
    ctx: Context,
    *,
    markdown: bool = False,
) -> str:
    from acctexit.domain.own import ordinals
    from acctexit.domain.phone import mask_number
    from acctexit.i18n import say, translate

    lang: Lang = ctx.lang
    accounts_by_id = {a.id: a for a in accounts}
    numbers_by_id = {n.id: n for n in numbers}
    numbering = ordinals(accounts)  # "#2" for a second unlabelled account of a platform
    lines: list[str] = []
    # Labels are the user's text: in Markdown they must not make links, tables or headings.
    from acctexit.app.report.markdown import md

    def esc(value: str) -> str:
        return md(value) if markdown else value

    h1, h2, bullet = ("# ", "## ", "- ") if markdown else ("", "", "  ")
    prog = plan.progress()
    lines.append(f"{h1}{_l('title', lang, date=ctx.today.isoformat())}")
    lines.append(_l("progress", lang, f=prog.finished, t=prog.total, p=round(prog.fraction * 100)))
    lines.append("")
    lines.append(f"{h2}{_l('numbers', lang)}")
    if not numbers:
        lines.append(bullet + _l("no_numbers", lang))
    for n in numbers:
        lines.append(bullet + esc(_number_line(n, plan, lang, ctx.today)))
    if plan.account_risks:
        lines.append("")
        lines.append(f"{h2}{_l('accounts', lang)}")
        exposed = {
            aid for aid in plan.account_risks
            if is_exposed(plan, numbers_by_id, accounts_by_id[aid], ctx.today)
        }  # fmt: skip
        ranked = sorted(
            plan.account_risks.values(),
            key=lambda r: (r.account_id not in exposed, -r.score, r.account_id),
        )  # exposed now first, then riskiest first
        for r in ranked:
            a = accounts_by_id[r.account_id]
            bound = numbers_by_id.get(a.number_id)
            who = esc(who_account(a, catalog, lang, numbering))
            where = f" · {mask_number(bound.e164)}" if bound else ""
            why = translate("clause_sep", lang).join(say(t, lang) for t in r.reasons)
            flag = translate("deadline_exposed", lang) + " · " if r.account_id in exposed else ""
            head = f"{flag}{_level(r.level, lang)} {r.score:>3} · {who}{where}"
            lines.append(bullet + _l("account_line", lang, head=head, why=why))
    if plan.unknown_platform_accounts:
        ids = ", ".join(
            clean(accounts_by_id[i].platform_id) for i in plan.unknown_platform_accounts
        )
        lines.append("")
        lines.append(bullet + _l("unknown", lang, ids=ids))
    nxt = plan.next_step()
    if nxt is not None:
        lines.append("")
        who = esc(_who(nxt, catalog, accounts_by_id, numbers_by_id, lang, numbering))
        lines.append(h2 + _l("next", lang, what=f"{who} · {nxt.step.text.get(lang)}"))
    if not plan.steps:
        lines.append("")
        lines.append(_l("no_steps", lang))
    from acctexit.domain.plan import group_heading

    number = 0
    current = None
    indent = "  " if markdown else "      "
    previous = None
    for step in plan.steps:
        section = step.placed_phase or step.phase
        if section is not current:
            current, previous = section, None
            number += 1
            pp = plan.phase_progress(section)
            name = translate(f"phase_{section.value}", lang)
            lines.append("")
            done = f"{pp.finished}/{pp.total}"
            lines.append(f"{h2}{number}. " + translate("with_aside", lang, main=name, aside=done))
        heading = group_heading(previous, step)  # a source's grouping (Alipay's phases)
        previous = step
        who = esc(_who(step, catalog, accounts_by_id, numbers_by_id, lang, numbering))
        if heading is not None:
            lines.append(f"{'### ' if markdown else '  ── '}{who} · {heading.get(lang)}")
        prefix = "- " + _mark(step) if markdown else "  " + _mark(step)
        lines.append(f"{prefix} {who} · {step.step.text.get(lang)}")
        details: list[str] = []
        if step.step.path is not None:
            details.append(_l("path", lang, path=step.step.path.get(lang)))
        if step.impossible is not None:
            details.append(_l("impossible", lang, why=say(step.impossible, lang)))
        if step.possible_from is not None:
            details.append(_l("from", lang, date=step.possible_from.isoformat()))
        if step.final_on is not None:
            details.append(_l("final", lang, date=step.final_on.isoformat()))
        if step.do_by is not None:
            key = "deadline_do_by" if step.feasible else "deadline_not_feasible"
            details.append(translate(key, lang, date=step.do_by.isoformat()))
        for t in step.waits_on_text:
            details.append(_l("waits", lang, what=say(t, lang)))
        if step.needs_facts:
            facts = translate("list_sep", lang).join(
                translate(f"fact_{f}", lang) for f in step.needs_facts
            )
            details.append(_l("needs", lang, facts=facts))
        details.extend(say(t, lang) for t in step.notes)
        lines.extend(f"{indent}{d}" if not markdown else f"{indent}- {d}" for d in details)
    return "\n".join(lines) + "\n"
