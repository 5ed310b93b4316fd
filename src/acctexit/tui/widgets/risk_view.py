"""The risk pane: the selected account's level, score and every reason, and its
number's two countdowns with a timeline from the cancel date to the earliest re-issue
date."""

from __future__ import annotations

from datetime import date

from textual.content import Content
from textual.geometry import Size
from textual.scroll_view import ScrollView
from textual.strip import Strip

from acctexit.app.deadlines import countdowns
from acctexit.domain.models import AccountRisk, Lang, NumberRisk, NumberState, PhoneNumber
from acctexit.domain.phone import mask_number
from acctexit.i18n import say, strings, translate
from acctexit.tui.render import badge, fmt_date, hang, plain, timeline
from acctexit.tui.widgets.lines import line_strip, set_extent

BULLET = "• "


def number_lines(
    number: PhoneNumber, risk: NumberRisk | None, today: date, lang: Lang, reveal: bool
) -> list[Content]:
    """The number, both countdowns (app/deadlines.py, as in the header and `plan`) and
    the timeline between the two dates."""
    s = strings(lang)
    shown = number.e164 if reveal else mask_number(number.e164)
    label = f" {number.label}" if number.label else ""
    lines = [Content.assemble((shown, "bold"), plain(label))]
    for c in countdowns(number, today, s):
        if c.kind == "kept":
            lines.append(Content(c.text))
        elif c.kind == "undated":
            lines.append(Content.styled(c.text, "$warning"))
        else:
            lines.append(Content.styled(c.text, "bold $error" if c.passed else "bold $warning"))
    cancel, reissue = number.cancel_date, risk.reissue_date if risk is not None else None
    if number.state is not NumberState.KEPT and cancel is not None and reissue is not None:
        lines.append(
            Content.assemble(
                (fmt_date(cancel) + " ", "dim"),
                timeline(cancel, reissue, today, 24),
                (" " + fmt_date(reissue), "dim"),
            )
        )
        lines.append(Content.styled(s("timeline_legend"), "dim"))
    return lines


def account_lines(risk: AccountRisk | None, lang: Lang) -> list[Content]:
    if risk is None:
        return [Content(translate("risk_unknown_platform", lang))]
    lines = [
        Content.assemble(
            badge(risk.level, lang), "  ", translate("risk_score", lang, score=risk.score)
        )
    ]
    lines.extend(Content.assemble(BULLET, say(reason, lang)) for reason in risk.reasons)
    return lines


class RiskView(ScrollView, can_focus=True):
    """The lines are wrapped here (`hang`, so Chinese breaks between characters and a
    reason wraps under its text, not its bullet), again whenever the width changes.

    A line-API pane, like the lists: a `Static` inside a scrolling container drew the
    same lines through a second widget and Textual's wrapping, ≈ 14 M instructions of
    the demo's start (benchmarks/analysis.md). The scrolling keys and the wheel are
    the container's, as before."""

    ALLOW_MAXIMIZE = False  # as the scrolling container it replaces

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self._lines: list[Content] = []
        self._wrapped: list[Content] = []

    @property
    def text(self) -> str:
        """What the pane shows, one screen line per line (all of it, not only what fits)."""
        return "\n".join(line.plain for line in self._wrapped)

    def show(self, lines: list[Content]) -> None:
        self._lines = lines
        self._paint()

    def on_resize(self) -> None:
        self._paint()

    def _paint(self) -> None:
        width = self.scrollable_content_region.width
        wrapped: list[Content] = []
        for line in self._lines:
            if width <= 0:
                wrapped.append(line)
            elif line.plain.startswith(BULLET):
                wrapped += hang(BULLET, line[len(BULLET) :], width)
            else:
                wrapped += hang("", line, width)
        self._wrapped = wrapped
        set_extent(self, Size(width, len(wrapped)))  # no layout unless the scrollbar changes
        # Textual settles a line-API widget's scrollbars when its layout changes, not
        # when fewer lines come: a scrollbar shown for a longer text would stay (the
        # demo at 120x36: UnionPay's 11 lines in 11 rows after CMB's 12). Textual
        # (8.2.8) has no public call for it: `_scroll_update` is the one that shows or
        # hides the scrollbars and sizes them without a layout; the public ways, setting
        # `virtual_size` or `refresh(layout=True)`, lay the whole screen out on every
        # key again, which `set_extent` is there to avoid.
        self._scroll_update(self.virtual_size)
        self.refresh()

    def render_line(self, y: int) -> Strip:
        n = self.scroll_offset.y + y
        width = self.scrollable_content_region.width
        if not (0 <= n < len(self._wrapped)):
            return Strip.blank(width, self.rich_style)
        return line_strip(self._wrapped[n], width, self.visual_style, self._get_style)
