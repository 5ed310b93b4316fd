"""How a number's own row in the account list reads: the number (masked unless
revealed) and its label, then how many of its accounts are safe, e.g.
`138****1234 old phone        safe 2/14`. The row heads the number's group; the
numbers come from `acctexit.tui.viewmodel`, the safe count from the domain's rule."""

from __future__ import annotations

from rich.cells import cell_len
from textual.content import Content

from acctexit.domain.models import Lang
from acctexit.i18n import translate
from acctexit.tui.render import fit, plain
from acctexit.tui.viewmodel import Row

MIN_NAME_CELLS = 11  # a masked mainland number, 138****1234


def number_row_content(row: Row, lang: Lang, width: int) -> Content:
    """One line `width` cells wide: the number and label in bold, cut to fit, and the
    totals right-aligned (dropped only when even the bare number would not fit)."""
    totals = translate("number_row_safe", lang, safe=row.done, total=row.total)
    room = width - cell_len(totals) - 2
    heading = row.name.get(lang)  # (the same in both languages: number and label)
    if room < MIN_NAME_CELLS:
        return plain(fit(heading, width)).stylize("bold")
    style = "$text-success" if row.total and row.done == row.total else "$text-muted"
    name = plain(fit(heading, room)).stylize("bold")  # the label is the user's text
    return Content.assemble(name, "  ", Content.styled(totals, style))
