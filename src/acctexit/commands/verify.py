"""`acctexit-tui verify`: check the database's integrity and the action log's hash chain.

Prints "ok" with the number of log rows checked (exit 0), or every problem found and
the first broken log row (exit 1). A database that cannot be opened at all is reported
with its recovery advice (exit 2). Never modifies the file.
"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from acctexit.commands.context import Context

EXIT_OK = 0
EXIT_PROBLEM = 1
EXIT_ERROR = 2


def register(subparsers: Any) -> None:
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "verify",
        help="check the database and the action log's hash chain",
        description=(
            "Run SQLite's integrity check and re-compute the hash chain over every row of "
            "the action log. Exit 0 if all is well, 1 naming the first broken row."
        ),
    )
    parser.set_defaults(run=run)


def run(args: argparse.Namespace, ctx: Context) -> int:
    from acctexit.app.database import StoreError
    from acctexit.app.integrity import verify_database
    from acctexit.i18n import error_text, say, translate
    from acctexit.sanitize import terminal_safe

    shown = terminal_safe(str(ctx.db_path))
    try:
        report = verify_database(ctx.db_path)  # read-only: never creates nor changes it
    except StoreError as exc:
        print(f"acctexit-tui verify: {terminal_safe(error_text(exc, ctx.lang))}", file=ctx.err)
        return EXIT_ERROR
    if report.ok:
        ok = translate("cli_verify_ok", ctx.lang, path=shown, rows=report.rows_checked)
        print(ok, file=ctx.out)
        return EXIT_OK
    for problem in report.problems:
        print(terminal_safe(say(problem, ctx.lang)), file=ctx.out)
    if report.first_broken_id is not None:
        broken = translate("cli_verify_first_broken", ctx.lang, id=report.first_broken_id)
        print(broken, file=ctx.out)
    advice = translate("cli_verify_problems", ctx.lang, path=shown, n=len(report.problems))
    print(advice, file=ctx.err)
    return EXIT_PROBLEM
