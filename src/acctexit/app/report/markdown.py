"""The report as Markdown: the same order and content as the HTML page, readable as
plain text (short lines; a step's title in the table, its full instruction below).

Every value is escaped for Markdown before it is placed (`md`): the characters that
could start emphasis, code, a link, raw HTML, an entity or a table cell are
backslash-escaped (CommonMark and GitHub both honour that for any ASCII
punctuation), and a line that would start a heading, quote or list is guarded.
"""

from __future__ import annotations

import re
import textwrap
from typing import TYPE_CHECKING

from acctexit.i18n import strings

if TYPE_CHECKING:
    from acctexit.app.report.model import NumberSection, ReportData, StepRow
    from acctexit.i18n import Translate

WIDTH = {"zh": 40, "en": 78}  # characters per line of running text
_INLINE = re.compile(r"([\\`*_\[\]<>&|~$])")
# What a line may not start with: a heading, quote, list item, rule or setext underline.
_LINE_START = re.compile(r"^([#>+\-=*]|\d+[.)])")
_ZH_BREAK = re.compile(r"(?<=[，。；：、！？）])")


def md(value: str) -> str:
    """One line of text, safe anywhere: in a table cell, a list item or a heading."""
    value = " ".join(value.split())  # no line breaks, tabs or runs of blanks
    return _LINE_START.sub(_guard, _INLINE.sub(r"\\\1", value))


def _guard(match: re.Match[str]) -> str:
    """Escape a line's first block marker: "# x" -> "\\# x", "1. x" -> "1\\. x"."""
    mark = match.group(1)
    return "\\" + mark if not mark[0].isdigit() else mark[:-1] + "\\" + mark[-1]


def _wrap(text: str, lang: str, indent: str) -> list[str]:
    """Escaped text in short lines, each continuation indented by `indent`."""
    width = WIDTH["zh" if lang == "zh" else "en"]
    if lang == "zh":  # no spaces to break at: break after punctuation
        lines, current = [], ""
        for part in _ZH_BREAK.split(text):
            if current and len(current) + len(part) > width:
                lines.append(current)
                current = ""
            current += part
        if current:
            lines.append(current)
    else:
        lines = textwrap.wrap(text, width, break_long_words=False, break_on_hyphens=False)
    out = [md(line) for line in lines] or [""]
    return [out[0], *(indent + line for line in out[1:])]


def _row(*cells: str) -> str:
    return "| " + " | ".join(cells) + " |"


def render_markdown(data: ReportData) -> str:
    s = strings(data.lang)
    lines = [f"# {md(s('report_title'))}", ""]
    meta = [s("report_today", date=data.today.isoformat()), s("report_made", time=data.made)]
    if not data.revealed:
        meta.append(s("report_masked"))
    lines += [md(" · ".join(meta)), ""]
    lines += [*_wrap(s("report_intro"), data.lang, ""), ""]
    if not data.numbers:
        lines += [md(s("report_no_numbers")), ""]
    for n in data.numbers:
        lines += _number(n, s, data.lang)
    lines += ["---", ""]
    chain = data.chain
    if chain.head_id is None:
        lines.append(md(s("report_footer_chain_empty")))
    else:
        lines.append(md(s("report_footer_chain", id=chain.head_id, hash=chain.head_hash)))
    lines.append("")
    if chain.verified:
        lines.append(md(s("report_verify_ok", rows=chain.rows_checked)))
    else:
        lines.append(md(s("report_verify_failed", n=chain.problems)))
    lines += ["", md(s("report_made", time=data.made))]
    return "\n".join(lines).rstrip() + "\n"


def _number(n: NumberSection, s: Translate, lang: str) -> list[str]:
    # The number as code: "138****1234" reads the same in plain text and rendered. A NUL
    # stands in for it while the rest of the heading is escaped.
    number = "`" + n.number.replace("`", "") + "`"
    head = [md(s("report_number_heading", number="\0")).replace("\0", number)]
    head += [md(n.label)] if n.label else []
    head.append(md(n.state))
    out = [f"## {' · '.join(head)}", ""]

    out += [f"### {md(s('report_deadlines'))}", ""]
    out += [f"- {md(d.text)}" for d in n.deadlines]
    out.append("")

    out += [f"### {md(s('report_summary'))}", ""]
    if n.summary:
        cols = ("report_safe", "report_in_progress", "report_not_started", "report_total")
        out.append(_row(md(s("report_phase")), *(md(s(c)) for c in cols)))
        out.append(_row("---", "--:", "--:", "--:", "--:"))
        for p in (*n.summary, n.summary_total):
            name = p.phase or s("report_total")
            out.append(_row(md(name), *map(str, (p.safe, p.in_progress, p.not_started, p.total))))
    else:
        out.append(md(s("report_no_accounts")))
    if n.lookups:
        out += ["", md(n.lookups)]
    out.append("")

    out += [f"### {md(s('report_next_steps'))}", ""]
    if n.next_steps:
        heads = ("report_col_no", "report_col_step", "report_col_account", "report_col_dates")
        out.append(_row(*(md(s(k)) for k in heads)))
        out.append(_row("--:", "---", "---", "---"))
        for st in n.next_steps:
            out.append(_row(str(st.index), md(st.title), md(st.who), md(_dates(st, s))))
        out += ["", f"#### {md(s('report_instructions'))}", ""]
        if any(st.unverified for st in n.next_steps):
            out += [md(s("report_unverified_mark")), ""]
        for st in n.next_steps:
            out += _instruction(st, s, lang)
    else:
        out.append(md(s("report_no_open_steps")))
    out.append("")

    out += [f"### {md(s('report_accounts'))}", ""]
    if n.accounts:
        heads = ("report_col_account", "report_phase", "report_col_status", "report_col_risk")
        out.append(_row(*(md(s(k)) for k in heads)))
        out.append(_row("---", "---", "---", "---"))
        for a in n.accounts:
            out.append(_row(md(a.name), md(a.phase), md(a.status_text), md(a.risk)))
        done = [a for a in n.accounts if a.done]
        if done:
            out += ["", f"#### {md(s('report_col_done_steps'))}", ""]
            for a in done:
                out.append(f"- **{md(a.name)}**")
                for d in a.done:
                    text = f"{d.when} {d.title}" + (s("report_skipped_mark") if d.skipped else "")
                    if d.detail:
                        text += f" — {d.detail}"
                    first, *rest = _wrap(text, lang, "    ")
                    out += ["  - " + first, *rest]
    else:
        out.append(md(s("report_no_accounts")))
    out.append("")

    out += [f"### {md(s('report_evidence'))}", ""]
    if n.evidence:
        for e in n.evidence:
            parts = [e.when, e.what, e.who] + ([e.step] if e.step else [])
            first, *rest = _wrap(" · ".join(parts), lang, "  ")
            out += ["- " + first, *rest]
            if e.note:  # on its own line: a backslash at the end is a hard line break
                out[-1] += "\\"
                note = " / ".join(line.strip() for line in e.note.splitlines() if line.strip())
                out += ["  " + line for line in _wrap(note, lang, "")]
    else:
        out.append(md(s("report_no_evidence")))
    out.append("")
    return out


def _dates(st: StepRow, s: Translate) -> str:
    parts = []
    if st.earliest:
        parts.append(s("report_earliest", date=st.earliest.isoformat()))
    if st.do_by:
        parts.append(s("report_do_by", date=st.do_by.isoformat()))
    if st.final_on:
        parts.append(s("report_final_on", date=st.final_on.isoformat()))
    return s("clause_sep").join(parts) or s("report_now")


def _instruction(st: StepRow, s: Translate, lang: str) -> list[str]:
    """The numbered item below the table: title, then the full instruction, the menu
    path and what it waits on as a nested list."""
    indent = " " * (len(str(st.index)) + 2)  # where the item's text starts
    mark = " †" if st.unverified else ""
    out = [f"{st.index}. **{md(st.title)}**{mark} · {md(st.who)}"]
    details = [st.instruction] if st.instruction else []
    if st.path:
        details.append(s("report_where", path=st.path))
    details += [s("report_waits_on", what=w) for w in st.waits_on]
    details += [x for x in (st.impossible, st.needs, *st.notes) if x]
    for d in details:
        first, *rest = _wrap(d, lang, indent + "  ")
        out += [f"{indent}- {first}", *rest]
    out.append("")
    return out
