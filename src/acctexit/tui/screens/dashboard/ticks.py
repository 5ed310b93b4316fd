"""Ticking, undoing and skipping a step on the dashboard, and the overlay of step states
written since the last snapshot.

A write is one use case of `acctexit.app.actions` (one durable transaction). After it,
the step, its account's risk and the log are repainted at once from the overlay
(`_ticks` on top of the snapshot's states); the whole plan is recomputed in a worker a
moment later (screen.py, `recompute_soon`)."""

from __future__ import annotations

from collections import ChainMap
from collections.abc import Mapping, MutableMapping
from typing import cast

from msgspec.structs import replace
from textual import on

from acctexit.app import actions
from acctexit.domain.models import StepKey, StepStatus
from acctexit.domain.plan import PlanStep
from acctexit.tui.screens.dashboard.part import DashboardPart
from acctexit.tui.widgets.account_list import AccountList
from acctexit.tui.widgets.log_view import LogView
from acctexit.tui.widgets.step_list import StepList


def with_status(step: PlanStep, status: StepStatus) -> PlanStep:
    """`step` as just written: the log now says `status` too (so a skip reads as the
    user's, not as set aside by the plan)."""
    return replace(step, status=status, logged_status=status)


class Ticks(DashboardPart):
    def _states(self) -> Mapping[StepKey, StepStatus]:
        """The snapshot's step states with the ticks made since on top (copying 46,000
        states per key press would cost more than the rest of the repaint)."""
        assert self.snapshot is not None
        # ChainMap only ever writes to its first map; typeshed asks for mutability.
        states = cast(MutableMapping[StepKey, StepStatus], self.snapshot.states)
        return ChainMap(self._ticks, states)

    def _committed_status(self, key: StepKey) -> StepStatus:
        if key in self._ticks:
            return self._ticks[key]
        assert self.snapshot is not None
        return self.snapshot.states.get(key, StepStatus.OPEN)

    def _with_ticks(self, steps: list[PlanStep]) -> list[PlanStep]:
        """`steps` with the ticks the recompute has not caught up with yet: a row left
        and revisited in that window must show them (and Space on it must undo what it
        shows)."""
        ticks = self._ticks
        if not ticks:
            return steps
        return [with_status(s, ticks[s.key]) if s.key in ticks else s for s in steps]

    @on(StepList.Toggle)
    def _toggle(self, event: StepList.Toggle) -> None:
        # Decide from what is committed, not from the message: two Space presses can be
        # queued before the first one's repaint, and the second must undo the first.
        step = event.step
        committed = self._committed_status(step.key)
        new = self.write(lambda: actions.toggle_step(self.workspace, step.key, committed))
        if new is not None:
            self._show_step_written(step, new)

    def _write_skip(self, step: PlanStep, reason: str) -> None:
        """Skip `step` for `reason` (asked by prompts.py) and show it skipped."""
        if self.write(lambda: actions.skip_step(self.workspace, step.key, reason)):
            self._forget_written(step.account_id, step.number_id)
            self._show_step_written(step, StepStatus.SKIPPED)

    def _show_step_written(self, step: PlanStep, status: StepStatus) -> None:
        """After the commit: repaint just this step, its account and the log at once,
        and let a worker recompute the whole plan (blockers, dates, order) after."""
        if self.snapshot is None:
            return
        # Any background result computed before this commit is now stale.
        self._refresh_generation += 1
        self._ticks[step.key] = status
        snapshot = self.snapshot
        states = self._states()
        step_list = self.query_one(StepList)
        item = self.query_one(AccountList).current_item
        index = next((i for i, s in enumerate(step_list.steps) if s.key == step.key), None)
        if index is not None:
            written = with_status(step, status)
            notes = self._item_notes(item) if item is not None else []
            step_list.replace_step(index, written, self._remarks(written, notes))
        # The account's row (its progress) is repainted by the background refresh,
        # which has the whole plan's answer for it.
        if item is not None and item.account_id is not None:
            risk = self.workspace.account_risk_with(snapshot, item.account_id, states)
            self._paint_risk(item, risk)
        entries = self.workspace.recent_log()
        self.query_one(LogView).show(snapshot, self.workspace, self.lang, entries)
        self.recompute_soon()
