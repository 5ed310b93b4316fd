"""The header line: each number with both countdowns (codes stop, re-issue), and overall
progress, shortened step by step to fit the terminal's width. The dates are
domain/deadlines.py's, the same as in the risk pane and `plan`."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING, NamedTuple

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


class Fit(NamedTuple):
    """How much of the header to show: one rung of `FITS`."""

    title: bool  # the app's name
    label: bool  # the word "progress" before the bar
    bar: int  # cells of the progress bar (0: none)
    both: bool  # both countdowns of a number, else only the one that matters next


# Richest first. What goes first is the title, then the word "progress", then the bar
# shrinks and goes; only then each number's second countdown. Numbers and the
# progress count are never cut: if even the last rung is too wide, the last numbers
# give way to "+N" (see numbers_bar_content).
FITS = (
    Fit(title=True, label=True, bar=12, both=True),
    Fit(title=False, label=True, bar=12, both=True),
    Fit(title=False, label=False, bar=8, both=True),
    Fit(title=False, label=False, bar=0, both=True),
    Fit(title=False, label=False, bar=8, both=False),
    Fit(title=False, label=False, bar=0, both=False),
)


def numbers_bar_content(
    snapshot: Snapshot,
    lang: Lang,
    reveal: bool,
    today: date,
    width: int | None = None,
    demo: bool = False,
) -> Content:
    """One line at most `width` cells wide (None: no limit), as rich as fits (`FITS`);
    `demo` starts it with a DEMO badge (the data is a throwaway copy)."""
    s = strings(lang)
    numbers = snapshot.numbers
    if width is None:
        return _line(snapshot, numbers, s, reveal, today, FITS[0], demo)
    line = Content("")
    for fit in FITS:
        line = _line(snapshot, numbers, s, reveal, today, fit, demo)
        if line.cell_length <= width:
            return line
    for shown in range(len(numbers) - 1, 0, -1):
        line = _line(snapshot, numbers[:shown], s, reveal, today, FITS[-1], demo)
        if line.cell_length <= width:
            break
    return line


def _line(
    snapshot: Snapshot,
    numbers: Sequence[PhoneNumber],
    s: Translate,
    reveal: bool,
    today: date,
    fit: Fit,
    demo: bool,
) -> Content:
    parts: list[Content | str | tuple[str, str]] = []
    if demo:
        parts += [(f" {s('demo_badge')} ", "bold reverse $warning"), " "]
    if fit.title:
        parts += [(s("app_title"), "bold"), "  "]
    gap = "   " if fit.title else "  "
    for number in numbers:
        shown = number.e164 if reveal else mask_number(number.e164)
        parts.append((shown, "bold"))
        parts.extend(countdown_parts(number, today, s, compact=not fit.both))
        parts.append(gap)
    hidden = len(snapshot.numbers) - len(numbers)
    if hidden:
        parts += [(s("header_more_numbers", n=hidden), "$warning"), gap]
    progress = snapshot.plan.progress()
    finished = progress.done + progress.skipped
    if fit.label:
        parts.append(s("header_progress") + " ")
    if fit.bar:
        parts.append((bar(finished, progress.total, fit.bar) + " ", "$success"))
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
