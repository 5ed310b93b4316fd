"""The latest actions from the local log, newest first."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from textual.content import Content
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from acctexit.domain.models import Lang, LogEntry, Verb
from acctexit.i18n import translate
from acctexit.tui.render import fmt_time, plain
from acctexit.workspace import Snapshot, Workspace

VERB_MARK: dict[Verb, str] = {Verb.DONE: "✓", Verb.UNDONE: "↺", Verb.SKIPPED: "–", Verb.NOTE: "✎"}


def entry_content(entry: LogEntry, snapshot: Snapshot, workspace: Workspace, lang: Lang) -> Content:
    subject = ""
    account = snapshot.account(entry.account_id) if entry.account_id is not None else None
    platform = workspace.platform(account.platform_id) if account else None
    if platform is not None:
        subject = platform.name.get(lang)
        step = platform.step(entry.step_id) if entry.step_id else None
        if step is not None:
            subject += " · " + step.text.get(lang)
    elif entry.step_id:
        steps = workspace.catalog.discover_steps + workspace.catalog.aftercare_steps
        step = next((s for s in steps if s.id == entry.step_id), None)
        subject = step.text.get(lang) if step else entry.step_id
    verb = translate(f"verb_{entry.verb.value}", lang)
    mark = VERB_MARK.get(entry.verb, "•")
    parts: list[Content | str | tuple[str, str]] = [
        (fmt_time(entry.ts) + " ", "dim"),
        (f"{mark} {verb}", "bold"),
    ]
    if subject:
        parts += [" ", subject]
    if entry.detail and entry.verb in (Verb.NOTE, Verb.SKIPPED):
        parts += [("  “", "dim"), plain(entry.detail), ("”", "dim")]
    return Content.assemble(*parts)


class LogView(OptionList):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._shown_ids: tuple[int, ...] = ()
        self._contents: dict[int, Content] = {}

    def show(
        self,
        snapshot: Snapshot,
        workspace: Workspace,
        lang: Lang,
        entries: Sequence[LogEntry] | None = None,
    ) -> None:
        """Show `entries` (newest first), by default the snapshot's recent log."""
        shown = snapshot.recent_log if entries is None else entries
        ids = tuple(e.id for e in shown)
        if ids == self._shown_ids:
            return  # the background refresh found nothing new to show
        self._shown_ids = ids
        # Log rows never change once written, so each is formatted once.
        cache = self._contents
        for e in shown:
            if e.id not in cache:
                cache[e.id] = entry_content(e, snapshot, workspace, lang)
        self.set_options(Option(cache[e.id]) for e in shown)
