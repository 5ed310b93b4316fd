"""Choose one of the user's numbers (to move an account to): a list, Enter picks.

Returns the chosen number's id, or None on Escape. Numbers come masked or revealed
as the caller shows them; labels are user text, shown literally.
"""

from __future__ import annotations

from collections.abc import Sequence

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Footer, OptionList, Static
from textual.widgets.option_list import Option

from acctexit.domain.models import Lang
from acctexit.tui.commands import Scope
from acctexit.tui.screens.confirm import LocalizedModal, plain


class ChooseNumberScreen(LocalizedModal[int | None]):
    SCOPES = (Scope.DIALOG,)

    DEFAULT_CSS = """
    ChooseNumberScreen OptionList { height: auto; max-height: 20; }
    """

    def __init__(self, lang: Lang, title: str, prompt: str, numbers: Sequence[tuple[int, str]]):
        super().__init__(lang)
        self.title_text = title
        self.prompt_text = prompt
        self.numbers = list(numbers)

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(plain(self.title_text), classes="dialog-title")
            yield Static(plain(self.prompt_text), classes="dialog-body")
            yield OptionList(
                *(Option(plain(text), id=str(number_id)) for number_id, text in self.numbers),
                id="numbers",
                markup=False,
            )
        yield Footer()

    def on_mount(self) -> None:
        options = self.query_one(OptionList)
        options.highlighted = 0 if self.numbers else None
        options.focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id is not None:
            self.dismiss(int(event.option.id))
