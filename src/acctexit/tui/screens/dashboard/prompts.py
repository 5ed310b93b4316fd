"""The dashboard's two questions: a note (n) on an account, number or step, and the
reason for skipping a step (s). Each prompt names what it is about."""

from __future__ import annotations

from textual import on
from textual.screen import Screen

from acctexit.app import actions
from acctexit.domain.phone import mask_number
from acctexit.domain.plan import PlanStep
from acctexit.tui.render import short_title
from acctexit.tui.screens.dashboard.part import DashboardPart
from acctexit.tui.viewmodel import Item
from acctexit.tui.widgets.account_list import AccountList
from acctexit.tui.widgets.log_view import LogView
from acctexit.tui.widgets.step_list import StepList

PROMPT = "text-prompt"  # the question dialog's name among the app's installed screens


class Prompts(DashboardPart):
    def _text_prompt(self, title: str, placeholder: str) -> Screen[str | None]:
        """The question dialog: made on first use (its module too, ≈ 1.5 ms, not before
        the first frame), then kept installed and asked again (screens/prompt.py)."""
        from acctexit.tui.screens.prompt import TextPrompt

        app = self.app
        if not app.is_screen_installed(PROMPT):
            app.install_screen(TextPrompt(self.lang, title, placeholder), PROMPT)
        prompt = app.get_screen(PROMPT)
        assert isinstance(prompt, TextPrompt)
        return prompt.ask(self.lang, title, placeholder)

    @on(StepList.Skip)
    def _skip(self, event: StepList.Skip) -> None:
        step = event.step

        def done(reason: str | None) -> None:
            if reason is not None:
                self._write_skip(step, reason)

        self.app.push_screen(
            self._text_prompt(
                self._s("skip_title", step=self._step_subject(step)), self._s("skip_placeholder")
            ),
            done,
        )

    def action_note(self) -> None:
        item = self.query_one(AccountList).current_item
        step_list = self.query_one(StepList)
        step = step_list.current if step_list.has_focus else None
        if item is None:
            return

        def done(text: str | None) -> None:
            if not text:
                return
            account_id, number_id = item.account_id, item.number_id
            step_id = None
            if step is not None:
                account_id, number_id, step_id = step.account_id, step.number_id, step.step.id
            note = self.write(
                lambda: actions.add_note(
                    self.workspace,
                    text,
                    account_id=account_id,
                    number_id=number_id,
                    step_id=step_id,
                )
            )
            if note is not None and self.snapshot is not None:
                # A note changes the log only: the plan and the rows are kept.
                self.snapshot = self.workspace.with_new_log(self.snapshot)
                self.row_cache.same_rows(self.snapshot)
                self.query_one(LogView).show(self.snapshot, self.workspace, self.lang)
                self._forget_written(account_id, number_id)
                self._show_item(self.query_one(AccountList).current_item, keep_step=True)
                self.switch_ahead_soon()

        subject = self._step_subject(step) if step is not None else self._item_subject(item)
        self.app.push_screen(
            self._text_prompt(self._s("note_title", subject=subject), self._s("note_placeholder")),
            done,
        )

    def _item_subject(self, item: Item) -> str:
        """Which account (or number) an action is for, as the prompts name it."""
        snapshot = self.snapshot
        if snapshot is None:
            return ""
        number_id = item.number_id
        if item.account_id is not None:
            account = snapshot.account(item.account_id)
            platform = self.workspace.platform(account.platform_id) if account else None
            if account is not None and platform is not None:
                name = platform.name.get(self.lang)
                if not account.label:
                    return name
                return self._s("report_account_with_label", name=name, label=account.label)
            number_id = account.number_id if account else None
        number = snapshot.number(number_id) if number_id is not None else None
        if number is None:
            return ""
        return number.e164 if self.reveal else mask_number(number.e164)

    def _step_subject(self, step: PlanStep) -> str:
        item = (
            Item(account_id=step.account_id)
            if step.account_id is not None
            else Item(number_id=step.number_id, phase=step.phase)
        )
        title = short_title(step.step.text.get(self.lang))
        subject = self._item_subject(item)
        return f"{subject} · {title}" if subject else title
