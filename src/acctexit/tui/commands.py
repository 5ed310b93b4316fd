"""Every key of the app, declared once: key, action, footer label, help text, scope.

The dashboard's panes and every dialog take their bindings from this table; the
footer (the key bar, or Textual's Footer in the dialogs), the `?` help screen and the
command palette are built from it too, so the help can never drift from the keys that
really work. Labels are keys into data/strings*.toml. A dialog gets bindings labelled
in its language (Textual's Footer shows their descriptions): `localized(cls, scopes,
lang)` returns (and caches) a subclass of `cls` carrying them, since Textual reads
BINDINGS from the class (CSS type selectors still match the base). The dashboard,
which switches language in place, binds its keys unlabelled and looks each label up
here by binding id when it draws the key bar, the help and the palette.
"""

from __future__ import annotations

from enum import StrEnum
from functools import cache
from typing import TypeVar

from msgspec import Struct
from textual.binding import Binding
from textual.dom import DOMNode

from acctexit.domain.models import Lang
from acctexit.i18n import translate

N = TypeVar("N", bound=DOMNode)


class Scope(StrEnum):
    APP = "app"  # works on every pane (actions run on the app)
    DASHBOARD = "dashboard"  # the dashboard screen, whatever pane has focus
    ACCOUNTS = "accounts"  # the account list
    STEPS = "steps"  # the step list
    CURSOR = "cursor"  # every list pane (accounts, steps, log): paging and ends
    # Dialogs: each modal screen lists the scopes whose keys it has.
    DIALOG = "dialog"  # every dialog: Escape cancels
    FORM = "form"  # the forms: ctrl+s saves
    CONFIRM = "confirm"
    WELCOME = "welcome"
    IMPORT = "import"
    PICKER = "picker"
    DISCOVER = "discover"
    OWN_STEPS = "own_steps"


class Command(Struct, frozen=True):
    id: str
    key: str  # Textual key spec; several keys separated by commas
    action: str
    scope: Scope
    show: bool = True  # in the footer
    key_display: str | None = None
    palette: bool = True  # offered in the command palette
    label_key: str | None = None  # the footer label's string key; "cmd_<id>" by default
    has_help: bool = True  # "cmd_<id>_help" exists (the dashboard's keys, for ? and ^P)

    def label(self, lang: Lang) -> str:
        return translate(self.label_key or f"cmd_{self.id}", lang)

    def help(self, lang: Lang) -> str:
        return translate(f"cmd_{self.id}_help", lang) if self.has_help else ""


def _dialog(
    id: str,
    key: str,
    action: str,
    scope: Scope,
    label_key: str,
    key_display: str | None = None,
    *,
    show: bool = True,
) -> Command:
    return Command(
        id,
        key,
        action,
        scope,
        show=show,
        key_display=key_display,
        palette=False,
        label_key=label_key,
        has_help=False,
    )


# The dashboard's keys (its panes and the app-wide ones), as the README's key table lists them.
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
    Command(
        "next_pane",
        "tab",
        "app.focus_next",
        Scope.APP,
        show=False,
        key_display="Tab",
        palette=False,
    ),
    Command(
        "prev_pane",
        "shift+tab",
        "app.focus_previous",
        Scope.APP,
        show=False,
        key_display="Shift+Tab",
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
    Command("move_account", "m", "move_account", Scope.DASHBOARD, show=False),
    Command("import", "i", "import_file", Scope.DASHBOARD, show=False),
    Command("calendar", "c", "export_calendar", Scope.DASHBOARD, show=False),
    Command("open_steps", "enter", "open_steps", Scope.ACCOUNTS, key_display="Enter"),
    Command("down", "j", "cursor_down", Scope.ACCOUNTS, show=False, palette=False),
    Command("up", "k", "cursor_up", Scope.ACCOUNTS, show=False, palette=False),
    Command("toggle", "space", "toggle_step", Scope.STEPS, key_display="Space"),
    Command("skip", "s", "skip_step", Scope.STEPS),
    Command("steps_down", "j", "cursor_down", Scope.STEPS, show=False, palette=False),
    Command("steps_up", "k", "cursor_up", Scope.STEPS, show=False, palette=False),
    Command("back", "escape", "back", Scope.STEPS, show=False, key_display="Esc"),
    # discover & report
    Command("discover", "f", "discover", Scope.DASHBOARD, show=False),
    Command("report", "p", "report", Scope.DASHBOARD, show=False),
    # own-steps: an own service's fields and steps
    Command("edit_own", "o", "edit_own", Scope.DASHBOARD, show=False),
    Command("own_steps", "w", "own_steps", Scope.DASHBOARD, show=False),
    # Every list pane's paging keys (the arrows are bound with them, unlabelled).
    Command(
        "page_up", "pageup", "page_up", Scope.CURSOR, show=False, key_display="PgUp", palette=False
    ),
    Command(
        "page_down",
        "pagedown",
        "page_down",
        Scope.CURSOR,
        show=False,
        key_display="PgDn",
        palette=False,
    ),
    Command("first", "home", "first", Scope.CURSOR, show=False, key_display="Home", palette=False),
    Command("last", "end", "last", Scope.CURSOR, show=False, key_display="End", palette=False),
)

# The dialogs' keys: labelled by the dialogs' own strings; none is in the palette or help.
DIALOG_COMMANDS: tuple[Command, ...] = (
    _dialog("form.cancel", "escape", "cancel", Scope.DIALOG, "form_key_cancel", "Esc"),
    _dialog("form.save", "ctrl+s", "save", Scope.FORM, "form_key_save", "^S"),
    _dialog("confirm.cancel", "escape", "cancel", Scope.CONFIRM, "form_key_cancel", "Esc"),
    _dialog("confirm.yes", "y", "confirm", Scope.CONFIRM, "confirm_key_yes", show=False),
    _dialog("confirm.no", "n", "cancel", Scope.CONFIRM, "confirm_key_no", show=False),
    _dialog("welcome.later", "escape", "cancel", Scope.WELCOME, "welcome_key_later", "Esc"),
    _dialog("welcome.start", "enter", "start", Scope.WELCOME, "welcome_key_start", "Enter"),
    _dialog("import.close", "escape", "cancel", Scope.IMPORT, "form_close", "Esc"),
    _dialog("picker.toggle", "space", "tick", Scope.PICKER, "picker_key_toggle", "Space"),
    _dialog(
        "picker.confirm",
        "ctrl+s",
        "confirm",
        Scope.PICKER,
        "picker_key_confirm",
        "^S",
    ),
    _dialog("picker.list", "down", "to_list", Scope.PICKER, "picker_key_list", show=False),
    _dialog("picker.search", "slash", "to_search", Scope.PICKER, "picker_key_search", "/"),
    # discover & report
    _dialog("discover.add", "ctrl+s", "add", Scope.DISCOVER, "discover_key_add", "^S"),
    # own-steps: the step editor of an own service
    _dialog("own_steps.add", "a", "add_step", Scope.OWN_STEPS, "own_steps_key_add"),
    _dialog("own_steps.edit", "e", "edit_step", Scope.OWN_STEPS, "own_steps_key_edit"),
    _dialog("own_steps.remove", "d", "remove_step", Scope.OWN_STEPS, "own_steps_key_remove"),
    _dialog("own_steps.up", "K", "step_up", Scope.OWN_STEPS, "own_steps_key_up", "K"),
    _dialog("own_steps.down", "J", "step_down", Scope.OWN_STEPS, "own_steps_key_down", "J"),
)


@cache
def bindings_for(scope: Scope, lang: Lang | None) -> list[Binding]:
    """The bindings of `scope`, labelled in `lang`. For None (the dashboard, which
    switches language in place) the description is the command's id, never shown:
    the key bar, help and palette read the labels from this table by binding id, in
    the language of the moment (Textual hides a binding without a description).

    None is a priority binding: Textual runs those as the key arrives, ahead of the
    keys still queued in the focused field, so Ctrl+S after a quick burst of typing
    checked and saved the field's old value (tests/tui/test_typed_then_saved.py)."""
    return [
        Binding(
            c.key,
            c.action,
            c.label(lang) if lang else c.id,
            show=c.show,
            key_display=c.key_display,
            tooltip=c.help(lang) if lang else "",
            id=c.id,
        )
        for c in COMMANDS + DIALOG_COMMANDS
        if c.scope is scope
    ]


def command_by_id(command_id: str) -> Command | None:
    return next((c for c in COMMANDS + DIALOG_COMMANDS if c.id == command_id), None)


@cache
def _subclass(cls: type[DOMNode], scopes: tuple[Scope, ...], lang: Lang | None) -> type[DOMNode]:
    bindings = [b for scope in scopes for b in bindings_for(scope, lang)]
    return type(cls.__name__, (cls,), {"BINDINGS": bindings, "LOCALIZED_FOR": lang})


def localized(cls: type[N], scopes: Scope | tuple[Scope, ...], lang: Lang | None) -> type[N]:
    """`cls` with the bindings of `scopes`, labelled in `lang` (None: unlabelled)."""
    if isinstance(scopes, Scope):
        scopes = (scopes,)
    return _subclass(cls, scopes, lang)  # type: ignore[return-value]
