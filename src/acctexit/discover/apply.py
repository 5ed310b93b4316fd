"""Add what discover found to a number: the new catalog matches, in one transaction.

Goes through the store's public import (`acctexit.store.exchange.import_bytes`): one
`BEGIN IMMEDIATE` transaction that logs an `imported` entry naming "discover" and an
`account_added` entry per platform, all or nothing. Ambiguous signatures are never
added from here: the user has to choose them. Unknown senders that signed their codes
are added as the user's own services only when asked (`--add-unknown`).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from acctexit.store import Store

SOURCE_NAME = "discover"


def add_platforms(
    store: Store, e164: str, platform_ids: Iterable[str], own_names: Iterable[str] = ()
) -> int:
    """Add an account for each platform id, and for each own service named in
    `own_names` (category "other", the number signs in by SMS code: that is what a
    verification code shows), to the number `e164` (already in the store); returns how
    many were added. Accounts already on the number are left as they are."""
    from acctexit.store.exchange import FORMAT_NAME, FORMAT_VERSION, import_bytes

    wanted = list(dict.fromkeys(platform_ids))
    own = list(dict.fromkeys(own_names))
    if not wanted and not own:
        return 0
    accounts: list[dict[str, str]] = [{"platform": pid, "number": e164} for pid in wanted]
    accounts += [
        {"platform": "", "name": n, "category": "other", "phone_use": "login", "number": e164}
        for n in own
    ]
    doc = {"format": FORMAT_NAME, "version": FORMAT_VERSION, "accounts": accounts}
    result = import_bytes(store, json.dumps(doc).encode(), name=SOURCE_NAME + ".json")
    return result.accounts_added
