"""Both countdowns of a number, worded once for every place that shows them.

The header, the number's risk pane, the `plan` command, the report and the calendar
all say "stops receiving codes in 12 days (2026-12-17)" and "may be re-issued from
2027-03-17 (102 days)" the same way. The dates are `domain/deadlines.py`'s; the words
are `deadline_*` in data/strings.toml.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Literal

from msgspec import Struct

from acctexit.domain.deadlines import cancel_deadline, reissue_deadline
from acctexit.domain.models import NumberState, PhoneNumber

if TYPE_CHECKING:
    from acctexit.i18n import Translate

CountdownKind = Literal["cancel", "reissue", "undated", "kept"]


class Countdown(Struct, frozen=True):
    kind: CountdownKind
    on: date | None  # None for "undated" and "kept"
    days_left: int | None  # from today; negative once passed
    text: str

    @property
    def passed(self) -> bool:
        return self.days_left is not None and self.days_left < 0


def countdowns(number: PhoneNumber, today: date, s: Translate) -> tuple[Countdown, ...]:
    """The cancel countdown, then the re-issue one; for a number given up without a
    cancel date, the request for one; for a kept number, that it has no deadline."""
    if number.state is NumberState.KEPT:
        return (Countdown("kept", None, None, s("deadline_kept")),)
    cancel, reissue = cancel_deadline(number, today), reissue_deadline(number, today)
    if cancel is None or reissue is None:
        return (Countdown("undated", None, None, s("deadline_undated")),)
    out = []
    for kind, d in (("cancel", cancel), ("reissue", reissue)):
        tense = "future" if d.days_left > 0 else ("today" if d.days_left == 0 else "past")
        text = s(f"deadline_{kind}_{tense}", date=d.on.isoformat(), days=abs(d.days_left))
        out.append(Countdown(kind, d.on, d.days_left, text))  # type: ignore[arg-type]
    return tuple(out)
