"""argparse's own refusals ("unrecognized arguments: --bad", "invalid choice: …") in
the user's language, through data/strings_cli.toml (keys `cli_refuse_*`).

argparse builds each message from a handful of fixed English templates (run through
gettext, which has no Chinese catalogue here). `say_refusal` recognises those forms
and says them again with our keys; the values inside (option names, the words typed,
the choices) stay as typed. Our own type checks (--today, --db) already raise their
messages in the user's language and pass through unchanged. A form this module does
not know is still refused in the user's language: in Chinese with a general sentence
and the usage line printed above it, so no English reaches a Chinese command line.

Only imported when a command line is refused: the start of the app never loads it.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from acctexit.i18n import translate

if TYPE_CHECKING:
    from acctexit.domain.models import Lang

# The argument named in "argument --format: <message>".
_ARGUMENT = re.compile(r"argument (?P<name>\S+?): (?P<message>.*)", re.DOTALL)
# (pattern, key): the argparse templates of Python 3.11–3.13, whole-message matches.
_FORMS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern, re.DOTALL), key)
    for pattern, key in (
        (r"unrecognized arguments: (?P<args>.*)", "cli_refuse_unrecognized"),
        (r"the following arguments are required: (?P<args>.*)", "cli_refuse_required"),
        (r"one of the arguments (?P<args>.*) is required", "cli_refuse_one_of"),
        (
            r"invalid choice: (?P<value>.*?) \(choose from (?P<choices>.*)\)",
            "cli_refuse_invalid_choice",
        ),
        (r"expected one argument", "cli_refuse_expected_one"),
        (r"expected at most one argument", "cli_refuse_expected_at_most_one"),
        (r"expected at least one argument", "cli_refuse_expected_at_least_one"),
        (r"expected (?P<n>\d+) arguments?", "cli_refuse_expected_n"),
        (r"invalid (?P<type>\w+) value: (?P<value>.*)", "cli_refuse_invalid_value"),
        (r"not allowed with argument (?P<other>.*)", "cli_refuse_not_allowed_with"),
        (r"ignored explicit argument (?P<value>.*)", "cli_refuse_ignored_explicit"),
        (
            r"ambiguous option: (?P<option>\S+) could match (?P<matches>.*)",
            "cli_refuse_ambiguous",
        ),
    )
)


def say_refusal(message: str, lang: Lang) -> str:
    """argparse's refusal `message` in `lang` (without the program's name)."""
    argument = _ARGUMENT.fullmatch(message)
    if argument:
        inner = _say_form(argument["message"], lang)
        return translate("cli_refuse_argument", lang, name=argument["name"], message=inner)
    return _say_form(message, lang)


def _say_form(message: str, lang: Lang) -> str:
    for pattern, key in _FORMS:
        found = pattern.fullmatch(message)
        if found:
            return translate(key, lang, **found.groupdict())
    if lang == "zh" and re.search(r"[A-Za-z]{2,} [A-Za-z]{2,}", message):
        # An English sentence we do not know (a newer Python's wording).
        return translate("cli_refuse_other", lang)
    return message  # ours, already in `lang` (--today, --db), or English for English


def refusal_line(prog: str, message: str, lang: Lang) -> str:
    """The whole line argparse prints before exiting: "<prog>: error: <message>"."""
    return translate("cli_refuse_line", lang, prog=prog, message=say_refusal(message, lang))
