"""What the dashboard's side panes show for the selected row: its steps with what the
user wrote on them (skip reasons, notes) and the steps pane's title; its risk, its own
notes and its number's facts."""

from __future__ import annotations

from textual.content import Content

from acctexit.domain.models import AccountRisk, LogEntry, StepKey, StepStatus, Verb
from acctexit.domain.plan import PlanStep
from acctexit.tui.render import plain
from acctexit.tui.screens.dashboard.part import DashboardPart
from acctexit.tui.viewmodel import Item
from acctexit.tui.widgets.risk_view import RiskView, account_lines, number_lines
from acctexit.tui.widgets.step_list import StepList


def _entry_key(entry: LogEntry, note: bool = False) -> StepKey | None:
    """The step a log entry is about (skips only, unless `note`)."""
    if entry.step_id is None or entry.verb is not (Verb.NOTE if note else Verb.SKIPPED):
        return None
    if entry.account_id is not None:
        return (entry.account_id, None, entry.step_id)
    return (None, entry.number_id, entry.step_id)


class Panes(DashboardPart):
    def _show_item(self, item: Item | None, keep_step: bool = False) -> None:
        steps = self.query_one(StepList)
        risk = self.query_one(RiskView)
        if item is None or self.snapshot is None:
            steps.show([], self.workspace.today.isoformat())
            risk.show([Content(self._s("no_accounts"))])
            return
        shown = self._steps_for(item)
        notes = self._item_notes(item)
        remarks = {st.key: r for st in shown if (r := self._remarks(st, notes))}
        steps.show(
            shown,
            self.workspace.today.isoformat(),
            keep_index=keep_step,
            states=self._states(),
            remarks=remarks,
        )
        steps.border_title = self._steps_title(item)
        risk_of = self.snapshot.account_risks.get(item.account_id) if item.account_id else None
        account_id = item.account_id
        if account_id is not None and any(k[0] == account_id for k in self._ticks):
            risk_of = self.workspace.account_risk_with(self.snapshot, account_id, self._states())
        self._paint_risk(item, risk_of)

    def _paint_risk(self, item: Item, account_risk: AccountRisk | None) -> None:
        assert self.snapshot is not None
        lines: list[Content] = []
        number_id = item.number_id
        if item.account_id is not None:
            lines += account_lines(account_risk, self.lang)
            account = self.snapshot.account(item.account_id)
            number_id = account.number_id if account else None
            lines.append(Content(""))
        # The notes on the account (or number) itself; a step's own notes are in the
        # steps pane under that step.
        notes = [e for e in self._item_notes(item) if e.step_id is None]
        if notes:
            lines.append(Content.styled(self._s("risk_notes"), "bold"))
            lines += [Content.assemble("✎ ", plain(e.detail)) for e in notes]
            lines.append(Content(""))
        number = self.snapshot.number(number_id) if number_id is not None else None
        if number is not None:
            lines += number_lines(
                number,
                self.snapshot.number_risks.get(number.id),
                self.workspace.today,
                self.lang,
                self.reveal,
            )
        self.query_one(RiskView).show(lines)

    def _first_open_item(self) -> Item | None:
        """The first account (or number item) in plan order that still has open steps."""
        assert self.snapshot is not None
        step = self.snapshot.plan.next_step()
        if step is None:
            return None
        if step.account_id is not None:
            return Item(account_id=step.account_id)
        return Item(number_id=step.number_id, phase=step.phase)

    def _steps_for(self, item: Item) -> list[PlanStep]:
        assert self.snapshot is not None
        plan = self.snapshot.plan
        if item.account_id is not None:
            steps = plan.for_account(item.account_id)
        else:
            # a number's own row (phase None): all its steps, discover and after-care
            steps = [
                s
                for s in plan.number_steps(item.number_id)  # type: ignore[arg-type]
                if item.phase is None or s.phase is item.phase
            ]
        return self._with_ticks(steps)

    def _steps_title(self, item: Item) -> str:
        """ "Steps · WeChat · work": the pane names the account, label or "#2" included."""
        title = self._s("pane_steps")
        account = (
            self.snapshot.account(item.account_id) if self.snapshot and item.account_id else None
        )
        if account is None or self.snapshot is None:
            return title
        return f"{title} · {self.workspace.account_title(self.snapshot, account, self.lang)}"

    # What the user wrote: notes and skip reasons ----------------------------------
    def _written_on(self, item: Item) -> list[LogEntry]:
        """The notes and skips on `item` and its steps, oldest first, read from the
        store once per item shown (any age: not only what the log pane holds)."""
        key = (item.account_id, None if item.account_id is not None else item.number_id)
        written = self._written.get(key)
        if written is None:
            written = self._written[key] = self.workspace.remarks(*key)
        return written

    def _forget_written(self, account_id: int | None, number_id: int | None) -> None:
        """After a note or a skip on this account (or number): read it again."""
        self._written.pop((account_id, None if account_id is not None else number_id), None)

    def _item_notes(self, item: Item) -> list[LogEntry]:
        """The notes on `item` and its steps, oldest first."""
        return [e for e in self._written_on(item) if e.verb is Verb.NOTE]

    def _remarks(self, step: PlanStep, notes: list[LogEntry]) -> tuple[str, ...]:
        """What the user wrote on `step`: why it was skipped (while it is), its notes."""
        out: list[str] = []
        if step.status is StepStatus.SKIPPED and step.logged_status is StepStatus.SKIPPED:
            reason = self._skip_reason(step)
            if reason:
                out.append(self._s("step_skip_reason", reason=reason))
        out += [
            self._s("step_note", text=e.detail)
            for e in notes
            if e.step_id is not None and _entry_key(e, note=True) == step.key
        ]
        return tuple(out)

    def _skip_reason(self, step: PlanStep) -> str | None:
        """The reason given with the step's latest skip."""
        item = (
            Item(account_id=step.account_id)
            if step.account_id is not None
            else Item(number_id=step.number_id)
        )
        written = self._written_on(item)
        return next((e.detail for e in reversed(written) if _entry_key(e) == step.key), None)
