"""Add what discover found to a number: the new catalog matches, in one transaction.

Goes through the store's public import (`acctexit.store.exchange.import_bytes`): one
`BEGIN IMMEDIATE` transaction that logs an `imported` entry naming "discover" and an
`account_added` entry per platform, all or nothing. Ambiguous signatures and unknown
senders are never added from here: the user has to choose them.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from acctexit.store import Store

SOURCE_NAME = "discover"


def add_platforms(store: Store, e164: str, platform_ids: Iterable[str]) -> int:
    """Add an account for each platform id to the number `e164` (already in the store);
    returns how many were added. Platforms already on the number are left as they are."""
    from acctexit.store.exchange import FORMAT_NAME, FORMAT_VERSION, import_bytes

    wanted = list(dict.fromkeys(platform_ids))
    if not wanted:
        return 0
    doc = {
        "format": FORMAT_NAME,
        "version": FORMAT_VERSION,
        "accounts": [{"platform": pid, "number": e164} for pid in wanted],
    }
    result = import_bytes(store, json.dumps(doc).encode(), name=SOURCE_NAME + ".json")
    return result.accounts_added
