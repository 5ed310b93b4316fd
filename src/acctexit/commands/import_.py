"""`acctexit-tui import FILE`: add numbers, accounts, step states and notes from CSV or JSON.

All or nothing: if any row is bad, nothing is changed and every bad row is listed with
its line (CSV, or JSON syntax errors) or its position (JSON) and the reason; exit 2.
Numbers and accounts already in the database are matched and updated, not duplicated,
so importing the same file twice changes nothing. Formats: docs/store.md.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from acctexit.commands.context import Context

EXIT_OK = 0
EXIT_ERROR = 2


def register(subparsers: Any) -> None:
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "import",
        help="import numbers and accounts from a CSV or JSON file (all or nothing)",
        description=(
            "Import a CSV or JSON file (the format `acctexit-tui export` writes, or a "
            "simple CSV list of accounts). A file with any bad row changes nothing."
        ),
    )
    parser.add_argument("file", metavar="FILE", help="the .csv or .json file to import")
    parser.add_argument(
        "--encoding",
        metavar="NAME",
        help="the file's text encoding if it is not UTF-8 (e.g. gb18030, as Excel in China saves)",
    )
    parser.set_defaults(run=run)


def run(args: argparse.Namespace, ctx: Context) -> int:
    from acctexit.app.actions import import_file
    from acctexit.app.database import ImportFileError, StoreError
    from acctexit.app.workspace import Workspace
    from acctexit.i18n import error_text, translate
    from acctexit.sanitize import terminal_safe

    path = Path(args.file).expanduser()
    # An account's platform must be a catalog id (or empty, for an own service).
    catalog = ctx.load_catalog()
    try:
        with ctx.open_store() as store:
            workspace = Workspace(store, catalog, ctx.today)
            result = import_file(workspace, path, encoding=getattr(args, "encoding", None))
    except ImportFileError as exc:
        # The reasons in the user's language, in the words the forms use.
        print(f"acctexit-tui import: {terminal_safe(error_text(exc, ctx.lang))}", file=ctx.err)
        for problem in exc.problems[:50]:
            print(f"  {terminal_safe(error_text(problem, ctx.lang))}", file=ctx.err)
        if len(exc.problems) > 50:
            more = translate("cli_more_problems", ctx.lang, n=len(exc.problems) - 50)
            print(f"  {more}", file=ctx.err)
        return EXIT_ERROR
    except StoreError as exc:
        print(f"acctexit-tui import: {terminal_safe(error_text(exc, ctx.lang))}", file=ctx.err)
        return EXIT_ERROR
    counts = {f: getattr(result, f) for f in result.__struct_fields__}
    name = terminal_safe(path.name)
    print(translate("cli_imported", ctx.lang, name=name, **counts), file=ctx.out)
    return EXIT_OK
