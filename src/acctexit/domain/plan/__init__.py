"""The unbinding plan: what to do, in which order, from when, waiting on what.

Pure: no I/O, no clock (`today` is a parameter), no process-wide switches. See
docs/risk.md for the rules. One module per rule family:

- `model`: `Plan` (the questions the screen asks);
- `step`: `PlanStep`, `Progress` (what it answers with), `group_heading`;
- `build`: `build_plan`, one pass from numbers, accounts and step states;
- `layout`: the flat per-step arrays a build leaves behind;
- `make`: one `PlanStep` from the layout, when first asked for;
- `templates`: what every account on one platform shares (phases, waits inside it);
- `ordering`: the topological order and cycle breaking;
- `eligibility`: the earliest date a step is possible (quiet, regret, review days…);
- `blockers`: identity providers waiting on the accounts signing in through them;
- `notes`: the notes shared by every account on a platform.

When an account is safe (its open steps no longer needed) is `domain/safety.py`'s
rule; its risk is `domain/risk.py`'s.
"""

from __future__ import annotations

from acctexit.domain.plan.build import build_plan
from acctexit.domain.plan.model import Plan
from acctexit.domain.plan.step import PlanStep, Progress, group_heading
from acctexit.domain.plan.templates import AFTER_DEREGISTER_KINDS, MONEY_KINDS

__all__ = [
    "AFTER_DEREGISTER_KINDS",
    "MONEY_KINDS",
    "Plan",
    "PlanStep",
    "Progress",
    "build_plan",
    "group_heading",
]
