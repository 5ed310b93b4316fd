"""Line breaking for mixed Chinese and English text, measured in terminal cells.

Textual's own wrapper breaks only at spaces: Chinese has none, so a sentence with one
English word in it (`在云闪付 App 里用…`) broke at that word's spaces and nowhere else,
and a long Chinese run was cut anywhere, even before a comma. The rules here:

- a line may break between two CJK characters, and between CJK and Latin text;
- never before closing punctuation (`，。；：、！？）」』”` and their ASCII cousins),
  never after opening punctuation (`（「『“`);
- never inside a run of Latin letters or digits (`QQ`, `App`, `2026-12-26`), unless that
  run alone is wider than the line;
- at a space, the space is dropped at the end of the line; spaces are not preferred
  over other break points, so lines fill up to the width.

`wrap_spans` gives the character spans of each line; `wrap_plain` and `wrap_content`
apply them to a string and to styled `Content`.
"""

from __future__ import annotations

import re

from rich.cells import cell_len
from textual.content import Content

# Never at the start of a line.
CLOSING = frozenset("，。；：、！？）」』”’》〉】〕…·～%,.;:!?)]}>")
# Never at the end of a line.
OPENING = frozenset("（「『“‘《〈【〔([{<")


def _is_wide(ch: str) -> bool:
    """CJK ideographs, kana, hangul and full-width forms: each may stand alone."""
    return cell_len(ch) == 2


def _may_break_before(prev: str, ch: str) -> bool:
    """Whether a line may end between `prev` and `ch` (neither a space)."""
    if ch in CLOSING or prev in OPENING:
        return False
    return _is_wide(prev) or _is_wide(ch)


def wrap_spans(text: str, width: int) -> list[tuple[int, int]]:
    """(start, end) character offsets of each line of `text` at most `width` cells wide
    (a Latin run wider than the whole line is cut). Newlines always break."""
    width = max(1, width)
    spans: list[tuple[int, int]] = []
    base = 0
    for paragraph in text.split("\n"):
        spans += [(base + s, base + e) for s, e in _wrap_paragraph(paragraph, width)]
        base += len(paragraph) + 1
    return spans


# Runs inside which no line may break, whatever the rules: printable ASCII other than
# the space (never wide, so no break between two of them), and spaces; then any other
# single character. Only where two of these meet is there anything to decide: for
# English text that is once a word, not once a character (the steps and the log of
# the English demo cost ≈ 15 % of the instructions of its first frame character by
# character).
_RUNS = re.compile(r"[!-~]+| +|.", re.DOTALL)


def _units(text: str) -> list[tuple[int, int]]:
    """Unbreakable pieces of `text`: runs of spaces, and runs of characters with no
    break opportunity between them."""
    units: list[tuple[int, int]] = []
    start = 0
    for run in _RUNS.finditer(text):
        i = run.start()
        if i == 0:
            continue
        prev, ch = text[i - 1], text[i]
        if prev.isspace() != ch.isspace() or (not ch.isspace() and _may_break_before(prev, ch)):
            units.append((start, i))
            start = i
    if text:
        units.append((start, len(text)))
    return units


def _wrap_paragraph(text: str, width: int) -> list[tuple[int, int]]:
    lines: list[tuple[int, int]] = []
    start = end = 0  # the current line; end excludes trailing spaces
    used = 0
    for u_start, u_end in _units(text):
        piece = text[u_start:u_end]
        cells = cell_len(piece)
        if piece.isspace():
            used += cells  # counted, but dropped if the line ends here
            continue
        if end > start and used + cells > width:
            lines.append((start, end))
            start, used = u_start, 0
        elif end == start:
            start, used = u_start, 0  # no leading spaces on a line
        while cells > width:  # a run wider than the whole line: cut it by cells
            cut, taken = u_start, 0
            while cut < u_end and taken + cell_len(text[cut]) <= width:
                taken += cell_len(text[cut])
                cut += 1
            while u_start + 1 < cut < u_end and text[cut] in CLOSING:
                cut -= 1  # a full stop stays with the digit before it
            cut = max(cut, u_start + 1)  # one character wider than the line: alone
            lines.append((u_start, cut))
            start = u_start = cut
            cells = cell_len(text[u_start:u_end])
        used += cells
        end = u_end
    if end > start or not lines:
        lines.append((start, max(start, end)))
    return lines


def wrap_plain(text: str, width: int) -> list[str]:
    return [text[s:e] for s, e in wrap_spans(text, width)]


def wrap_content(content: Content, width: int) -> list[Content]:
    """`content` as lines at most `width` cells wide, its styles kept."""
    return [content[s:e] for s, e in wrap_spans(content.plain, width)]
