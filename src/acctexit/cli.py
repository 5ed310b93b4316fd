"""Command line: parse options, then open the full-screen app or run a subcommand.

Global options come before the subcommand: `acctexit-tui --db PATH --lang en plan`.
Each subcommand lives in `acctexit.commands.<module>` and exposes
`register(subparsers)` and `run(args, ctx) -> int`.
"""

from __future__ import annotations

import argparse
import importlib
import os
import shutil
import signal
import sys
import tempfile
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from acctexit import __version__
from acctexit.commands.context import Context
from acctexit.domain.models import Lang
from acctexit.paths import DB_ENV, DB_FILENAME, default_data_dir, resolve_db_path

if TYPE_CHECKING:
    from acctexit.store import Store

# Subcommand modules under acctexit.commands, in the order --help lists them.
COMMAND_MODULES: tuple[str, ...] = (
    "catalog",
    "plan",
    "verify",
    "export",
    "import_",
    "discover",
    "accounts",
)

EXIT_OK = 0
EXIT_PROBLEM = 1  # a check failed (verify, catalog --check)
EXIT_ERROR = 2  # bad input, unreadable database, broken catalog


def default_lang(environ: os._Environ[str] | dict[str, str]) -> Lang:
    """Chinese for zh* locales, English otherwise (first of LC_ALL, LC_MESSAGES, LANG)."""
    for var in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = environ.get(var)
        if value:
            return "zh" if value.lower().startswith("zh") else "en"
    return "en"


def _today(text: str) -> date:
    """--today: the date rule every field uses (acctexit.domain.fields.a_date)."""
    from acctexit.domain.fields import FieldError, a_date
    from acctexit.i18n import field_error_text

    try:
        value = a_date(text, "today")
    except FieldError as e:
        lang = default_lang(os.environ)
        raise argparse.ArgumentTypeError(f"{text!r}: {field_error_text(e, lang)}") from None
    if value is None:
        raise argparse.ArgumentTypeError("--today needs a date")
    return value


def build_parser(commands: bool = True) -> argparse.ArgumentParser:
    """The whole command line; without `commands`, only the global options (no help)."""
    if not commands:
        parser = argparse.ArgumentParser(prog="acctexit-tui", add_help=False)
        _add_global_options(parser)
        parser.set_defaults(command=None)
        return parser
    parser = argparse.ArgumentParser(
        prog="acctexit-tui",
        description=(
            "Offline dashboard for getting your accounts off a phone number before the "
            "carrier re-issues it to a stranger. Without a command, opens the full-screen app."
        ),
        epilog=(
            f"The database is {default_data_dir() / DB_FILENAME} unless --db or ${DB_ENV} "
            "says otherwise. Nothing ever leaves this machine."
        ),
    )
    _add_global_options(parser)
    subparsers = parser.add_subparsers(title="commands", dest="command", metavar="COMMAND")
    for name in COMMAND_MODULES:
        importlib.import_module(f"acctexit.commands.{name}").register(subparsers)
    return parser


def _add_global_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--version", action="version", version=f"acctexit-tui {__version__}")
    parser.add_argument(
        "--db",
        metavar="PATH",
        help=f"database file to use (default: ${DB_ENV}, then the user data dir)",
    )
    parser.add_argument(
        "--demo",
        action="store_true",
        help="use a fresh temporary copy of the built-in demo data (your database is not touched)",
    )
    parser.add_argument(
        "--lang", choices=("zh", "en"), help="language of the interface (default: from the locale)"
    )
    parser.add_argument(
        "--today",
        type=_today,
        metavar="YYYY-MM-DD",
        help="compute dates and countdowns as if today were this date",
    )


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    """The options of `argv` (default: the process's own).

    Opening the app (no command) is parsed by the global options alone: building every
    command's parser imports their modules and costs ≈ 5 ms of the first paint. Anything
    else, help and mistakes included, goes through the whole parser and its messages.
    """
    args = list(sys.argv[1:] if argv is None else argv)
    if "-h" not in args and "--help" not in args:
        quick, rest = build_parser(commands=False).parse_known_args(args)
        if not rest:
            return quick
    return build_parser().parse_args(args)


def _prepare_demo_db(folder: Path) -> Path:
    """A new private copy of the shipped demo data inside `folder`."""
    from acctexit.store.demo import prepare

    return prepare(folder / DB_FILENAME)


def _exit_on_hangup() -> None:
    """Closing the terminal or `kill` ends the run through `finally`, so the demo's
    temporary copy is removed then too (the default action would skip it)."""

    def leave(signum: int, frame: object) -> None:
        raise SystemExit(128 + signum)

    for sig in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(sig, leave)


def _run_app(ctx: Context) -> int:
    from acctexit.tui.startup import pause_collection, resume_collection

    pause_collection()  # until the first frame: see acctexit.tui.startup
    try:
        store: Store = ctx.open_store()
        try:
            from acctexit.tui.app import build_app

            catalog = ctx.load_catalog()
            app = build_app(
                store=store, catalog=catalog, lang=ctx.lang, today=ctx.today, demo=ctx.demo
            )
            app.run()
            return app.return_code or EXIT_OK
        finally:
            store.close()
    finally:
        resume_collection()  # if the app ended before its first frame


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    environ = os.environ
    lang: Lang = args.lang or default_lang(environ)
    demo_dir: Path | None = None
    try:
        if args.demo:
            _exit_on_hangup()
            demo_dir = Path(tempfile.mkdtemp(prefix="acctexit-demo-"))  # created 0700
            db_path = _prepare_demo_db(demo_dir)
        else:
            db_path = resolve_db_path(args.db, environ)
        # Our own data folder is made owner-only before the store creates a file in it;
        # commands that never open the store (catalog) leave the disk alone.
        private_dir = None if (args.demo or args.db or environ.get(DB_ENV)) else db_path.parent
        ctx = Context(
            db_path=db_path,
            lang=lang,
            today=args.today or date.today(),
            private_dir=private_dir,
            demo=bool(args.demo),
        )
        run = getattr(args, "run", None)
        return run(args, ctx) if run else _run_app(ctx)
    except KeyboardInterrupt:
        return 130
    except Exception as exc:  # only our own, user-facing errors are caught here
        if _is_user_facing(exc):
            from acctexit.i18n import error_text

            print(f"acctexit-tui: {error_text(exc, lang)}", file=sys.stderr)
            return EXIT_ERROR
        raise
    finally:
        if demo_dir is not None:
            shutil.rmtree(demo_dir, ignore_errors=True)


def _is_user_facing(exc: BaseException) -> bool:
    """StoreError (ImportFileError included) and CatalogError carry messages written
    for the user; anything else is a bug and keeps its traceback."""
    # Imported here: both modules are only loaded once something has gone wrong.
    from acctexit.catalog import CatalogError
    from acctexit.store.errors import StoreError

    return isinstance(exc, StoreError | CatalogError)
