"""Where the user's database lives, and creating it owner-only.

The database holds personal data (phone numbers, which apps someone uses), so its
folder is created 0700 whatever the umask; the store creates the file itself 0600.
"""

from __future__ import annotations

import os
from pathlib import Path

APP_NAME = "acctexit"
DB_FILENAME = "acctexit.sqlite3"
DB_ENV = "ACCTEXIT_DB"


def default_data_dir() -> Path:
    # Imported here: platformdirs is only needed when no --db/ACCTEXIT_DB is given.
    from platformdirs import user_data_path

    return user_data_path(APP_NAME, appauthor=False)


def resolve_db_path(flag: str | None, environ: dict[str, str] | os._Environ[str]) -> Path:
    """--db wins over $ACCTEXIT_DB, which wins over the platform's user data dir."""
    if flag:
        return Path(flag).expanduser()
    env = environ.get(DB_ENV)
    if env:
        return Path(env).expanduser()
    return default_data_dir() / DB_FILENAME


def ensure_app_dir(path: Path) -> None:
    """Create the app's own data folder owner-only, tightening it if it exists.

    Only for the default location: a folder the user chose with --db is theirs,
    and is created 0700 by the store if missing but never chmod-ed.
    """
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    if path.stat().st_mode & 0o077:
        os.chmod(path, 0o700)
