"""Command line: read the options, then open the full-screen app or run a subcommand.

Global options go before or after the subcommand: `acctexit-tui --db PATH plan` and
`acctexit-tui plan --db PATH` are the same, and each subcommand's `--help` lists them.
The parser (argparse, every command) is acctexit.commands.parser; opening the app
reads its own options without it (acctexit.commands.options).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from acctexit.resources import DataMissing
from acctexit.tui.startup import pause_collection, resume_collection

if TYPE_CHECKING:
    from acctexit.commands.context import Context
    from acctexit.domain.models import Lang

EXIT_OK = 0
EXIT_PROBLEM = 1  # a check failed (verify, catalog --check)
EXIT_ERROR = 2  # bad input, unreadable database, broken catalog


def default_lang(environ: os._Environ[str] | dict[str, str]) -> Lang:
    """Chinese for zh* locales, English otherwise (first of LC_ALL, LC_MESSAGES, LANG)."""
    from acctexit.i18n import locale_lang

    return locale_lang(environ)


def parse_args(argv: Sequence[str] | None = None) -> Any:
    """The options of `argv` (default: the process's own), as an argparse namespace.

    Opening the app (no command) is read by `quick_options`, without argparse (its
    import and first parse cost ≈ 3 ms of the first paint); anything else, help and
    mistakes included, goes through the whole parser (acctexit.commands.parser) and
    its messages.
    """
    from acctexit.commands.options import quick_options

    args = list(sys.argv[1:] if argv is None else argv)
    quick = quick_options(args)
    if quick is not None:
        return quick
    from acctexit.commands.parser import build_parser
    from acctexit.i18n import set_argv

    set_argv(args)  # the language of --help and of argparse's refusals, while parsing
    try:
        if "-h" not in args and "--help" not in args:
            # Global options only (no command's parser is built): what a --db or
            # --today mistake needs, ≈ 5 ms quicker than building every command.
            few, rest = build_parser(commands=False).parse_known_args(args)
            if not rest:
                return few
        return build_parser().parse_args(args)
    finally:
        set_argv(None)


def build_parser(commands: bool = True) -> Any:
    """The whole argparse parser (acctexit.commands.parser), built on demand."""
    from acctexit.commands import parser

    return parser.build_parser(commands)


def _exit_on_hangup() -> None:
    """Closing the terminal or `kill` ends the run through `finally`, so the demo's
    temporary copy is removed then too (the default action would skip it)."""

    def leave(signum: int, frame: object) -> None:
        raise SystemExit(128 + signum)

    import signal

    for sig in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(sig, leave)


def _run_app(ctx: Context) -> int:
    pause_collection()  # until the first frame (already, from `main`): acctexit.tui.startup
    try:
        store = ctx.open_store()
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
    # The cyclic collector is paused before anything else is imported: what the app
    # imports and builds on its way to the first frame has no cycles to find, and the
    # collector ran 24 times over it (≈ 2.6 ms of every start) before `_run_app` paused
    # it. A command resumes it before it runs (without the app's freeze).
    pause_collection()
    try:
        return _main(argv)
    except DataMissing as exc:  # a broken install: said in both languages, no traceback
        print(exc, file=sys.stderr)
        return 1
    finally:
        resume_collection(freeze=False)  # still paused: an early exit, an error


def _main(argv: Sequence[str] | None) -> int:
    from datetime import date

    from acctexit.commands.context import Context
    from acctexit.paths import DB_ENV, resolve_db_path

    args = parse_args(argv)
    environ = os.environ
    lang: Lang = args.lang or default_lang(environ)
    demo_dir: Path | None = None
    try:
        if args.demo:
            import tempfile

            _exit_on_hangup()
            demo_dir = Path(tempfile.mkdtemp(prefix="acctexit-demo-"))  # created 0700
            from acctexit.app.database import demo_copy

            db_path = demo_copy(demo_dir, lang)
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
        if run is None:
            return _run_app(ctx)
        resume_collection(freeze=False)
        return run(args, ctx)  # type: ignore[no-any-return]
    except KeyboardInterrupt:
        return 130
    except Exception as exc:  # only our own, user-facing errors are caught here
        from acctexit.app.database import is_user_facing  # once something has gone wrong

        if is_user_facing(exc):
            from acctexit.i18n import error_text

            print(f"acctexit-tui: {error_text(exc, lang)}", file=sys.stderr)
            return EXIT_ERROR
        raise
    finally:
        if demo_dir is not None:
            import shutil

            shutil.rmtree(demo_dir, ignore_errors=True)
