"""`acctexit-tui export --format csv|json|md [-o FILE]`: numbers, accounts, step states,
notes and the full log, or (md) a readable progress report.

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

EXIT_OK = 0
EXIT_ERROR = 2
_BY_SUFFIX = {".csv": "csv", ".json": "json", ".md": "md", ".markdown": "md"}


def register(subparsers: Any) -> None:
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "export",
        help="export numbers, accounts, step states and the log (csv, json, or md report)",
        description=(
            "Export everything in the database. csv and json can be imported again "
            "(acctexit-tui import); md is a readable progress report."
        ),
    )
    parser.add_argument(
        "--format",
        choices=("csv", "json", "md"),
        help="output format (default: from -o, else json)",
    )
    parser.add_argument(
        "-o", "--output", metavar="FILE", help="write to FILE (0600) instead of stdout"
    )
    parser.set_defaults(run=run)


def run(args: argparse.Namespace, ctx: Context) -> int:
    from acctexit.store import StoreError
    from acctexit.store.exchange import (
        export_csv,
        export_json_text,
        export_markdown,
        write_private,
    )

    output = Path(args.output).expanduser() if getattr(args, "output", None) else None
    fmt = getattr(args, "format", None) or (
        _BY_SUFFIX.get(output.suffix.lower(), "json") if output else "json"
    )
    try:
        with ctx.open_store() as store:
            if fmt == "csv":
                text = export_csv(store)
            elif fmt == "md":
                text = export_markdown(store, _catalog(ctx), ctx.lang)
            else:
                text = export_json_text(store)
        if output is None:
            ctx.out.write(text)
        else:
            write_private(output, text)
            print(f"exported to {output}", file=ctx.err)
    except StoreError as exc:
        print(f"acctexit-tui export: {exc}", file=ctx.err)
        return EXIT_ERROR
    return EXIT_OK


def _catalog(ctx: Context) -> Any:
    """The catalog gives steps their names; without it the report still lists step ids."""
    try:
        return ctx.load_catalog()
    except Exception as exc:  # CatalogError: a broken catalog must not block an export
        print(f"acctexit-tui export: catalog unavailable, using step ids ({exc})", file=ctx.err)
        return None
