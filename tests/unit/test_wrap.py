"""Line breaking of mixed Chinese and English text (acctexit.tui.wrap) on real strings."""

from __future__ import annotations

import random
from itertools import pairwise

import pytest
from rich.cells import cell_len
from textual.content import Content

from acctexit.tui.wrap import CLOSING, OPENING, wrap_content, wrap_plain, wrap_spans

# Strings as the catalog and the UI show them.
SENTENCES = [
    "在云闪付 App 里用「一键查卡」查出所有以本人身份证开户的银行卡，逐张核对预留手机号。",
    "先在 QQ 安全中心解绑手机号，再到「设置 › 账号与安全」注销 QQ 号；注销后无法恢复！",
    "打开支付宝 App：我的 › 设置 › 账号与安全 › 注销账户（需先结清余额、解绑银行卡）。",
    "号码保留，不会被运营商回收；已完成或跳过 19/59 步（32%）。",
    "Change the reserved phone number of every card at this bank before 2026-12-26.",
]


def _cells_ok(lines: list[str], width: int) -> None:
    for line in lines:
        assert cell_len(line) <= width, (line, width)


@pytest.mark.parametrize("text", SENTENCES)
@pytest.mark.parametrize("width", [10, 13, 17, 24, 31, 40])
def test_no_line_starts_with_closing_punctuation_or_ends_with_opening(
    text: str, width: int
) -> None:
    lines = wrap_plain(text, width)
    _cells_ok(lines, width)
    for line in lines[1:]:
        assert line and line[0] not in CLOSING, lines
    for line in lines[:-1]:
        assert line[-1] not in OPENING, lines
    # Nothing is lost but the spaces at the breaks.
    assert "".join(lines).replace(" ", "") == text.replace(" ", "")


@pytest.mark.parametrize("width", range(6, 40))
def test_latin_words_stay_whole(width: int) -> None:
    text = SENTENCES[1]
    lines = wrap_plain(text, width)
    assert sum(line.count("QQ") for line in lines) == text.count("QQ")
    lines = wrap_plain(SENTENCES[0], width)
    assert sum(line.count("App") for line in lines) == 1


def test_breaks_between_cjk_characters_and_fills_the_line() -> None:
    # Textual's wrapper broke only at the spaces: "在云闪付" alone, then "App 里用…".
    lines = wrap_plain(SENTENCES[0], 20)
    # "「" may not end a line, so the first line stops one character short of 20 cells.
    assert lines[:2] == ["在云闪付 App 里用", "「一键查卡」查出所有"]
    assert all(not line.startswith(" ") and not line.endswith(" ") for line in lines)


def test_a_comma_moves_to_the_line_with_the_character_before_it() -> None:
    # 16 cells hold eight characters; the ninth is "，", which may not start a line.
    text = "八个汉字八个汉字，后面还有"
    lines = wrap_plain(text, 16)
    assert lines[0] == "八个汉字八个汉"
    assert lines[1].startswith("字，")


def test_english_wraps_at_spaces() -> None:
    lines = wrap_plain(SENTENCES[4], 30)
    assert lines == [
        "Change the reserved phone",
        "number of every card at this",
        "bank before 2026-12-26.",
    ]


def test_a_word_wider_than_the_line_is_cut_and_newlines_break() -> None:
    assert wrap_plain("abcdefghij", 4) == ["abcd", "efgh", "ij"]
    assert wrap_plain("第一行\n第二行", 40) == ["第一行", "第二行"]
    assert wrap_plain("", 10) == [""]


def test_styles_are_kept_across_lines() -> None:
    content = Content.assemble(("注销", "bold"), "前请先在 QQ 里解绑手机号，然后等待七天。")
    lines = wrap_content(content, 12)
    assert "".join(line.plain for line in lines).replace(" ", "") == content.plain.replace(" ", "")
    assert lines[0].spans and lines[0].spans[0].style == "bold"


def _reference_spans(text: str, width: int) -> list[tuple[int, int]]:
    """The rules of acctexit.tui.wrap applied one character at a time: a break
    opportunity between every two characters is decided on its own (the module
    decides only where a run of printable ASCII or of spaces meets something else)."""

    def may_break(prev: str, ch: str) -> bool:
        if prev.isspace() != ch.isspace():
            return True
        if ch.isspace() or ch in CLOSING or prev in OPENING:
            return False
        return cell_len(prev) == 2 or cell_len(ch) == 2

    spans: list[tuple[int, int]] = []
    base = 0
    for para in text.split("\n"):
        cuts = [0, *(i for i in range(1, len(para)) if may_break(para[i - 1], para[i])), len(para)]
        units = [(a, b) for a, b in pairwise(cuts) if a < b]
        lines: list[tuple[int, int]] = []
        start = end = used = 0
        for u_start, u_end in units:
            piece = para[u_start:u_end]
            cells = cell_len(piece)
            if piece.isspace():
                used += cells
                continue
            if end > start and used + cells > width:
                lines.append((start, end))
                start, used = u_start, 0
            elif end == start:
                start, used = u_start, 0
            while cells > width:
                cut, taken = u_start, 0
                while cut < u_end and taken + cell_len(para[cut]) <= width:
                    taken += cell_len(para[cut])
                    cut += 1
                while u_start + 1 < cut < u_end and para[cut] in CLOSING:
                    cut -= 1
                cut = max(cut, u_start + 1)
                lines.append((u_start, cut))
                start = u_start = cut
                cells = cell_len(para[u_start:u_end])
            used += cells
            end = u_end
        if end > start or not lines:
            lines.append((start, max(start, end)))
        spans += [(base + s, base + e) for s, e in lines]
        base += len(para) + 1
    return spans


def test_breaks_are_decided_as_character_by_character() -> None:
    # Latin words, digits, ASCII and CJK punctuation, CJK characters, the ideographic
    # space, non-ASCII narrow characters (…, “ ”, ✎, é) and runs of spaces.
    alphabet = [*"abcXYZ019-'.,;:!?()[]<>/", "App", "QQ", *"云闪付注销「」，。：、（）", "\u3000"]
    alphabet += [*"…“”✎é·", " ", "  ", "\n"]
    rng = random.Random(16)
    texts = [
        *SENTENCES,
        *("".join(rng.choices(alphabet, k=rng.randint(0, 60))) for _ in range(400)),
    ]
    for text in texts:
        for width in (1, 2, 5, 9, 16, 31):
            assert wrap_spans(text, width) == _reference_spans(text, width), (text, width)
