"""What an import would add, or every problem that stops it, before anything is written.

The dashboard runs the store's import dry-run and hands the outcome over as an
`ImportPreview`. With no problems the user sees the counts and the rows and may
import (True) or cancel (False); with problems every one is listed with its line
and reason and only Close is offered (False). Escape is always False.
"""

from __future__ import annotations

from collections.abc import Sequence

from msgspec import Struct, field
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Button, Footer, Static

from acctexit.domain.models import Lang
from acctexit.tui.commands import Scope
from acctexit.tui.screens.confirm import LocalizedModal, plain

MAX_ROWS_SHOWN = 500


class ImportPreview(Struct, frozen=True):
    """The outcome of an import dry-run, ready to show.

    `numbers` are masked display strings (138****1234 …), `accounts` one display
    line per account, `steps` how many plan steps the import creates, `problems`
    (line number or None, reason) pairs. Reasons may quote the file: shown literally.
    """

    numbers: Sequence[str] = field(default_factory=list)
    accounts: Sequence[str] = field(default_factory=list)
    steps: int = 0
    problems: Sequence[tuple[int | None, str]] = field(default_factory=list)
    numbers_new: int | None = None  # not in the database yet (default: all of them)
    accounts_new: int | None = None

    @property
    def ok(self) -> bool:
        return not self.problems


class ImportPreviewScreen(LocalizedModal[bool]):
    SCOPES = (Scope.IMPORT,)

    DEFAULT_CSS = """
    ImportPreviewScreen > .dialog { width: 96; }
    ImportPreviewScreen .summary { margin-bottom: 1; }
    ImportPreviewScreen .section { text-style: bold; margin-top: 1; }
    ImportPreviewScreen .problem { color: $text-error; }
    """

    def __init__(self, lang: Lang, preview: ImportPreview) -> None:
        super().__init__(lang)
        self.preview = preview

    def compose(self) -> ComposeResult:
        s, p = self.s, self.preview
        title = s("import_title_ok") if p.ok else s("import_title_problems", n=len(p.problems))
        with Vertical(classes="dialog"):
            yield Static(plain(title), classes="dialog-title")
            with VerticalScroll(classes="dialog-body", id="import-body"):
                if p.ok:
                    yield Static(
                        plain(
                            s(
                                "import_summary",
                                numbers=len(p.numbers) if p.numbers_new is None else p.numbers_new,
                                accounts=(
                                    len(p.accounts) if p.accounts_new is None else p.accounts_new
                                ),
                                steps=p.steps,
                            )
                        ),
                        classes="summary",
                        id="import-summary",
                    )
                    yield from self._section("import_numbers", p.numbers)
                    yield from self._section("import_accounts", p.accounts)
                else:
                    yield Static(plain(s("import_nothing_written")), classes="summary")
                    lines = [self._problem(line, reason) for line, reason in p.problems]
                    yield from self._rows(lines, classes="problem", id="import-problems")
            with Horizontal(classes="buttons"):
                if p.ok:
                    yield Button(plain(s("form_cancel")), id="cancel")
                    yield Button(plain(s("import_do")), variant="primary", id="import")
                else:
                    yield Button(plain(s("form_close")), variant="primary", id="close")
        yield Footer()

    def _problem(self, line: int | None, reason: str) -> str:
        if line is None:
            return self.s("import_problem_file", reason=reason)
        return self.s("import_problem_line", line=line, reason=reason)

    def _section(self, key: str, rows: Sequence[str]) -> ComposeResult:
        if rows:
            yield Static(plain(self.s(key, n=len(rows))), classes="section")
            yield from self._rows([f"• {row}" for row in rows], id=f"{key.replace('_', '-')}")

    def _rows(self, rows: Sequence[str], *, classes: str = "", id: str) -> ComposeResult:
        shown = list(rows[:MAX_ROWS_SHOWN])
        if len(rows) > MAX_ROWS_SHOWN:
            shown.append(self.s("import_more", n=len(rows) - MAX_ROWS_SHOWN))
        # One Static for the whole list keeps a 10 000-row file quick to show.
        yield Static(plain("\n".join(shown), multiline=True), classes=classes, id=id)

    def on_mount(self) -> None:
        button = "#import" if self.preview.ok else "#close"
        self.query_one(button, Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(event.button.id == "import" and self.preview.ok)

    def action_cancel(self) -> None:
        self.dismiss(False)
