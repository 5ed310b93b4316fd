"""The editorial rules `acctexit-tui catalog --check` enforces on a validated catalog.

Validation (the loader) refuses what the app cannot use: a wrong type, an unknown
value, a reference to nothing. These rules go further and ask what keeps the catalog
honest and useful: every entry graded with a reason, every fact sourced or marked
unverified, steps in an order that can be followed, SMS signatures that tell platforms
apart. A catalog that breaks them still loads, so one missing grade never stops the app;
CI runs `catalog --check`, which fails on them.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING

from acctexit.catalog.loader import DISPLAY_ROOT, CatalogProblem
from acctexit.domain.models import Grade

if TYPE_CHECKING:
    from acctexit.domain.models import Catalog, Platform

_GRADES = ", ".join(g.value for g in Grade)


def platform_file(platform_id: str) -> str:
    """The file a platform comes from, as problems name it."""
    return f"{DISPLAY_ROOT}/platforms/{platform_id}.toml"


def check_catalog(catalog: Catalog, today: date | None = None) -> list[CatalogProblem]:
    """Every rule broken by `catalog`, one problem each, in platform order."""
    problems: list[CatalogProblem] = []
    for p in catalog.platforms.values():
        problems += _grade(p)
    return problems


def _grade(p: Platform) -> list[CatalogProblem]:
    name = platform_file(p.id)
    out = []
    if p.grade is None:
        out.append(CatalogProblem(name, "grade", f"required: one of {_GRADES}"))
    if p.grade_reason is None:
        out.append(
            CatalogProblem(name, "grade_reason", "required: one line in zh and en saying why")
        )
    return out


def stale_platforms(catalog: Catalog, days: int, today: date) -> list[Platform]:
    """Platforms last checked more than `days` days before `today`, or never checked,
    oldest first (never checked before all)."""
    limit = today - timedelta(days=days)
    stale = [p for p in catalog.platforms.values() if p.checked is None or p.checked < limit]
    return sorted(stale, key=lambda p: (p.checked is not None, p.checked or today, p.id))
