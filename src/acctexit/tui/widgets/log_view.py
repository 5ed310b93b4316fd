"""The latest actions from the local log, newest first."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from textual.content import Content

from acctexit.app.workspace import Snapshot, Workspace
from acctexit.domain.models import OTHER_LANG, Lang, LogEntry, Verb
from acctexit.domain.own import own_log_target, own_platform_id
from acctexit.domain.phone import mask_number
from acctexit.i18n import translate
from acctexit.tui.render import fmt_time, hang, plain, short_title
from acctexit.tui.widgets.item_list import ItemList

VERB_MARK: dict[Verb, str] = {Verb.DONE: "✓", Verb.UNDONE: "↺", Verb.SKIPPED: "–", Verb.NOTE: "✎"}


def entry_parts(
    entry: LogEntry, snapshot: Snapshot, workspace: Workspace, lang: Lang
) -> tuple[str, Content]:
    """(the entry's time, what happened), the latter in one line before wrapping."""
    subject = ""
    account = snapshot.account(entry.account_id) if entry.account_id is not None else None
    platform = workspace.platform(account.platform_id) if account else None
    if platform is not None and account is not None:
        subject = workspace.account_title(snapshot, account, lang)  # label or "#2" too
        step = platform.step(entry.step_id) if entry.step_id else None
        if step is not None:  # its title, not the whole sentence: one tick, one line
            subject += " · " + short_title(step.text.get(lang))
    elif entry.step_id:
        steps = workspace.catalog.discover_steps + workspace.catalog.aftercare_steps
        step = next((s for s in steps if s.id == entry.step_id), None)
        subject = short_title(step.text.get(lang)) if step else entry.step_id
    elif (own := own_log_target(entry)) is not None:  # an own service or its steps
        service = workspace.platform(own_platform_id(own[0]))
        subject = service.name.get(lang) if service else ""
        step = service.step(own[1]) if service and own[1] else None
        title = short_title(step.text.get(lang)) if step is not None else own[2]
        if title:
            subject = f"{subject} · {title}" if subject else title
    if platform is None and entry.number_id is not None:
        # A number's own entry says which number (masked: the log is always masked).
        number = snapshot.number(entry.number_id)
        if number is not None:
            shown = mask_number(number.e164)
            subject = f"{shown} · {subject}" if subject else shown
    verb = translate(f"verb_{entry.verb.value}", lang)
    mark = VERB_MARK.get(entry.verb, "•")
    parts: list[Content | str | tuple[str, str]] = [(f"{mark} {verb}", "bold")]
    if subject:
        parts += [" ", subject]
    if entry.detail and entry.verb in (Verb.NOTE, Verb.SKIPPED):
        parts += [("  “", "dim"), plain(entry.detail), ("”", "dim")]
    return fmt_time(entry.ts) + " ", Content.assemble(*parts)


class LogView(ItemList):
    """Newest first; a long entry wraps under its text, not under its time."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._shown: list[int] = []
        # Log rows never change once written, so each is described once per language:
        # when it is first drawn or read, or ahead of L (`describe_ahead`), from the
        # snapshot it was shown with (the pane shows about ten of its 60 entries;
        # describing them all held up the first frame).
        self._parts: dict[tuple[int, Lang], tuple[str, Content]] = {}
        self._sources: dict[int, tuple[LogEntry, Snapshot]] = {}
        self._workspace: Workspace | None = None
        self.lang: Lang = "en"

    def _described(self, entry_id: int, lang: Lang) -> tuple[str, Content]:
        parts = self._parts.get((entry_id, lang))
        if parts is None:
            entry, snapshot = self._sources[entry_id]
            assert self._workspace is not None
            parts = entry_parts(entry, snapshot, self._workspace, lang)
            self._parts[entry_id, lang] = parts
            if (entry_id, OTHER_LANG[lang]) in self._parts:
                del self._sources[entry_id]  # described both ways: its snapshot may go
        return parts

    def _entry_parts(self, index: int) -> tuple[str, Content]:
        return self._described(self._shown[index], self.lang)

    @staticmethod
    def _lines(parts: tuple[str, Content], width: int) -> list[Content]:
        when, what = parts
        return hang(Content.styled(when, "dim"), what, width)

    def item_lines(self, index: int, width: int) -> list[Content]:
        return self._lines(self._entry_parts(index), width)

    def describe_ahead(self, lang: Lang) -> None:
        """Describe and wrap the entries shown in `lang` too, while the user reads: L
        then finds them ready (≈ 5 ms at 60 entries) and needs no second frame."""
        ids = self._shown
        self.wrap_ahead(
            [(i, lang) for i in ids],
            lambda n, width: self._lines(self._described(ids[n], lang), width),
        )

    def entry_text(self, index: int) -> str:
        """Entry `index` (0 = newest) as plain text on one line, before wrapping."""
        when, what = self._entry_parts(index)
        return when + what.plain

    def show(
        self,
        snapshot: Snapshot,
        workspace: Workspace,
        lang: Lang,
        entries: Sequence[LogEntry] | None = None,
    ) -> None:
        """Show `entries` (newest first), by default the snapshot's recent log."""
        shown = snapshot.recent_log if entries is None else entries
        ids = [e.id for e in shown]
        if ids == self._shown and lang == self.lang:
            return  # the background refresh found nothing new to show
        self.lang = lang
        self._workspace = workspace
        if len(self._parts) > 8 * len(ids) + 64:  # a long session: forget what scrolled away
            listed = set(ids)
            self._parts = {k: v for k, v in self._parts.items() if k[0] in listed}
        sources = {i: self._sources[i] for i in ids if i in self._sources}
        done = self._parts
        for e in shown:  # (a source holds a whole snapshot: kept only while needed)
            if e.id not in sources and ((e.id, "zh") not in done or (e.id, "en") not in done):
                sources[e.id] = (e, snapshot)
        self._sources = sources
        self._shown = ids
        # An entry's key is its id and language: its look never changes.
        self.set_items([(i, lang) for i in ids], 0 if self.highlighted is not None else None)
