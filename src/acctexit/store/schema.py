"""The database schema: plain constants, and the ordered `sqlite_utils.Migrations`.

Each migration is one schema version; `PRAGMA user_version` holds how many have been
applied, so a file from a newer acctexit (higher user_version) is refused instead of
being misread. Never edit a released migration: add a new (name, function) pair at
the end of `_MIGRATIONS`.

sqlite-utils is imported only by `get_migrations()`, i.e. only when a migration has to
run (a new database, or an older user_version): importing it pulls in click, dateutil
and pluggy, about 80-110 ms, which opening an up-to-date database must not pay.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sqlite_utils import Database, Migrations

# "ACTX": lets us tell our files from any other program's SQLite database.
APPLICATION_ID = 0x41435458

# Statements run one by one, not with executescript(): Python's sqlite3 commits any
# open transaction first, which would break the BEGIN IMMEDIATE around migrations.
_V1 = (
    """
    CREATE TABLE numbers (
        id INTEGER PRIMARY KEY,
        e164 TEXT NOT NULL,
        label TEXT NOT NULL DEFAULT '',
        carrier TEXT,
        state TEXT NOT NULL DEFAULT 'kept'
            CHECK (state IN ('kept', 'will_cancel', 'cancelled')),
        cancel_date TEXT,
        freeze_days INTEGER NOT NULL DEFAULT 90,
        yzt_count INTEGER,
        cards_reported INTEGER,
        removed INTEGER NOT NULL DEFAULT 0
    )
    """,
    # One live row per number; removed rows keep their history.
    """
    CREATE UNIQUE INDEX numbers_live_e164 ON numbers (e164) WHERE removed = 0
    """,
    """
    CREATE TABLE accounts (
        id INTEGER PRIMARY KEY,
        platform_id TEXT NOT NULL,
        number_id INTEGER NOT NULL REFERENCES numbers (id),
        label TEXT NOT NULL DEFAULT '',
        login_hint TEXT NOT NULL DEFAULT '',
        balance REAL,
        bank_cards INTEGER,
        password_free INTEGER,
        linked_apps INTEGER,
        sign_in_via TEXT,
        last_order TEXT,
        orders_closed TEXT,
        last_sensitive_change TEXT,
        last_used TEXT,
        removed INTEGER NOT NULL DEFAULT 0
    )
    """,
    """
    CREATE INDEX accounts_number ON accounts (number_id)
    """,
    # The append-only action log. ids are assigned by the store (head + 1) because
    # the hash covers the id; prev_hash/hash chain every row to the one before.
    """
    CREATE TABLE log (
        id INTEGER PRIMARY KEY,
        ts TEXT NOT NULL,
        verb TEXT NOT NULL,
        account_id INTEGER,
        number_id INTEGER,
        step_id TEXT,
        detail TEXT NOT NULL DEFAULT '',
        prev_hash TEXT NOT NULL,
        hash TEXT NOT NULL
    )
    """,
    """
    CREATE INDEX log_account ON log (account_id)
    """,
    """
    CREATE INDEX log_number ON log (number_id)
    """,
    """
    CREATE TRIGGER log_no_update BEFORE UPDATE ON log
    BEGIN SELECT RAISE(ABORT, 'the acctexit action log is append-only'); END
    """,
    """
    CREATE TRIGGER log_no_delete BEFORE DELETE ON log
    BEGIN SELECT RAISE(ABORT, 'the acctexit action log is append-only'); END
    """,
    # Current step status, derived from the log by a trigger in the same
    # transaction, so step_states() is one small table read instead of a replay of
    # every log row. Keys use 0 for "none" because NULLs never collide in a
    # primary key. verify() recomputes it from the log and compares.
    """
    CREATE TABLE step_state (
        account_key INTEGER NOT NULL,
        number_key INTEGER NOT NULL,
        step_id TEXT NOT NULL,
        status TEXT NOT NULL,
        log_id INTEGER NOT NULL,
        PRIMARY KEY (account_key, number_key, step_id)
    ) WITHOUT ROWID
    """,
    """
    CREATE TRIGGER log_step_state AFTER INSERT ON log
    WHEN NEW.step_id IS NOT NULL AND NEW.verb IN ('done', 'undone', 'skipped')
    BEGIN
        INSERT INTO step_state (account_key, number_key, step_id, status, log_id)
        VALUES (
            coalesce(NEW.account_id, 0),
            CASE WHEN NEW.account_id IS NULL THEN coalesce(NEW.number_id, 0) ELSE 0 END,
            NEW.step_id,
            CASE NEW.verb WHEN 'undone' THEN 'open' ELSE NEW.verb END,
            NEW.id
        )
        ON CONFLICT (account_key, number_key, step_id)
        DO UPDATE SET status = excluded.status, log_id = excluded.log_id;
    END
    """,
    # The chain's head, so a lost last row is noticed too (it has no successor
    # whose prev_hash would give it away).
    """
    CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)
    """,
    """
    CREATE TRIGGER log_head AFTER INSERT ON log
    BEGIN
        INSERT INTO meta (key, value) VALUES ('log_head', NEW.id || ':' || NEW.hash)
        ON CONFLICT (key) DO UPDATE SET value = excluded.value;
    END
    """,
)


def _initial(db: Database) -> None:
    for statement in _V1:
        db.conn.execute(statement)


# Services the user adds that the catalog lacks (domain/own.py); an account on one has
# the platform id "own:<id>". phone_use is the roles joined by ";".
_V2 = (
    """
    CREATE TABLE own_services (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 80),
        category TEXT NOT NULL CHECK (category IN
            ('finance', 'social', 'commerce', 'life', 'government', 'other')),
        phone_use TEXT NOT NULL DEFAULT '',
        holds_funds INTEGER NOT NULL DEFAULT 0,
        removed INTEGER NOT NULL DEFAULT 0
    )
    """,
)


def _own_services(db: Database) -> None:
    for statement in _V2:
        db.conn.execute(statement)


# An own service's steps (store/own_steps.py): the ones the user wrote (step_id
# "mine-<n>", n never reused within the service) and the user's wording of a generic
# step (its id). A removed row keeps its history; one live row per (service, step).
_V3 = (
    """
    CREATE TABLE own_steps (
        id INTEGER PRIMARY KEY,
        service_id INTEGER NOT NULL REFERENCES own_services (id),
        step_id TEXT NOT NULL CHECK (length(step_id) BETWEEN 1 AND 100),
        title TEXT NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
        detail TEXT NOT NULL DEFAULT '' CHECK (length(detail) <= 1000),
        position INTEGER NOT NULL DEFAULT 0,
        removed INTEGER NOT NULL DEFAULT 0
    )
    """,
    """
    CREATE UNIQUE INDEX own_steps_live ON own_steps (service_id, step_id) WHERE removed = 0
    """,
)


def _own_steps(db: Database) -> None:
    for statement in _V3:
        db.conn.execute(statement)


# What the user wrote on a number itself (`Store.remarks_for(number_id=…)`, shown
# whenever a number's own row is highlighted): those log rows have no account. Neither
# log_account (every such row of every number) nor log_number (every row of the
# number's accounts too) narrows it: at 10,000 accounts and 1,000,000 log rows the
# query read ≈ 15,000–20,000 rows, 18–25 ms; with this index it reads ≈ 200, < 1 ms.
_V4 = (
    """
    CREATE INDEX log_number_own ON log (number_id) WHERE account_id IS NULL
    """,
)


def _number_remarks_index(db: Database) -> None:
    for statement in _V4:
        db.conn.execute(statement)


# In order; a plain tuple so the names and SCHEMA_VERSION need no sqlite-utils.
_MIGRATIONS: tuple[tuple[str, Callable[[Database], None]], ...] = (
    ("0001_initial", _initial),
    ("0002_own_services", _own_services),
    ("0003_own_steps", _own_steps),
    ("0004_number_remarks_index", _number_remarks_index),
)
MIGRATION_NAMES: tuple[str, ...] = tuple(name for name, _ in _MIGRATIONS)

SCHEMA_VERSION = len(MIGRATION_NAMES)
"""The user_version this code writes; a file with a higher one is from a newer acctexit."""

REQUIRED_TABLES = frozenset(
    {"numbers", "accounts", "log", "step_state", "meta", "own_services", "own_steps"}
)

_migrations: Migrations | None = None


def get_migrations() -> Migrations:
    """The `Migrations` set "acctexit", built (and sqlite-utils imported) on first use.

    Built once per process and then reused, so a migration registered on it later
    (as the backup test does) is kept until removed.
    """
    global _migrations
    if _migrations is None:
        from sqlite_utils import Migrations

        built = Migrations("acctexit")
        for name, fn in _MIGRATIONS:
            built(name=name)(fn)
        _migrations = built
    return _migrations


def __getattr__(name: str) -> Any:
    # `schema.migrations` was a module attribute before it became lazy; keep it
    # working (PEP 562) without importing sqlite-utils at module import.
    if name == "migrations":
        return get_migrations()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
