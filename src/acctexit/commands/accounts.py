"""`acctexit-tui accounts [--format text|json] [--toml ID]`: every account, for scripts.

One line (or JSON object) per account: its number (masked), the catalog platform or
own service, its label, the plan phase, the risk level and whether it is safe; then
the per-number totals. `--toml ID` prints own service ID as a catalog entry skeleton
(`data/platforms/<id>.toml`) instead.
"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from acctexit.commands.context import Context

EXIT_OK = 0
EXIT_ERROR = 2


def register(subparsers: Any) -> None:
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "accounts",
        help="list every account: number (masked), platform or own service, label, phase, risk",
        description=(
            "List every account with its number (masked), platform or own service, label, "
            "plan phase, risk level and status, then the totals per number."
        ),
    )
    parser.add_argument("--format", choices=("text", "json"), default="text")
    parser.add_argument(
        "--toml",
        metavar="ID",
        type=int,
        help="print own service ID as a data/platforms/*.toml skeleton",
    )
    parser.set_defaults(run=run)


def run(args: argparse.Namespace, ctx: Context) -> int:
    import json

    from msgspec import to_builtins

    from acctexit.app.accounts import account_rows, number_totals, own_service_toml
    from acctexit.app.database import StoreError
    from acctexit.app.own import service_by_id
    from acctexit.app.workspace import Workspace
    from acctexit.i18n import error_text, strings

    s = strings(ctx.lang)
    try:
        with ctx.open_store(create=False) as store:  # only reads
            ws = Workspace(store, ctx.load_catalog(), ctx.today)
            if args.toml is not None:
                service = service_by_id(ws, args.toml)
                if service is None:
                    print(s("accounts_toml_unknown", id=args.toml), file=ctx.err)
                    return EXIT_ERROR
                ctx.out.write(own_service_toml(service, ctx.today.isoformat()))
                return EXIT_OK
            snapshot = ws.snapshot()
            rows = account_rows(ws, snapshot, ctx.lang)
    except StoreError as exc:
        print(f"acctexit-tui accounts: {error_text(exc, ctx.lang)}", file=ctx.err)
        return EXIT_ERROR
    totals = number_totals(snapshot)
    if args.format == "json":
        doc = {"accounts": to_builtins(rows), "numbers": to_builtins(totals)}
        ctx.out.write(json.dumps(doc, ensure_ascii=False, indent=2) + "\n")
        return EXIT_OK
    from acctexit.sanitize import clean_text

    if not rows:
        ctx.out.write(s("accounts_none") + "\n")
    head = ("number", "platform", "label", "phase", "risk", "status")
    table = [[s(f"accounts_col_{h}") for h in head]]
    for r in rows:
        status = s("accounts_status_safe" if r.status == "safe" else "accounts_status_open")
        name = r.title if not r.label else r.name
        phase = s(f"phase_{r.phase}") if r.phase else ""
        risk = s(f"level_{r.risk}") if r.risk else ""
        table.append([r.number, name, r.label, phase, risk, status])
    table = [[clean_text(c) for c in row] for row in table]
    if rows:
        from rich.cells import cell_len

        widths = [max(cell_len(row[i]) for row in table) for i in range(len(head))]
        for row in table:
            cells = [c + " " * (w - cell_len(c)) for c, w in zip(row, widths, strict=True)]
            ctx.out.write("  ".join(cells).rstrip() + "\n")
        ctx.out.write("\n")
    for t in totals:
        ctx.out.write(s("accounts_total", number=t.number, count=t.accounts, safe=t.safe) + "\n")
    return EXIT_OK
