"""The account list's lines per filter query (`tui.viewmodel.Listing`): made once per
rows and query and kept for the next keys, they must be what the search rule selects,
under a heading per phase, whatever order the queries come in."""

from __future__ import annotations

import random

import pytest

from acctexit.app.search import fold, matches, query_words
from acctexit.domain.models import Phase, RiskLevel
from acctexit.tui.viewmodel import Item, Listing, Row, row_text

PHASES = list(Phase)
WORDS = ["alipay", "paypal", "支付宝", "wechat", "微信", "qq", "bank", "银行", "taobao"]


def _rows(n: int) -> list[Row]:
    rng = random.Random(16)
    rows = []
    for i in range(n):
        phase = PHASES[i * len(PHASES) // n]  # grouped by phase, as build_rows makes them
        search = fold(" ".join(rng.sample(WORDS, 2)))
        label = rng.choice(["", "Work", "家里的"])
        level = rng.choice([None, *RiskLevel])
        rows.append(Row(Item(i, 1), phase, f"acct {i}", search, label, level, 0, 0, 3))
    return rows


def _expected(rows: list[Row], query: str) -> list[object]:
    words = query_words(query)
    lines: list[object] = []
    last = None
    for row in rows:
        if matches(row_text(row), words):
            if row.phase != last:
                lines.append(row.phase)
                last = row.phase
            lines.append(row)
    return lines


@pytest.mark.parametrize("prepared", [False, True])  # items found by a scan, or a dict
def test_lines_are_the_matching_rows_under_their_phase_headings_in_any_order(
    prepared: bool,
) -> None:
    rows = _rows(600)
    listing = Listing(rows)
    if prepared:
        listing.prepare()
    queries = ["", "a", "al", "ali", "alipay", "alipay 支付", "ali", "a", "", "微", "WORK", "x"]
    queries += ["q", "qq", "bank", "家", "", "taobao alipay", "zzz"] * 2
    for query in queries:
        lines, index = listing.lines(query)
        assert lines == _expected(rows, query), query
        expected = {line.item: n for n, line in enumerate(lines) if isinstance(line, Row)}
        assert index == expected
        # every row asked for: its line when shown, none when the filter hides it
        assert [index.get(row.item) for row in rows] == [expected.get(r.item) for r in rows]


def test_a_query_seen_again_gives_the_same_lines_and_the_full_list_is_kept() -> None:
    rows = _rows(200)
    listing = Listing(rows)
    full = listing.lines("")
    first = listing.lines("ali")
    assert listing.lines("  ALI ") is first  # the same words: the same lines
    for i in range(Listing.KEEP * 2):
        listing.lines(f"q{i}")
    assert listing.lines("") is full
    assert listing.lines("ali") == first  # made again after being forgotten
    assert listing.lines("ali") is not first


def test_a_narrowing_query_finds_what_a_fresh_search_finds() -> None:
    """Typing on ("ali" after "al") searches only the last matches: the same lines as
    a listing that never saw the shorter query, and a query that does not narrow the
    last one ("qq" after "ali", "l" after "alipay") searches every row again."""
    rows = _rows(600)
    typed = Listing(rows)
    for query in [
        "a",
        "al",
        "ali",
        "alip",
        "alipay",
        "l",
        "qq",
        "q",
        "alipay 支",
        "ali 支付宝",
        "pal",
    ]:
        assert typed.lines(query)[0] == Listing(rows).lines(query)[0] == _expected(rows, query)
