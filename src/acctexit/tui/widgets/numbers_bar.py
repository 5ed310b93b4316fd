"""The header line: each number with both countdowns (codes stop, re-issue), and overall
progress, shortened step by step to fit the terminal's width. The dates are
domain/deadlines.py's, the same as in the risk pane and `plan`."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING, Any, NamedTuple

from textual.content import Content
from textual.strip import Strip
from textual.widget import Widget

from acctexit.app.workspace import Snapshot
from acctexit.domain.deadlines import Stage, cancel_deadline, reissue_deadline, stage
from acctexit.domain.models import Lang, PhoneNumber
from acctexit.domain.phone import mask_number
from acctexit.i18n import strings
from acctexit.tui.render import bar
from acctexit.tui.widgets.lines import line_strip

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
    header = _Header(snapshot, strings(lang), reveal, today, demo)
    count = len(snapshot.numbers)
    if width is None:
        return header.line(FITS[0], count)
    for fit in FITS:
        if header.width(fit, count) <= width:
            return header.line(fit, count)
    shown = count
    while shown > 1 and header.width(FITS[-1], shown) > width:
        shown -= 1
    return header.line(FITS[-1], shown)


Part = Content | str | tuple[str, str]


class _Header:
    """The header's pieces, each made and measured once: trying the rungs of `FITS`
    is then arithmetic, not a line per try (100 numbers × 6 rungs × every resize made
    ≈ 22,000 pieces before the first frame at 10,000 accounts)."""

    def __init__(
        self, snapshot: Snapshot, s: Translate, reveal: bool, today: date, demo: bool
    ) -> None:
        self.snapshot, self.s, self.reveal, self.today = snapshot, s, reveal, today
        self.badge: list[Part] = (
            [(f" {s('demo_badge')} ", "bold reverse $warning"), " "] if demo else []
        )
        self.title: list[Part] = [(s("app_title"), "bold"), "  "]
        progress = snapshot.plan.progress()
        self.finished, self.total = progress.done + progress.skipped, progress.total
        self.count = f"{self.finished}/{self.total}"
        self.label = s("header_progress") + " "
        self._numbers: dict[bool, list[tuple[list[Part], int]]] = {}

    def numbers(self, both: bool) -> list[tuple[list[Part], int]]:
        """Each number's parts (without the gap) and their width."""
        made = self._numbers.get(both)
        if made is None:
            made = []
            for number in self.snapshot.numbers:
                shown = number.e164 if self.reveal else mask_number(number.e164)
                parts: list[Part] = [(shown, "bold")]
                parts.extend(countdown_parts(number, self.today, self.s, compact=not both))
                made.append((parts, _cells(parts)))
            self._numbers[both] = made
        return made

    def _more(self, shown: int) -> list[Part]:
        hidden = len(self.snapshot.numbers) - shown
        return [(self.s("header_more_numbers", n=hidden), "$warning")] if hidden else []

    def width(self, fit: Fit, shown: int) -> int:
        gap = 3 if fit.title else 2
        numbers = self.numbers(fit.both)[:shown]
        more = self._more(shown)
        return (
            _cells(self.badge)
            + (_cells(self.title) if fit.title else 0)
            + sum(w + gap for _, w in numbers)
            + (_cells(more) + gap if more else 0)
            + (_cells([self.label]) if fit.label else 0)
            + (fit.bar + 1 if fit.bar else 0)
            + len(self.count)
        )

    def line(self, fit: Fit, shown: int) -> Content:
        gap = "   " if fit.title else "  "
        parts: list[Part] = list(self.badge)
        if fit.title:
            parts += self.title
        for number_parts, _ in self.numbers(fit.both)[:shown]:
            parts += number_parts
            parts.append(gap)
        more = self._more(shown)
        if more:
            parts += [*more, gap]
        if fit.label:
            parts.append(self.label)
        if fit.bar:
            parts.append((bar(self.finished, self.total, fit.bar) + " ", "$success"))
        parts.append(self.count)
        return Content.assemble(*parts)


def _cells(parts: Sequence[Part]) -> int:
    return Content.assemble(*parts).cell_length


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


class NumbersBar(Widget):
    """The header line, `update`d with `numbers_bar_content` (already cut to the width).

    Drawn with `line_strip`, as the lists draw their lines: a `Static` made the same
    line through Textual's wrapping and alignment (≈ 1 M instructions of the demo's
    start, benchmarks/analysis.md). `render` still gives the line, for tests."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._content = Content("")

    def update(self, content: Content) -> None:
        self._content = content
        self.refresh()

    def render(self) -> Content:
        return self._content

    def render_line(self, y: int) -> Strip:
        width = self.content_region.width
        if y:
            return Strip.blank(width, self.rich_style)
        return line_strip(self._content, width, self.visual_style, self._get_style)
