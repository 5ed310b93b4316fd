"""A yes/no question that says exactly what will happen; also the base of every form dialog.

`LocalizedModal` is the shared base of the modal screens in this package: its keys
are the command table's (`acctexit.tui.commands`, scopes listed in `SCOPES`), and
each language gets a cached subclass carrying them translated (Textual reads
`BINDINGS` from the class), so the footer speaks the user's language.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar, TypeVar

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Footer, Input, Static

from acctexit.domain.models import Lang
from acctexit.i18n import strings
from acctexit.sanitize import strip_controls
from acctexit.tui.commands import Scope, localized
from acctexit.tui.render import plain as plain  # re-exported for the form screens

R = TypeVar("R")


def plain_text(value: str) -> Text:
    """Like `plain`, as a Rich `Text` (what `Select` searches when the user types)."""
    return Text(strip_controls(value))


class LocalizedModal(ModalScreen[R]):
    """A modal whose key labels follow `lang`. Subclasses list their command scopes."""

    SCOPES: ClassVar[tuple[Scope, ...]] = (Scope.DIALOG,)
    LOCALIZED_FOR: ClassVar[Lang | None] = None

    DEFAULT_CSS = """
    LocalizedModal { align: center middle; }
    LocalizedModal > .dialog {
        width: 84; max-width: 100%; height: auto; max-height: 100%;
        border: thick $accent; background: $surface; padding: 0 1;
    }
    LocalizedModal .dialog-title {
        dock: top; text-style: bold; padding: 0 1; margin-bottom: 1;
    }
    LocalizedModal .dialog-body { height: auto; padding: 0 1; }
    LocalizedModal .buttons { dock: bottom; height: auto; align-horizontal: right; }
    LocalizedModal .buttons Button { margin-left: 2; }
    LocalizedModal .hint { color: $text-muted; }
    LocalizedModal .error { color: $text-error; height: auto; }
    """

    def __new__(cls, lang: Lang, *args: Any, **kwargs: Any) -> Any:
        target = cls if cls.LOCALIZED_FOR is not None else localized(cls, cls.SCOPES, lang)
        return object.__new__(target)

    def __init__(self, lang: Lang) -> None:
        super().__init__()
        self.lang: Lang = lang
        self.s: Callable[..., str] = strings(lang)

    def action_cancel(self) -> None:
        self.dismiss(None)


class FormModal(LocalizedModal[R]):
    """A form with Save and Cancel buttons: Enter in any field or Save runs `action_save`."""

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_save()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "save":
            self.action_save()
        else:
            self.dismiss(None)

    def action_save(self) -> None:
        raise NotImplementedError


class ConfirmScreen(LocalizedModal[bool]):
    """Ask before something irreversible-looking. Returns True to go ahead, False otherwise.

    `title`, `body` and `confirm_label` are shown literally (never as markup), so the
    caller may put user labels in them: "Remove 京东 (JD) from 138****1234? …".
    Enter or the confirm button → True; Escape or the cancel button → False.
    """

    SCOPES = (Scope.CONFIRM,)

    def __init__(self, lang: Lang, title: str, body: str, confirm_label: str) -> None:
        super().__init__(lang)
        self.title_text = title
        self.body_text = body
        self.confirm_label = confirm_label

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(plain(self.title_text), classes="dialog-title")
            with VerticalScroll(classes="dialog-body"):
                yield Static(plain(self.body_text, multiline=True), id="confirm-body")
            with Horizontal(classes="buttons"):
                yield Button(plain(self.s("form_cancel")), id="cancel")
                yield Button(plain(self.confirm_label), variant="error", id="confirm")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#confirm", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(event.button.id == "confirm")

    def action_confirm(self) -> None:
        self.dismiss(True)

    def action_cancel(self) -> None:
        self.dismiss(False)
