"""The header line: each number with both countdowns (codes stop, re-issue), and overall
progress. The dates are domain/deadlines.py's, the same as in the risk pane and `plan`."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from textual.content import Content
from textual.widgets import Static

from acctexit.app.workspace import Snapshot
from acctexit.domain.deadlines import Stage, cancel_deadline, reissue_deadline, stage
from acctexit.domain.models import Lang, PhoneNumber
from acctexit.domain.phone import mask_number
from acctexit.i18n import strings
from acctexit.tui.render import bar

if TYPE_CHECKING:
    from acctexit.i18n import Translate


def numbers_bar_content(
    snapshot: Snapshot, lang: Lang, reveal: bool, today: date, compact: bool = False
) -> Content:
    """One line; `compact` drops the title and shortens the bar for 80 columns."""
    s = strings(lang)
    parts: list[Content | str | tuple[str, str]] = (
        [] if compact else [(s("app_title"), "bold"), "  "]
    )
    for number in snapshot.numbers:
        shown = number.e164 if reveal else mask_number(number.e164)
        parts.append((shown, "bold"))
        parts.extend(countdown_parts(number, today, s, compact))
        parts.append("  " if compact else "   ")
    progress = snapshot.plan.progress()
    finished = progress.done + progress.skipped
    if not compact:
        parts.append(s("header_progress") + " ")
    parts.append((bar(finished, progress.total, 8 if compact else 12) + " ", "$success"))
    parts.append(f"{finished}/{progress.total}")
    return Content.assemble(*parts)


def countdown_parts(
    number: PhoneNumber, today: date, s: Translate, compact: bool
) -> list[str | tuple[str, str]]:
    """Both countdowns, short; `compact` keeps only the one that matters next."""
    st = stage(number, today)
    if st is Stage.KEPT:
        return [" " + s("header_kept")]
    cancel, reissue = cancel_deadline(number, today), reissue_deadline(number, today)
    if st is Stage.UNDATED or cancel is None or reissue is None:
        return [(" " + s("header_undated"), "$warning")]
    if st is Stage.REISSUED:
        return [(" " + s("deadline_exposed"), "bold $error")]
    later = (s("header_reissue_in", days=reissue.days_left), "bold $warning")
    if st is Stage.FROZEN:
        first = (s("header_codes_stopped"), "$error")
    else:
        key = "header_cancel_in" if cancel.days_left > 0 else "header_cancel_today"
        first = (s(key, days=cancel.days_left), "bold $warning")
    if compact:  # only the one that matters next
        return [" ", later if st is Stage.FROZEN else first]
    return [" ", first, " · ", later]


class NumbersBar(Static):
    pass
