"""`?`: the keys that work right now, read from the live bindings of the focused pane."""

from __future__ import annotations

from typing import ClassVar

from msgspec import Struct
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.geometry import Size
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import Static

from acctexit.domain.models import Lang
from acctexit.i18n import translate
from acctexit.tui.render import hang


class HelpRow(Struct, frozen=True):
    keys: str
    description: str
    help: str


class HelpBody(Widget):
    """The key table. A row too long for the dialog continues under its own text, not
    under the keys: Textual's wrapper breaks only at spaces, so a Chinese description
    went to a line of its own, starting at the left edge under the key column."""

    DEFAULT_CSS = "HelpBody { height: auto; }"

    def __init__(self, rows: list[HelpRow], *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.rows = rows
        self._cache: tuple[int, list[Content]] | None = None

    def lines(self, width: int) -> list[Content]:
        if self._cache is None or self._cache[0] != width:
            keys = max((len(r.keys) for r in self.rows), default=4) + 2
            out: list[Content] = []
            for r in self.rows:
                body = Content.styled(r.description, "bold")
                if r.help and r.help != r.description:
                    body += Content.styled("  " + r.help, "$text-muted")
                out += hang(Content.styled(r.keys.ljust(keys), "bold $accent"), body, width)
            self._cache = (width, out)
        return self._cache[1]

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return len(self.lines(width))

    def render(self) -> Content:
        return Content("\n").join(self.lines(self.content_size.width))


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
        with Vertical():
            yield Static(
                Content(translate("help_title", self.lang, pane=self.pane)), classes="help-title"
            )
            with VerticalScroll():
                yield HelpBody(self.rows, id="help-body")
            yield Static(Content(translate("help_close", self.lang)), classes="dim")

    def action_close(self) -> None:
        self.dismiss(None)
