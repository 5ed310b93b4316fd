"""The risk pane: the selected account's level, score and every reason, and its
number's state with a timeline from the cancel date to the earliest re-issue date."""

from __future__ import annotations

from datetime import date

from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Static

from acctexit.domain.models import AccountRisk, Lang, NumberRisk, NumberState, PhoneNumber
from acctexit.domain.phone import mask_number
from acctexit.i18n import strings, translate
from acctexit.tui.render import badge, fmt_date, hang, plain, timeline

BULLET = "• "


def number_lines(
    number: PhoneNumber, risk: NumberRisk | None, today: date, lang: Lang, reveal: bool
) -> list[Content]:
    s = strings(lang)
    shown = number.e164 if reveal else mask_number(number.e164)
    label = f" {number.label}" if number.label else ""
    lines = [Content.assemble((shown, "bold"), plain(label))]
    if number.state is NumberState.KEPT or number.cancel_date is None:
        lines.append(Content(s("number_kept")))
        return lines
    state_key = (
        "number_will_cancel" if number.state is NumberState.WILL_CANCEL else "number_cancelled"
    )
    lines.append(Content(s(state_key, date=fmt_date(number.cancel_date))))
    if risk is not None and risk.reissue_date is not None:
        days = risk.days_left if risk.days_left is not None else 0
        key = "number_reissue_in" if days > 0 else "number_reissue_past"
        lines.append(
            Content.styled(
                s(key, date=fmt_date(risk.reissue_date), days=abs(days)), "bold $warning"
            )
        )
        lines.append(
            Content.assemble(
                (fmt_date(number.cancel_date) + " ", "dim"),
                timeline(number.cancel_date, risk.reissue_date, today, 24),
                (" " + fmt_date(risk.reissue_date), "dim"),
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
    lines.extend(Content.assemble(BULLET, reason.get(lang)) for reason in risk.reasons)
    return lines


class RiskView(VerticalScroll, can_focus=True):
    """The lines are wrapped here (`hang`, so Chinese breaks between characters and a
    reason wraps under its text, not its bullet), again whenever the width changes."""

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self._lines: list[Content] = []

    def compose(self):  # type: ignore[no-untyped-def]
        yield Static(id="risk-body")

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
        self.query_one("#risk-body", Static).update(Content("\n").join(wrapped))
