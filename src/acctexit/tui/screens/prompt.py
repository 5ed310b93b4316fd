"""A one-line question (skip reason, note) answered in a modal; returns the text or None.

The dashboard keeps one installed and asks it again (`ask`): Textual lays the screen
below out twice when a dialog is removed on closing (≈ 5 ms and two more frames of a
note at 10,000 accounts); an installed one is only put aside."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Footer, Input, Static

from acctexit.domain.models import Lang
from acctexit.i18n import translate
from acctexit.sanitize import clean_text
from acctexit.tui.widgets.steady_input import SteadyInput


class TextPrompt(ModalScreen[str | None]):
    DEFAULT_CSS = """
    TextPrompt { align: center middle; }
    TextPrompt > Vertical {
        width: 70; max-width: 95%; height: auto;
        border: thick $accent; background: $surface; padding: 1 2;
    }
    TextPrompt .prompt-title { text-style: bold; margin-bottom: 1; }
    TextPrompt .prompt-error { color: $error; height: auto; }
    """

    def __init__(
        self, lang: Lang, title: str, placeholder: str = "", required: bool = True
    ) -> None:
        super().__init__()
        self.lang: Lang = lang
        self.title_text = title
        self.placeholder = placeholder
        self.required = required

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel", show=False)]

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(Content(self.title_text), classes="prompt-title")
            # A field of fixed width: a typed key repaints it, never the whole screen.
            yield SteadyInput(placeholder=self.placeholder, id="prompt-input")
            yield Static("", classes="prompt-error", id="prompt-error")
            keys = Content(translate("prompt_keys", self.lang))
            yield Static(keys, classes="dim", id="prompt-keys")
        yield Footer()

    def ask(
        self, lang: Lang, title: str, placeholder: str = "", required: bool = True
    ) -> TextPrompt:
        """This dialog, emptied for a new question (it may have been shown before)."""
        self.lang, self.title_text, self.placeholder = lang, title, placeholder
        self.required = required
        if self.is_attached:  # composed already: what it shows is changed in place
            self.query_one(".prompt-title", Static).update(Content(title))
            field = self.query_one("#prompt-input", SteadyInput)
            field.value, field.placeholder = "", placeholder
            self.query_one("#prompt-error", Static).update("")
            self.query_one("#prompt-keys", Static).update(Content(translate("prompt_keys", lang)))
        return self

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        value = clean_text(event.value).strip()
        if self.required and not value:
            self.query_one("#prompt-error", Static).update(
                Content(translate("prompt_required", self.lang))
            )
            return
        self.dismiss(value)

    def action_cancel(self) -> None:
        self.dismiss(None)
