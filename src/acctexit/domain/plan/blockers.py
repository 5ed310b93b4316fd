"""Blockers across accounts: an identity provider waits on the accounts signing in
through it.

A provider's main DEREGISTER waits on each dependant's resolving step (its DEREGISTER,
else its final REBIND_PHONE) and names them. The waits inside one platform (a
DEREGISTER after the money steps and the earlier phases' steps) are the platform
template's (`templates.py`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from acctexit.domain import reasons as R
from acctexit.domain.message import msg
from acctexit.domain.models import Account, Platform, Step, Words
from acctexit.domain.safety import main_deregister, rebinds_for_good

if TYPE_CHECKING:
    from acctexit.domain.plan.layout import Owner
    from acctexit.domain.plan.templates import Template


def resolving_step(platform: Platform) -> Step | None:
    """The step that takes a dependant off its provider: DEREGISTER, else a REBIND_PHONE
    to a kept number (a move to a temporary number leaves it signing in as before)."""
    main = main_deregister(platform)
    if main is not None:
        return main
    return next((s for s in platform.steps if rebinds_for_good(s)), None)


def account_name(platform: Platform, account: Account) -> Words:
    """The platform's name, with the account's label as the report writes it."""
    if account.label:
        return msg("report_account_with_label", name=platform.name, label=account.label)
    return platform.name


def dependants_of(
    accounts: Sequence[Account], platforms: Mapping[str, Platform]
) -> dict[int, list[Account]]:
    """account id -> the user's accounts that sign in through it.

    With one account on the provider, every account signing in via that platform
    depends on it; with several, only those on the same number do.
    """
    # Only the platforms something signs in through are grouped, and only the accounts
    # that sign in through one are looked at again (few: not every account's lists).
    signing_in = [a for a in accounts if a.sign_in_via is not None]
    vias = {a.sign_in_via for a in signing_in}
    by_platform: dict[str, list[Account]] = {}
    by_platform_number: dict[tuple[str, int], list[Account]] = {}
    for a in accounts:
        if a.platform_id in vias:
            by_platform.setdefault(a.platform_id, []).append(a)
            by_platform_number.setdefault((a.platform_id, a.number_id), []).append(a)
    out: dict[int, list[Account]] = {}
    for a in signing_in:
        via = a.sign_in_via
        if via is None or via == a.platform_id or a.platform_id not in platforms:
            continue
        providers = by_platform.get(via, [])
        if len(providers) > 1:
            providers = by_platform_number.get((via, a.number_id), [])
        for p in providers:
            out.setdefault(p.id, []).append(a)
    return out


def provider_waits(
    providers: Sequence[tuple[Account, Platform, Template, int]],
    dependants: Mapping[int, list[Account]],
    by_platform: Mapping[str, tuple[Platform, Template, Any]],
    laid_out: Mapping[int, Owner],
    blockers: dict[int, list[int]],
) -> dict[int, tuple[list[int], list[Words]]]:
    """The waits of each provider's main DEREGISTER (nid -> (waits, why)), added to
    `blockers` too. `providers` holds (account, platform, template, its first nid).

    A carrier account whose template cancels the number is named in the reason but
    not waited on: cancelling comes after every other account on the number
    (`number_last.py`), the provider's steps included, so the wait could never end.
    Those waits are added after `ordering.break_cycles` has run (on first need, in
    `make.py`), so it cannot drop this one; followed, it overflowed the stack.
    """
    extra: dict[int, tuple[list[int], list[Words]]] = {}
    for a, p, t, base in providers:
        assert t.main is not None
        waits: list[int] = []
        dep_names: list[Words] = []
        for dep in dependants[a.id]:
            dp, dt, _memo = by_platform[dep.platform_id]
            target = dt.resolving
            dep_names.append(account_name(dp, dep))
            if target is not None and dt.cancels is None:
                waits.append(laid_out[dep.id].base + target)
        if dep_names:
            nid = base + t.main
            own = blockers.setdefault(nid, [])
            why_list = list(t.wait_of[t.main][1]) if t.main in t.wait_of else []
            extra[nid] = (own, why_list)
            added = False
            for k in waits:
                if k != nid and k not in own:
                    own.append(k)
                    added = True
            if added or not waits:
                why_list.append(R.stop_signing_in(dep_names, p.name))
    return extra
