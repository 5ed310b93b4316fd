"""Turn domain values into safe, styled `Content` for the panes.

Everything that may hold user text goes through `plain()`, which strips control
characters and never parses markup.
"""

from __future__ import annotations

from datetime import date, datetime

from rich.cells import cell_len
from textual.content import Content

from acctexit.domain.models import Lang, RiskLevel, StepStatus, Text
from acctexit.i18n import translate
from acctexit.sanitize import strip_controls
from acctexit.tui.wrap import wrap_content

LEVEL_STYLE: dict[RiskLevel, str] = {
    RiskLevel.CRITICAL: "bold white on #b00020",
    RiskLevel.HIGH: "bold black on #ff8c00",
    RiskLevel.MEDIUM: "black on #e6c200",
    RiskLevel.LOW: "black on #7cb342",
    RiskLevel.RESOLVED: "#9e9e9e",
}

STATUS_MARK: dict[StepStatus, str] = {
    StepStatus.OPEN: "[ ] ",
    StepStatus.DONE: "[✓] ",
    StepStatus.SKIPPED: "[s] ",  # skipped by the user, with a reason
}
RESOLVED_MARK = "[-] "  # not needed: the account is already off the number


def status_mark(status: StepStatus, logged: StepStatus) -> str:
    """The checkbox: a step the user skipped reads differently from one the plan
    set aside because its account no longer needs it (open in the log)."""
    if status is StepStatus.SKIPPED and logged is not StepStatus.SKIPPED:
        return RESOLVED_MARK
    return STATUS_MARK[status]


def plain(value: str, *, multiline: bool = False) -> Content:
    """Untrusted text as literal content: never markup, never escape sequences."""
    return Content(strip_controls(value, multiline=multiline))


def text_of(value: Text | None, lang: Lang) -> str:
    return value.get(lang) if value is not None else ""


def level_word(level: RiskLevel, lang: Lang) -> str:
    return translate(f"level_{level.value}", lang)


def badge(level: RiskLevel, lang: Lang, width: int = 0) -> Content:
    """The level as a coloured word, so it reads without colour too."""
    word = level_word(level, lang)
    pad = max(0, width - cell_len(word) - 2)
    return Content.styled(f" {word} " + " " * pad, LEVEL_STYLE[level])


def fit(value: str, width: int) -> str:
    """Pad or cut to `width` terminal cells (CJK characters are two cells wide)."""
    out: list[str] = []
    used = 0
    for ch in value:
        w = cell_len(ch)
        if used + w > width:
            if out and width > 1:
                while out and used + 1 > width:
                    used -= cell_len(out.pop())
                out.append("…")
                used += 1
            break
        out.append(ch)
        used += w
    return "".join(out) + " " * (width - used)


_CLAUSE_END = "，。；：、！？,;:!?("


def short_title(text: str, cells: int = 36) -> str:
    """A step's text cut to its first clause and at most `cells` wide (never inside an
    English word): for the log and the prompts, where the sentence would fill the pane."""
    cut = next((i for i, ch in enumerate(text) if ch in _CLAUSE_END and i > 0), len(text))
    head = text[:cut].rstrip(" .")
    if cell_len(head) > cells:
        kept, used = [], 0
        for ch in head:
            used += cell_len(ch)
            if used > cells - 1:
                break
            kept.append(ch)
        cut_at = len(kept)
        if head[cut_at : cut_at + 1].isascii() and head[cut_at : cut_at + 1].isalnum():
            while kept and kept[-1].isascii() and kept[-1].isalnum():
                kept.pop()  # not inside an English word
        head = "".join(kept) or head[:cut_at]
        return head.rstrip(" ,.") + "…"
    return head + "…" if cut < len(text) else head


def fmt_date(value: date | None) -> str:
    return value.isoformat() if value else "—"


def fmt_time(ts: datetime) -> str:
    """A log time in the user's local zone."""
    return ts.astimezone().strftime("%Y-%m-%d %H:%M")


def bar(done: int, total: int, width: int = 20) -> str:
    filled = round(width * done / total) if total else 0
    return "█" * filled + "░" * (width - filled)


def timeline(start: date, end: date, today: date, width: int = 30) -> str:
    """A one-line timeline from the cancel date to the re-issue date, today marked ●."""
    span = max(1, (end - start).days)
    pos = min(width - 1, max(0, round((today - start).days / span * (width - 1))))
    line = ["─"] * width
    line[pos] = "●"
    return "".join(line)


def hang(prefix: Content | str, body: Content, width: int) -> list[Content]:
    """Wrap `body` to `width` cells with a hanging indent the width of `prefix`.

    Done here rather than by the list: Chinese text has no spaces, so a general
    wrapper would leave the checkbox alone on its line and lose the indent. The line
    breaks follow `acctexit.tui.wrap` (between CJK characters, never before closing
    punctuation, never inside a Latin word).
    """
    head = prefix if isinstance(prefix, Content) else Content(prefix)
    room = max(8, width - head.cell_length)
    plain = body.plain
    # A body certainly wider than the room is not measured (its width is summed
    # character by character when it is not ASCII): its printable ASCII characters,
    # one cell each, are already more.
    surely_wider = plain.isprintable() and len(plain.encode("ascii", "ignore")) > room
    if not surely_wider and body.cell_length <= room and "\n" not in plain:
        return [head + body]  # fits: most rows do, and wrapping costs ≈ 0.1 ms a row
    lines = wrap_content(body, room) or [Content("")]
    pad = Content(" " * head.cell_length)
    return [Content.assemble(head if i == 0 else pad, line) for i, line in enumerate(lines)]
