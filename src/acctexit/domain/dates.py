"""Calendar arithmetic for plan dates. Pure: `today` is always a parameter.

Every rule in the catalog is a whole number of days ("12 months" is stored as 365
days), so adding days with `timedelta` is exact across month ends and leap years:
2028-02-29 + 14 days is 2028-03-14, 2027-01-31 + 30 days is 2027-03-02.
"""

from __future__ import annotations

from datetime import date, timedelta


def add_days(start: date, days: int) -> date:
    """`start` plus `days` calendar days, clamped to the calendar's ends.

    The store refuses dates and day counts that could overflow; clamping keeps a
    plan computable even for a database written before that check existed.
    """
    try:
        return start + timedelta(days=days)
    except OverflowError:
        return date.max if days > 0 else date.min


def later(a: date | None, b: date | None) -> date | None:
    """The later of two optional dates (None means "no constraint")."""
    if a is None:
        return b
    if b is None:
        return a
    return a if a >= b else b
