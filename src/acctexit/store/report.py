"""The Markdown progress report (`export --format md`): numbers, accounts, their steps
and notes, in zh or en, with user text escaped for Markdown."""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import timedelta
from typing import TYPE_CHECKING, Any

from acctexit.domain.models import (
    NumberState,
    StepKey,
    StepStatus,
)
from acctexit.domain.phone import mask_number
from acctexit.sanitize import clean_text
from acctexit.store.db import Store
from acctexit.store.log import format_ts

if TYPE_CHECKING:
    from acctexit.domain.models import Catalog, Lang


_MD_TEXT = {
    "zh": {
        "title": "账号迁移进度报告",
        "made": "生成时间",
        "numbers": "号码",
        "accounts": "账号",
        "notes": "备注",
        "general_notes": "其他备注",
        "recent": "最近的操作",
        "step": "步骤",
        "status": "状态",
        "when": "时间",
        "detail": "说明",
        "kept": "保留",
        "will_cancel": "将于 {date} 注销",
        "cancelled": "已于 {date} 注销",
        "reissue": "最早可能于 {date} 放号（冻结 {days} 天）",
        "done": "✅ 已完成",
        "skipped": "⏭ 已跳过",
        "open": "⬜ 未完成",
        "none": "（无）",
        "progress": "进度：{done}/{total} 步已完成，{skipped} 步已跳过",
        "facts": "已记录的情况",
        "balance": "余额",
        "bank_cards": "绑定银行卡",
        "password_free": "免密支付",
        "linked_apps": "通过它登录的应用",
        "sign_in_via": "登录方式",
        "last_order": "最近订单",
        "orders_closed": "订单结清",
        "last_sensitive_change": "最近敏感修改",
        "last_used": "最近使用",
        "yes": "有",
        "no": "无",
        "yzt": "一证通查报告账号数",
        "cards": "一键查卡报告银行卡数",
    },
    "en": {
        "title": "Account exit progress report",
        "made": "Generated",
        "numbers": "Numbers",
        "accounts": "Accounts",
        "notes": "Notes",
        "general_notes": "Other notes",
        "recent": "Recent activity",
        "step": "Step",
        "status": "Status",
        "when": "When",
        "detail": "Detail",
        "kept": "kept",
        "will_cancel": "will be cancelled on {date}",
        "cancelled": "cancelled on {date}",
        "reissue": "may be re-issued from {date} (frozen {days} days)",
        "done": "✅ done",
        "skipped": "⏭ skipped",
        "open": "⬜ open",
        "none": "(none)",
        "progress": "Progress: {done}/{total} steps done, {skipped} skipped",
        "facts": "Recorded facts",
        "balance": "balance",
        "bank_cards": "bank cards",
        "password_free": "password-free payments",
        "linked_apps": "apps signing in through it",
        "sign_in_via": "signs in via",
        "last_order": "last order",
        "orders_closed": "orders closed",
        "last_sensitive_change": "last sensitive change",
        "last_used": "last used",
        "yes": "yes",
        "no": "no",
        "yzt": "accounts reported by 一证通查",
        "cards": "cards reported by 一键查卡",
    },
}


def _md(text: str) -> str:
    """Escape user text so it shows literally: no links, emphasis, tables or HTML."""
    return "".join("\\" + ch if ch in "\\`*_[]<>|~&" else ch for ch in clean_text(text))


_E164_IN_TEXT = re.compile(r"\+\d{7,15}")


def _md_block(text: str) -> str:
    """Free text (notes, log details) for the report, numbers masked as on screen."""
    text = _E164_IN_TEXT.sub(lambda m: mask_number(m.group()), text)
    return " ".join(_md(line) for line in text.splitlines()) if text else ""


def export_markdown(store: Store, catalog: Catalog | None, lang: Lang) -> str:
    # A report to read, print or show a helper: numbers masked as on screen (the JSON
    # and CSV exports are backups and keep them whole).
    t = _MD_TEXT["zh" if lang == "zh" else "en"]
    with store.snapshot():
        numbers = store.numbers()
        accounts = store.accounts()
        states = store.step_records()
        notes = store.notes()
        recent = store.recent_log(20)
        now = store.now()
    lines = [f"# {t['title']}", "", f"{t['made']}: {format_ts(now)[:16].replace('T', ' ')} UTC", ""]

    def status_table(
        rows: list[tuple[str, StepKey]],
    ) -> list[str]:
        if not rows:
            return []
        out = [
            f"| {t['step']} | {t['status']} | {t['when']} | {t['detail']} |",
            "|---|---|---|---|",
        ]
        for name, key in rows:
            status, ts, detail = states.get(key, (StepStatus.OPEN, "", ""))
            when = ts[:16].replace("T", " ") if ts and status is not StepStatus.OPEN else ""
            out.append(f"| {_md(name)} | {t[status.value]} | {when} | {_md_block(detail)} |")
        return out

    def progress(keys: list[StepKey]) -> str:
        done = sum(1 for k in keys if states.get(k, (None,))[0] is StepStatus.DONE)
        skipped = sum(1 for k in keys if states.get(k, (None,))[0] is StepStatus.SKIPPED)
        return t["progress"].format(done=done, total=len(keys), skipped=skipped)

    def note_lines(owner: tuple[int | None, int | None]) -> list[str]:
        out = []
        for e in notes:
            key = (e.account_id, None) if e.account_id is not None else (None, e.number_id)
            if key == owner:
                step = f" ({_md(e.step_id)})" if e.step_id else ""
                stamp = format_ts(e.ts)[:16].replace("T", " ")
                out.append(f"- {stamp}{step}: {_md_block(e.detail)}")
        return out

    def step_name(step_id: str, steps: Iterable[Any]) -> str:
        for s in steps:
            if s.id == step_id:
                return str(s.text.get(lang))
        return step_id

    number_steps = (
        (*catalog.discover_steps, *catalog.aftercare_steps) if catalog is not None else ()
    )
    lines += [f"## {t['numbers']}", ""]
    if not numbers:
        lines += [t["none"], ""]
    for n in numbers:
        label = f" — {_md(n.label)}" if n.label else ""
        if n.state is NumberState.KEPT or n.cancel_date is None:
            state = t[n.state.value].format(date="?")
        else:
            state = t[n.state.value].format(date=n.cancel_date.isoformat())
        lines += [f"### {_md(mask_number(n.e164))}{label}", "", f"- {state}"]
        if n.cancel_date and n.state is not NumberState.KEPT:
            reissue = n.cancel_date + timedelta(days=n.freeze_days)
            lines.append(f"- {t['reissue'].format(date=reissue.isoformat(), days=n.freeze_days)}")
        if n.yzt_count is not None:
            lines.append(f"- {t['yzt']}: {n.yzt_count}")
        if n.cards_reported is not None:
            lines.append(f"- {t['cards']}: {n.cards_reported}")
        ids = [s.id for s in number_steps]
        ids += sorted(s for (a, num, s) in states if a is None and num == n.id and s not in ids)
        keys: list[StepKey] = [(None, n.id, s) for s in ids]
        lines += [
            "",
            *status_table(
                [(step_name(s, number_steps), k) for s, k in zip(ids, keys, strict=True)]
            ),
        ]
        lines += ["", *note_lines((None, n.id))]
        lines.append("")

    lines += [f"## {t['accounts']}", ""]
    if not accounts:
        lines += [t["none"], ""]
    by_number = {n.id: n for n in numbers}
    for a in sorted(accounts, key=lambda a: (a.number_id, a.platform_id, a.id)):
        platform = catalog.get(a.platform_id) if catalog is not None else None
        name = platform.name.get(lang) if platform else a.platform_id
        number = by_number.get(a.number_id)
        where = f" — {_md(mask_number(number.e164))}" if number else ""
        label = f" ({_md(a.label)})" if a.label else ""
        lines += [f"### {_md(name)}{label}{where}", ""]
        facts = []
        for f in ("balance", "bank_cards", "password_free", "linked_apps", "sign_in_via"):
            value = getattr(a, f)
            if value is not None:
                shown = (
                    (t["yes"] if value else t["no"])
                    if isinstance(value, bool)
                    else (f"{value:g}" if isinstance(value, float) else value)
                )
                facts.append(f"{t[f]} {_md(str(shown))}")
        for f in ("last_order", "orders_closed", "last_sensitive_change", "last_used"):
            value = getattr(a, f)
            if value is not None:
                facts.append(f"{t[f]} {value.isoformat()}")
        if facts:
            lines += [f"{t['facts']}: " + "; ".join(facts), ""]
        steps = platform.steps if platform else ()
        ids = [s.id for s in steps]
        ids += sorted(s for (acc, _, s) in states if acc == a.id and s not in ids)
        keys = [(a.id, None, s) for s in ids]
        if keys:
            lines += [progress(keys), ""]
        lines += status_table([(step_name(s, steps), k) for s, k in zip(ids, keys, strict=True)])
        notes_md = note_lines((a.id, None))
        if notes_md:
            lines += ["", f"**{t['notes']}**", "", *notes_md]
        lines.append("")

    general = note_lines((None, None))
    if general:
        lines += [f"## {t['general_notes']}", "", *general, ""]
    lines += [f"## {t['recent']}", ""]
    for e in recent:
        what = e.verb.value + (f" {_md(e.step_id)}" if e.step_id else "")
        target = (
            f" #{e.account_id}" if e.account_id else (f" ☎{e.number_id}" if e.number_id else "")
        )
        detail = f" — {_md_block(e.detail)[:120]}" if e.detail else ""
        lines.append(f"- {format_ts(e.ts)[:16].replace('T', ' ')} {what}{target}{detail}")
    return "\n".join(lines).rstrip() + "\n"
