"""`?`: the keys that work right now, read from the live bindings of the focused pane."""

from __future__ import annotations

from typing import ClassVar

from msgspec import Struct
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

from acctexit.domain.models import Lang
from acctexit.i18n import translate


class HelpRow(Struct, frozen=True):
    keys: str
    description: str
    help: str


class HelpScreen(ModalScreen[None]):
    DEFAULT_CSS = """
    HelpScreen { align: center middle; }
    HelpScreen > Vertical {
        width: 86; max-width: 98%; height: auto; max-height: 95%;
        border: thick $accent; background: $surface; padding: 0 1;
    }
    HelpScreen .help-title { text-style: bold; padding: 1 0; }
    HelpScreen VerticalScroll { height: auto; max-height: 30; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,question_mark", "close", "Close", show=False),
    ]

    def __init__(self, lang: Lang, pane: str, rows: list[HelpRow]) -> None:
        super().__init__()
        self.lang: Lang = lang
        self.pane = pane
        self.rows = rows

    def compose(self) -> ComposeResult:
        width = max((len(r.keys) for r in self.rows), default=4) + 2
        lines = [
            Content.assemble(
                (r.keys.ljust(width), "bold $accent"),
                (r.description, "bold"),
                ("  " + r.help if r.help and r.help != r.description else "", "$text-muted"),
            )
            for r in self.rows
        ]
        with Vertical():
            yield Static(
                Content(translate("help_title", self.lang, pane=self.pane)), classes="help-title"
            )
            with VerticalScroll():
                yield Static(Content("\n").join(lines), id="help-body")
            yield Static(Content(translate("help_close", self.lang)), classes="dim")

    def action_close(self) -> None:
        self.dismiss(None)
