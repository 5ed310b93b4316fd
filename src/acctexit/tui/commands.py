"""Every command, declared once: key, action, footer label, help text, scope.

Bindings, the footer, the `?` help screen and the command palette are all built
from this table, so the help can never drift from the keys that really work.
Labels are keys into data/strings.toml, so each language gets its own bindings.
"""

from __future__ import annotations

from enum import StrEnum
from functools import cache

from msgspec import Struct
from textual.binding import Binding

from acctexit.domain.models import Lang
from acctexit.i18n import translate


class Scope(StrEnum):
    APP = "app"  # works on every pane (actions run on the app)
    DASHBOARD = "dashboard"  # the dashboard screen, whatever pane has focus
    ACCOUNTS = "accounts"  # the account list
    STEPS = "steps"  # the step list


class Command(Struct, frozen=True):
    id: str
    key: str  # Textual key spec; several keys separated by commas
    action: str
    scope: Scope
    show: bool = True  # in the footer
    key_display: str | None = None
    palette: bool = True  # offered in the command palette

    def label(self, lang: Lang) -> str:
        return translate(f"cmd_{self.id}", lang)

    def help(self, lang: Lang) -> str:
        return translate(f"cmd_{self.id}_help", lang)


COMMANDS: tuple[Command, ...] = (
    Command("quit", "q", "app.quit", Scope.APP),
    Command("help", "question_mark", "app.show_help", Scope.APP, key_display="?"),
    Command(
        "palette",
        "ctrl+p",
        "app.command_palette",
        Scope.APP,
        show=False,
        key_display="Ctrl+P",
        palette=False,
    ),
    Command("language", "L", "app.toggle_language", Scope.APP, key_display="L"),
    Command("reveal", "R", "app.toggle_reveal", Scope.APP, show=False, key_display="R"),
    Command("filter", "slash", "filter", Scope.DASHBOARD, key_display="/"),
    Command("note", "n", "note", Scope.DASHBOARD),
    Command("add_accounts", "a", "add_accounts", Scope.DASHBOARD),
    Command("add_number", "N", "add_number", Scope.DASHBOARD, show=False, key_display="N"),
    Command("edit", "e", "edit", Scope.DASHBOARD, show=False),
    Command("remove", "d", "remove", Scope.DASHBOARD, show=False),
    Command("reconcile", "r", "reconcile", Scope.DASHBOARD, show=False),
    Command("import", "i", "import_file", Scope.DASHBOARD, show=False),
    Command("open_steps", "enter", "open_steps", Scope.ACCOUNTS, key_display="Enter"),
    Command("down", "j", "cursor_down", Scope.ACCOUNTS, show=False, palette=False),
    Command("up", "k", "cursor_up", Scope.ACCOUNTS, show=False, palette=False),
    Command("toggle", "space", "toggle_step", Scope.STEPS, key_display="Space"),
    Command("skip", "s", "skip_step", Scope.STEPS),
    Command("steps_down", "j", "cursor_down", Scope.STEPS, show=False, palette=False),
    Command("steps_up", "k", "cursor_up", Scope.STEPS, show=False, palette=False),
    Command("back", "escape", "back", Scope.STEPS, show=False, key_display="Esc"),
)


@cache
def bindings_for(scope: Scope, lang: Lang) -> list[Binding]:
    return [
        Binding(
            c.key,
            c.action,
            c.label(lang),
            show=c.show,
            key_display=c.key_display,
            tooltip=c.help(lang),
            id=c.id,
        )
        for c in COMMANDS
        if c.scope is scope
    ]


def command_by_id(command_id: str) -> Command | None:
    return next((c for c in COMMANDS if c.id == command_id), None)
