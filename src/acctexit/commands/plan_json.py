"""`plan --format json`: the plan as one JSON document, every text in both languages.

The words, masking and account titles are the text plan's (commands/plan.py), so the
two formats cannot drift apart.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from acctexit.commands.plan_shared import clean, is_exposed, who_account

if TYPE_CHECKING:
    from collections.abc import Sequence

    from acctexit.commands.context import Context
    from acctexit.domain.models import Account, Catalog, PhoneNumber, Words
    from acctexit.domain.plan import Plan


def _text(t: Words | None) -> dict[str, str | None] | None:
    """Both languages: a catalog text as written (its English may be missing), a
    message as the text mechanism says it."""
    from acctexit.domain.models import Text
    from acctexit.i18n import say

    if t is None:
        return None
    if isinstance(t, Text):
        return {"zh": t.zh, "en": t.en}
    return {"zh": say(t, "zh"), "en": say(t, "en")}


def render_json(
    plan: Plan,
    catalog: Catalog,
    numbers: Sequence[PhoneNumber],
    accounts: Sequence[Account],
    ctx: Context,
) -> str:
    from acctexit.app.deadlines import countdowns
    from acctexit.domain.deadlines import stage
    from acctexit.domain.phone import mask_number
    from acctexit.i18n import strings

    prog = plan.progress()
    numbers_out = []
    zh, en = strings("zh"), strings("en")
    for n in numbers:
        r = plan.number_risks.get(n.id)
        worded = zip(countdowns(n, ctx.today, zh), countdowns(n, ctx.today, en), strict=True)
        numbers_out.append(
            {
                "id": n.id,
                "number": mask_number(n.e164),
                "label": clean(n.label),
                "state": n.state.value,
                "cancel_date": n.cancel_date.isoformat() if n.cancel_date else None,
                "reissue_date": r.reissue_date.isoformat() if r and r.reissue_date else None,
                "days_left": r.days_left if r else None,
                "stage": stage(n, ctx.today).value,
                "countdowns": [
                    {
                        "kind": c.kind,
                        "date": c.on.isoformat() if c.on else None,
                        "days_left": c.days_left,
                        "text": {"zh": c.text, "en": e.text},
                    }
                    for c, e in worded
                ],
                "counts": {k.value: v for k, v in r.counts.items()} if r else {},
                "reasons": [_text(t) for t in r.reasons] if r else [],
            }
        )
    accounts_out = []
    from acctexit.domain.models import Phase
    from acctexit.domain.own import ordinals

    numbers_by_id = {n.id: n for n in numbers}
    numbering = ordinals(accounts)
    for a in accounts:
        ar = plan.account_risks.get(a.id)
        platform = catalog.get(a.platform_id)  # a catalog entry, or an own service ("own:3")
        accounts_out.append(
            {
                "id": a.id,
                "platform_id": clean(a.platform_id),
                "name": _text(platform.name) if platform else None,
                "phase": Phase.for_category(platform.category).value if platform else None,
                "label": clean(a.label),
                "ordinal": numbering.get(a.id),  # "#n" among unlabelled twins, else null
                "title": {
                    "zh": who_account(a, catalog, "zh", numbering),
                    "en": who_account(a, catalog, "en", numbering),
                },
                "number_id": a.number_id,
                "score": ar.score if ar else None,
                "level": ar.level.value if ar else None,
                "exposed_now": is_exposed(plan, numbers_by_id, a, ctx.today),
                "reasons": [_text(t) for t in ar.reasons] if ar else [],
            }
        )
    steps_out = []
    for s in plan.steps:
        steps_out.append(
            {
                "key": list(s.key),
                "phase": s.phase.value,
                "placed_phase": (s.placed_phase or s.phase).value,
                "platform_id": s.platform_id,
                "account_id": s.account_id,
                "number_id": s.number_id,
                "step_id": s.step.id,
                "kind": s.step.kind.value,
                "text": _text(s.step.text),
                "path": _text(s.step.path),
                "group": _text(s.step.group.title) if s.step.group else None,
                "status": s.status.value,
                "logged_status": s.logged_status.value,
                "possible_from": s.possible_from.isoformat() if s.possible_from else None,
                "final_on": s.final_on.isoformat() if s.final_on else None,
                "earliest": s.earliest.isoformat() if s.earliest else None,
                "do_by": s.do_by.isoformat() if s.do_by else None,
                "feasible": s.feasible,
                "impossible": _text(s.impossible),
                "waits_on": [list(k) for k in s.waits_on],
                "waits_on_text": [_text(t) for t in s.waits_on_text],
                "needs_facts": list(s.needs_facts),
                "notes": [_text(t) for t in s.notes],
            }
        )
    nxt = plan.next_step()
    doc = {
        "today": ctx.today.isoformat(),
        "progress": {"done": prog.done, "skipped": prog.skipped, "total": prog.total},
        "next_step": list(nxt.key) if nxt else None,
        "numbers": numbers_out,
        "accounts": accounts_out,
        "unknown_platform_accounts": list(plan.unknown_platform_accounts),
        "steps": steps_out,
    }
    import json  # here, not at the top: the CLI imports every command to parse its options

    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"
