"""What the account list shows, as data: one `Row` per account or number item, in order.

Rows are built once per snapshot and masking, named in both languages, and kept
(`acctexit.tui.rows`); the filter only picks among them, by the one search rule of
`acctexit.app.search`.
The list is grouped by number: each number has a row of its own first (masked unless
revealed, with how many of its accounts are safe), which selects the number for
edit, remove and reconcile, whatever its state; then its rows in plan order. Besides
real accounts there is one "discover" and one "after-care" item per number being
given up, so the official look-ups are worked like any other account.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterator, Mapping, Sequence
from itertools import compress, groupby, repeat
from operator import indexOf, is_, itemgetter
from typing import NamedTuple

from acctexit.app.search import fold, query_words, select
from acctexit.domain.models import Phase, RiskLevel, Text


class Item(NamedTuple):
    """What a row stands for: an account, a number's discover/after-care steps, or
    (phase None) the number itself.

    Item and Row are named tuples because thousands are made per refresh and are
    built with `tuple.__new__`, the cheapest way to make a record."""

    account_id: int | None = None
    number_id: int | None = None
    phase: Phase | None = None

    @property
    def option_id(self) -> str:
        if self.account_id is not None:
            return f"a{self.account_id}"
        if self.phase is None:
            return f"n{self.number_id}"
        return f"n{self.number_id}-{self.phase}"


_ITEM_OF, _PHASE_OF = itemgetter(0), itemgetter(1)  # Row.item, Row.phase, in C


class Row(NamedTuple):
    item: Item
    phase: Phase | None  # None: a number's own row, which heads its group
    # In both languages (`name.get(lang)`): one set of rows serves L both ways, only
    # its order differs (acctexit.tui.rows).
    name: Text
    # What the filter matches, folded (see acctexit.app.search); the label is folded
    # only when a filter is typed, not for every row of every refresh: see `row_matches`
    search: str
    label: str
    level: RiskLevel | None
    score: int
    done: int  # a number's row: its safe accounts
    total: int  # a number's row: its accounts


def is_number_row(row: Row) -> bool:
    """The row of a number itself (it heads the number's group)."""
    return row.phase is None


_PHASE_OF = itemgetter(1)  # Row.phase, in C


def row_text(row: Row) -> str:
    """All a row is found by, folded: its platform, level and label (see `search`)."""
    return f"{row.search} {fold(row.label)}" if row.label else row.search


Line = Row | Phase  # a line of the account list: a row, or the heading of a phase group


class LineIndex(Mapping[Item, int]):
    """Item -> line number among the lines shown for one query, found by bisection
    instead of a dict per query: at 10,000 accounts a broad first filter key made a
    dict of ≈ 9,500 items (≈ 1-3 ms of its 16); the listing's `place` (item -> place
    among all its rows) serves every query.

    `shown`: the places of the rows shown, ascending (None: all of them);
    `heads`: how many rows were shown before each phase heading."""

    __slots__ = ("_heads", "_lines", "_place", "_shown")

    def __init__(
        self,
        lines: list[Line],
        place: Callable[[Item], int | None],
        shown: Sequence[int] | None,
        heads: list[int],
    ) -> None:
        self._lines, self._place, self._shown, self._heads = lines, place, shown, heads

    def __getitem__(self, item: Item) -> int:
        k = self._place(item)
        if k is None:
            raise KeyError(item)
        shown = self._shown
        if shown is not None:
            place = k
            k = bisect_left(shown, place)
            if k == len(shown) or shown[k] != place:
                raise KeyError(item)
        return k + bisect_right(self._heads, k)

    def __iter__(self) -> Iterator[Item]:
        return (line.item for line in self._lines if isinstance(line, Row))

    def __len__(self) -> int:
        return len(self._lines) - len(self._heads)


class Listing:
    """What the account list shows of one set of rows for a filter query: the lines (a
    heading before each phase's rows, which come grouped) and each item's line number.

    Made once per rows and query: the rows' search texts are folded on the first
    filter key (or before it, `prepare`), and the last few queries' lines are kept,
    so erasing what was typed (and clearing the filter) finds them made. At 10,000
    accounts the full list's lines are ≈ 1 ms of Python and a keystroke's budget is
    16 ms.
    """

    KEEP = 12  # queries whose lines are kept besides the unfiltered list's

    def __init__(self, rows: Sequence[Row]) -> None:
        self.rows = rows
        self._texts: list[str] | None = None
        self._position: dict[Item, int] | None = None
        self._made: dict[tuple[str, ...], tuple[list[Line], LineIndex]] = {}
        self._matched: dict[tuple[str, ...], list[int]] = {}  # per query made: select's answer

    def texts(self) -> list[str]:
        """Every row's `row_text`, made once."""
        if self._texts is None:
            self._texts = [row_text(row) for row in self.rows]
        return self._texts

    def place(self, item: Item) -> int | None:
        """Where `item`'s row is among the rows. Found by a scan in C until `prepare`
        has made a dict of them: a few look-ups (L, R: ≈ 0.1 ms each at 10,000
        accounts) cost less than the dict (≈ 1-3 ms), filter keys make many."""
        if self._position is not None:
            return self._position.get(item)
        try:
            return indexOf(map(_ITEM_OF, self.rows), item)
        except ValueError:
            return None

    def prepare(self) -> None:
        """Make now what the first filter key would: the search texts, each item's
        place and where the numbers' own rows are (≈ 3 ms at 10,000 accounts)."""
        self.texts()
        if self._position is None:
            rows = self.rows
            self._position = dict(zip(map(_ITEM_OF, rows), range(len(rows)), strict=True))
        _number_rows_in(self.rows)

    def lines(self, query: str) -> tuple[list[Line], LineIndex]:
        """The lines shown for `query` and item -> line number. Shared: do not change."""
        words = query_words(query)
        made = self._made.get(words)
        if made is None:
            rows = self.rows
            shown = None
            if words:
                matched = self._matched[words] = select(self.texts(), words, self._among(words))
                shown = sorted([*matched, *_number_rows_in(rows)])
            lines, heads = _lines_of(rows if shown is None else list(map(rows.__getitem__, shown)))
            made = lines, LineIndex(lines, self.place, shown, heads)
            if len(self._made) > self.KEEP:  # forget the oldest query, never the full list
                oldest = next(k for k in self._made if k)
                del self._made[oldest], self._matched[oldest]
            self._made[words] = made
        return made

    def _among(self, words: tuple[str, ...]) -> list[int] | None:
        """The matches of the latest query kept that `words` narrow (as many words, each
        containing the one at its place: "ali" after "al"), which are all `words` can
        match; None if there is none."""
        for kept in reversed(self._matched):
            if len(kept) == len(words) and all(a in b for a, b in zip(kept, words, strict=True)):
                return self._matched[kept]
        return None


def _lines_of(shown: Sequence[Row]) -> tuple[list[Line], list[int]]:
    """The lines (a heading before each phase's rows) and, per heading, how many rows
    come before it: one step of Python per group of rows, none per row."""
    lines: list[Line] = []
    heads: list[int] = []
    for phase, group in groupby(shown, _PHASE_OF):
        if phase is not None:  # (None: a number's own row, a heading itself)
            heads.append(len(lines) - len(heads))
            lines.append(phase)
        lines += group
    return lines, heads


def _number_rows_in(rows: Sequence[Row]) -> list[int]:
    """Where the numbers' own rows are in `rows`: found in C (no Python code per row),
    and once per rows, not per filter key (the last answer is kept)."""
    global _last_heads
    if _last_heads[0] is not rows:
        found = compress(range(len(rows)), map(is_, map(_PHASE_OF, rows), repeat(None)))
        _last_heads = (rows, list(found))
    return _last_heads[1]


_last_heads: tuple[Sequence[Row] | None, list[int]] = (None, [])
