"""The Textual application and its factory.

`build_app(store=..., catalog=..., lang=..., today=...)` is used by the CLI, the
tests and the screenshot script alike, so all of them run the same app.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from functools import partial
from typing import TYPE_CHECKING

from textual import events
from textual.app import App, SystemCommand
from textual.screen import Screen

from acctexit.app.workspace import Workspace
from acctexit.domain.models import OTHER_LANG, Catalog, Lang
from acctexit.i18n import translate
from acctexit.tui.collector import note_input
from acctexit.tui.commands import COMMANDS, Scope, command_by_id
from acctexit.tui.screens.dashboard import DashboardScreen
from acctexit.tui.widgets.account_list import AccountList
from acctexit.tui.widgets.step_list import StepList

if TYPE_CHECKING:
    from acctexit.app.workspace import Store


class AcctExitApp(App[int]):
    CSS_PATH = "app.tcss"
    TITLE = "acctexit"
    # The palette lists our commands only; Textual's theme/screenshot commands stay out.
    ENABLE_COMMAND_PALETTE = True

    def __init__(
        self, workspace: Workspace, lang: Lang, reveal: bool = False, demo: bool = False
    ) -> None:
        super().__init__()
        self.workspace = workspace
        self.lang: Lang = lang
        self.reveal = reveal
        # A throwaway copy of the demo data: marked in the header, said on start, and
        # quitting after a change asks first (everything typed here is discarded).
        self.demo = demo
        self._demo_log_at_start: int | None = None

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, events.InputEvent):
            note_input()  # (the idle collector waits for a pause in these)
        await super().on_event(event)

    def on_mount(self) -> None:
        if self.demo:
            self._demo_log_at_start = self.workspace.log_count()
            # After the dashboard's first frame: a toast mounts a rack of widgets with
            # their own styles (≈ 30 M instructions, a tenth of what the dashboard
            # adds to a bare start), and the header already says DEMO meanwhile.
            self.call_after_refresh(self._say_demo)

    def _say_demo(self) -> None:
        self.notify(
            translate("demo_notice", self.lang),
            title=translate("demo_badge", self.lang),
            timeout=8,
            markup=False,
        )

    async def action_quit(self) -> None:
        start = self._demo_log_at_start
        if not self.demo or start is None or self.workspace.log_count() == start:
            self.exit()
            return
        if not isinstance(self.screen, DashboardScreen):
            return  # a dialog is open: q there belongs to it
        from acctexit.tui.screens.confirm import ConfirmScreen  # on first use

        def answered(leave: bool | None) -> None:
            if leave:
                self.exit()

        s = self.lang
        self.push_screen(
            ConfirmScreen(
                s,
                translate("demo_quit_title", s),
                translate("demo_quit_body", s),
                translate("demo_quit_confirm", s),
            ),
            answered,
        )

    def get_default_screen(self) -> Screen[object]:
        # The dashboard is the app's first screen itself: pushed over Textual's empty
        # default screen it cost that screen's compose and a screen switch before the
        # first frame (≈ 15 ms of the demo's first paint in a terminal).
        # Its keys are bound unlabelled in its class (it switches language in place).
        return DashboardScreen(self.workspace, self.lang, self.reveal, self.demo)  # type: ignore[return-value]

    def _current_dashboard(self) -> DashboardScreen | None:
        return self.screen if isinstance(self.screen, DashboardScreen) else None

    # App-wide commands ----------------------------------------------------------
    def action_toggle_language(self) -> None:
        self.lang = OTHER_LANG[self.lang]
        dashboard = self._current_dashboard()
        if dashboard is not None:
            dashboard.switch_view(self.lang, self.reveal)

    def action_toggle_reveal(self) -> None:
        self.reveal = not self.reveal
        dashboard = self._current_dashboard()
        if dashboard is not None:
            dashboard.switch_view(self.lang, self.reveal)
        key = "numbers_revealed" if self.reveal else "numbers_masked"
        self.notify(translate(key, self.lang))

    def action_show_help(self) -> None:
        from acctexit.tui.screens.help import HelpRow, HelpScreen  # on first use

        screen = self.screen
        pane = screen.focused_pane_name() if isinstance(screen, DashboardScreen) else ""
        rows: list[HelpRow] = []
        seen: set[str] = set()
        for key, active in screen.active_bindings.items():
            binding = active.binding
            command = command_by_id(binding.id) if binding.id else None
            if command is None or command.id in seen:
                continue
            seen.add(command.id)
            keys = ", ".join(
                b.binding.key_display or self.get_key_display(b.binding)
                for b in screen.active_bindings.values()
                if b.binding.id == command.id
            )
            rows.append(HelpRow(keys or key, command.label(self.lang), command.help(self.lang)))
        # The app-wide keys work everywhere, even where Textual's own binding of the
        # same key (Ctrl+P) hides ours from the active bindings.
        if isinstance(screen, DashboardScreen):
            for command in COMMANDS:
                if command.scope is Scope.APP and command.id not in seen:
                    keys = command.key_display or command.key
                    rows.append(HelpRow(keys, command.label(self.lang), command.help(self.lang)))
        self.push_screen(HelpScreen(self.lang, pane, rows))

    def action_command_palette(self) -> None:
        # Textual's palette says "Search for commands…" whatever the language.
        from textual.command import CommandPalette

        if self.use_command_palette and not CommandPalette.is_open(self):  # type: ignore[arg-type]
            placeholder = translate("palette_placeholder", self.lang)
            self.push_screen(CommandPalette(placeholder=placeholder, id="--command-palette"))

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        # Over a dialog or the help the palette offers no commands: they act on the
        # dashboard (and L or R would rebuild it under the dialog).
        if not isinstance(screen, DashboardScreen):
            return
        for command in COMMANDS:
            if not command.palette:
                continue
            yield SystemCommand(
                command.label(self.lang),
                command.help(self.lang),
                partial(self._run_command, command.id),
            )

    async def _run_command(self, command_id: str) -> None:
        command = command_by_id(command_id)
        if command is None:
            return
        screen = self.screen
        target: object = self
        if isinstance(screen, DashboardScreen):
            target = {
                Scope.APP: screen,
                Scope.DASHBOARD: screen,
                Scope.ACCOUNTS: screen.query_one(AccountList),
                Scope.STEPS: screen.query_one(StepList),
            }.get(command.scope, self)
        await self.run_action(command.action, target)  # type: ignore[arg-type]


def build_app(
    *,
    store: Store,
    catalog: Catalog,
    lang: Lang,
    today: date,
    reveal: bool = False,
    demo: bool = False,
) -> AcctExitApp:
    # Writes run on the UI thread: another copy's write lock must not freeze the screen
    # for the store's 10 s; after a short wait the write is refused in words (issue 17).
    store.set_write_wait(0.3)
    return AcctExitApp(Workspace(store, catalog, today), lang, reveal, demo)
