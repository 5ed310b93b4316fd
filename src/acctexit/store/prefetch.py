"""Reading the dashboard's first data on a thread while the app is still starting.

At 10,000 accounts, SQLite spends ≈ 30 ms building the accounts and the step states
for the first snapshot. Asked for as a few JSON texts, that work is one C call per
query, during which Python's sqlite3 lets go of the interpreter lock; so it runs on
the second core while the main thread imports Textual (≈ 130 ms), and only the
decoding (≈ 5 ms for the accounts) is left for the main thread. Reading rows on a
thread instead was tried and is slower: every row needs the lock back.

The read is one transaction on a read-only connection of its own. `Store` uses its
results only if nothing has been committed since it started (see `Store.prefetch`);
otherwise, or if anything here fails, it reads the ordinary way and the answer is the
same. (One difference that is not in the answer: the platform ids of these accounts
are not interned, ≈ 0.5 MiB more at 10,000 accounts.)
"""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path
from typing import Any

import msgspec

from acctexit.domain.models import Account

# The same values as `Store.accounts()` reads row by row. SQLite writes a REAL into
# JSON with 15 significant digits, which is not always the same double, so a balance
# goes through printf's 17, which is (`tests/unit/test_store_prefetch.py` checks it on
# random doubles) where SQLite's own conversion is exact: for the amounts the store
# accepts (up to 1e12), and only if SQLite reads the text back as the same REAL. Any
# other balance, and any value of another type than its column's (possible only in a
# file edited by hand), goes out as something the decoder below refuses, and the store
# then reads rows. As a BLOB: UTF-8 bytes as SQLite made them, where a str with one
# Chinese label in it would take two bytes a character (≈ 2.6 MB at 10,000 accounts).
ACCOUNTS_AS_JSON = """
SELECT CAST(json_group_array(json_object(
    'id', id, 'platform_id', platform_id, 'number_id', number_id,
    'label', label, 'login_hint', login_hint,
    'balance', CASE
        WHEN typeof(balance) != 'real' THEN balance
        WHEN abs(balance) <= 1e12 AND CAST(printf('%!.17g', balance) AS REAL) = balance
        THEN json(printf('%!.17g', balance))
        ELSE 'not exact' END,
    'bank_cards', bank_cards,
    'password_free', CASE typeof(password_free)
        WHEN 'integer' THEN CASE WHEN password_free THEN json('true') ELSE json('false') END
        ELSE password_free END,
    'linked_apps', linked_apps, 'sign_in_via', sign_in_via,
    'last_order', last_order, 'orders_closed', orders_closed,
    'last_sensitive_change', last_sensitive_change, 'last_used', last_used)) AS BLOB)
FROM (SELECT * FROM accounts WHERE removed = 0 ORDER BY id)
"""

decode_accounts = msgspec.json.Decoder(list[Account]).decode


class Prefetch:
    """One background read of the accounts (as JSON) and of whatever `fetch_states`
    returns, with the log's head at that moment."""

    def __init__(self, path: Path, baseline: object, fetch_states: Any) -> None:
        self.baseline = baseline  # what the store must still see for this to be current
        self.accounts_json: bytes | None = None
        self.states: Any = None
        self.log_head = 0
        self.failed = False
        self._fetch_states = fetch_states
        # Read-only, by URI: never creates a file that has gone, never writes.
        self._uri = f"{Path(path).absolute().as_uri()}?mode=ro"
        # A daemon thread: an app that quits before using it does not wait for it.
        self._thread = threading.Thread(target=self._run, name="acctexit-prefetch", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        try:
            conn = sqlite3.connect(self._uri, uri=True, isolation_level=None, timeout=1.0)
        except Exception:
            self.failed = True
            return
        try:
            cur = conn.cursor()
            # A small page cache (256 KiB, not 2 MiB): the reads below touch each page
            # once, and a thread's freed memory stays in its own malloc arena, so a big
            # cache raised the app's peak memory by ≈ 1.7 MiB at 10,000 accounts.
            cur.execute("PRAGMA cache_size = -256")
            cur.execute("BEGIN")  # one snapshot for all three reads
            (self.log_head,) = cur.execute("SELECT coalesce(max(id), 0) FROM log").fetchone()
            (self.accounts_json,) = cur.execute(ACCOUNTS_AS_JSON).fetchone()
            self.states = self._fetch_states(cur)
            cur.execute("COMMIT")
        except Exception:  # any failure: the store reads the ordinary way
            self.failed = True
        finally:
            conn.close()

    def wait(self, timeout: float | None = None) -> bool:
        """Wait for the read to end; whether it succeeded."""
        self._thread.join(timeout)
        return not self._thread.is_alive() and not self.failed
