"""The steps of the selected account, in plan order, each with its checkbox,
menu path, the date it becomes possible, the date it must be done by (a step that
needs a code sent to the old number) and what it waits on.

The list only asks: it posts `Toggle` / `Skip` and the screen writes to the log.
"""

from __future__ import annotations

from collections.abc import Hashable
from typing import Any

from textual.content import Content
from textual.message import Message

from acctexit.domain.models import Lang, StepStatus
from acctexit.domain.plan import PlanStep
from acctexit.i18n import strings
from acctexit.tui.render import STATUS_MARK, fmt_date, hang
from acctexit.tui.widgets.item_list import ItemList

INDENT = "    "


def step_lines(ps: PlanStep, lang: Lang, today_iso: str, width: int = 80) -> list[Content]:
    """A step as a few lines: checkbox and text, path, dates, blockers, notes."""
    s = strings(lang)
    done = ps.status is not StepStatus.OPEN
    head_style = "dim strike" if ps.status is StepStatus.DONE else ("dim" if done else "bold")
    mark = Content.styled(STATUS_MARK[ps.status], "bold $success" if done else "bold")
    lines = hang(mark, Content.styled(ps.step.text.get(lang), head_style), width)
    detail: list[Content] = []
    if ps.step.path is not None:
        detail.append(Content.assemble(("› ", "dim"), (ps.step.path.get(lang), "$accent")))
    if ps.impossible is not None:
        detail.append(Content.styled(ps.impossible.get(lang), "$error"))
    if ps.possible_from is not None and ps.possible_from.isoformat() > today_iso and not done:
        detail.append(
            Content.styled(s("step_possible_from", date=fmt_date(ps.possible_from)), "$warning")
        )
    if ps.final_on is not None:
        detail.append(Content(s("step_final_on", date=fmt_date(ps.final_on))))
    if ps.do_by is not None and not done:  # it needs a code sent to the old number
        if ps.feasible:
            detail.append(Content.styled(s("deadline_do_by", date=fmt_date(ps.do_by)), "bold"))
        else:
            late = s("deadline_not_feasible", date=fmt_date(ps.do_by))
            detail.append(Content.styled(late, "bold $error"))
    for text in ps.waits_on_text:
        detail.append(Content.styled(s("step_waits_on") + text.get(lang), "$warning"))
    if ps.needs_facts and not done:
        joiner = "、" if lang == "zh" else ", "
        facts = joiner.join(s(f"fact_{f}") for f in ps.needs_facts)
        detail.append(Content.styled(s("step_needs_facts", facts=facts), "$text-muted"))
    for note in ps.notes:
        detail.append(Content.styled(note.get(lang), "$text-muted"))
    if not ps.step.verified:
        detail.append(Content.styled(s("step_unverified"), "italic $text-muted"))
    for part in detail:
        lines += hang(INDENT, part, width)
    return lines


class StepList(ItemList):
    class Toggle(Message):
        def __init__(self, step: PlanStep) -> None:
            super().__init__()
            self.step = step

    class Skip(Message):
        def __init__(self, step: PlanStep) -> None:
            super().__init__()
            self.step = step

    class Back(Message):
        pass

    def __init__(self, lang: Lang, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.lang: Lang = lang
        self.steps: list[PlanStep] = []
        self._today_iso = ""

    def _key(self, step: PlanStep) -> Hashable:
        # Everything a step's look depends on (PlanStep hashes by value).
        return (step, self.lang, self._today_iso)

    def item_lines(self, index: int, width: int) -> list[Content]:
        return step_lines(self.steps[index], self.lang, self._today_iso, width)

    def set_lang(self, lang: Lang) -> None:
        """Word the steps in `lang` from the next `show` on."""
        self.lang = lang

    def show(self, steps: list[PlanStep], today_iso: str, keep_index: bool = True) -> None:
        previous = self.highlighted if keep_index else None
        self.steps, self._today_iso = list(steps), today_iso
        keep = previous is not None and previous < len(self.steps)
        self.set_items([self._key(s) for s in self.steps], previous if keep else None)
        if self.steps and not keep:
            self.highlight_first_open()

    def replace_step(self, index: int, step: PlanStep) -> None:
        """Repaint one step in place (after a tick), keeping the cursor where it is."""
        self.steps[index] = step
        self.replace_item(index, self._key(step))

    def highlight_first_open(self) -> None:
        first = next((i for i, ps in enumerate(self.steps) if ps.status is StepStatus.OPEN), 0)
        if self.steps:
            self.highlighted = first

    @property
    def current(self) -> PlanStep | None:
        if self.highlighted is None or not (0 <= self.highlighted < len(self.steps)):
            return None
        return self.steps[self.highlighted]

    def select(self, index: int) -> None:
        # Enter on a step does what Space does: mouse users click, keyboard users press.
        self.action_toggle_step()

    def action_toggle_step(self) -> None:
        if self.current is not None:
            self.post_message(self.Toggle(self.current))

    def action_skip_step(self) -> None:
        if self.current is not None:
            self.post_message(self.Skip(self.current))

    def action_back(self) -> None:
        self.post_message(self.Back())
