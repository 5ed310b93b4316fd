"""The step editor of an own service, and the small form for one step's words.

`OwnStepsScreen` lists the service's steps in plan order (generic ones, the user's,
then closing) and returns what the user asked for as a `StepChoice` (add, reword,
remove or restore, move up or down), or None on Escape; the flow makes the change
and opens it again. `OwnStepForm` asks for a title and an optional detail, each
through its rule in acctexit.domain.fields, and returns them. Neither writes.
Every step's words are user text or ours, shown as plain text.
"""

from __future__ import annotations

from collections.abc import Sequence

from msgspec import Struct
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Button, Footer, Input, OptionList, Static
from textual.widgets.option_list import Option

from acctexit.app.own import StepRow
from acctexit.domain import fields
from acctexit.domain.fields import OWN_STEP_DETAIL_MAX, OWN_STEP_TITLE_MAX, FieldError
from acctexit.domain.models import Lang
from acctexit.i18n import field_error_text
from acctexit.tui.commands import Scope
from acctexit.tui.screens.confirm import FormModal, LocalizedModal, plain


class StepChoice(Struct, frozen=True):
    action: str  # "add", "edit", "remove", "up", "down"
    step_id: str | None = None


class OwnStepsScreen(LocalizedModal[StepChoice | None]):
    SCOPES = (Scope.DIALOG, Scope.OWN_STEPS)

    DEFAULT_CSS = """
    OwnStepsScreen OptionList { height: auto; max-height: 20; }
    """

    def __init__(
        self, lang: Lang, name: str, rows: Sequence[StepRow], cursor: str | None = None
    ) -> None:
        super().__init__(lang)
        self.service_name = name
        self.rows = list(rows)
        self.cursor = cursor

    def _line(self, row: StepRow) -> str:
        s = self.s
        tag = s("own_steps_mine") if row.mine else s("own_steps_edited") if row.edited else ""
        return s("own_steps_line", tag=tag or s("own_steps_generic"), words=row.words)

    def compose(self) -> ComposeResult:
        s = self.s
        with Vertical(classes="dialog"):
            yield Static(
                plain(s("own_steps_title", name=self.service_name)), classes="dialog-title"
            )
            yield Static(plain(s("own_steps_help")), classes="hint")
            yield OptionList(
                *(Option(plain(self._line(r)), id=r.id) for r in self.rows),
                id="own-steps",
                markup=False,
            )
        yield Footer()

    def on_mount(self) -> None:
        options = self.query_one(OptionList)
        ids = [r.id for r in self.rows]
        options.highlighted = ids.index(self.cursor) if self.cursor in ids else 0
        options.focus()

    def _current(self) -> str | None:
        options = self.query_one(OptionList)
        at = options.highlighted
        return self.rows[at].id if at is not None and 0 <= at < len(self.rows) else None

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.action_edit_step()

    def action_add_step(self) -> None:
        self.dismiss(StepChoice("add", self._current()))

    def action_edit_step(self) -> None:
        if (current := self._current()) is not None:
            self.dismiss(StepChoice("edit", current))

    def action_remove_step(self) -> None:
        if (current := self._current()) is not None:
            self.dismiss(StepChoice("remove", current))

    def action_step_up(self) -> None:
        if (current := self._current()) is not None:
            self.dismiss(StepChoice("up", current))

    def action_step_down(self) -> None:
        if (current := self._current()) is not None:
            self.dismiss(StepChoice("down", current))


class OwnStepForm(FormModal[tuple[str, str]]):
    """A step's title (required) and detail (optional)."""

    SCOPES = (Scope.DIALOG, Scope.FORM)

    DEFAULT_CSS = """
    OwnStepForm Input { width: 100%; }
    OwnStepForm .field-label { margin-top: 1; }
    """

    def __init__(self, lang: Lang, heading: str, title: str = "", detail: str = "") -> None:
        super().__init__(lang)
        self.heading = heading
        self.initial = (title, detail)

    def compose(self) -> ComposeResult:
        s = self.s
        with Vertical(classes="dialog"):
            yield Static(plain(self.heading), classes="dialog-title")
            with VerticalScroll(classes="dialog-body"):
                yield Static(plain(s("own_step_form_help")), classes="hint")
                yield Static(plain(s("field_name_title")), classes="field-label")
                yield Input(self.initial[0], max_length=OWN_STEP_TITLE_MAX * 2, id="title")
                yield Static("", classes="error", id="title-error")
                yield Static(plain(s("field_name_detail")), classes="field-label")
                yield Input(self.initial[1], max_length=OWN_STEP_DETAIL_MAX * 2, id="detail")
                yield Static("", classes="error", id="detail-error")
            with Horizontal(classes="buttons"):
                yield Button(plain(s("form_cancel")), id="cancel")
                yield Button(plain(s("form_save")), variant="primary", id="save")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#title", Input).focus()

    def action_save(self) -> None:
        rules = {"title": fields.own_step_title, "detail": fields.own_step_detail}
        values: dict[str, str] = {}
        errors: dict[str, FieldError] = {}
        for name, rule in rules.items():
            try:
                values[name] = rule(self.query_one(f"#{name}", Input).value, name)
            except FieldError as e:
                errors[name] = e
        for name in rules:
            error = errors.get(name)
            message = field_error_text(error, self.lang) if error is not None else ""
            self.query_one(f"#{name}-error", Static).update(plain(message))
            self.query_one(f"#{name}", Input).set_class(error is not None, "-invalid")
        if errors:
            self.query_one(f"#{next(iter(errors))}", Input).focus()
            return
        self.dismiss((values["title"], values["detail"]))
