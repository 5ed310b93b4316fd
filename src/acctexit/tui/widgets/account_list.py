"""The account list: every account grouped by phase, riskiest first, resolved last.

Besides real accounts it holds one "discover" and one "after-care" entry per number
being given up, so the official look-ups are worked like any other account.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual.content import Content
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from acctexit.domain.models import Lang, Phase, RiskLevel
from acctexit.domain.phone import mask_number
from acctexit.i18n import translate
from acctexit.tui.render import badge, fit, plain
from acctexit.workspace import Snapshot, Workspace

BADGE_WIDTH = 8
PROGRESS_WIDTH = 6
MIN_NAME_WIDTH = 6


@dataclass(frozen=True, slots=True)
class Item:
    """What a row stands for: an account, or a number's discover/after-care steps."""

    account_id: int | None = None
    number_id: int | None = None
    phase: Phase | None = None

    @property
    def option_id(self) -> str:
        if self.account_id is not None:
            return f"a{self.account_id}"
        return f"n{self.number_id}-{self.phase}"


@dataclass(frozen=True, slots=True)
class Row:
    item: Item
    phase: Phase
    name: str
    search: str  # lower-case text the filter matches against
    level: RiskLevel | None
    score: int
    done: int
    total: int


def build_rows(snapshot: Snapshot, workspace: Workspace, lang: Lang, reveal: bool) -> list[Row]:
    """All rows, in display order: phase, then unresolved by risk, then resolved."""
    rows: list[Row] = []
    for number in snapshot.numbers:
        shown = number.e164 if reveal else mask_number(number.e164)
        for phase in (Phase.DISCOVER, Phase.AFTERCARE):
            steps = [s for s in snapshot.plan.for_number(number.id) if s.phase is phase]
            if not steps:
                continue
            done = sum(1 for s in steps if s.status.value != "open")
            name = translate(f"phase_item_{phase.value}", lang, number=shown)
            rows.append(
                Row(
                    Item(number_id=number.id, phase=phase),
                    phase,
                    name,
                    name.lower(),
                    None,
                    0,
                    done,
                    len(steps),
                )
            )
    for account in snapshot.accounts:
        platform = workspace.platform(account.platform_id)
        risk = snapshot.account_risks.get(account.id)
        progress = snapshot.plan.account_progress(account.id)
        if platform is None:
            name, phase, search = account.platform_id, Phase.OTHER, account.platform_id
        else:
            name = platform.name.get(lang)
            phase = Phase.for_category(platform.category)
            search = " ".join(
                [platform.id, platform.name.zh, platform.name.en or "", *platform.domains]
            )
        if account.label:
            name = f"{name} · {account.label}"
        level = risk.level if risk else None
        if level:
            search += f" {level.value} {translate(f'level_{level.value}', 'zh')}"
        rows.append(
            Row(
                Item(account_id=account.id),
                phase,
                name,
                f"{search} {account.label}".lower(),
                level,
                risk.score if risk else 0,
                progress.done + progress.skipped,
                progress.total,
            )
        )

    def order(row: Row) -> tuple[int, bool, int, str]:
        return (row.phase.order, row.level is RiskLevel.RESOLVED, -row.score, row.name)

    return sorted(rows, key=order)


def row_content(row: Row, lang: Lang, name_width: int) -> Content:
    """One line: name cut to fit, the risk badge, progress right-aligned."""
    progress = f"{row.done}/{row.total}".rjust(PROGRESS_WIDTH)
    level = badge(row.level, lang, BADGE_WIDTH) if row.level else Content(" " * BADGE_WIDTH)
    return Content.assemble(plain(fit(row.name, name_width)), " ", level, progress)


class AccountList(OptionList):
    """Rows post `Chosen` when highlighted and `OpenSteps` on Enter."""

    @dataclass
    class Chosen(Message):
        item: Item

    class OpenSteps(Message):
        pass

    def __init__(self, lang: Lang, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.lang: Lang = lang
        self._items: dict[str, Item] = {}
        self._rows: list[Row] = []
        self._query = ""
        self._name_width = 0
        self._pending_keep: Item | None = None

    def _fit_name_width(self) -> int:
        # Options are padded by one cell each side; the scrollbar takes its own.
        width = self.scrollable_content_region.width - 2
        return max(MIN_NAME_WIDTH, width - 1 - BADGE_WIDTH - PROGRESS_WIDTH)

    def on_resize(self) -> None:
        if self._rows and self._fit_name_width() != self._name_width:
            keep, self._pending_keep = self._pending_keep, None
            self.show(self._rows, self._query, keep)

    def show(self, rows: list[Row], query: str = "", keep: Item | None = None) -> None:
        """Replace the rows, keeping the highlighted item where it still exists."""
        current = keep or self.current_item
        self._rows, self._query = rows, query
        if self.size.width == 0:  # not laid out yet: the first resize builds the rows once
            self._pending_keep = current
            return
        self._name_width = name_width = self._fit_name_width()
        query = query.strip().lower()
        visible = [r for r in rows if not query or query in r.search]
        options: list[Option] = []
        self._items = {}
        phase: Phase | None = None
        for row in visible:
            if row.phase is not phase:
                phase = row.phase
                title = translate(f"phase_{phase.value}", self.lang)
                options.append(Option(Content.styled(f"── {title}", "bold $accent"), disabled=True))
            options.append(Option(row_content(row, self.lang, name_width), id=row.item.option_id))
            self._items[row.item.option_id] = row.item
        self.set_options(options)
        if current is not None and current.option_id in self._items:
            self.highlighted = self.get_option_index(current.option_id)
        elif self._items:
            self.highlighted = self.get_option_index(next(iter(self._items)))

    def update_rows(self, rows: list[Row]) -> None:
        """Repaint rows in place when the same accounts are listed, else rebuild.

        Rows keep their places until the list is rebuilt (a filter, an added or
        removed account), so nothing jumps under the cursor after a tick.
        """
        old = {r.item.option_id: r for r in self._rows}
        new = {r.item.option_id: r for r in rows}
        if old.keys() != new.keys() or self.size.width == 0:
            self.show(rows, self._query)
            return
        self._rows = [new[r.item.option_id] for r in self._rows]
        for option_id, row in new.items():
            if row != old[option_id] and option_id in self._items:
                self.replace_option_prompt(option_id, row_content(row, self.lang, self._name_width))

    def row(self, item: Item) -> Row | None:
        return next((r for r in self._rows if r.item == item), None)

    @property
    def current_item(self) -> Item | None:
        option = self.highlighted_option
        if option is None or option.id is None:
            return None
        return self._items.get(option.id)

    def select_item(self, item: Item) -> None:
        if item.option_id in self._items:
            self.highlighted = self.get_option_index(item.option_id)

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        event.stop()
        item = self.current_item
        if item is not None:
            self.post_message(self.Chosen(item))

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.post_message(self.OpenSteps())

    def action_open_steps(self) -> None:
        self.post_message(self.OpenSteps())
