"""`acctexit-tui catalog`: list, dump, check or age-check the built-in platform catalog.

    acctexit-tui catalog             a table: name, category, grade, deletion, verified
    acctexit-tui catalog --json      the whole validated catalog as JSON
    acctexit-tui catalog --check     validate the files and apply the editorial rules:
                                     "ok: N platforms" (exit 0) or every problem (exit 1)
    acctexit-tui catalog --stale 180 the entries last checked more than 180 days before
                                     today (the global --today), or never checked

A broken catalog is reported as a list of problems, never as a traceback. The loader is
imported only when the command runs.
"""

from __future__ import annotations

import argparse
import unicodedata
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from acctexit.commands.context import Context
    from acctexit.domain.models import Catalog, Lang

EXIT_OK = 0
EXIT_PROBLEM = 1  # --check found problems
EXIT_ERROR = 2  # the catalog is broken, so there is nothing to list


def _days(value: str) -> int:
    from acctexit.i18n import argv_lang, translate

    try:
        days = int(value)
    except ValueError:
        text = translate("cli_catalog_days_not_whole", argv_lang(), value=repr(value))
        raise argparse.ArgumentTypeError(text) from None
    if days < 0:
        text = translate("cli_catalog_days_negative", argv_lang(), value=repr(value))
        raise argparse.ArgumentTypeError(text)
    return days


def register(subparsers: Any) -> None:
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "catalog",
        help="list the built-in platform catalog (or check it)",
        description="List the built-in platform catalog, print it as JSON, or check it.",
    )
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument("--json", action="store_true", help="print the whole catalog as JSON")
    mode.add_argument(
        "--check",
        action="store_true",
        help="validate the catalog files and its rules; exit 0 if fine, 1 naming every problem",
    )
    mode.add_argument(
        "--stale",
        type=_days,
        metavar="DAYS",
        help="list the entries last checked more than DAYS days before today (or never)",
    )
    parser.set_defaults(run=run)


def run(args: argparse.Namespace, ctx: Context) -> int:
    from acctexit.catalog import CatalogError

    check = getattr(args, "check", False)
    try:
        # --check validates the files themselves, not their compiled form.
        catalog = ctx.load_catalog(use_stored=not check)
    except CatalogError as exc:
        _problems(ctx, exc.problems)
        return EXIT_PROBLEM if check else EXIT_ERROR

    if check:
        from datetime import date

        from acctexit.catalog import check_catalog

        # The real date, not --today: `checked` records when someone really looked, and
        # --today only simulates countdowns (the tests run in a fixed past).
        problems = check_catalog(catalog, date.today())
        if problems:
            _problems(ctx, problems)
            return EXIT_PROBLEM
        print(_s(ctx.lang, "cli_catalog_ok", n=len(catalog.platforms)), file=ctx.out)
        return EXIT_OK
    if getattr(args, "stale", None) is not None:
        _write(ctx, _stale(catalog, args.stale, ctx))
        return EXIT_OK
    if getattr(args, "json", False):
        import json

        from acctexit.catalog.export import catalog_to_data

        _write(ctx, json.dumps(catalog_to_data(catalog), ensure_ascii=False, indent=2) + "\n")
        return EXIT_OK
    _write(ctx, _table(catalog, ctx.lang))
    return EXIT_OK


def _problems(ctx: Context, problems: Any) -> None:
    from acctexit.i18n import catalog_problem_text

    for p in problems:  # file and field are names in the data folder, the same in both
        print(catalog_problem_text(p, ctx.lang), file=ctx.err)
    print(_s(ctx.lang, "cli_catalog_broken", n=len(problems)), file=ctx.err)


def _write(ctx: Context, text: str) -> None:
    """Write all output at once; a reader that goes away (`| head`) is not an error."""
    try:
        ctx.out.write(text)
        ctx.out.flush()
    except BrokenPipeError:
        import os
        import sys

        if ctx.out is sys.stdout:  # keep the interpreter's final flush from complaining
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())


def _stale(catalog: Catalog, days: int, ctx: Context) -> str:
    from acctexit.catalog import stale_platforms

    lang = ctx.lang
    stale = stale_platforms(catalog, days, ctx.today)
    rows: list[tuple[str, ...]] = [
        tuple(_s(lang, f"cli_catalog_col_{c}") for c in ("id", "name", "checked", "days_ago"))
    ]
    for p in stale:
        if p.checked is None:
            rows.append((p.id, p.name.get(lang), _s(lang, "cli_catalog_never"), ""))
        else:
            ago = (ctx.today - p.checked).days
            rows.append((p.id, p.name.get(lang), p.checked.isoformat(), str(ago)))
    summary = _s(
        lang,
        "cli_catalog_stale_summary",
        n=len(stale),
        total=len(catalog.platforms),
        days=days,
        today=ctx.today.isoformat(),
    )
    return (_columns(rows) + "\n" if stale else "") + summary + "\n"


_COLUMNS = ("id", "name", "category", "grade", "deletion", "verified")


def _s(lang: Lang, key: str, **fmt: Any) -> str:
    from acctexit.i18n import translate

    return translate(key, lang, **fmt)


def _table(catalog: Catalog, lang: Lang) -> str:
    rows: list[tuple[str, ...]] = [tuple(_s(lang, f"cli_catalog_col_{c}") for c in _COLUMNS)]
    for p in catalog.platforms.values():
        method = _s(lang, f"cli_catalog_method_{p.deletion_method.value}")
        if p.inactivity_days is not None and p.deletion_method.value == "inactivity":
            method = _s(lang, "cli_catalog_inactivity_days", method=method, days=p.inactivity_days)
        rows.append(
            (
                p.id,
                p.name.get(lang),
                # the app's own category names: one vocabulary for the picker and the CLI
                _s(lang, f"picker_cat_{p.category.value}"),
                _s(lang, f"grade_{p.grade.value}") if p.grade else "-",
                method,
                _s(lang, "cli_catalog_verified_yes" if p.verified else "cli_catalog_verified_no"),
            )
        )
    verified = sum(1 for p in catalog.platforms.values() if p.verified)
    summary = _s(lang, "cli_catalog_summary", total=len(catalog.platforms), verified=verified)
    return "\n".join([_columns(rows), "", summary]) + "\n"


def _columns(rows: list[tuple[str, ...]]) -> str:
    widths = [max(_width(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = []
    for row in rows:
        cells = [cell + " " * (w - _width(cell)) for cell, w in zip(row, widths, strict=True)]
        lines.append("  ".join(cells).rstrip())
    return "\n".join(lines)


def _width(text: str) -> int:
    """Terminal columns: CJK wide and full-width characters take two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)
