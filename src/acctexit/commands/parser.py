"""The whole command line as argparse reads it: the global options and every command,
with --help and argparse's refusals in the user's language (data/strings_cli.toml).

Each command lives in `acctexit.commands.<module>` and exposes `register(subparsers)`
and `run(args, ctx) -> int`. Opening the app reads its options without this module
(acctexit.commands.options); everything else comes here.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from datetime import date
from typing import Any, NoReturn

from acctexit import __version__
from acctexit.commands.options import LANGS, OptionValueError, db_value, today_value
from acctexit.domain.models import Lang
from acctexit.i18n import argv_lang
from acctexit.paths import DB_ENV, DB_FILENAME, default_data_dir

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


def _refused(e: OptionValueError) -> argparse.ArgumentTypeError:
    """A global option's refused value, worded as argparse shows it (in `--lang`'s
    language, else the locale's)."""
    from acctexit.i18n import field_error_text, translate

    lang = argv_lang()
    fmt = dict(e.fmt)
    if "error" in fmt:  # a field rule's refusal (the date), in the forms' words
        fmt["reason"] = field_error_text(fmt.pop("error"), lang)
    return argparse.ArgumentTypeError(translate(e.key, lang, **fmt))


def _today(text: str) -> date:
    try:
        return today_value(text)
    except OptionValueError as e:
        raise _refused(e) from None


def _db_flag(text: str) -> str:
    try:
        return db_value(text)
    except OptionValueError as e:
        raise _refused(e) from None


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
        choices=LANGS,
        help="language of the interface (default: from the locale)",
    )
    parser.add_argument(
        "--today",
        default=default,
        type=_today,
        metavar="YYYY-MM-DD",
        help="compute dates and countdowns as if today were this date",
    )
