"""Command line: parse options, then open the full-screen app or run a subcommand.

Global options go before or after the subcommand: `acctexit-tui --db PATH plan` and
`acctexit-tui plan --db PATH` are the same, and each subcommand's `--help` lists them.
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
from typing import Any, NoReturn

from acctexit import __version__
from acctexit.commands.context import Context
from acctexit.domain.models import Lang
from acctexit.i18n import argv_lang
from acctexit.paths import DB_ENV, DB_FILENAME, default_data_dir, resolve_db_path
from acctexit.resources import DataMissing

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
    from acctexit.i18n import locale_lang

    return locale_lang(environ)


def _today(text: str) -> date:
    """--today: the date rule every field uses (acctexit.domain.fields.a_date)."""
    from acctexit.domain.fields import FieldError, a_date
    from acctexit.i18n import argv_lang, field_error_text, translate

    lang = argv_lang()
    try:
        value = a_date(text, "today")
    except FieldError as e:
        said = translate("cli_bad_value", lang, value=text, reason=field_error_text(e, lang))
        raise argparse.ArgumentTypeError(said) from None
    if value is None:
        raise argparse.ArgumentTypeError(translate("cli_today_needs_date", lang))
    return value


def _db_flag(text: str) -> str:
    """--db: an empty path (--db "") is a mistake, not a request for the default file."""
    if not text.strip():
        from acctexit.i18n import translate

        raise argparse.ArgumentTypeError(translate("store_err_db_empty", default_lang(os.environ)))
    return text


def build_parser(commands: bool = True) -> argparse.ArgumentParser:
    """The whole command line; without `commands`, only the global options (no help)."""
    if not commands:
        parser = _Parser(prog="acctexit-tui", add_help=False)
        _add_global_options(parser)
        parser.set_defaults(command=None)
        return parser
    parser = _Parser(prog="acctexit-tui")  # words: _localise
    _add_global_options(parser)
    subparsers = parser.add_subparsers(title="commands", dest="command", metavar="COMMAND")
    for name in COMMAND_MODULES:
        importlib.import_module(f"acctexit.commands.{name}").register(subparsers)
    for sub in subparsers.choices.values():
        # After the command too; SUPPRESS keeps a value given before the command when
        # the same option is not repeated after it.
        group = sub.add_argument_group("global options")
        _add_global_options(group, default=argparse.SUPPRESS, version=False)
    _localise(parser, subparsers, argv_lang())
    return parser


class _Parser(argparse.ArgumentParser):
    """argparse's parser, refusing a command line in the user's language: its own
    English messages are said again by acctexit.commands.refusals. Sub-parsers are
    made of the same class."""

    def error(self, message: str) -> NoReturn:
        from acctexit.commands.refusals import refusal_line
        from acctexit.i18n import argv_lang

        lang = argv_lang()
        if not issubclass(self.formatter_class, _Formatter):  # type: ignore[arg-type]
            # the global-options-only parser of the app's start: not localised up front
            self.formatter_class = type("formatter", (_Formatter,), {"lang": lang})  # type: ignore[assignment]
        self.print_usage(sys.stderr)
        self.exit(2, refusal_line(self.prog, message, lang) + "\n")


class _Formatter(argparse.HelpFormatter):
    """argparse's formatter with the "usage: " prefix in the chosen language."""

    lang: Lang = "en"

    def add_usage(self, usage: Any, actions: Any, groups: Any, prefix: str | None = None) -> None:
        from acctexit.i18n import translate

        super().add_usage(usage, actions, groups, prefix or translate("cli_usage", self.lang))

    def format_help(self) -> str:
        # argparse adds a half-width ":" after each section title; a Chinese title
        # brings its own full-width one.
        return super().format_help().replace("：:\n", "：\n")


def _localise(parser: argparse.ArgumentParser, subparsers: Any, lang: Lang) -> None:
    """Every --help text from data/strings_cli.toml, by position: cli_desc_<command>,
    cli_help_<command>, cli_opt_<command>_<dest>, cli_opt_<dest> (global options).
    A text without a key keeps the words given in the code. argparse's own error
    messages are said in `lang` by _Parser.error."""
    from acctexit.i18n import has_text, translate

    def text(key: str, **fmt: Any) -> str | None:
        return translate(key, lang, **fmt) if has_text(key) else None

    class formatter(_Formatter):
        pass

    formatter.lang = lang
    env = {"env": DB_ENV}
    globals_ = {"help", "version", "db", "demo", "lang", "today"}

    def options(p: argparse.ArgumentParser, command: str) -> None:
        p.formatter_class = formatter
        for group in p._action_groups:  # argparse's own group titles
            key = {
                "options": "cli_group_options",
                "positional arguments": "cli_group_positionals",
                "global options": "cli_group_global",
                "commands": "cli_group_commands",
            }.get(group.title or "")
            group.title = text(key) if key else group.title
        for action in p._actions:
            dest = action.dest.replace("-", "_")
            key = f"cli_opt_{dest}" if dest in globals_ else f"cli_opt_{command}_{dest}"
            if action.help not in (None, argparse.SUPPRESS):
                action.help = text(key, **env) or action.help

    parser.description = text("cli_desc") or parser.description
    parser.epilog = text("cli_epilog", path=default_data_dir() / DB_FILENAME, **env)
    options(parser, "")
    for choice in subparsers._choices_actions:
        choice.help = text(f"cli_help_{choice.dest}") or choice.help
    for name, sub in subparsers.choices.items():
        sub.description = text(f"cli_desc_{name}") or sub.description
        options(sub, name)


def _add_global_options(
    parser: Any,  # a parser, or an argument group of one
    default: object = None,
    version: bool = True,
) -> None:
    if version:
        parser.add_argument("--version", action="version", version=f"acctexit-tui {__version__}")
    parser.add_argument(
        "--db",
        default=default,
        metavar="PATH",
        type=_db_flag,
        help=f"database file to use (default: ${DB_ENV}, then the user data dir)",
    )
    parser.add_argument(
        "--demo",
        action="store_true",
        default=False if default is None else default,
        help="use a fresh temporary copy of the built-in demo data (your database is not touched)",
    )
    parser.add_argument(
        "--lang",
        default=default,
        choices=("zh", "en"),
        help="language of the interface (default: from the locale)",
    )
    parser.add_argument(
        "--today",
        default=default,
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
    from acctexit.i18n import set_argv

    set_argv(args)  # the language of --help and of argparse's refusals, while parsing
    try:
        if "-h" not in args and "--help" not in args:
            quick, rest = build_parser(commands=False).parse_known_args(args)
            if not rest:
                return quick
        return build_parser().parse_args(args)
    finally:
        set_argv(None)


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
    try:
        return _main(argv)
    except DataMissing as exc:  # a broken install: said in both languages, no traceback
        print(exc, file=sys.stderr)
        return 1


def _main(argv: Sequence[str] | None) -> int:
    args = parse_args(argv)
    environ = os.environ
    lang: Lang = args.lang or default_lang(environ)
    demo_dir: Path | None = None
    try:
        if args.demo:
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
        return run(args, ctx) if run else _run_app(ctx)
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
            shutil.rmtree(demo_dir, ignore_errors=True)
