"""The bounds of every field: lengths, ranges and the earliest and latest dates."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

MIN_FREEZE_DAYS = 1
MAX_FREEZE_DAYS = 3650  # ten years: a cancel date plus this stays inside `date`
# Dates the plan can add day counts to without leaving the calendar.
EARLIEST_DATE = date(1900, 1, 1)
LATEST_DATE = date(2200, 12, 31)
MAX_COUNT = 100_000
MAX_AMOUNT = Decimal("1000000000")
LABEL_MAX = 80  # labels and login hints
OWN_NAME_MAX = 80  # an own service's name
OWN_STEP_TITLE_MAX = 200  # a step the user writes: its title (one line)
OWN_STEP_DETAIL_MAX = 1000  # and its optional detail (one line)
NOTE_MAX = 4000  # notes and step details
PLATFORM_ID_MAX = 64
STEP_ID_MAX = 100
