"""The account list's rows: built once per snapshot and masking, named in both
languages, and put in order once per language.

L only orders the same rows again: at 10,000 accounts building them is ≈ 17 ms and
≈ 2.5 MiB, ordering them ≈ 5 ms and one list. The order is phase, then unresolved by
risk, then resolved, and ties by name, so it depends on the language only through the
names (`in_order`).
"""

from __future__ import annotations

from array import array
from collections.abc import Sequence
from itertools import repeat
from operator import add, attrgetter, itemgetter, mod, mul
from typing import NamedTuple

from acctexit.app.search import fold, level_text, platform_text
from acctexit.app.workspace import Snapshot, Workspace
from acctexit.domain.models import Lang, Phase, RiskLevel, Text
from acctexit.domain.phone import mask_number
from acctexit.domain.plan import Progress
from acctexit.i18n import translate
from acctexit.tui.viewmodel import Item, Row

_NAME_OF = itemgetter(2)  # Row.name, in C


class RowSet(NamedTuple):
    """Every row of one snapshot and masking, in the order they were made, and the rank
    of each (ties within a rank go by name, in the language shown)."""

    rows: list[Row]
    ranks: array[int]


def build_rows(snapshot: Snapshot, workspace: Workspace, lang: Lang, reveal: bool) -> list[Row]:
    """All rows, in display order for `lang`."""
    made, names = row_set(snapshot, workspace, lang, reveal)
    return in_order(made, names)


def row_set(
    snapshot: Snapshot, workspace: Workspace, lang: Lang, reveal: bool
) -> tuple[RowSet, list[str]]:
    """The rows of `snapshot`, and their names in `lang` (for `in_order`): first the
    numbers' own rows (`_number_rows`), then one per account."""
    # The order is (phase order × 2 + resolved, -score, name). As small ints for the
    # first two (scores are 0..100) and one of names for ties, each made with its row:
    # sorting ints, then names only among equal ints, is ≈ 4 ms less at 10,000 accounts
    # than sorting tuples. (An array: no int object per row.)
    rows, ranks, names = _number_rows(snapshot, lang, reveal)
    base = {n.id: i * _NUMBER_STEP for i, n in enumerate(snapshot.numbers)}
    # Per platform and per level, not per account: at 10,000 accounts this is the loop,
    # so it calls no Python function per account (but a labelled account's name).
    platform_info: dict[str, tuple[Text, str, Phase, str, int]] = {}
    searches: dict[tuple[str, RiskLevel | None], str] = {}
    level_words = {level: f" {level_text(level)}" for level in RiskLevel}
    risks = snapshot.account_risks
    progress_of = snapshot.plan.account_progresses().get
    no_progress = Progress(0, 0, 0)
    new = tuple.__new__  # builds the named tuples without their Python-level __new__
    resolved_level = RiskLevel.RESOLVED
    numbering = snapshot.ordinals  # "#2" for a second unlabelled account of a platform
    # domain.own.account_title's rule ("微信（工作）", "WeChat #2") as its two strings'
    # templates per language, filled in by str.format (C) rather than a Python call.
    label_zh, label_en = (
        translate("report_account_with_label", x, name="{name}", label="{label}")
        for x in ("zh", "en")
    )
    numbered_zh, numbered_en = (
        translate("account_numbered", x, name="{name}", n="{n}") for x in ("zh", "en")
    )
    in_zh = lang == "zh"
    base_of = base.get
    for account in snapshot.accounts:
        pid, aid, label = account.platform_id, account.id, account.label
        info = platform_info.get(pid)
        if info is None:
            platform = workspace.platform(pid)
            if platform is None:
                info = (Text(pid, pid), pid, Phase.OTHER, pid, Phase.OTHER.order * 2)
            else:
                phase = Phase.for_category(platform.category)
                # (both languages spelled out: `names_in` reads the field directly)
                title = Text(platform.name.zh, platform.name.get("en"))
                info = (title, title.get(lang), phase, platform_text(platform), phase.order * 2)
            platform_info[pid] = info
        name, said, phase, search, rank = info
        if label:
            zh = label_zh.format(name=name.zh, label=label)
            en = label_en.format(name=name.en, label=label)
            name, said = Text(zh, en), (zh if in_zh else en)
        elif numbering and numbering.get(aid, 1) > 1:
            n = numbering[aid]
            zh, en = numbered_zh.format(name=name.zh, n=n), numbered_en.format(name=name.en, n=n)
            name, said = Text(zh, en), (zh if in_zh else en)
        risk = risks.get(aid)
        level, score = (risk.level, risk.score) if risk is not None else (None, 0)
        progress = progress_of(aid, no_progress)
        # one search string per (platform, level), not one per account
        text = searches.get((pid, level))
        if text is None:
            text = searches[pid, level] = f"{search}{level_words[level] if level else ''}"
        finished = progress.done + progress.skipped
        item = new(Item, (aid, None, None))
        row = (item, phase, name, text, label, level, score, finished, progress.total)
        rows.append(new(Row, row))
        ranks.append(
            base_of(account.number_id, 0)
            + (rank + (level is resolved_level)) * _RANK_STEP
            + _MAX_SCORE
            - score
        )
        names.append(said)
    return RowSet(rows, ranks), names


def _number_rows(
    snapshot: Snapshot, lang: Lang, reveal: bool
) -> tuple[list[Row], array[int], list[str]]:
    """Each number's own row and its discover and after-care rows: the only rows that
    show a phone number (masked unless `reveal`); with their ranks and names in `lang`.
    Each number's rows come together, in the numbers' order, its own row first: a base
    rank per number, above every rank of the numbers before it."""
    rows: list[Row] = []
    ranks = array("q")
    names: list[str] = []
    totals = snapshot.per_number()
    # Each phase item's words in both languages as templates, filled in per number.
    words = {
        phase: {x: translate(f"phase_item_{phase.value}", x, number="{n}") for x in ("zh", "en")}
        for phase in (Phase.DISCOVER, Phase.AFTERCARE)
    }
    for i, number in enumerate(snapshot.numbers):
        base = i * _NUMBER_STEP
        shown = number.e164 if reveal else mask_number(number.e164)
        heading = f"{shown} {number.label}" if number.label else shown
        on, safe = totals[number.id]
        name = Text(heading, heading)  # (the user's label, the same in both languages)
        rows.append(Row(Item(number_id=number.id), None, name, "", "", None, 0, safe, on))
        ranks.append(base - 1)
        names.append(heading)
        for phase in (Phase.DISCOVER, Phase.AFTERCARE):
            steps = [s for s in snapshot.plan.number_steps(number.id) if s.phase is phase]
            if not steps:
                continue
            done = sum(1 for s in steps if s.status.value != "open")
            said = words[phase]
            name = Text(said["zh"].format(n=shown), said["en"].format(n=shown))
            search = fold(f"{name.zh} {name.en}")  # found by either language's words
            item = Item(number_id=number.id, phase=phase)
            rows.append(Row(item, phase, name, search, "", None, 0, done, len(steps)))
            ranks.append(base + phase.order * 2 * _RANK_STEP + _MAX_SCORE)  # (score 0)
            names.append(name.get(lang))
    return rows, ranks, names


def remasked(made: RowSet, snapshot: Snapshot, reveal: bool) -> RowSet:
    """`made` (the rows of `snapshot`) with the numbers shown as `reveal` says (R): the
    numbers' rows made again, every account's row and every rank kept."""
    head, _, _ = _number_rows(snapshot, "zh", reveal)
    return RowSet(head + made.rows[len(head) :], made.ranks)


def names_in(made: RowSet, lang: Lang) -> list[str]:
    """The rows' names in `lang`. Every row's name has both languages spelled out
    (`row_set`), so this reads one field per row, in C."""
    return list(map(attrgetter(lang), map(_NAME_OF, made.rows)))


def in_order(made: RowSet, names: Sequence[str]) -> list[Row]:
    """The rows in display order, ties going by `names` (one per row, as made)."""
    # One int per row: rank, then the name as its place among the distinct names (few:
    # platforms and labels), then the row's position (full ties keep the accounts'
    # order), packed so that sorting the ints sorts the rows. All made in C, and a list
    # of ints sorts without a key function: ≈ 0.6 MiB less memory at 10,000 accounts
    # than sorting positions by a list of keys (L's and R's orders are made while the
    # user reads, `language.py`, within the first second), and no call per row.
    distinct = sorted(set(names))
    place = dict(zip(distinct, range(len(distinct)), strict=True))
    rows = made.rows
    n = len(rows)
    by_name = map(add, map(mul, map(place.__getitem__, names), repeat(n)), range(n))
    keys = list(map(add, map(mul, made.ranks, repeat(len(distinct) * n)), by_name))
    keys.sort()  # (a rank may be negative: the position comes back by `% n` all the same)
    return list(map(rows.__getitem__, map(mod, keys, repeat(n))))


_MAX_SCORE = 100
_RANK_STEP = 1024  # > the span of scores, so ranks never overlap
_NUMBER_STEP = (2 * len(Phase) + 2) * _RANK_STEP  # > every rank within one number


class RowCache:
    """The rows of one snapshot, per masking, built once each, and their order per
    language, made once each.

    The dashboard keeps one, so L and R re-use the snapshot's plan and, switching
    back, its rows. A new snapshot (any change) forgets the rows of the old one.
    """

    def __init__(self, workspace: Workspace) -> None:
        self.workspace = workspace
        self._snapshot: Snapshot | None = None
        self._made: dict[bool, RowSet] = {}
        self._rows: dict[tuple[Lang, bool], list[Row]] = {}

    def _for(self, snapshot: Snapshot) -> None:
        if snapshot is not self._snapshot:
            self._snapshot, self._made, self._rows = snapshot, {}, {}

    def rows(self, snapshot: Snapshot, lang: Lang, reveal: bool) -> list[Row]:
        """The rows of `snapshot` in display order for `lang`."""
        self._for(snapshot)
        rows = self._rows.get((lang, reveal))
        if rows is None:
            made = self._made.get(reveal)
            other = self._made.get(not reveal)
            if made is None and other is not None:  # R: only the numbers' rows change
                made = self._made[reveal] = remasked(other, snapshot, reveal)
            if made is None:
                made, names = row_set(snapshot, self.workspace, lang, reveal)
                self._made[reveal] = made
            else:
                names = names_in(made, lang)
            rows = self._rows[lang, reveal] = in_order(made, names)
        return rows

    def order_ahead(self, snapshot: Snapshot, lang: Lang, reveal: bool) -> None:
        """Put the rows made for `snapshot` in order for `lang` and `reveal` as well,
        before L or R asks: one list (≈ 5 ms at 10,000 accounts) and, for the other
        masking, the numbers' rows; no account's row is built."""
        self._for(snapshot)
        if self._made:
            self.rows(snapshot, lang, reveal)

    def keep(
        self, snapshot: Snapshot, lang: Lang, reveal: bool, made: RowSet, rows: list[Row]
    ) -> None:
        """Rows built elsewhere (in the recompute worker) for `snapshot`, and their
        order for `lang`."""
        self._for(snapshot)
        self._made[reveal] = made
        self._rows[lang, reveal] = rows

    def same_rows(self, snapshot: Snapshot) -> None:
        """`snapshot` replaces the current one and changes no row (only the log)."""
        self._snapshot = snapshot
