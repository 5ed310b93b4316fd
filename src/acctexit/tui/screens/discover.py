"""Find the accounts on a number in the user's own files: SMS backups, password exports.

The user types (or pastes, several lines at once) the path of a file; Enter reads it
with the files already given, in a worker thread, through the finder the flow hands
over (`acctexit.app.discover.find`). The new catalog matches appear as a checklist,
all ticked, each with its evidence (messages and codes, saved logins, whether the
login is the phone number, first and last date, confidence). Platforms already on
the number, signatures that could be several apps, and unknown senders are listed
below, not tickable. A file that cannot be read: one line under the path, and the
files and findings stay as they were. Ctrl+S returns the ticked platforms; the flow
adds them. The dialog itself never writes.

Returns a `DiscoverOutcome` (the findings, if any were read, and the ticked ids), or
None when nothing was read.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from msgspec import Struct
from textual import events, work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.message import Message
from textual.widgets import Button, Footer, Input, SelectionList, Static
from textual.widgets.selection_list import Selection
from textual.worker import get_current_worker

from acctexit.app import discover as found
from acctexit.discover import DiscoverFileError, escape_name
from acctexit.domain.discovery import Findings
from acctexit.domain.models import Catalog, Lang
from acctexit.i18n import error_text, os_reason, say
from acctexit.tui.commands import Scope
from acctexit.tui.screens.confirm import LocalizedModal, plain

Finder = Callable[[Sequence[Path]], Findings]


class DiscoverOutcome(Struct, frozen=True):
    findings: Findings
    chosen: tuple[str, ...]  # platform ids the user kept ticked


class PathInput(Input):
    """An Input that takes a paste of several lines as several paths (Input keeps
    only the first line of a paste)."""

    class Pasted(Message):
        def __init__(self, text: str) -> None:
            super().__init__()
            self.text = text

    def _on_paste(self, event: events.Paste) -> None:
        if len(event.text.splitlines()) > 1:
            event.stop()
            self.post_message(self.Pasted(event.text))
            return
        super()._on_paste(event)


class DiscoverScreen(LocalizedModal[DiscoverOutcome | None]):
    SCOPES = (Scope.DIALOG, Scope.DISCOVER)

    DEFAULT_CSS = """
    DiscoverScreen > .dialog { width: 120; height: 90%; }
    DiscoverScreen .dialog-body { height: 1fr; }
    DiscoverScreen #discover-found { height: auto; max-height: 16; }
    DiscoverScreen #discover-detail { height: auto; color: $text-muted; }
    DiscoverScreen #discover-others { height: auto; margin-top: 1; }
    DiscoverScreen .section { text-style: bold; margin-top: 1; }
    DiscoverScreen #discover-status { color: $text-muted; height: auto; }
    DiscoverScreen #add { width: auto; min-width: 22; }
    """

    def __init__(self, lang: Lang, number_label: str, catalog: Catalog, finder: Finder) -> None:
        super().__init__(lang)
        self.number_label = number_label
        self.catalog = catalog
        self.finder = finder
        self.paths: list[Path] = []
        self.findings: Findings | None = None
        self.unticked: set[str] = set()  # kept across files read later
        self.reading = False
        self._generation = 0

    def compose(self) -> ComposeResult:
        s = self.s
        with Vertical(classes="dialog"):
            yield Static(
                plain(s("discover_screen_title", number=self.number_label)),
                classes="dialog-title",
            )
            with VerticalScroll(classes="dialog-body"):
                yield Static(plain(s("discover_screen_intro")), classes="hint")
                yield PathInput(placeholder=s("discover_screen_placeholder"), id="discover-path")
                yield Static("", classes="error", id="discover-error")
                yield Static("", id="discover-status")
                yield Static("", classes="section", id="discover-new")
                yield Static("", id="discover-detail")
                yield SelectionList[str](id="discover-found")
                yield Static("", id="discover-others")
            with Horizontal(classes="buttons"):
                yield Button(plain(s("form_cancel")), id="cancel")
                yield Button(plain(s("discover_screen_add", n=0)), variant="primary", id="add")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#discover-found", SelectionList).display = False
        self.query_one("#add", Button).disabled = True
        self.query_one("#discover-path", Input).focus()

    # ---- reading ------------------------------------------------------------------
    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self._read_more(event.value)

    def on_path_input_pasted(self, event: PathInput.Pasted) -> None:
        event.stop()
        self._read_more(event.text)

    def _read_more(self, text: str) -> None:
        new = [p for p in found.paths_from(text) if p not in self.paths]
        if not new:
            return
        self._generation += 1
        self.reading = True
        self.query_one("#discover-error", Static).update("")
        self.query_one("#discover-status", Static).update(plain(self.s("discover_screen_reading")))
        self._read([*self.paths, *new], self._generation)

    @work(thread=True, exclusive=True, group="discover", description="read the files")
    def _read(self, paths: list[Path], generation: int) -> None:
        try:
            findings = self.finder(paths)
        except DiscoverFileError as exc:
            message = found.error_line(exc, self.lang)
            self.app.call_from_thread(self._failed, message, generation)
            return
        except Exception as exc:  # never let a file crash the app: say it in one line
            name = escape_name(paths[-1]) if paths else ""
            said = say(os_reason(exc), self.lang) if isinstance(exc, OSError) else None
            reason = self.s("discover_err_os", reason=said or error_text(exc, self.lang))
            message = self.s("discover_screen_error", file=name, reason=reason)
            self.app.call_from_thread(self._failed, message, generation)
            return
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self._show, paths, findings, generation)

    def _failed(self, message: str, generation: int) -> None:
        if generation != self._generation:
            return
        self.reading = False
        self.query_one("#discover-error", Static).update(plain(message))
        self._paint_status()

    def _show(self, paths: list[Path], findings: Findings, generation: int) -> None:
        if generation != self._generation:
            return
        self.reading = False
        self.paths, self.findings = paths, findings
        field = self.query_one("#discover-path", Input)
        field.value = ""
        self._paint_status()
        self._paint_checklist()
        self._paint_others()
        if findings.new:
            # What to do next is ticking: on a small terminal the intro and the status
            # fill the dialog, so bring the findings up and give them the keys.
            checklist = self.query_one("#discover-found", SelectionList)
            checklist.focus(scroll_visible=False)
            if checklist.highlighted is None:
                checklist.highlighted = 0
            self.call_after_refresh(self._bring_up_findings)

    def _bring_up_findings(self) -> None:
        heading = self.query_one("#discover-new", Static)
        self.query_one(".dialog-body", VerticalScroll).scroll_to_widget(
            heading, animate=False, top=True
        )

    # ---- showing ------------------------------------------------------------------
    def _paint_status(self) -> None:
        s, f = self.s, self.findings
        if f is None:
            self.query_one("#discover-status", Static).update("")
            return
        names = s("list_sep").join(escape_name(p.name) for p in self.paths)
        text = "\n".join(
            (
                s(
                    "discover_read",
                    files=len(self.paths),
                    messages=f.messages_read,
                    logins=f.logins_read,
                ),
                s("discover_screen_files", names=names),
                s("discover_privacy"),
            )
        )
        self.query_one("#discover-status", Static).update(plain(text, multiline=True))

    def _paint_checklist(self) -> None:
        assert self.findings is not None
        checklist: SelectionList[str] = self.query_one("#discover-found", SelectionList)
        new = self.findings.new
        checklist.clear_options()
        checklist.add_options(
            Selection(
                plain(found.platform_line(f, self.catalog, self.lang)),
                f.platform_id,
                f.platform_id not in self.unticked,
            )
            for f in new
        )
        checklist.display = bool(new)
        self._paint_add_button()

    def _paint_others(self) -> None:
        assert self.findings is not None
        s, f, lang, catalog = self.s, self.findings, self.lang, self.catalog
        head = s("discover_new", n=len(f.new)) if f.new else s("discover_none")
        self.query_one("#discover-new", Static).update(plain(head))
        listed = [p for p in f.platforms if p.listed]
        sections: list[tuple[str, list[str]]] = [
            (
                s("discover_listed", n=len(listed)),
                [found.platform_line(p, catalog, lang) for p in listed],
            ),
            (
                s("discover_ambiguous"),
                [found.ambiguous_line(a, catalog, lang) for a in f.ambiguous],
            ),
            (
                s("discover_unknown_senders"),
                [found.unknown_sender_line(u, lang) for u in f.unknown_senders],
            ),
            (
                s("discover_unknown_sites"),
                [found.unknown_site_line(u, lang) for u in f.unknown_sites],
            ),
        ]
        lines: list[str] = []
        for title, rows in sections:
            if rows:
                lines += ["", title, *(f"  • {row}" for row in rows)]
        self.query_one("#discover-others", Static).update(
            plain("\n".join(lines[1:]), multiline=True)
        )

    def on_selection_list_selection_highlighted(
        self, event: SelectionList.SelectionHighlighted[str]
    ) -> None:
        # A narrow checklist cuts each line's end (its dates and signatures): the
        # highlighted one is repeated whole, wrapped, above the list.
        event.stop()
        line = str(event.selection.prompt) if event.selection is not None else ""
        self.query_one("#discover-detail", Static).update(plain(line))

    def _chosen(self) -> tuple[str, ...]:
        checklist: SelectionList[str] = self.query_one("#discover-found", SelectionList)
        return tuple(checklist.selected)

    def _paint_add_button(self) -> None:
        chosen = self._chosen()
        button = self.query_one("#add", Button)
        button.label = plain(self.s("discover_screen_add", n=len(chosen)))
        button.disabled = not chosen

    def on_selection_list_selected_changed(self, event: SelectionList.SelectedChanged[str]) -> None:
        event.stop()
        if self.findings is None:
            return
        chosen = set(self._chosen())
        self.unticked = {f.platform_id for f in self.findings.new} - chosen
        self._paint_add_button()

    # ---- leaving ------------------------------------------------------------------
    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "add":
            self.action_add()
        else:
            self.action_cancel()

    def action_add(self) -> None:
        if self.findings is None or self.reading:
            return
        chosen = self._chosen()
        if chosen:
            self.dismiss(DiscoverOutcome(self.findings, chosen))

    def action_cancel(self) -> None:
        # What was read is kept for the session (reconcile shows it) even if nothing is added.
        self.dismiss(DiscoverOutcome(self.findings, ()) if self.findings is not None else None)
