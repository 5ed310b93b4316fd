"""The header line: each number with its state and days left, and overall progress."""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Static

from acctexit.app.workspace import Snapshot
from acctexit.domain.models import Lang, NumberState
from acctexit.domain.phone import mask_number
from acctexit.i18n import strings
from acctexit.tui.render import bar


def numbers_bar_content(
    snapshot: Snapshot, lang: Lang, reveal: bool, compact: bool = False, demo: bool = False
) -> Content:
    """One line; `compact` drops the title and shortens the bar for 80 columns; `demo`
    starts it with a DEMO badge (the data is a throwaway copy)."""
    s = strings(lang)
    parts: list[Content | str | tuple[str, str]] = []
    if demo:
        parts += [(f" {s('demo_badge')} ", "bold reverse $warning"), " "]
    if not compact:
        parts += [(s("app_title"), "bold"), "  "]
    for number in snapshot.numbers:
        risk = snapshot.number_risks.get(number.id)
        shown = number.e164 if reveal else mask_number(number.e164)
        parts.append((shown, "bold"))
        if number.state is NumberState.KEPT or risk is None or risk.days_left is None:
            parts.append(" " + s("header_kept"))
        elif risk.days_left > 0:
            parts.append((" " + s("header_days_left", days=risk.days_left), "bold $warning"))
        else:
            parts.append((" " + s("header_reissuable"), "bold $error"))
        parts.append("  " if compact else "   ")
    progress = snapshot.plan.progress()
    finished = progress.done + progress.skipped
    if not compact:
        parts.append(s("header_progress") + " ")
    parts.append((bar(finished, progress.total, 8 if compact else 16) + " ", "$success"))
    parts.append(f"{finished}/{progress.total}")
    return Content.assemble(*parts)


class NumbersBar(Static):
    pass
