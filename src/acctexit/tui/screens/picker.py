"""Choose platforms from the whole catalog: search as you type, grouped by category.

Focus starts in the search box; typing narrows the list by the one search rule of
`acctexit.app.search` (every word in the Chinese or English name, id or a domain). Down or Enter
moves into the list, where Space toggles a platform and Enter confirms (with nothing
ticked, Enter takes the highlighted platform). Typing a letter in the list goes back
to the search box. Ticks survive changes to the search. Platforms in `already` are
marked as already listed and may be ticked again (a second account on the same
platform: another bank card, a work WeChat). When a search finds nothing, the list
offers to add what was typed as the user's own service.

Returns the ticked platform ids in catalog order, an `OwnRequest` (the offer was
taken), or None on Escape.
"""

from __future__ import annotations

from collections.abc import Iterable

from msgspec import Struct
from textual import events
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Footer, Input, OptionList, Static
from textual.widgets.option_list import Option

from acctexit.app.search import platform_matches
from acctexit.domain.models import Catalog, Category, Lang, Platform
from acctexit.tui.commands import Scope
from acctexit.tui.render import fit
from acctexit.tui.screens.confirm import LocalizedModal, plain

CATEGORY_ORDER: tuple[Category, ...] = tuple(Category)
HEADER_PREFIX = "category:"
# Column widths in cells: every column is cut (with …) or padded to exactly its width,
# so rows line up in both languages, and a row fits on one line at 80 columns.
NAME_CELLS = 22  # the name in the interface's language
OTHER_NAME_CELLS = 13  # the name in the other language
DOMAIN_CELLS = 12
OWN_OFFER = "own-offer"  # the option offering to add the search as an own service


class OwnRequest(Struct, frozen=True):
    """The user chose to add `name` (what they searched for) as their own service."""

    name: str


class PlatformOptions(OptionList):
    """The list part of the picker (a plain OptionList whose prompts are `Content`)."""

    DEFAULT_CSS = """
    PlatformOptions { height: 1fr; max-height: 100%; }
    PlatformOptions > .option-list--option-disabled { color: $text-muted; }
    """


class PlatformPicker(LocalizedModal[list[str] | OwnRequest | None]):
    SCOPES = (Scope.DIALOG, Scope.PICKER)

    DEFAULT_CSS = """
    PlatformPicker > .dialog { width: 100; height: 100%; }
    PlatformPicker #search { margin-bottom: 0; }
    PlatformPicker #picker-status { color: $text-muted; padding: 0 1; height: 1; }
    """

    def __init__(
        self,
        lang: Lang,
        catalog: Catalog,
        already: Iterable[str] = frozenset(),
        number: str = "",
    ) -> None:
        super().__init__(lang)
        self.catalog = catalog
        self.number = number  # the number the accounts go on, as shown (masked or not)
        self.already = frozenset(already)
        self.selected: set[str] = set()
        self.query_text = ""

    # ---- layout -------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            title = (
                self.s("picker_title_number", number=self.number)
                if self.number
                else self.s("picker_title")
            )
            yield Static(plain(title), classes="dialog-title")
            yield Input(placeholder=self.s("picker_search_placeholder"), id="search")
            yield Static("", id="picker-status")
            yield PlatformOptions(id="platforms", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        self._rebuild()
        self.query_one("#search", Input).focus()

    def _prompt(self, platform: Platform) -> Content:
        listed = platform.id in self.already
        mark = "☑" if platform.id in self.selected else ("✓" if listed else "☐")
        zh = platform.name.zh
        en = platform.name.en or ""
        domain = platform.domains[0] if platform.domains else ""
        parts = [
            Content.styled(
                f"{mark} ", "bold $text-success" if platform.id in self.selected else ""
            ),
            plain(fit(zh if self.lang == "zh" else en or zh, NAME_CELLS) + " "),
            plain(fit(en if self.lang == "zh" else zh, OTHER_NAME_CELLS) + " "),
            Content.styled(fit(domain, DOMAIN_CELLS), "$text-muted"),
        ]
        if listed:
            parts.append(Content.styled("  " + self.s("picker_already"), "italic"))
        return Content("").join(parts)

    def _visible(self) -> list[Platform]:
        return [p for p in self.catalog.platforms.values() if platform_matches(p, self.query_text)]

    def _rebuild(self) -> None:
        options_list = self.query_one(PlatformOptions)
        visible = self._visible()
        options: list[Option | None] = []
        for category in CATEGORY_ORDER:
            group = [p for p in visible if p.category is category]
            if not group:
                continue
            heading = self.s(
                "with_aside", main=self.s(f"picker_cat_{category.value}"), aside=len(group)
            )
            header = Content.styled(f"── {heading}", "bold")
            options.append(Option(header, id=HEADER_PREFIX + category.value, disabled=True))
            options.extend(Option(self._prompt(p), id=p.id) for p in group)
        typed = self.query_text.strip()
        if not visible and typed:
            offer = Content.styled("+ " + self.s("own_offer", name=typed), "bold")
            options.append(Option(offer, id=OWN_OFFER))
        options_list.set_options(options)
        options_list.action_first()
        self._update_status(len(visible))

    def _update_status(self, shown: int | None = None) -> None:
        if shown is None:
            shown = len(self._visible())
        total = len(self.catalog.platforms)
        if shown == 0:
            text = self.s("picker_none_match", query=self.query_text.strip())
        else:
            text = self.s("picker_status", shown=shown, total=total, selected=len(self.selected))
        self.query_one("#picker-status", Static).update(plain(text))

    # ---- events -------------------------------------------------------------------
    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        self.query_text = event.value
        self._rebuild()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_to_list()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.action_confirm()

    def on_key(self, event: events.Key) -> None:
        """A letter typed in the list goes on to the search box (``/`` selects it all)."""
        options_list = self.query_one(PlatformOptions)
        char = event.character
        typed = event.is_printable and char is not None and char not in " /"
        if self.focused is options_list and typed and char:
            search = self.query_one("#search", Input)
            search.focus()
            search.insert_text_at_cursor(char)
            event.stop()
            event.prevent_default()

    # ---- actions ------------------------------------------------------------------
    def _highlighted_id(self) -> str | None:
        option = self.query_one(PlatformOptions).highlighted_option
        if option is None or option.disabled or option.id is None:
            return None
        return option.id

    def action_tick(self) -> None:
        platform_id = self._highlighted_id()
        if platform_id is None or platform_id == OWN_OFFER:
            return
        if platform_id in self.selected:
            self.selected.discard(platform_id)
        else:
            self.selected.add(platform_id)
        platform = self.catalog.platforms[platform_id]
        self.query_one(PlatformOptions).replace_option_prompt(platform_id, self._prompt(platform))
        self._update_status()

    def action_to_list(self) -> None:
        options_list = self.query_one(PlatformOptions)
        if self._highlighted_id() is None:
            options_list.action_first()
        options_list.focus()

    def action_to_search(self) -> None:
        search = self.query_one("#search", Input)
        search.focus()
        search.action_select_all()  # typing replaces the old search

    def action_confirm(self) -> None:
        chosen = set(self.selected)
        if not chosen and self.focused is self.query_one(PlatformOptions):
            highlighted = self._highlighted_id()
            if highlighted == OWN_OFFER:
                self.dismiss(OwnRequest(self.query_text.strip()))
                return
            if highlighted is not None:
                chosen.add(highlighted)
        if not chosen:
            self.notify(self.s("picker_choose_one"), severity="warning")
            return
        self.dismiss([pid for pid in self.catalog.platforms if pid in chosen])

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Space toggles only in the list (in the search box it types a space)."""
        if action == "tick" and self.is_mounted:
            return self.focused is self.query_one(PlatformOptions)
        return True
