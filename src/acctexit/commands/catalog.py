"""`acctexit-tui catalog`: list, dump or check the built-in platform catalog.

    acctexit-tui catalog           a table: name, category, deletion method, verified
    acctexit-tui catalog --json    the whole validated catalog as JSON
    acctexit-tui catalog --check   validate: "ok: N platforms" (exit 0) or every problem (exit 1)

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


def register(subparsers: Any) -> None:
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "catalog",
        help="list the built-in platform catalog (or check it)",
        description="List the built-in platform catalog, print it as JSON, or validate it.",
    )
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument("--json", action="store_true", help="print the whole catalog as JSON")
    mode.add_argument(
        "--check",
        action="store_true",
        help="validate the catalog files; exit 0 if they are fine, 1 naming every problem",
    )
    parser.set_defaults(run=run)


def run(args: argparse.Namespace, ctx: Context) -> int:
    from acctexit.catalog import CatalogError

    try:
        # --check validates the files themselves, not the stored validated copy.
        catalog = ctx.load_catalog(use_stored=not getattr(args, "check", False))
    except CatalogError as exc:
        for problem in exc.problems:
            print(problem, file=ctx.err)
        count = len(exc.problems)
        print(f"catalog is broken: {count} problem{'s' if count != 1 else ''}", file=ctx.err)
        return EXIT_PROBLEM if getattr(args, "check", False) else EXIT_ERROR

    if getattr(args, "check", False):
        print(f"ok: {len(catalog.platforms)} platforms", file=ctx.out)
        return EXIT_OK
    if getattr(args, "json", False):
        import json

        from acctexit.catalog import catalog_to_data

        _write(ctx, json.dumps(catalog_to_data(catalog), ensure_ascii=False, indent=2) + "\n")
        return EXIT_OK
    _write(ctx, _table(catalog, ctx.lang))
    return EXIT_OK


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


_HEADERS = {
    "zh": ("编号", "名称", "类别", "注销方式", "核实"),
    "en": ("id", "name", "category", "deletion", "verified"),
}
_CATEGORY = {
    "zh": {
        "finance": "金融",
        "social": "社交",
        "commerce": "电商",
        "life": "生活",
        "other": "其他",
    },
}
_METHOD = {
    "zh": {
        "self_service": "自助注销",
        "support": "联系客服",
        "inactivity": "不活跃后删除",
        "impossible": "无法注销",
    },
    "en": {
        "self_service": "self-service",
        "support": "via support",
        "inactivity": "inactivity",
        "impossible": "impossible",
    },
}
_VERIFIED = {"zh": ("✓ 已核实", "未核实"), "en": ("✓", "unverified")}


def _table(catalog: Catalog, lang: Lang) -> str:
    rows: list[tuple[str, ...]] = [_HEADERS[lang]]
    for p in catalog.platforms.values():
        method = _METHOD[lang][p.deletion_method.value]
        if p.inactivity_days is not None and p.deletion_method.value == "inactivity":
            method += f" ({p.inactivity_days}d)" if lang == "en" else f"（{p.inactivity_days} 天）"
        rows.append(
            (
                p.id,
                p.name.get(lang),
                _CATEGORY.get(lang, {}).get(p.category.value, p.category.value),
                method,
                _VERIFIED[lang][0 if p.verified else 1],
            )
        )
    widths = [max(_width(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = []
    for row in rows:
        cells = [cell + " " * (w - _width(cell)) for cell, w in zip(row, widths, strict=True)]
        lines.append("  ".join(cells).rstrip())
    verified = sum(1 for p in catalog.platforms.values() if p.verified)
    total = len(catalog.platforms)
    if lang == "zh":
        lines += ["", f"共 {total} 个平台，其中 {verified} 个已按来源核实。"]
    else:
        lines += ["", f"{total} platforms, {verified} verified against a source."]
    return "\n".join(lines) + "\n"


def _width(text: str) -> int:
    """Terminal columns: CJK wide and full-width characters take two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)
