"""`acctexit-tui export --format csv|json|md|html|ics [-o FILE] [--reveal]`: numbers,
accounts, step states, notes and the full log, or (md, html) the printable report
(app/report), or (ics) the deadlines as a calendar (app/calendar.py); read by the use
case in app/export.py.

Writes to stdout unless -o is given; a file is written atomically (temporary file,
then rename) and readable by its owner only (0600). The format defaults to the -o
file's extension, else JSON. The formats are described in docs/store.md.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from acctexit.app.export import ExportFormat
    from acctexit.commands.context import Context
    from acctexit.domain.models import Catalog

EXIT_OK = 0
EXIT_ERROR = 2
_BY_SUFFIX: dict[str, ExportFormat] = {
    ".csv": "csv",
    ".json": "json",
    ".md": "md",
    ".markdown": "md",
    ".html": "html",
    ".htm": "html",
    ".ics": "ics",
}


def register(subparsers: Any) -> None:
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "export",
        help=(
            "export numbers, accounts, step states and the log (csv, json; md or html "
            "report; ics calendar of the deadlines)"
        ),
        description=(
            "Export everything in the database. csv and json can be imported again "
            "(acctexit-tui import); md and html are the printable report; ics is a "
            "calendar with each number's two deadlines and each open step's dates."
        ),
    )
    parser.add_argument(
        "--format",
        choices=("csv", "json", "md", "html", "ics"),
        help="output format (default: from -o, else json)",
    )
    parser.add_argument(
        "-o", "--output", metavar="FILE", help="write to FILE (0600) instead of stdout"
    )
    parser.add_argument(
        "--force",
        action="store_true",
        help="replace FILE if it exists (never the database itself)",
    )
    parser.add_argument(
        "--reveal",
        action="store_true",
        help="show full phone numbers in the md or html report (masked by default)",
    )
    parser.set_defaults(run=run)


def run(args: argparse.Namespace, ctx: Context) -> int:
    from acctexit.app.database import StoreError
    from acctexit.app.export import check_export_target, export_text, write_private
    from acctexit.i18n import error_text, translate
    from acctexit.sanitize import terminal_safe

    output = Path(args.output).expanduser() if getattr(args, "output", None) else None
    fmt = getattr(args, "format", None) or (
        _BY_SUFFIX.get(output.suffix.lower(), "json") if output else "json"
    )
    force = bool(getattr(args, "force", False))
    try:
        if output is not None:
            check_export_target(output, ctx.db_path, force=force)
        with ctx.open_store(create=False) as store:
            export = export_text(
                store,
                fmt,
                catalog=lambda: _catalog(ctx),
                lang=ctx.lang,
                today=ctx.today,
                reveal=bool(getattr(args, "reveal", False)),
                demo=ctx.demo,
            )
        head = export.head
        if output is None:
            ctx.out.write(export.text)
            print(translate("store_export_head", ctx.lang, head=head), file=ctx.err)
        else:
            write_private(output, export.text, replace=force)
            shown = terminal_safe(str(output))
            print(translate("store_export_done", ctx.lang, path=shown, head=head), file=ctx.err)
    except (StoreError, _CatalogUnavailable) as exc:
        print(f"acctexit-tui export: {terminal_safe(error_text(exc, ctx.lang))}", file=ctx.err)
        return EXIT_ERROR
    return EXIT_OK


class _CatalogUnavailable(Exception):
    pass


def _catalog(ctx: Context) -> Catalog:
    """The report and the calendar are built from the plan, which needs the catalog."""
    from acctexit.i18n import error_text, translate

    try:
        return ctx.load_catalog()
    except Exception as exc:  # CatalogError, or a damaged shipped file
        reason = error_text(exc, ctx.lang)
        text = translate("cli_report_needs_catalog", ctx.lang, reason=reason)
        raise _CatalogUnavailable(text) from None
