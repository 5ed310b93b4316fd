"""`acctexit-tui export --format csv|json|md|html [-o FILE] [--reveal]`: numbers, accounts,
step states, notes and the full log, or (md, html) the printable report (app/report).

Writes to stdout unless -o is given; a file is written atomically (temporary file,
then rename) and readable by its owner only (0600). The format defaults to the -o
file's extension, else JSON. The formats are described in docs/store.md.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from acctexit.commands.context import Context
    from acctexit.domain.models import Catalog

EXIT_OK = 0
EXIT_ERROR = 2
_BY_SUFFIX = {
    ".csv": "csv",
    ".json": "json",
    ".md": "md",
    ".markdown": "md",
    ".html": "html",
    ".htm": "html",
}


def register(subparsers: Any) -> None:
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "export",
        help="export numbers, accounts, step states and the log (csv, json; md or html report)",
        description=(
            "Export everything in the database. csv and json can be imported again "
            "(acctexit-tui import); md and html are the printable report."
        ),
    )
    parser.add_argument(
        "--format",
        choices=("csv", "json", "md", "html"),
        help="output format (default: from -o, else json)",
    )
    parser.add_argument(
        "-o", "--output", metavar="FILE", help="write to FILE (0600) instead of stdout"
    )
    parser.add_argument(
        "--reveal",
        action="store_true",
        help="show full phone numbers in the md or html report (masked by default)",
    )
    parser.set_defaults(run=run)


def run(args: argparse.Namespace, ctx: Context) -> int:
    from acctexit.store import StoreError
    from acctexit.store.exchange import export_csv, export_json_text, write_private

    output = Path(args.output).expanduser() if getattr(args, "output", None) else None
    fmt = getattr(args, "format", None) or (
        _BY_SUFFIX.get(output.suffix.lower(), "json") if output else "json"
    )
    try:
        with ctx.open_store(create=False) as store:
            if fmt == "csv":
                text = export_csv(store)
            elif fmt in ("md", "html"):
                from acctexit.app.report import collect_report, render_report

                data = collect_report(
                    store,
                    _catalog(ctx),
                    lang=ctx.lang,
                    today=ctx.today,
                    reveal=bool(getattr(args, "reveal", False)),
                )
                text = render_report(data, "md" if fmt == "md" else "html")
            else:
                text = export_json_text(store)
        if output is None:
            ctx.out.write(text)
        else:
            write_private(output, text)
            from acctexit.i18n import translate

            print(translate("cli_exported_to", ctx.lang, path=output), file=ctx.err)
    except (StoreError, _CatalogUnavailable) as exc:
        from acctexit.i18n import error_text

        print(f"acctexit-tui export: {error_text(exc, ctx.lang)}", file=ctx.err)
        return EXIT_ERROR
    return EXIT_OK


class _CatalogUnavailable(Exception):
    pass


def _catalog(ctx: Context) -> Catalog:
    """The report is built from the plan, which needs the catalog."""
    from acctexit.i18n import translate

    try:
        return ctx.load_catalog()
    except Exception as exc:  # CatalogError, or a damaged shipped file
        text = translate("cli_report_needs_catalog", ctx.lang, reason=exc)
        raise _CatalogUnavailable(text) from None
