"""UI strings in Simplified Chinese and English, read from data/strings.toml; and
`say`, which says any message (the domain's `Msg`, a `KeyedText`, an error) in either.

Every `data/strings*.toml` is read (one file per UI area keeps edits apart);
a key defined twice is an error. `strings(lang)` returns a callable: `s("key", n=3)`
formats the string for that language, falling back to Chinese, then to the key
itself, so a missing string shows up in the UI instead of crashing it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from functools import cache
from typing import TYPE_CHECKING, Any

from acctexit.domain.message import Clause, Listed, Msg
from acctexit.domain.models import Lang, Text
from acctexit.resources import data_root, read_toml

if TYPE_CHECKING:
    from acctexit.domain.fields import FieldError

Translate = Callable[..., str]


@cache
def _table() -> dict[str, dict[str, str]]:
    table: dict[str, dict[str, str]] = {}
    root = data_root()
    files = sorted(
        (f for f in root.iterdir() if f.name.startswith("strings") and f.name.endswith(".toml")),
        key=lambda f: f.name,
    )
    for file in files:
        for key, value in read_toml(root, file.name, file.read_bytes()).items():
            if key in table:
                raise ValueError(f"UI string {key!r} is defined twice (second time in {file.name})")
            table[key] = value
    return table


class KeyedText(str):
    """Text said by a key of data/strings*.toml and its arguments, for places that keep
    a plain `str` (a list of problems, an exception's message, a catalog problem's
    reason): its value is the English text, so code that prints or compares it keeps
    working, and `say(text, lang)` says it in the user's language. Arguments may be
    KeyedText themselves (said in the same language) or lists of them."""

    key: str
    fmt: dict[str, Any]

    def __new__(cls, key: str, /, **fmt: Any) -> KeyedText:
        made = super().__new__(cls, _render(key, "en", fmt.items()))
        made.key = key
        made.fmt = fmt
        return made

    def __reduce__(self) -> tuple[Any, ...]:  # pickled (multiprocessing) by key, not value
        return (_keyed, (self.key, self.fmt))


def _keyed(key: str, fmt: dict[str, Any]) -> KeyedText:
    return KeyedText(key, **fmt)


def say(text: object, lang: Lang) -> str:
    """`text` in `lang`: what the domain says (a `Msg` by its key and arguments, a
    `Listed` item by item, a `Clause` without its final punctuation, a catalog `Text`
    in `lang`), a KeyedText by its key, a FieldError in the forms' words (naming its
    field), a list or tuple item by item; anything else as `str()`."""
    if isinstance(text, Msg):
        return _render(text.key, lang, text.args)
    if isinstance(text, Text):
        return text.get(lang)
    if isinstance(text, Clause):
        return say(text.text, lang).rstrip(_CLAUSE_END)
    if isinstance(text, Listed):
        said = translate(text.sep, lang).join(say(each, lang) for each in text.items)
        return said + translate("list_more", lang) if text.more else said
    if isinstance(text, KeyedText):
        return _render(text.key, lang, text.fmt.items())
    from acctexit.domain.fields import FieldError

    if isinstance(text, FieldError):
        return field_error_text(text, lang, with_field=True)
    if isinstance(text, list | tuple):
        return translate("clause_sep", lang).join(say(each, lang) for each in text)
    return str(text)


def bilingual(key: str) -> Text:
    """The string `key` in both languages, unformatted: for values the domain keeps
    in both at once (an own service's generic steps, `domain.own.Bilingual`)."""
    return Text(translate(key, "zh"), translate(key, "en"))


_SAID = (Msg, Text, Listed, Clause, KeyedText, list, tuple)  # said in the same language
_CLAUSE_END = "。．.；; "  # what a sentence loses as a clause of a longer one


def _render(key: str, lang: Lang, fmt: Iterable[tuple[str, Any]]) -> str:
    return translate(key, lang, **{k: say(v, lang) if isinstance(v, _SAID) else v for k, v in fmt})


def os_reason(error: OSError) -> KeyedText:
    """What the operating system said, in words the user's language has: the common
    refusals by name, anything else by its number (its English text in English)."""
    import errno

    key = {
        errno.ENOENT: "os_err_not_found",
        errno.EACCES: "os_err_permission",
        errno.EPERM: "os_err_permission",
        errno.EISDIR: "os_err_is_folder",
    }.get(error.errno or 0, "os_err_other")
    return KeyedText(key, errno=error.errno or "?", detail=error.strerror or str(error))


def has_text(key: str) -> bool:
    """Whether `key` is defined in data/strings*.toml."""
    return key in _table()


def translate(key: str, lang: Lang, /, **fmt: Any) -> str:
    """The string `key` in `lang`, formatted with `fmt`. With `n=1` a key `<key>_one`
    is used when it exists (English singulars; Chinese needs none)."""
    if fmt.get("n") == 1 and f"{key}_one" in _table():
        key = f"{key}_one"
    entry = _table().get(key)
    if entry is None:
        return key
    text = entry.get(lang) or entry.get("zh") or key
    return text.format(**fmt) if fmt else text


def locale_lang(environ: Mapping[str, str]) -> Lang:
    """Chinese for zh* locales, English otherwise (first of LC_ALL, LC_MESSAGES, LANG)."""
    for var in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = environ.get(var)
        if value:
            return "zh" if value.lower().startswith("zh") else "en"
    return "en"


_argv: list[Sequence[str]] = []  # the command line being parsed (acctexit.cli sets it)


def set_argv(argv: Sequence[str] | None) -> None:
    """The command line `argv_lang()` reads while it is parsed (None: the process's)."""
    _argv[:] = [] if argv is None else [argv]


def argv_lang(argv: Sequence[str] | None = None) -> Lang:
    """The language a command line asks for, before it is parsed (for --help and for
    argparse's refusals): the last `--lang zh|en`, else the locale's."""
    import os
    import sys

    if argv is None:
        argv = _argv[0] if _argv else sys.argv[1:]
    args = list(argv)
    found: Lang | None = None
    for i, arg in enumerate(args):
        value = arg.partition("=")[2] if arg.startswith("--lang=") else None
        if arg == "--lang" and i + 1 < len(args):
            value = args[i + 1]
        if value == "zh":
            found = "zh"
        elif value == "en":
            found = "en"
    return found or locale_lang(os.environ)


def strings(lang: Lang) -> Translate:
    def s(key: str, **fmt: Any) -> str:
        return translate(key, lang, **fmt)

    return s


def field_error_text(error: FieldError, lang: Lang, *, with_field: bool = False) -> str:
    """A field rule's refusal in `lang`: the words the forms show under the field;
    `with_field` names the field first, for places where it is not in sight."""
    message = translate(error.key, lang, **error.fmt)
    if not with_field:
        return message
    name_key = f"field_name_{error.field}"
    name = translate(name_key, lang)
    return translate(
        "field_problem", lang, field=error.field if name == name_key else name, message=message
    )


def problem_reason(problem: Any, lang: Lang) -> str:
    """An import problem's reason in `lang` (without its line): a field rule's refusal
    in the forms' words, with its place in a JSON file; else its reason, said in `lang`."""
    field = getattr(problem, "field_error", None)
    if field is None:
        return say(problem.reason, lang)
    text = field_error_text(field, lang, with_field=True)
    where = getattr(problem, "where", "")
    return translate("field_problem", lang, field=where, message=text) if where else text


def error_text(error: object, lang: Lang) -> str:
    """Any error or import problem the user should read, in `lang`.

    A `FieldError` (or a store error carrying one as `field_error`) is said with the
    field rules' own words; an import problem also names its line; a store error by
    its key, arguments and hints; anything else by its `str()`.
    """
    from acctexit.domain.fields import FieldError

    if hasattr(error, "line") and hasattr(error, "reason"):  # an ImportProblem
        reason = problem_reason(error, lang)
        line = getattr(error, "line", None)
        if line is None:
            return reason
        return translate("import_problem_line", lang, line=line, reason=reason)
    field = error if isinstance(error, FieldError) else getattr(error, "field_error", None)
    if isinstance(field, FieldError):
        return field_error_text(field, lang, with_field=True)
    key = getattr(error, "key", "")
    if key:  # a store error: its paragraph, then its recovery hints
        fmt = dict(getattr(error, "fmt", {}))
        if not fmt.get("path"):
            fmt["path"] = translate("store_the_database", lang)
        parts = [_render(k, lang, fmt.items()) for k in (key, *getattr(error, "hints", ()))]
        return ("" if lang == "zh" else " ").join(parts)
    problems = getattr(error, "problems", None)
    if problems and all(hasattr(p, "file") and hasattr(p, "field") for p in problems):
        return "\n".join(catalog_problem_text(p, lang) for p in problems)  # a CatalogError
    return say(error, lang)


def catalog_problem_text(problem: Any, lang: Lang) -> str:
    """One problem of the catalog's files in `lang`: its file, its field, its reason."""
    field = say(problem.field, lang)
    key = "catalog_problem_line" if field else "catalog_problem_line_no_field"
    return translate(key, lang, file=problem.file, field=field, reason=say(problem.reason, lang))
