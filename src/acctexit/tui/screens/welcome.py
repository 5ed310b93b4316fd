"""First run: the danger in two sentences and what the app will do about it.

Returns True when the user starts (Enter or the start button), False on Escape.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import Button, Footer, Static

from acctexit.domain.models import Lang
from acctexit.tui.commands import Scope
from acctexit.tui.screens.confirm import LocalizedModal, plain


class WelcomeScreen(LocalizedModal[bool]):
    SCOPES = (Scope.WELCOME,)

    DEFAULT_CSS = """
    WelcomeScreen > .dialog { width: 76; }
    WelcomeScreen .welcome-danger { margin-bottom: 1; }
    WelcomeScreen .welcome-steps { margin-left: 2; }
    """

    def __init__(self, lang: Lang) -> None:
        super().__init__(lang)

    def compose(self) -> ComposeResult:
        s = self.s
        with Vertical(classes="dialog"):
            yield Static(plain(s("welcome_title")), classes="dialog-title")
            with VerticalScroll(classes="dialog-body"):
                yield Static(
                    Content.styled(s("welcome_danger"), "bold $text-warning"),
                    classes="welcome-danger",
                )
                yield Static(plain(s("welcome_plan_intro")))
                steps = "\n".join(
                    f"{i}. {s(key)}"
                    for i, key in enumerate(
                        ("welcome_step_numbers", "welcome_step_platforms", "welcome_step_plan"),
                        start=1,
                    )
                )
                yield Static(plain(steps, multiline=True), classes="welcome-steps")
                yield Static(plain(s("welcome_offline")), classes="hint")
            with Horizontal(classes="buttons"):
                yield Button(plain(s("welcome_later")), id="later")
                yield Button(plain(s("welcome_start")), variant="primary", id="start")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#start", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(event.button.id == "start")

    def action_start(self) -> None:
        self.dismiss(True)

    def action_cancel(self) -> None:
        self.dismiss(False)
