"""The steps of the selected account, in plan order, each with its checkbox,
menu path, the date it becomes possible, the date it must be done by (a step that
needs a code sent to the old number) and what it waits on.

The list only asks: it posts `Toggle` / `Skip` and the screen writes to the log.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from typing import Any, ClassVar

from textual.binding import BindingType
from textual.content import Content
from textual.message import Message

from acctexit.domain.models import Lang, StepKey, StepStatus, Text
from acctexit.domain.plan import PlanStep, group_heading
from acctexit.i18n import say, strings
from acctexit.tui.commands import Scope, bindings_for
from acctexit.tui.render import fmt_date, hang, plain, status_mark
from acctexit.tui.widgets.item_list import ItemList

INDENT = "    "


def step_lines(
    ps: PlanStep,
    lang: Lang,
    today_iso: str,
    width: int = 80,
    waits_done: bool = False,
    remarks: tuple[str, ...] = (),
    heading: Text | None = None,
) -> list[Content]:
    """A step as a few lines: checkbox and text, path, dates, blockers, notes, and the
    user's own `remarks` (their notes on it, why they skipped it). With `waits_done`,
    every step it waits on is done, so what it waits on is no longer said. `heading`:
    the title of the group of steps it starts (`group_heading`), above it."""
    s = strings(lang)
    done = ps.status is not StepStatus.OPEN
    head_style = "dim strike" if ps.status is StepStatus.DONE else ("dim" if done else "bold")
    mark = Content.styled(
        status_mark(ps.status, ps.logged_status), "bold $success" if done else "bold"
    )
    lines = (
        []
        if heading is None
        else hang("", Content.styled(heading.get(lang), "bold $accent"), width)
    )
    lines += hang(mark, Content.styled(ps.step.text.get(lang), head_style), width)
    detail: list[Content] = []
    if ps.step.path is not None:
        detail.append(Content.assemble(("› ", "dim"), (ps.step.path.get(lang), "$accent")))
    if ps.impossible is not None:
        detail.append(Content.styled(say(ps.impossible, lang), "$error"))
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
    for text in () if waits_done else ps.waits_on_text:
        detail.append(Content.styled(s("step_waits_on") + say(text, lang), "$warning"))
    if ps.needs_facts and not done:
        facts = s("list_sep").join(s(f"fact_{f}") for f in ps.needs_facts)
        detail.append(Content.styled(s("step_needs_facts", facts=facts), "$text-muted"))
    for note in ps.notes:
        detail.append(Content.styled(say(note, lang), "$text-muted"))
    for remark in remarks:
        detail.append(plain(remark))
    if not ps.step.verified:
        detail.append(Content.styled(s("step_unverified"), "italic $text-muted"))
    for part in detail:
        lines += hang(INDENT, part, width)
    return lines


class StepList(ItemList):
    # The steps pane's keys, unlabelled (the dashboard switches language in place; the
    # key bar words them from the command table): bound here rather than by a
    # `localized` subclass made at start, which cost instructions of the first frame.
    BINDINGS: ClassVar[list[BindingType]] = [*bindings_for(Scope.STEPS, None)]
    LOCALIZED_FOR: ClassVar[Lang | None] = None

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
        self._states: Mapping[StepKey, StepStatus] = {}
        self._remarks: Mapping[StepKey, tuple[str, ...]] = {}

    def _waits_done(self, step: PlanStep) -> bool:
        states = self._states
        return bool(step.waits_on) and all(
            states.get(k, StepStatus.OPEN) is not StepStatus.OPEN for k in step.waits_on
        )

    def _key(self, index: int) -> Hashable:
        # Everything a step's look depends on (PlanStep hashes by value).
        step = self.steps[index]
        remarks = self._remarks.get(step.key, ())
        heading = self._heading(index)
        return (step, self.lang, self._today_iso, self._waits_done(step), remarks, heading)

    def _heading(self, index: int) -> Text | None:
        """The title of the group of steps the step at `index` starts, if any."""
        return group_heading(self.steps[index - 1] if index else None, self.steps[index])

    def item_lines(self, index: int, width: int) -> list[Content]:
        step = self.steps[index]
        return step_lines(
            step,
            self.lang,
            self._today_iso,
            width,
            self._waits_done(step),
            self._remarks.get(step.key, ()),
            self._heading(index),
        )

    def set_lang(self, lang: Lang) -> None:
        """Word the steps in `lang` from the next `show` on."""
        self.lang = lang

    def show(
        self,
        steps: list[PlanStep],
        today_iso: str,
        keep_index: bool = True,
        states: Mapping[StepKey, StepStatus] | None = None,
        remarks: Mapping[StepKey, tuple[str, ...]] | None = None,
    ) -> None:
        """Show `steps`; a new account's open at the top of its first open step.
        `states` (every step's, to tell whether what a step waits on is done) and
        `remarks` (the user's notes and skip reasons per step) are kept for repaints."""
        previous = self.highlighted if keep_index else None
        self.steps, self._today_iso = list(steps), today_iso
        self._states = states if states is not None else {}
        self._remarks = remarks if remarks is not None else {}
        keep = previous is not None and previous < len(self.steps)
        keys = [self._key(i) for i in range(len(self.steps))]
        if keep:
            self.set_items(keys, previous)
        else:
            self.set_items(keys, self._first_open(), top=True)

    def _first_open(self) -> int:
        return next((i for i, ps in enumerate(self.steps) if ps.status is StepStatus.OPEN), 0)

    def _settle_scroll(self, top: bool = False) -> None:
        super()._settle_scroll(top)
        if top:
            self._top_at_a_step()

    def _top_at_a_step(self) -> None:
        """With the highlighted step near the end of the list, the view cannot start at
        its first line; start it at the first line of the latest step that still shows
        the highlighted one whole (or, failing that, as far down as it goes), so that the
        top line of the pane is never the middle of a step.

        The items below the cursor are wrapped lazily, counting one line each until then
        (item_list's docstring), so the list first looks shorter than it is and the
        scroll stopped short of the end (the demo at 80×24 opened a few lines into the
        step above the first open one): when the view is held up by the list's end, every
        step is wrapped first (an account has a few dozen at most)."""
        n = self.highlighted
        height = self.scrollable_content_region.height
        if n is None or height <= 0 or not (0 <= n < len(self._starts)):
            return
        if self.scroll_offset.y >= self._starts[n]:
            return  # its first line is at the top
        if not self._fresh():
            self._measure()
            if n >= len(self._starts):  # laid out again at no width at all
                return
        start, end = self._starts[n], self._starts[n] + self._height(n)
        last_top = max(0, self._total - height)
        if start <= last_top:
            target = start
        else:
            fits = [s for s in self._starts[: n + 1] if s <= last_top and s + height >= end]
            target = fits[-1] if fits else last_top
        self.scroll_to(y=target, animate=False, force=True)

    def replace_step(
        self, index: int, step: PlanStep, remarks: tuple[str, ...] | None = None
    ) -> None:
        """Repaint one step in place (after a tick), keeping the cursor where it is;
        `remarks` replaces what the user wrote on it (a new skip reason)."""
        self.steps[index] = step
        if remarks is not None:
            self._remarks = {**self._remarks, step.key: remarks}
        self.replace_item(index, self._key(index))

    def highlight_first_open(self) -> None:
        """The cursor on the first open step, its first line at the top of the view."""
        if self.steps:
            self.highlighted = self._first_open()
            self._settle_scroll(top=True)

    @property
    def current(self) -> PlanStep | None:
        if self.highlighted is None or not (0 <= self.highlighted < len(self.steps)):
            return None
        return self.steps[self.highlighted]

    def select(self, index: int) -> None:
        # A click on the selected step does what Space does. Enter never ticks.
        self.action_toggle_step()

    def action_toggle_step(self) -> None:
        if self.current is not None:
            self.post_message(self.Toggle(self.current))

    def action_skip_step(self) -> None:
        if self.current is not None:
            self.post_message(self.Skip(self.current))

    def action_back(self) -> None:
        self.post_message(self.Back())
